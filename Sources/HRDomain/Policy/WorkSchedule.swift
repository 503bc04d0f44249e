import Foundation

/// Minutes of work expected on each weekday, from a date on.
public struct ScheduleVersion: Sendable, Equatable, Codable {
    public var effectiveFrom: LocalDate
    /// Seven values, Monday first; 0 is a day off.
    public var minutesByWeekday: [Int]
    /// When the working day starts, `HH:MM` local time; lateness and early exits are measured
    /// against it. Without it no lateness is computed.
    public var startTime: String?

    public init(effectiveFrom: LocalDate, minutesByWeekday: [Int], startTime: String? = nil) {
        self.effectiveFrom = effectiveFrom
        self.minutesByWeekday = minutesByWeekday
        self.startTime = startTime
    }

    /// `startTime` as minutes after midnight.
    public var startMinute: Int? {
        startTime.flatMap(Self.minuteOfDay)
    }

    /// Minutes after midnight of an `HH:MM` time (00:00–23:59), or nil.
    public static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// Seven values of 0–1440 minutes.
    public static func check(_ minutes: [Int]) -> String? {
        guard minutes.count == 7 else { return "must give minutes for all seven weekdays" }
        guard minutes.allSatisfy({ (0...1440).contains($0) }) else { return "minutes must be between 0 and 1440" }
        return nil
    }
}

/// A work schedule (e.g. Mon–Fri 480 min, Sat 240), effective-dated, naming its holiday calendar.
public struct WorkSchedule: Sendable, Equatable {
    public var id: String
    public var code: String
    public var name: String
    public var holidayCalendarID: String?
    /// Oldest first.
    public var versions: [ScheduleVersion]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, code: String, name: String, holidayCalendarID: String?, versions: [ScheduleVersion], version: Int,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.code = code
        self.name = name
        self.holidayCalendarID = holidayCalendarID
        self.versions = versions
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The version in force on `date`: the latest effective on or before it.
    public func version(on date: LocalDate) -> ScheduleVersion? {
        versions.filter { $0.effectiveFrom <= date }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// Scheduled minutes on `date` (0 on a day off), or nil before the schedule's first version.
    public func scheduledMinutes(on date: LocalDate) -> Int? {
        version(on: date).map { $0.minutesByWeekday[date.weekdayIndex] }
    }

    /// What the schedule expects of `date`; a date before its first version, or a holiday of
    /// `holidays`, is a day off.
    public func plan(on date: LocalDate, holidays: Set<LocalDate>) -> DayPlan {
        let version = version(on: date)
        return DayPlan(
            date: date, scheduledMinutes: version.map { $0.minutesByWeekday[date.weekdayIndex] } ?? 0,
            isHoliday: holidays.contains(date), startMinute: version?.startMinute)
    }
}

/// Public holidays, by date.
public struct HolidayCalendar: Sendable, Equatable {
    public struct Holiday: Sendable, Equatable, Codable {
        public var date: LocalDate
        public var name: String
        public init(date: LocalDate, name: String) {
            self.date = date
            self.name = name
        }
    }
    public var id: String
    public var code: String
    public var name: String
    public var holidays: [Holiday]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, code: String, name: String, holidays: [Holiday], version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.code = code
        self.name = name
        self.holidays = holidays
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension LocalDate {
    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    public var weekdayIndex: Int {
        ((daysSinceEpoch + 3) % 7 + 7) % 7
    }
}
