// What the terminal can show, and how colours are brought down to it.

import Foundation

/// Colour depth, from none (`NO_COLOR`) to 24-bit.
public enum ColorCapability: Int, Comparable, Sendable, CaseIterable {
    case none = 0, ansi8, ansi16, indexed256, truecolor

    public static func < (a: ColorCapability, b: ColorCapability) -> Bool { a.rawValue < b.rawValue }

    /// Detects the capability from the environment, capped by the colour count the terminal library reports
    /// (`colors`: ncurses `COLORS`, `nil` when unknown).
    ///
    /// - `NO_COLOR` set and non-empty → `.none` (https://no-color.org: drop colour, keep attributes);
    /// - `COLORTERM` = `truecolor`/`24bit` → `.truecolor`; `TERM` containing `256color` → `.indexed256`;
    ///   `TERM=dumb` → `.none`; otherwise `.ansi8`;
    /// - then capped: fewer than 16 colours → `.ansi8`, fewer than 256 → `.ansi16`, fewer than 2^24 → `.indexed256`.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                              colors: Int? = nil) -> ColorCapability {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        let term = environment["TERM"] ?? ""
        if term == "dumb" { return .none }
        var cap: ColorCapability = .ansi8
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" || term.hasSuffix("-direct") {
            cap = .truecolor
        } else if term.contains("256color") {
            cap = .indexed256
        } else if term.contains("16color") {
            cap = .ansi16
        }
        if let colors {
            if colors < 8 { return .none }
            let limit: ColorCapability = colors >= 1 << 24 ? .truecolor
                : colors >= 256 ? .indexed256 : colors >= 16 ? .ansi16 : .ansi8
            cap = min(cap, limit)
        }
        return cap
    }
}

extension Color {
    /// xterm's RGB for the 16 ANSI colours (the usual defaults; terminals differ slightly).
    static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255),
        (0, 255, 255), (255, 255, 255),
    ]
    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The RGB value of this colour (`nil` for `.default`).
    public var rgbValue: (r: UInt8, g: UInt8, b: UInt8)? {
        switch self {
        case .default: return nil
        case .rgb(let r, let g, let b): return (r, g, b)
        case .ansi(let n): let c = Color.ansiRGB[Int(n & 15)]; return (c.0, c.1, c.2)
        case .indexed(let n):
            if n < 16 { let c = Color.ansiRGB[Int(n)]; return (c.0, c.1, c.2) }
            if n >= 232 { let v = UInt8(8 + 10 * (Int(n) - 232)); return (v, v, v) }
            let i = Int(n) - 16
            return (UInt8(Color.cubeLevels[i / 36]), UInt8(Color.cubeLevels[(i / 6) % 6]),
                    UInt8(Color.cubeLevels[i % 6]))
        }
    }

    /// Squared distance in RGB, weighted towards green as the eye is (a cheap "redmean"-free approximation).
    private static func distance(_ a: (r: UInt8, g: UInt8, b: UInt8), _ b: (r: UInt8, g: UInt8, b: UInt8)) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// The nearest xterm 256-colour index to an RGB value (searching the 6×6×6 cube and the grey ramp).
    static func nearestIndexed(_ c: (r: UInt8, g: UInt8, b: UInt8)) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            var best = 0
            for (i, l) in cubeLevels.enumerated() where abs(l - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
            return best
        }
        let cube = UInt8(16 + 36 * level(c.r) + 6 * level(c.g) + level(c.b))
        var best = cube
        var bestDistance = distance(c, Color.indexed(cube).rgbValue!)
        for g in UInt8(232)...255 {
            let d = distance(c, Color.indexed(g).rgbValue!)
            if d < bestDistance { best = g; bestDistance = d }
        }
        return best
    }

    /// The closest of the first `count` (8 or 16) ANSI colours. The small palette is about *hue*, so chromatic
    /// colours are classified by hue (red < 30° ≤ yellow < 75° ≤ green < 165° ≤ cyan < 195° ≤ blue < 270° ≤
    /// magenta < 330° ≤ red) rather than by RGB distance, which would, for example, send a deep blue to cyan.
    /// Greys and very dark colours go to black/white by lightness. With 16 colours the brighter twin is chosen
    /// when it is nearer.
    static func nearestANSI(_ c: (r: UInt8, g: UInt8, b: UInt8), count: Int) -> UInt8 {
        let r = Double(c.r) / 255, g = Double(c.g) / 255, b = Double(c.b) / 255
        let maxV = max(r, g, b), minV = min(r, g, b)
        let saturation = maxV == 0 ? 0 : (maxV - minV) / maxV
        var base: Int
        if maxV < 0.2 || saturation < 0.3 {
            let lightness = (maxV + minV) / 2
            if count >= 16 {
                base = lightness < 0.25 ? 0 : lightness < 0.55 ? 8 : lightness < 0.85 ? 7 : 15
                return UInt8(base)
            }
            return lightness < 0.5 ? 0 : 7
        }
        var hue: Double
        let d = maxV - minV
        if maxV == r { hue = 60 * (((g - b) / d).truncatingRemainder(dividingBy: 6)) }
        else if maxV == g { hue = 60 * ((b - r) / d + 2) }
        else { hue = 60 * ((r - g) / d + 4) }
        if hue < 0 { hue += 360 }
        switch hue {
        case ..<30: base = 1
        case ..<75: base = 3
        case ..<165: base = 2
        case ..<195: base = 6
        case ..<270: base = 4
        case ..<330: base = 5
        default: base = 1
        }
        if count >= 16 {
            let normal = ansiRGB[base], bright = ansiRGB[base + 8]
            if distance(c, (bright.0, bright.1, bright.2)) < distance(c, (normal.0, normal.1, normal.2)) {
                base += 8
            }
        }
        return UInt8(base)
    }

    /// This colour as the terminal with `capability` can show it (`.default` when colour is off).
    public func downgraded(to capability: ColorCapability) -> Color {
        switch (self, capability) {
        case (.default, _): return .default
        case (_, .none): return .default
        case (_, .truecolor): return self
        case (.rgb, .indexed256): return .indexed(Color.nearestIndexed(rgbValue!))
        case (_, .indexed256): return self
        case (.ansi(let n), .ansi16): return .ansi(n & 15)
        case (.ansi(let n), .ansi8): return .ansi(n & 7)   // bright → normal
        case (_, .ansi16): return .ansi(Color.nearestANSI(rgbValue!, count: 16))
        case (_, .ansi8): return .ansi(Color.nearestANSI(rgbValue!, count: 8))
        }
    }
}
