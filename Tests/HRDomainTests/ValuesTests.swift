import Testing
@testable import HRDomain

@Suite("Local dates")
struct LocalDateTests {
    @Test("valid dates parse and print back", arguments: ["2026-11-25", "2024-02-29", "0001-01-01", "9999-12-31"])
    func valid(text: String) throws {
        #expect(try #require(LocalDate(text)).description == text)
    }

    @Test("invalid dates are refused", arguments: ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00:00", "", "0000-01-01"])
    func invalid(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("dates order by calendar")
    func ordering() throws {
        #expect(try #require(LocalDate("2026-01-31")) < #require(LocalDate("2026-02-01")))
    }
}

@Suite("Time zone names")
struct TimeZoneNameTests {
    @Test("IANA zones, UTC and Etc/UTC are accepted", arguments: ["Asia/Ho_Chi_Minh", "America/New_York", "Europe/Berlin", "UTC", "Etc/UTC"])
    func accepted(name: String) {
        #expect(TimeZoneName.canonical(name) == name)
    }

    @Test("offsets and made-up names are refused", arguments: ["UTC+7", "GMT+7", "+07:00", "Asia/Hanoi", "utc", ""])
    func refused(name: String) {
        #expect(TimeZoneName.canonical(name) == nil)
    }

    @Test("old link names become their canonical zone")
    func links() {
        #expect(TimeZoneName.canonical("Asia/Saigon") == "Asia/Ho_Chi_Minh")
        #expect(TimeZoneName.canonical("US/Eastern") == "America/New_York")
    }
}

@Suite("Search keys and email")
struct SearchKeyTests {
    @Test("search folds case and diacritics, đ included")
    func folding() {
        #expect(SearchKey.normalize("Nguyễn Văn An") == "nguyen van an")
        #expect(SearchKey.normalize("Đặng Thị Đào") == "dang thi dao")
        #expect(SearchKey.normalize("  JOSÉ   Müller ") == "jose muller")
    }

    @Test("email syntax", arguments: [
        ("an.nguyen@example.com", true), ("a+b@sub.example.vn", true), ("no-at-sign", false), ("two@@example.com", false),
        ("space @example.com", false), ("a@localhost", false), ("a@-bad.com", false), ("@example.com", false),
    ])
    func email(address: String, valid: Bool) {
        #expect(EmailAddress.isValid(address) == valid)
    }

    @Test("emails are compared in lower case")
    func emailNormalization() {
        #expect(EmailAddress.normalize(" An.Nguyen@Example.COM ") == "an.nguyen@example.com")
    }
}
