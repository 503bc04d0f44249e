import Foundation

/// A JSON document to be sent, written straight to bytes.
///
/// Foundation's `JSONEncoder` costs about 24 µs for one employee (50–70 µs on a loaded server,
/// docs/BENCHMARKS.md), a large share of a whole authorized read, because every field passes
/// through the generic `Encoder` machinery. Representations that every request returns
/// (``JSONWritable``) build this tree instead; the writer produces exactly the bytes
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` would, which the tests compare
/// byte for byte against the type's `Encodable` conformance. No floating point: the API's
/// decimals are strings and its money is integer minor units.
enum JSONOutput: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case string(String)
    case array([JSONOutput])
    case object([String: JSONOutput])

    /// `.string`, or `.null` for nil.
    static func string(_ value: String?) -> JSONOutput {
        value.map { .string($0) } ?? .null
    }

    /// The document's bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        case .integer(let value):
            out.append(contentsOf: String(value).utf8)
        case .string(let value):
            Self.write(string: value, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // JSONEncoder's `.sortedKeys` orders keys by their UTF-8 bytes.
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(string: member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// RFC 8259 string escaping as JSONEncoder does it: quote, backslash and control characters;
    /// everything else, `/` and non-ASCII included, as is.
    static func write(string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x00..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A response body written with ``JSONOutput``; its `Encodable` conformance, kept as the
/// reference, must produce the same bytes.
protocol JSONWritable: Encodable {
    var jsonOutput: JSONOutput { get }
}
