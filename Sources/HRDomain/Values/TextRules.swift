/// How free text is measured and trimmed, the same way the OpenAPI document states it: lengths
/// in Unicode code points (JSON Schema's `maxLength`), blanks as ECMAScript's `\s` (the
/// document's patterns), so a value the document refuses is refused here too.
public enum TextRules {
    /// ECMAScript's white space and line terminators (`\s`).
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
        default: false
        }
    }

    /// The length JSON Schema counts: code points.
    public static func length(_ value: String) -> Int { value.unicodeScalars.count }

    /// `value` without leading and trailing `\s`.
    public static func trimmed(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// Whether `value` holds nothing but `\s`.
    public static func isBlank(_ value: String) -> Bool { value.unicodeScalars.allSatisfy(isSpace) }
}
