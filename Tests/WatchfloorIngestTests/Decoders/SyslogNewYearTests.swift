import Foundation
import Testing
import WatchfloorCore
@testable import WatchfloorIngest

/// RFC 3164 carries no year: it is the year of receipt, except across New Year, where a message stamped on
/// Dec 31 and received on Jan 1 (or the reverse, from a clock a little ahead) belongs to the other year.
@Suite struct SyslogNewYearTests {
    func at(_ stamp: String, receivedAt: String, utcOffset: Int? = nil) -> Timestamp? {
        var context = Corpus.context
        context.syslogYear = nil
        context.receivedAt = ISOTime.parse(receivedAt)
        context.assumedUTCOffsetSeconds = utcOffset
        let r = decodeLine(.syslog, "<13>\(stamp) fw1 app: CEF:0|V|P|1|7|probe|5|src=1.2.3.4", context: context)
        return r.records.compactMap { if case .alert(let o) = $0 { o.at } else { nil } }.first
    }

    @Test func decemberMessagesReceivedInJanuaryAreLastYears() {
        #expect(at("Dec 31 23:59:58", receivedAt: "2027-01-01T00:00:02+08:00") == ISOTime.parse("2026-12-31T23:59:58+08:00"))
        // A UTC sender (assume_utc_offset = "+00:00"): it is already Jan 1 in the county, still Dec 31 for the sender.
        #expect(at("Dec 31 23:59:58", receivedAt: "2027-01-01T00:00:02Z", utcOffset: 0) == ISOTime.parse("2026-12-31T23:59:58Z"))
    }

    @Test func januaryMessagesReceivedOnDecember31AreNextYears() {
        #expect(at("Jan  1 00:00:01", receivedAt: "2026-12-31T23:59:59+08:00") == ISOTime.parse("2027-01-01T00:00:01+08:00"))
    }

    @Test func anOrdinaryDayIsTheYearOfReceipt() {
        #expect(at("Nov 22 01:00:00", receivedAt: "2026-11-22T01:00:03+08:00") == ISOTime.parse("2026-11-22T01:00:00+08:00"))
        #expect(at("Jul  1 12:00:00", receivedAt: "2026-12-31T23:00:00+08:00") == ISOTime.parse("2026-07-01T12:00:00+08:00"))
    }
}
