import Testing
@testable import HRDomain

@Suite("Exact fractions")
struct RationalTests {
    @Test("fractions are stored reduced, with a positive denominator")
    func reduction() {
        let threeQuarters = Rational(6, 8)
        #expect(threeQuarters.numerator == 3 && threeQuarters.denominator == 4)
        let minusHalf = Rational(3, -6)
        #expect(minusHalf.numerator == -1 && minusHalf.denominator == 2)
        #expect(Rational(-4, -8) == Rational(1, 2))
        #expect(Rational(10, 5) == Rational(2))
        let zero = Rational(0, -5)
        #expect(zero == .zero && zero.denominator == 1)
        #expect(Set([Rational(1, 2), Rational(2, 4), Rational(50, 100)]).count == 1, "equal values hash alike")
    }

    @Test("addition, subtraction, multiplication and division are exact")
    func arithmetic() {
        #expect(Rational(1, 2) + Rational(1, 3) == Rational(5, 6))
        #expect(Rational(1, 2) - Rational(1, 3) == Rational(1, 6))
        #expect(Rational(1, 3) - Rational(1, 2) == Rational(-1, 6))
        #expect(Rational(2, 3) * Rational(3, 4) == Rational(1, 2))
        #expect(Rational(1, 2) / Rational(1, 4) == Rational(2))
        #expect(Rational(1, 2) / Rational(-1, 4) == Rational(-2))
        #expect(Rational(1, 3) + Rational(1, 3) + Rational(1, 3) == .one, "no drift as with floating point")
        var total = Rational.zero
        total += Rational(1, 2)
        total += Rational(1, 4)
        total -= Rational(1, 8)
        #expect(total == Rational(5, 8))
    }

    @Test("comparison orders by value, negatives included")
    func comparison() {
        #expect(Rational(1, 3) < Rational(1, 2))
        #expect(Rational(-1, 2) < Rational(1, 3))
        #expect(Rational(-1, 2) < Rational(-1, 3))
        #expect(Rational(3, 2) > .one)
        #expect(!(Rational(2, 4) < Rational(1, 2)) && !(Rational(1, 2) < Rational(2, 4)))
        #expect(Rational.min(Rational(1, 3), Rational(1, 2)) == Rational(1, 3))
        #expect(Rational.max(Rational(1, 3), Rational(1, 2)) == Rational(1, 2))
        #expect(Rational(0, 7).isZero && !Rational(1, 7).isZero)
    }

    @Test("plain decimal strings parse exactly", arguments: [
        ("10.5", Rational(21, 2)), ("1.5", Rational(3, 2)), ("0", Rational.zero), ("10", Rational(10, 1)), ("10.50", Rational(21, 2)),
        ("0.000001", Rational(1, 1_000_000)), ("0.123456789", Rational(123_456_789, 1_000_000_000)), ("007", Rational(7, 1)),
        ("123456789012345678", Rational(123_456_789_012_345_678, 1)),
    ])
    func decimals(text: String, value: Rational) {
        #expect(Rational(decimal: text) == value)
    }

    @Test("anything but a plain non-negative decimal is refused", arguments: [
        "1e3", "-1", "1.", ".5", ".", "", "abc", "1.2.3", "1,5", " 1", "1 ", "1.5 ", "1_000",
        "1234567890123456789",  // more than 18 whole digits
        "0.1234567890",  // more than 9 decimals
    ])
    func badDecimals(text: String) {
        #expect(Rational(decimal: text) == nil)
    }

    @Test("a pay computation from decimal rates stays exact")
    func payLine() throws {
        let hours = try #require(Rational(decimal: "10.5"))
        let multiplier = try #require(Rational(decimal: "1.5"))
        #expect(hours * multiplier == Rational(63, 4))
        #expect((hours * multiplier).decimalString() == "15.75")
    }

    @Test("rounding is half away from zero", arguments: [
        (Rational(5, 2), 3), (Rational(-5, 2), -3), (Rational(7, 2), 4), (Rational(-7, 2), -4),
        (Rational(24_999, 10_000), 2), (Rational(-24_999, 10_000), -2), (Rational(2, 3), 1), (Rational(-2, 3), -1),
        (Rational(1, 3), 0), (Rational(-1, 3), 0), (Rational(4, 1), 4), (Rational.zero, 0),
        // A 19,500,000 salary prorated by 5/7 is 97,500,000/7 = 13,928,571.428…
        (Rational(97_500_000, 7), 13_928_571), (Rational(27_857_143, 2), 13_928_572),
    ])
    func rounding(value: Rational, expected: Int) {
        #expect(value.roundedHalfAwayFromZero == Int128(expected))
    }

    @Test("minor units are nil once the rounded amount leaves Int64")
    func minorUnits() {
        let top = Int128(Int64.max)
        let bottom = Int128(Int64.min)
        #expect(Rational(1_234_567, 2).roundedMinorUnits == 617_284)
        #expect(Rational(top).roundedMinorUnits == Int64.max)
        #expect(Rational(2 * top - 1, 2).roundedMinorUnits == Int64.max, "Int64.max − 0.5 rounds up to Int64.max")
        #expect(Rational(top + 1).roundedMinorUnits == nil)
        #expect(Rational(2 * top + 1, 2).roundedMinorUnits == nil, "Int64.max + 0.5 rounds past the range")
        #expect(Rational(bottom).roundedMinorUnits == Int64.min)
        #expect(Rational(2 * bottom - 1, 2).roundedMinorUnits == nil, "Int64.min − 0.5 rounds past the range")
    }

    @Test("decimal text is the shortest exact decimal, else the fraction", arguments: [
        (Rational(39, 2), "19.5"), (Rational(1, 2), "0.5"), (Rational.one, "1"), (Rational(10, 3), "10/3"),
        (Rational(-1, 2), "-0.5"), (Rational(-10, 3), "-10/3"), (Rational(-3, 1), "-3"), (Rational.zero, "0"),
        (Rational(49, 4), "12.25"), (Rational(1, 8), "0.125"), (Rational(1, 1_000_000), "0.000001"),
        (Rational(1, 10_000_000), "1/10000000"),
    ])
    func decimalText(value: Rational, text: String) {
        #expect(value.decimalString() == text)
        #expect(value.description == text)
    }

    @Test("fewer places allowed turns a longer decimal into a fraction")
    func maxPlaces() {
        #expect(Rational(1, 8).decimalString(maxPlaces: 2) == "1/8")
        #expect(Rational(1, 4).decimalString(maxPlaces: 2) == "0.25")
    }
}
