import Foundation

/// An organisational unit. Departments form a tree through `parentID`.
public struct Department: Sendable, Equatable {
    public var id: String
    /// A short unique code such as `ENG` or `HR-VN`.
    public var code: String
    public var name: String
    public var parentID: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, code: String, name: String, parentID: String?, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.code = code
        self.name = name
        self.parentID = parentID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Field rules for departments.
public enum DepartmentRules {
    /// Codes: 1–32 upper-case letters, digits, `-` or `_`.
    public static func checkCode(_ value: String) -> String? {
        guard (1...32).contains(TextRules.length(value)) else { return "must be 1 to 32 characters" }
        guard value.allSatisfy({ ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "-" || $0 == "_" }) else {
            return "may contain only upper-case letters, digits, '-' and '_'"
        }
        return nil
    }

    /// Names: 1–100 characters, not blank.
    public static func checkName(_ value: String) -> String? {
        guard !TextRules.isBlank(value) else { return "must not be blank" }
        guard TextRules.length(value) <= 100 else { return "must be at most 100 characters" }
        return nil
    }
}
