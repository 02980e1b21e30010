/// Which days are working days in the county: Monday–Friday, minus public holidays, plus the weekend
/// make-up days (调休) the State Council announces each year. Hotline deadlines count only these days.
public struct WorkingCalendar: Sendable, Equatable {
    public var holidays: Set<Int>
    public var workdays: Set<Int>
    /// The zone the calendar's days are in (seconds east of UTC); the county's, not the server's.
    public var offsetSeconds: Int

    public init(holidays: Set<Int> = [], workdays: Set<Int> = [], offsetSeconds: Int = ISOTime.chinaOffsetSeconds) {
        self.holidays = holidays; self.workdays = workdays; self.offsetSeconds = offsetSeconds
    }

    /// Reads the `calendar-YYYY.toml` shape: `holidays = ["2026-01-01", …]`, `workdays = [...]`.
    /// Calendars for several years merge by passing each through `merging`.
    public init(holidayDates: [String], workdayDates: [String], offsetSeconds: Int = ISOTime.chinaOffsetSeconds) throws {
        func days(_ list: [String]) throws -> Set<Int> {
            Set(try list.map { text in
                guard let d = CivilDate.day(text) else { throw CalendarError.badDate(text) }
                return d
            })
        }
        self.init(holidays: try days(holidayDates), workdays: try days(workdayDates), offsetSeconds: offsetSeconds)
    }

    public enum CalendarError: Error, Equatable, CustomStringConvertible {
        case badDate(String)
        public var description: String {
            switch self { case .badDate(let s): "calendar: '\(s)' is not a YYYY-MM-DD date" }
        }
    }

    public func merging(_ other: WorkingCalendar) -> WorkingCalendar {
        WorkingCalendar(holidays: holidays.union(other.holidays), workdays: workdays.union(other.workdays),
                        offsetSeconds: offsetSeconds)
    }

    public func isWorkingDay(_ day: Int) -> Bool {
        if holidays.contains(day) { return false }
        if workdays.contains(day) { return true }
        return CivilDate.weekday(ofDay: day) <= 5
    }

    /// The local day number and millisecond-of-day of a timestamp in the calendar's zone.
    public func localDay(of time: Timestamp) -> (day: Int, msOfDay: Int64) {
        let local = time.milliseconds + Int64(offsetSeconds) * 1000
        let day = ISOTime.floorDiv(local, 86_400_000)
        return (Int(day), local - day * 86_400_000)
    }

    func timestamp(day: Int, msOfDay: Int64) -> Timestamp {
        Timestamp(milliseconds: Int64(day) * 86_400_000 + msOfDay - Int64(offsetSeconds) * 1000)
    }

    /// The deadline `n` working days after `start`: the same local clock time on the n-th following working day.
    /// A start on a non-working day counts from 00:00 of the next working day, so a case filed on Saturday with
    /// one working day is due at the end of Monday, and one filed Friday 15:00 is due Monday 15:00.
    public func adding(workingDays n: Int, to start: Timestamp) -> Timestamp {
        var (day, ms) = localDay(of: start)
        if !isWorkingDay(day) {
            repeat { day += 1 } while !isWorkingDay(day)
            ms = 0
        }
        var remaining = n
        while remaining > 0 {
            day += 1
            if isWorkingDay(day) { remaining -= 1 }
        }
        return timestamp(day: day, msOfDay: ms)
    }

    /// Working days elapsed between two times (whole days only), for "overdue by N working days".
    public func workingDays(from start: Timestamp, to end: Timestamp) -> Int {
        let a = localDay(of: start).day, b = localDay(of: end).day
        guard b > a else { return 0 }
        return (a + 1...b).filter(isWorkingDay).count
    }
}
