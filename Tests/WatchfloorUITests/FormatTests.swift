import Testing
import WatchfloorCore
@testable import WatchfloorUI

@Suite struct FormatTests {
    /// Alert rows show a time for today and a date for older days, in the county's zone.
    @Test func timeOrDate() {
        let now = ISOTime.parse("2026-11-23T08:30:00+08:00")!
        let offset = ISOTime.chinaOffsetSeconds
        #expect(Format.timeOrDate(ISOTime.parse("2026-11-23T00:05:00+08:00")!, now: now, offset: offset) == "00:05")
        #expect(Format.timeOrDate(ISOTime.parse("2026-11-22T23:50:00+08:00")!, now: now, offset: offset) == "11-22")
        // 23:50 UTC on the 22nd is already the 23rd in the county.
        #expect(Format.timeOrDate(ISOTime.parse("2026-11-22T23:50:00Z")!, now: now, offset: offset) == "07:50")
    }
}
