import Testing
import WatchfloorCore
@testable import WatchfloorReports

@Suite struct ShiftScheduleTests {
    let schedule = ShiftSchedule()

    @Test func defaultShiftsTileTheDay() throws {
        let t = ISOTime.parse("2026-11-22T09:30:00+08:00")!
        let day = schedule.shift(containing: t)
        #expect(day.id == "2026-11-22-day")
        #expect(day.since == ISOTime.parse("2026-11-22T08:00:00+08:00")!)
        #expect(day.until == ISOTime.parse("2026-11-22T20:00:00+08:00")!)
        let early = schedule.shift(containing: ISOTime.parse("2026-11-22T03:00:00+08:00")!)
        #expect(early.id == "2026-11-21-night")
        #expect(early.until == day.since)
        #expect(schedule.previous(day) == early)
        #expect(schedule.next(early) == day)
        #expect(try schedule.shift(id: "2026-11-21-night") == early)
    }
}

@Suite struct ShiftSettingsTests {
    func settings(_ toml: String) throws -> WatchfloorSettings {
        var s = WatchfloorSettings()
        s.raw = try TOML.parse(toml)
        s.path = "watchfloor.toml"
        return s
    }

    @Test func readsShiftsAndRoster() throws {
        let s = try ShiftSchedule(settings: try settings(Fixture.toml))
        #expect(s.definitions.map(\.name) == ["day", "night"])
        let night = try s.shift(id: "2026-11-21-night")
        #expect(s.rostered(for: night) == ["liuyang", "zhangmin"])
        #expect(s.rostered(for: try s.shift(id: "2026-11-22-night")) == ["liuyang", "chenjing"])
        #expect(s.rostered(for: try s.shift(id: "2026-11-22-day")) == ["wangwei", "lina"])
    }

    @Test func threeShiftsWrapPastMidnight() throws {
        let s = try ShiftSchedule(settings: try settings("""
            [[shifts.shift]]
            name = "late"
            start = "16:00"
            [[shifts.shift]]
            name = "early"
            start = 08:00:00
            [[shifts.shift]]
            name = "night"
            start = "00:00"
            """))
        #expect(s.definitions.map(\.name) == ["night", "early", "late"])
        let late = s.shift(containing: local("2026-11-22T23:59"))
        #expect(late.id == "2026-11-22-late")
        #expect(late.until == local("2026-11-23T00:00"))
        #expect(s.next(late).id == "2026-11-23-night")
    }

    @Test func explainsBadSettings() throws {
        #expect(throws: ShiftError.self) { try ShiftSchedule(settings: try settings("[[shifts.shift]]\nname = \"Day\"\nstart = \"08:00\"")) }
        #expect(throws: ShiftError.self) { try ShiftSchedule(settings: try settings("[[shifts.shift]]\nname = \"day\"\nstart = \"25:00\"")) }
        #expect(throws: ShiftError.self) { try ShiftSchedule(settings: try settings("[shifts.roster]\nweekend = [\"lina\"]")) }
        #expect(throws: ShiftError.self) { try ShiftSchedule().shift(id: "2026-11-22-lunch") }
        #expect(throws: ShiftError.self) { try ShiftSchedule().window(.window(since: local("2026-11-22T08:00"), until: local("2026-11-22T08:00")), now: local("2026-11-22T08:00")) }
    }

    @Test func selectorsResolveAtNow() throws {
        let s = ShiftSchedule()
        let now = local("2026-11-22T07:59")
        #expect(try s.window(.current, now: now).key == "2026-11-21-night")
        #expect(try s.window(.previous, now: now).key == "2026-11-21-day")
        #expect(try s.window(.current, now: now).nextUntil == local("2026-11-22T20:00"))
        #expect(ShiftSelector("previous") == .previous)
        let w = try s.window(.window(since: local("2026-11-22T00:00"), until: local("2026-11-22T06:00")), now: now)
        #expect(w.key == "\(local("2026-11-22T00:00").iso)/\(local("2026-11-22T06:00").iso)")
        #expect(w.nextUntil == local("2026-11-22T12:00"))
    }
}

/// `x` in the UI hands over the shift that is ending: the current one, or during the first hour of a shift the one
/// that has just ended.
@Suite struct ShiftBeingHandedOverTests {
    @Test func graceHourPicksTheShiftThatJustEnded() throws {
        let fx = try Fixture()
        defer { fx.remove() }
        let service = try HandoverService(store: fx.store, settings: fx.settings)
        func at(_ s: String) -> Timestamp { ISOTime.parse(s)! }
        #expect(try service.shiftBeingHandedOver(now: at("2026-11-22T07:50:00+08:00")) == .current)   // night lead, before 08:00
        #expect(try service.shiftBeingHandedOver(now: at("2026-11-22T08:10:00+08:00")) == .previous)  // just after the change
        #expect(try service.shiftBeingHandedOver(now: at("2026-11-22T09:00:00+08:00")) == .current)
        #expect(try service.shiftBeingHandedOver(now: at("2026-11-22T20:30:00+08:00")) == .previous)
        let window = try service.window(.previous, now: at("2026-11-22T08:10:00+08:00"))
        #expect(window.shift?.id == "2026-11-21-night")
    }
}
