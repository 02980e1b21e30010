import Foundation
import Testing
@testable import WatchfloorGeo

@Suite struct ViewportTests {
    /// A box 1 km × 1 km on the ground at 60° N is 2× wider in degrees of longitude than of latitude.
    let squareAt60 = GeoBoundingBox(minLon: 10, minLat: 59.995, maxLon: 10.02, maxLat: 60.005)

    func projectedSize(_ v: Viewport, _ b: GeoBoundingBox, _ w: Int, _ h: Int) -> (Double, Double) {
        let a = v.project(GeoPoint(lon: b.minLon, lat: b.maxLat), width: w, height: h)
        let c = v.project(GeoPoint(lon: b.maxLon, lat: b.minLat), width: w, height: h)
        return (c.x - a.x, c.y - a.y)
    }

    @Test func fitKeepsGroundShapeWithSquareDots() {
        let v = Viewport.fit(squareAt60, width: 100, height: 30)
        let (dx, dy) = projectedSize(v, squareAt60, 100, 30)
        // Cells 2:1 → braille dots are square → a square on the ground is square in dots.
        #expect(abs(dx - dy) / dy < 0.001)
        // Height-limited: 30 rows minus a margin row each side = 112 dots.
        #expect(abs(dy - 112) < 1e-6)
        #expect(abs(v.lonScale - 0.5) < 1e-4)
    }

    @Test func fitHonoursCellAspect() {
        let v = Viewport.fit(squareAt60, width: 100, height: 30, cellAspect: 2.5)
        let (dx, dy) = projectedSize(v, squareAt60, 100, 30)
        // A dot is 1.25× as tall as wide, so the square needs fewer dots down than across.
        #expect(abs(dx / dy - 1.25) < 0.001)
    }

    @Test func fitCentresAndStaysInside() {
        let wide = GeoBoundingBox(minLon: 0, minLat: 0, maxLon: 10, maxLat: 1)
        let v = Viewport.fit(wide, width: 80, height: 24)
        let a = v.project(GeoPoint(lon: 0, lat: 1), width: 80, height: 24)
        let c = v.project(GeoPoint(lon: 10, lat: 0), width: 80, height: 24)
        #expect(abs(a.x - 2) < 1e-6 && abs(c.x - 158) < 1e-6, "width-limited, one margin cell = 2 dots")
        #expect(a.y >= 4 && c.y <= 92)
        #expect(abs((a.y + c.y) / 2 - 48) < 1e-6, "vertically centred")
    }

    @Test func zoomAroundFocusKeepsFocusOnScreen() {
        let v = Viewport.fit(squareAt60, width: 100, height: 30)
        let focus = GeoPoint(lon: 10.004, lat: 60.002)
        let before = v.project(focus, width: 100, height: 30)
        let zoomed = v.zoomedIn(around: focus).zoomedIn(around: focus)
        let after = zoomed.project(focus, width: 100, height: 30)
        #expect(abs(before.x - after.x) < 1e-6 && abs(before.y - after.y) < 1e-6)
        #expect(abs(zoomed.zoomLevel - 2) < 1e-9, "two presses of + double the scale")
        let out = zoomed.zoomedOut(around: focus)
        #expect(abs(out.zoomLevel - 2.0.squareRoot()) < 1e-9)
        #expect(zoomed.center != v.center)
        #expect(zoomed.reset() == v, "0 returns exactly to the fitted view")
    }

    @Test func zoomWithoutFocusKeepsCentreAndIsClamped() {
        let v = Viewport.fit(squareAt60, width: 100, height: 30)
        #expect(v.zoomedIn().center == v.center)
        #expect(v.zoomed(by: 1e9).zoomLevel == Viewport.maxZoomIn)
        #expect(v.zoomed(by: 1e-9).zoomLevel == 1 / Viewport.maxZoomOut)
        #expect(v.zoomed(by: .nan) == v)
    }

    @Test func unprojectInvertsProjectAndPanMovesByCells() {
        let v = Viewport.fit(squareAt60, width: 100, height: 30).zoomed(by: 3, around: GeoPoint(lon: 10.01, lat: 60))
        let p = GeoPoint(lon: 10.0123, lat: 60.0017)
        let d = v.project(p, width: 100, height: 30)
        let back = v.unproject(x: d.x, y: d.y, width: 100, height: 30)
        #expect(abs(back.lon - p.lon) < 1e-12 && abs(back.lat - p.lat) < 1e-12)
        let panned = v.panned(columns: 3, rows: -2)
        let moved = panned.project(p, width: 100, height: 30)
        #expect(abs(moved.x - (d.x - 6)) < 1e-6 && abs(moved.y - (d.y + 8)) < 1e-6)
    }
}
