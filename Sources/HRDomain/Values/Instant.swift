import Foundation

/// RFC 3339 instants as this API reads them: an offset (`Z` or `±hh:mm`) is required, so a naive
/// local timestamp is never guessed at. Parsed by hand because Foundation's parsers accept
/// variants (no seconds, no offset, lowercase separators in some styles) that RFC 3339 does not.
public enum Instant {
    /// The instant written as `text`, or nil when it is not an RFC 3339 date-time with an offset.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 40 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func byte(_ index: Int, is char: Character) -> Bool { bytes[index] == char.asciiValue! }
        guard byte(4, is: "-"), byte(7, is: "-"), byte(10, is: "T") || byte(10, is: "t"), byte(13, is: ":"), byte(16, is: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let date = LocalDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanos = 0
        if index < bytes.count, byte(index, is: ".") {
            let start = index + 1
            var end = start
            while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
            guard end > start, end - start <= 9, let fraction = number(start..<end) else { return nil }
            nanos = fraction
            for _ in 0..<(9 - (end - start)) { nanos *= 10 }
            index = end
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        if byte(index, is: "Z") || byte(index, is: "z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard index + 6 == bytes.count, byte(index, is: "+") || byte(index, is: "-"), byte(index + 3, is: ":"),
                let offsetHours = number(index + 1..<index + 3), let offsetMinutes = number(index + 4..<index + 6),
                offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (byte(index, is: "-") ? -1 : 1)
        }
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        // Whole microseconds, as the database stores them.
        let micros = Int64(seconds) * 1_000_000 + Int64(nanos / 1000)
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)

    /// `instant` in UTC with a `Z`, with milliseconds (`2026-11-02T01:00:00.000Z`).
    public static func format(_ instant: Date) -> String {
        instant.formatted(style)
    }
}
