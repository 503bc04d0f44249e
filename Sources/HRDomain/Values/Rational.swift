/// An exact fraction for pay arithmetic (DESIGN §6): rates and quantities are never rounded, only
/// each line's amount once, half away from zero, to the currency's minor unit.
///
/// Numerator and denominator are `Int128`. Inputs are bounded before they get here (amounts by
/// ``Rational/maxAmountMinor``, minutes by a month, decimals by six places), so no product of a
/// payslip line can come near the `Int128` range; conversion back to `Int64` is checked.
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: Int128
    /// Always positive.
    public let denominator: Int128

    /// The largest amount in minor units the payroll accepts (10^15: a quadrillion đồng, or ten
    /// trillion dollars); larger values are refused as out of range instead of risking overflow.
    public static let maxAmountMinor: Int64 = 1_000_000_000_000_000

    public static let zero = Rational(0)
    public static let one = Rational(1)

    public init(_ value: Int128) {
        numerator = value
        denominator = 1
    }

    public init(_ value: Int) { self.init(Int128(value)) }
    public init(_ value: Int64) { self.init(Int128(value)) }

    /// `numerator / denominator`, reduced; the denominator must not be 0.
    public init(_ numerator: Int128, _ denominator: Int128) {
        precondition(denominator != 0, "a fraction with denominator 0")
        let sign: Int128 = denominator < 0 ? -1 : 1
        let divisor = Self.gcd(numerator.magnitude, denominator.magnitude)
        self.numerator = sign * numerator / Int128(divisor)
        self.denominator = sign * denominator / Int128(divisor)
    }

    /// A plain decimal string (`"10.5"`, `"1.5"`, `"0"`); nil for anything else.
    public init?(decimal text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        guard (1...2).contains(parts.count), let whole = Int128(String(parts[0])), whole >= 0, parts[0].count <= 18 else { return nil }
        guard parts.count == 2 else {
            self.init(whole)
            return
        }
        let fraction = parts[1]
        guard (1...9).contains(fraction.count), fraction.allSatisfy(\.isASCII), let digits = Int128(String(fraction)), digits >= 0 else {
            return nil
        }
        var scale: Int128 = 1
        for _ in 0..<fraction.count { scale *= 10 }
        self.init(whole * scale + digits, scale)
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : x
    }

    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator - rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
    }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
    }

    /// Division; `rhs` must not be zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        Rational(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
    }

    public static func += (lhs: inout Rational, rhs: Rational) { lhs = lhs + rhs }
    public static func -= (lhs: inout Rational, rhs: Rational) { lhs = lhs - rhs }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
    }

    public var isZero: Bool { numerator == 0 }

    /// Rounded to an integer, half away from zero (2.5 → 3, −2.5 → −3).
    public var roundedHalfAwayFromZero: Int128 {
        let quotient = numerator / denominator
        let remainder = (numerator % denominator).magnitude
        guard remainder * 2 >= denominator.magnitude else { return quotient }
        return numerator < 0 ? quotient - 1 : quotient + 1
    }

    /// Rounded half away from zero and converted to `Int64`, or nil when it does not fit.
    public var roundedMinorUnits: Int64? {
        Int64(exactly: roundedHalfAwayFromZero)
    }

    /// The shortest exact decimal text when the value has one with at most `maxPlaces` places
    /// (`"19.5"`, `"0.5"`, `"1"`), else the fraction `"10/3"`.
    public func decimalString(maxPlaces: Int = 6) -> String {
        var scale: Int128 = 1
        for places in 0...maxPlaces {
            if (numerator * scale) % denominator == 0 {
                let scaled = numerator * scale / denominator
                guard places > 0 else { return String(scaled) }
                let sign = scaled < 0 ? "-" : ""
                let digits = String(scaled.magnitude)
                let padded = String(repeating: "0", count: Swift.max(0, places + 1 - digits.count)) + digits
                return sign + padded.dropLast(places) + "." + padded.suffix(places)
            }
            scale *= 10
        }
        return "\(numerator)/\(denominator)"
    }

    public var description: String { decimalString() }
}

extension Rational {
    public static func min(_ a: Rational, _ b: Rational) -> Rational { a < b ? a : b }
    public static func max(_ a: Rational, _ b: Rational) -> Rational { a < b ? b : a }
}
