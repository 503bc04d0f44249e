import Foundation
import HRDomain

/// A parsed JSON document that keeps integers exact (money is `Int64` minor units), so request
/// bodies can be validated field by field with JSON Pointers naming each problem.
public enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The JSON type's name, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Parses a request body that must be a JSON object.
    public static func object(from data: Data) throws(HRError) -> [String: JSONValue] {
        guard !data.isEmpty else { throw .malformedJSON("the request body is empty; a JSON object is expected") }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformedJSON("the request body is not valid JSON")
        }
        if let literal = ExactNumbers.firstInexactLiteral(in: data) {
            throw .malformedJSON("the number \(literal.prefix(40)) cannot be read exactly; send it without an exponent or fraction")
        }
        guard case .object(let object) = value else {
            throw .malformedJSON("the request body must be a JSON object, not \(value.typeName)")
        }
        return object
    }
}

/// Reads typed fields from a JSON object, collecting every problem with its JSON Pointer.
struct FieldReader {
    let object: [String: JSONValue]
    let base: String
    var errors: [FieldError] = []

    init(_ object: [String: JSONValue], base: String = "") {
        self.object = object
        self.base = base
    }

    private func pointer(_ key: String) -> String {
        base + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    mutating func fail(_ key: String, _ message: String) {
        errors.append(FieldError(pointer(key), message))
    }

    /// Refuses members not in `allowed`, so a misspelt field is reported instead of ignored.
    mutating func rejectUnknown(allowed: Set<String>) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            fail(key, "is not a recognised field")
        }
    }

    mutating func string(_ key: String, required: Bool, check: ((String) -> String?)? = nil) -> String? {
        switch object[key] {
        case nil, .null?:
            if required { fail(key, "is required") }
            return nil
        case .string(let value)?:
            if value.unicodeScalars.contains("\u{0}") {
                fail(key, "must not contain NUL characters")
                return nil
            }
            if let check, let problem = check(value) {
                fail(key, problem)
                return nil
            }
            return value
        case let other?:
            fail(key, "must be a string, not \(other.typeName)")
            return nil
        }
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool, as type: E.Type) -> E?
    where E.RawValue == String {
        guard let raw = string(key, required: required) else { return nil }
        guard let value = E(rawValue: raw) else {
            fail(key, "must be one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    mutating func date(_ key: String, required: Bool) -> LocalDate? {
        guard let raw = string(key, required: required) else { return nil }
        guard let date = LocalDate(raw) else {
            fail(key, "must be a date in the form YYYY-MM-DD")
            return nil
        }
        return date
    }

    mutating func uuid(_ key: String, required: Bool) -> String? {
        guard let raw = string(key, required: required) else { return nil }
        guard UUID(uuidString: raw) != nil, raw == raw.lowercased() else {
            fail(key, "must be a lowercase UUID")
            return nil
        }
        return raw
    }
}

/// Finds number literals that a JSON decoder would turn into a different integer: `1e-400` or
/// `0.000…1` read as 0, `1.00000000000000000001` as 1. Such a value is refused rather than
/// silently rounded (an amount is never a rounded number).
enum ExactNumbers {
    /// The first literal in `data` that is not an integer although its nearest `Double` is.
    static func firstInexactLiteral(in data: Data) -> String? {
        let bytes = [UInt8](data)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "-") || (48...57).contains(byte) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, "0123456789+-.eE".utf8.contains(bytes[end]) { end += 1 }
            let literal = String(decoding: bytes[index..<end], as: UTF8.self)
            if !isInteger(literal), let double = Double(literal), double.rounded() == double { return literal }
            index = end
        }
        return nil
    }

    /// Whether a JSON number literal denotes an integer, decided on its digits (no rounding).
    static func isInteger(_ literal: String) -> Bool {
        var text = Substring(literal)
        if text.hasPrefix("-") { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(text[text.index(after: e)...].prefix(9)) else { return false }
            exponent = value
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first ?? ""
        let fraction = parts.count > 1 ? parts[1] : ""
        let digits = (whole + fraction).drop { $0 == "0" }
        guard !digits.isEmpty else { return true }
        let trailingZeros = digits.reversed().prefix { $0 == "0" }.count
        return exponent - fraction.count + trailingZeros >= 0
    }
}
