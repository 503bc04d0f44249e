import Foundation

/// Generators for the identifiers Cognito hands out, in Cognito's formats (DESIGN §3).
public enum CognitoIdentifiers {
    private static let lowercaseAlphanumerics = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// `<region>_<9 alphanumerics>`, e.g. `ap-southeast-1_AbC123xyz`.
    public static func poolID(region: String) -> String {
        region + "_" + random(9, from: alphanumerics)
    }

    /// 26 lowercase alphanumerics, as app client ids are.
    public static func clientID() -> String {
        random(26, from: lowercaseAlphanumerics)
    }

    /// A 51-character client secret of lowercase alphanumerics.
    public static func clientSecret() -> String {
        random(51, from: lowercaseAlphanumerics)
    }

    /// An access key id: `AKIA` and 16 upper-case letters and digits (20 characters).
    public static func accessKeyID() -> String {
        "AKIA" + random(16, from: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
    }

    /// A 40-character secret access key (letters, digits, `+` and `/`).
    public static func secretAccessKey() -> String {
        random(40, from: alphanumerics + ["+", "/"])
    }

    /// A lowercase UUID, the form of `sub`, `jti` and every other id.
    public static func uuid() -> String {
        UUID().uuidString.lowercased()
    }

    private static func random(_ count: Int, from alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        // The alphabets above are constant and non-empty, so a random element always exists.
        return String((0..<count).compactMap { _ in alphabet.randomElement(using: &generator) })
    }
}
