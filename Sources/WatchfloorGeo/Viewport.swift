import Foundation

/// Where the map pane looks: an equirectangular projection plus a centre and a zoom.
///
/// Why equirectangular with a cos(latitude) correction: a county spans a fraction of a degree, so the
/// distortion of anything fancier is invisible at terminal resolution, and the maths stays a multiply-add per
/// vertex. The correction latitude is fixed when the view is fitted, so zooming and panning never reshape it.
///
/// Units: the rasteriser works in braille *dots*, 2 across and 4 down per terminal cell. A terminal cell is
/// about `cellAspect` (≈ 2) times as tall as it is wide, so one dot is `cellAspect / 2` times as tall as wide;
/// with the default aspect of 2 the dots are square.
public struct Viewport: Hashable, Sendable {
    /// cos(reference latitude): shrinks longitudes to the same ground length as latitudes.
    public let lonScale: Double
    /// Height of a terminal cell divided by its width.
    public let cellAspect: Double
    /// Centre of the pane in lon/lat.
    public var center: GeoPoint
    /// Zoom: horizontal dots per projected degree (a degree of latitude, or of longitude × lonScale).
    public var dotsPerDegree: Double
    /// The fitted view `reset()` returns to.
    public let homeCenter: GeoPoint
    public let homeDotsPerDegree: Double

    /// Zoom limits relative to the fitted view.
    public static let maxZoomIn = 4096.0
    public static let maxZoomOut = 16.0

    public init(center: GeoPoint, dotsPerDegree: Double, referenceLatitude: Double, cellAspect: Double = 2.0) {
        self.lonScale = cos(referenceLatitude * .pi / 180)
        self.cellAspect = cellAspect
        self.center = center
        self.dotsPerDegree = dotsPerDegree
        self.homeCenter = center
        self.homeDotsPerDegree = dotsPerDegree
    }

    /// Fits `bounds` into a pane of `width`×`height` cells, keeping the shape (no stretching) and leaving
    /// `marginCells` free on each side where the pane allows.
    public static func fit(_ bounds: GeoBoundingBox, width: Int, height: Int, cellAspect: Double = 2.0,
                           marginCells: Int = 1) -> Viewport
    {
        let refLat = (bounds.minLat + bounds.maxLat) / 2
        let k = cos(refLat * .pi / 180)
        let margin = max(0, min(marginCells, (min(width, height) - 1) / 2))
        let availX = Double(max(1, width - 2 * margin) * 2)
        // Vertical room expressed in horizontal-dot units (a dot is cellAspect/2 as tall as wide).
        let availY = Double(max(1, height - 2 * margin) * 4) * (cellAspect / 2)
        let spanX = max((bounds.maxLon - bounds.minLon) * k, 1e-9)
        let spanY = max(bounds.maxLat - bounds.minLat, 1e-9)
        let scale = min(availX / spanX, availY / spanY)
        return Viewport(center: bounds.center, dotsPerDegree: scale, referenceLatitude: refLat, cellAspect: cellAspect)
    }

    /// Fits every region (an empty set gives a 1°-wide view around 0,0 rather than failing).
    public static func fit(_ regions: [GeoRegion], width: Int, height: Int, cellAspect: Double = 2.0,
                           marginCells: Int = 1) -> Viewport
    {
        let box = regions.bounds ?? GeoBoundingBox(minLon: -0.5, minLat: -0.5, maxLon: 0.5, maxLat: 0.5)
        return fit(box, width: width, height: height, cellAspect: cellAspect, marginCells: marginCells)
    }

    /// Vertical dots per degree of latitude.
    public var verticalDotsPerDegree: Double { dotsPerDegree / (cellAspect / 2) }

    /// Zoom relative to the fitted view (1 = home).
    public var zoomLevel: Double { dotsPerDegree / homeDotsPerDegree }

    /// Lon/lat → dot coordinates in a pane of `width`×`height` cells (x right, y down, dot (0,0)'s centre at
    /// (0.5, 0.5)).
    @inlinable
    public func project(_ p: GeoPoint, width: Int, height: Int) -> (x: Double, y: Double) {
        let x = (p.lon - center.lon) * lonScale * dotsPerDegree + Double(width)
        let y = (center.lat - p.lat) * verticalDotsPerDegree + Double(height) * 2
        return (x, y)
    }

    /// Dot coordinates → lon/lat (inverse of `project`).
    public func unproject(x: Double, y: Double, width: Int, height: Int) -> GeoPoint {
        GeoPoint(lon: center.lon + (x - Double(width)) / (lonScale * dotsPerDegree),
                 lat: center.lat - (y - Double(height) * 2) / verticalDotsPerDegree)
    }

    /// The lon/lat at the centre of terminal cell (col, row).
    public func point(atCell col: Int, row: Int, width: Int, height: Int) -> GeoPoint {
        unproject(x: Double(col) * 2 + 1, y: Double(row) * 4 + 2, width: width, height: height)
    }

    /// Zooms by `factor` (> 1 in, < 1 out) keeping `focus` where it is on screen; nil focus zooms about the
    /// centre. The zoom is clamped to [home / maxZoomOut, home × maxZoomIn].
    public func zoomed(by factor: Double, around focus: GeoPoint? = nil) -> Viewport {
        guard factor.isFinite, factor > 0 else { return self }
        var v = self
        let target = min(max(dotsPerDegree * factor, homeDotsPerDegree / Viewport.maxZoomOut),
                         homeDotsPerDegree * Viewport.maxZoomIn)
        let applied = target / dotsPerDegree
        if let f = focus {
            v.center = GeoPoint(lon: f.lon + (center.lon - f.lon) / applied, lat: f.lat + (center.lat - f.lat) / applied)
        }
        v.dotsPerDegree = target
        return v
    }

    /// `+`: zoom in by √2 (two presses double the scale).
    public func zoomedIn(around focus: GeoPoint? = nil) -> Viewport { zoomed(by: 2.0.squareRoot(), around: focus) }
    /// `-`: zoom out by √2.
    public func zoomedOut(around focus: GeoPoint? = nil) -> Viewport { zoomed(by: 1 / 2.0.squareRoot(), around: focus) }

    /// `0`: back to the fitted view.
    public func reset() -> Viewport {
        var v = self
        v.center = homeCenter
        v.dotsPerDegree = homeDotsPerDegree
        return v
    }

    /// Moves the view by whole cells (positive = right/down), for arrow-key panning.
    public func panned(columns: Int, rows: Int) -> Viewport {
        var v = self
        v.center.lon += Double(columns * 2) / (lonScale * dotsPerDegree)
        v.center.lat -= Double(rows * 4) / verticalDotsPerDegree
        return v
    }
}
