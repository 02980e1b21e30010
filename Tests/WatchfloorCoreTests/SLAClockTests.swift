import Testing
@testable import WatchfloorCore

/// The working-day clock across weekends, public holidays and the weekend make-up days of 2026.
@Suite struct SLAClockTests {
    let calendar = try! WorkingCalendar(
        holidayDates: ["2026-01-01", "2026-01-02", "2026-01-03", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
                       "2026-10-05", "2026-10-06", "2026-10-07"],
        workdayDates: ["2026-01-04", "2026-09-20", "2026-10-10"])

    func t(_ s: String) -> Timestamp { ISOTime.parse(s)! }

    @Test func weekdaysAndWeekends() {
        #expect(CivilDate.weekday(ofDay: CivilDate.day("2026-11-22")!) == 7)   // Sunday
        #expect(CivilDate.weekday(ofDay: CivilDate.day("2026-11-23")!) == 1)   // Monday
        #expect(calendar.isWorkingDay(CivilDate.day("2026-11-20")!))
        #expect(!calendar.isWorkingDay(CivilDate.day("2026-11-21")!))
    }

    @Test func fridayAfternoonPlusOneIsMonday() {
        #expect(calendar.adding(workingDays: 1, to: t("2026-11-20T15:00:00+08:00")) == t("2026-11-23T15:00:00+08:00"))
    }

    @Test func saturdayCountsFromMondayMorning() {
        #expect(calendar.adding(workingDays: 1, to: t("2026-11-21T10:30:00+08:00")) == t("2026-11-24T00:00:00+08:00"))
    }

    @Test func makeUpSundayIsAWorkingDay() {
        // 2026-09-20 is a Sunday worked in exchange for the National Day week.
        #expect(calendar.adding(workingDays: 1, to: t("2026-09-18T15:00:00+08:00")) == t("2026-09-20T15:00:00+08:00"))
    }

    @Test func nationalDayWeekIsSkipped() {
        #expect(calendar.adding(workingDays: 1, to: t("2026-09-30T10:00:00+08:00")) == t("2026-10-08T10:00:00+08:00"))
        #expect(calendar.adding(workingDays: 3, to: t("2026-09-30T10:00:00+08:00")) == t("2026-10-10T10:00:00+08:00"))
    }

    @Test func newYearHolidayAndMakeUpDay() {
        #expect(calendar.adding(workingDays: 1, to: t("2025-12-31T09:00:00+08:00")) == t("2026-01-04T09:00:00+08:00"))
    }

    @Test func deadlineUsesTheCountysZoneNotUTC() {
        // 23:30 Friday in the county is 15:30 UTC Friday; still Friday locally.
        #expect(calendar.adding(workingDays: 1, to: t("2026-11-20T15:30:00Z")) == t("2026-11-23T23:30:00+08:00"))
    }

    @Test func stagesAndStates() {
        let clock = SLAClock(calendar: calendar)
        var h = HotlineCase(ticket: "T1", receivedAt: t("2026-11-16T09:00:00+08:00"), type: .complaint, summary: "噪音扰民")
        h.status = .transferred
        h.stageStartedAt = t("2026-11-16T09:00:00+08:00")
        let due = clock.currentDeadline(of: h)!
        #expect(due == t("2026-11-23T09:00:00+08:00"))   // complaint: 5 working days
        #expect(clock.state(due: due, now: t("2026-11-23T09:00:01+08:00")) == .overdue)
        #expect(clock.state(due: due, now: t("2026-11-23T02:00:00+08:00")) == .nearDue)
        #expect(clock.state(due: due, now: t("2026-11-20T09:00:00+08:00")) == .onTime)
        h.status = .closed
        #expect(clock.currentDeadline(of: h) == nil)
    }

    @Test func escalationPerLevel() {
        let clock = SLAClock(calendar: calendar)
        let reported = t("2026-11-22T10:00:00+08:00")
        var i = Incident(id: "INC-1", source: "110", category: .publicSafety, level: .one, title: "x", reportedAt: reported)
        #expect(!clock.shouldEscalate(i, now: reported.adding(seconds: 119)))
        #expect(clock.shouldEscalate(i, now: reported.adding(seconds: 120)))
        i.level = .four
        #expect(!clock.shouldEscalate(i, now: reported.adding(seconds: 29 * 60)))
        #expect(clock.shouldEscalate(i, now: reported.adding(seconds: 30 * 60)))
        i.lastEscalatedAt = reported.adding(seconds: 30 * 60)
        #expect(!clock.shouldEscalate(i, now: reported.adding(seconds: 31 * 60)))
        i.status = .acknowledged
        #expect(!clock.shouldEscalate(i, now: reported.adding(seconds: 3600 * 5)))
    }

    @Test func slaTableFromTOML() throws {
        let toml = try TOML.parse("""
        [hotline.stage]
        accept = 2
        [hotline.handle]
        complaint = 7
        [incident.escalate_after_minutes]
        "1" = 1
        """)
        let table = try SLASettings.table(from: toml)
        #expect(table.acceptDays == 2)
        #expect(table.handleDays[.complaint] == 7)
        #expect(table.handleDays[.help] == 3)
        #expect(table.escalateAfterMinutes[.one] == 1)
        #expect(throws: SLASettings.SettingsError.self) { try SLASettings.table(from: try TOML.parse("[hotline.handle]\nnonsense = 3")) }
    }

    @Test func sampleCalendarLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let s = try WatchfloorSettings.load(path: root.appendingPathComponent("sampledata/watchfloor.toml").path)
        #expect(!s.calendar.isWorkingDay(CivilDate.day("2026-10-01")!))
        #expect(s.calendar.isWorkingDay(CivilDate.day("2026-10-10")!))
        #expect(s.operators["wangwei"] == "王伟")
    }
}

import Foundation
