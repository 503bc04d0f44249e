import Foundation

/// The normalised form names are searched and sorted by, computed in Swift so SQLite and
/// PostgreSQL agree: lower-cased, diacritics removed, `đ`/`Đ` → `d` (Foundation does not
/// decompose them), whitespace collapsed.
public enum SearchKey {
    public static func normalize(_ text: String) -> String {
        let replaced = text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
        let folded = replaced.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// Email address syntax and normal form.
public enum EmailAddress {
    /// The address trimmed and lower-cased (uniqueness is judged on this form).
    public static func normalize(_ address: String) -> String {
        address.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// A pragmatic syntax check: `local@domain.tld`, no spaces or control characters, at most 254 characters.
    public static func isValid(_ address: String) -> Bool {
        guard address.count <= 254, !address.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 32 } ?? false }) else {
            return false
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }
}
