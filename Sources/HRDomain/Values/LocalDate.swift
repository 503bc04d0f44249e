import Foundation

/// A calendar date without a time zone, `YYYY-MM-DD` on the wire and in the database.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date of the proleptic Gregorian calendar, years 1–9999; nil otherwise.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension LocalDate {
    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `daysSinceEpoch` days after 1970-01-01; nil outside years 1–9999.
    public init?(daysSinceEpoch days: Int) {
        // The proleptic Gregorian days of 0001-01-01 and 9999-12-31; the bound also keeps the
        // arithmetic below far from overflow.
        guard (-719_162...2_932_896).contains(days) else { return nil }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day)
    }

    /// The date `days` days later (earlier when negative); throws past either end of years 1–9999.
    public func adding(days: Int) throws(DateOutOfRange) -> LocalDate {
        let (sum, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        guard !overflow, let date = LocalDate(daysSinceEpoch: sum) else { throw DateOutOfRange(start: self, days: days) }
        return date
    }

    /// The next day, or nil after 9999-12-31.
    public var next: LocalDate? { LocalDate(daysSinceEpoch: daysSinceEpoch + 1) }

    /// The same day `years` years later (28 February for 29 February in a common year); throws
    /// past either end of years 1–9999.
    public func adding(years: Int) throws(DateOutOfRange) -> LocalDate {
        let (target, overflow) = year.addingReportingOverflow(years)
        guard !overflow, (1...9999).contains(target),
            let date = LocalDate(year: target, month: month, day: min(day, Self.daysIn(month: month, year: target)))
        else { throw DateOutOfRange(start: self, days: years.multipliedReportingOverflow(by: 365).partialValue) }
        return date
    }

    /// Every date from `range.lowerBound` through `range.upperBound`, computed without stepping
    /// past the upper bound (so a range ending on 9999-12-31 is safe).
    public static func days(in range: ClosedRange<LocalDate>) -> [LocalDate] {
        var dates: [LocalDate] = []
        var date = range.lowerBound
        while true {
            dates.append(date)
            guard date < range.upperBound, let following = date.next else { break }
            date = following
        }
        return dates
    }

    /// The local date of `instant` in `timeZone`, held to 0001-01-01…9999-12-31: for the clock's
    /// "today" and for instants the API has already bounded, where no real value reaches either end.
    public init(clamping instant: Date, in timeZone: TimeZone) {
        if let date = LocalDate(instant, in: timeZone) {
            self = date
        } else {
            self = instant.timeIntervalSince1970 < 0 ? .first : .last
        }
    }

    /// 0001-01-01 and 9999-12-31, the ends of the calendar this type keeps.
    public static let first = LocalDate(uncheckedYear: 1, month: 1, day: 1)
    public static let last = LocalDate(uncheckedYear: 9999, month: 12, day: 31)

    /// For constants known to be valid.
    private init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The local date of `instant` in `timeZone`; nil for an instant outside years 1–9999 there.
    public init?(_ instant: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.era, .year, .month, .day], from: instant)
        guard parts.era == 1, let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        self.init(year: year, month: month, day: day)
    }
}

/// Date arithmetic that would leave the calendar this system keeps (years 1–9999).
public struct DateOutOfRange: Error, Sendable, Equatable, CustomStringConvertible {
    public var start: LocalDate
    public var days: Int

    public var description: String { "\(start) moved by \(days) days leaves years 1–9999" }
}
