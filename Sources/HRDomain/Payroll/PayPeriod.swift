/// A calendar month of pay, `YYYY-MM`.
public struct PayPeriod: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// `YYYY-MM`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The period a date belongs to.
    public init(containing date: LocalDate) {
        self.year = date.year
        self.month = date.month
    }

    /// The first day; a period's year and month are valid by construction, so the fallback is never taken.
    public var start: LocalDate { LocalDate(year: year, month: month, day: 1) ?? .first }
    /// The last day.
    public var end: LocalDate { LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year)) ?? .last }
    public var dates: [LocalDate] { LocalDate.days(in: start...end) }
    /// The month before; nil before 0001-01.
    public var previous: PayPeriod? { month == 1 ? PayPeriod(year: year - 1, month: 12) : PayPeriod(year: year, month: month - 1) }
    /// The month after; nil after 9999-12.
    public var next: PayPeriod? { month == 12 ? PayPeriod(year: year + 1, month: 1) : PayPeriod(year: year, month: month + 1) }

    public var description: String {
        (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + "\(year)-" + (month < 10 ? "0" : "") + "\(month)"
    }

    public static func < (lhs: PayPeriod, rhs: PayPeriod) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = PayPeriod(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM period: \(text)"))
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
