import Foundation

/// The ranges of the dates the HR API accepts. Each makes business sense for what it dates; a
/// well-formed date outside its range is refused with 422 `date_out_of_range`, naming the field.
///
/// | What | Range |
/// |---|---|
/// | hire dates, compensation, leave and attendance work dates, schedules, policies, queries | 1900-01-01 … today + 1 year |
/// | leave and attendance | also inside the employment (hire … termination) |
/// | check-in and check-out instants | 1900-01-01T00:00:00Z … now (plus the clock skew allowance) |
/// | holidays | 1900-01-01 … 31 December of the year after next |
/// | pay periods | the month of the company's first hire … the current month |
public enum DateLimits {
    /// No HR record is dated earlier.
    public static let earliest = LocalDate.first1900

    /// 1900-01-01T00:00:00Z: no check-in or check-out is earlier.
    public static let earliestInstant = Date(timeIntervalSince1970: TimeInterval(LocalDate.first1900.daysSinceEpoch) * 86_400)

    /// One year after `today`: the furthest a planned date (a hire, a raise, leave) may be.
    public static func latest(today: LocalDate) -> LocalDate {
        (try? today.adding(years: 1)) ?? .last
    }

    /// The last holiday a calendar may hold: 31 December of the year after next.
    public static func latestHoliday(today: LocalDate) -> LocalDate {
        LocalDate(year: min(today.year + 2, 9999), month: 12, day: 31) ?? .last
    }

    /// Refuses `date` outside `earliest … latest(today:)` (or `latest` when given).
    public static func check(_ date: LocalDate, field: String, today: LocalDate, latest: LocalDate? = nil) throws(HRError) {
        let upper = latest ?? Self.latest(today: today)
        guard date >= earliest, date <= upper else {
            throw .ruleViolation(
                code: "date_out_of_range", detail: "\(field.dropFirst()) must be from \(earliest) to \(upper)", field: field)
        }
    }

    /// Refuses an instant before 1900 (the future is refused by the attendance rules).
    public static func check(instant: Date, field: String) throws(HRError) {
        guard instant >= earliestInstant else {
            throw .ruleViolation(code: "date_out_of_range", detail: "\(field.dropFirst()) must not be before 1900-01-01T00:00:00Z", field: field)
        }
    }

    /// Refuses a pay period before the month of the first hire (`firstHire`, nil when nobody has
    /// been hired: then only the current month) or after the current month.
    public static func check(period: PayPeriod, firstHire: LocalDate?, today: LocalDate, field: String) throws(HRError) {
        let current = PayPeriod(containing: today)
        let first = min(firstHire.map(PayPeriod.init(containing:)) ?? current, current)
        guard period >= first, period <= current else {
            throw .ruleViolation(
                code: "period_out_of_range", detail: "\(field.dropFirst()) must be a month from \(first) (the first hire) to \(current)",
                field: field)
        }
    }
}

extension LocalDate {
    /// 1900-01-01.
    static let first1900 = LocalDate(year: 1900, month: 1, day: 1) ?? .first
}
