import Foundation

/// Text dumps of a raster, for golden files and debugging.
///
/// Why text: a dump is reviewable in a diff and by eye (it has to look like a map), and the ownership layer
/// catches changes the glyphs alone would hide (e.g. which grid a fill cell belongs to).
extension MapRaster {
    /// Symbols for region indices in the ownership layer (index modulo 62).
    public static let ownershipSymbols = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// The glyph layer: one line per row, spaces where no border dot is set, trailing spaces kept.
    public func glyphDump() -> String {
        var out = ""
        for y in 0..<height {
            for x in 0..<width { out.append(cells[y * width + x].glyph) }
            out.append("\n")
        }
        return out
    }

    /// The ownership layer: one symbol per cell for its region (`.` for none).
    public func ownershipDump() -> String {
        var out = ""
        for y in 0..<height {
            for x in 0..<width {
                let r = cells[y * width + x].region
                out.append(r.map { MapRaster.ownershipSymbols[$0 % MapRaster.ownershipSymbols.count] } ?? ".")
            }
            out.append("\n")
        }
        return out
    }

    /// Both layers under a one-line header, as stored in golden files.
    public func snapshot(title: String) -> String {
        "# \(title) — \(width)×\(height) cells\n## glyphs\n" + glyphDump() + "## ownership\n" + ownershipDump()
    }
}
