import Foundation
import Testing
@testable import HRDomain

@Suite("RFC 3339 instants")
struct InstantParsingTests {
    /// 2026-11-02T01:00:00Z.
    let reference = Date(timeIntervalSince1970: 1_793_581_200)

    @Test("Z and numeric offsets name the same instant", arguments: [
        "2026-11-02T01:00:00Z", "2026-11-02T08:00:00+07:00", "2026-11-01T20:00:00-05:00", "2026-11-02T06:30:00+05:30",
        "2026-11-02T01:00:00+00:00", "2026-11-02T01:00:00-00:00",
    ])
    func offsets(text: String) {
        #expect(Instant.parse(text) == reference)
    }

    @Test("lowercase t and z separators are accepted")
    func lowercase() {
        #expect(Instant.parse("2026-11-02t01:00:00z") == reference)
        #expect(Instant.parse("2026-11-02t08:00:00+07:00") == reference)
    }

    @Test("dates around the epoch and leap days")
    func calendarEdges() {
        #expect(Instant.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(Instant.parse("1969-12-31T23:59:59Z") == Date(timeIntervalSince1970: -1))
        #expect(Instant.parse("2024-02-29T00:00:00Z") == Date(timeIntervalSince1970: 1_709_164_800))
    }

    @Test("fractional seconds are kept, with or without an offset")
    func fractions() {
        #expect(Instant.parse("2026-11-02T01:00:00.5Z") == reference.addingTimeInterval(0.5))
        #expect(Instant.parse("2026-11-02T08:00:00.25+07:00") == reference.addingTimeInterval(0.25))
        #expect(Instant.parse("2026-11-02T01:00:00.000Z") == reference)
    }

    @Test("digits past the microsecond are dropped, not rounded, as the database keeps microseconds")
    func microseconds() throws {
        let micro = try #require(Instant.parse("2026-11-02T01:00:00.123456Z"))
        #expect(Instant.parse("2026-11-02T01:00:00.123456789Z") == micro)
        #expect(Instant.parse("2026-11-02T01:00:00.1234569Z") == micro)
        #expect(Instant.parse("2026-11-02T01:00:00.123457Z") != micro)
    }

    @Test("naive, impossible and malformed timestamps are refused", arguments: [
        "2026-11-02T01:00:00",  // no offset: a local time is never guessed at
        "2026-11-02T01:00:00.000",
        "2026-02-30T10:00:00Z",
        "2026-02-29T10:00:00Z",
        "2026-13-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "2026-11-02T24:00:00Z",
        "2026-11-02T01:60:00Z",
        "2026-11-02T01:00:60Z",
        "2026-11-02 01:00:00Z",
        "2026-11-02T01:00Z",
        "2026-11-02T01:00:00+0700",
        "2026-11-02T01:00:00+07",
        "2026-11-02T01:00:00+24:00",
        "2026-11-02T01:00:00+07:60",
        "2026-11-02T01:00:00.Z",
        "2026-11-02T01:00:00,5Z",
        "2026-11-02T01:00:00.1234567890Z",
        "2026-11-02T01:00:00ZZ",
        "2026-11-02T01:00:00Z ",
        " 2026-11-02T01:00:00Z",
        "2026-1１-02T01:00:00Z",
        "",
        "garbage",
        "this is not an instant at all",
    ])
    func refused(text: String) {
        #expect(Instant.parse(text) == nil)
    }

    @Test("formatting writes UTC with a Z and milliseconds")
    func formatting() throws {
        #expect(Instant.format(reference) == "2026-11-02T01:00:00.000Z")
        let withOffset = try #require(Instant.parse("2026-11-02T08:00:00.25+07:00"))
        #expect(Instant.format(withOffset) == "2026-11-02T01:00:00.250Z")
    }

    @Test("a formatted instant parses back to itself")
    func roundTrip() throws {
        let value = reference.addingTimeInterval(0.5)
        #expect(try #require(Instant.parse(Instant.format(value))) == value)
    }
}
