import Foundation

/// A validated request to hire someone: what `POST /api/v1/employees` carries.
public struct NewEmployee: Sendable, Equatable {
    public var employeeNumber: String
    public var login: LoginLink?
    public var firstName: String
    public var middleName: String?
    public var lastName: String
    public var displayName: String?
    public var nameOrder: NameOrder
    public var workEmail: String
    public var phone: String?
    public var jobTitle: String?
    public var departmentID: String?
    public var scheduleID: String?
    public var managerID: String?
    public var employmentType: EmploymentType
    public var hireDate: LocalDate
    public var timeZone: String
    public var compensation: [CompensationEntry] = []

    public init(
        employeeNumber: String, login: LoginLink? = nil, firstName: String, middleName: String? = nil, lastName: String,
        displayName: String? = nil, nameOrder: NameOrder = .givenFirst, workEmail: String, phone: String? = nil,
        jobTitle: String? = nil, departmentID: String? = nil, scheduleID: String? = nil, managerID: String? = nil, employmentType: EmploymentType, hireDate: LocalDate,
        timeZone: String, compensation: [CompensationEntry] = []
    ) {
        self.compensation = compensation
        self.employeeNumber = employeeNumber
        self.login = login
        self.firstName = firstName
        self.middleName = middleName
        self.lastName = lastName
        self.displayName = displayName
        self.nameOrder = nameOrder
        self.workEmail = workEmail
        self.phone = phone
        self.jobTitle = jobTitle
        self.departmentID = departmentID
        self.scheduleID = scheduleID
        self.managerID = managerID
        self.employmentType = employmentType
        self.hireDate = hireDate
        self.timeZone = timeZone
    }
}

/// Field rules for employee data, independent of how the data arrived.
public enum EmployeeRules {
    /// Employee numbers: 1–32 characters of letters, digits, `-`, `_`, `.`, `/`.
    public static func checkEmployeeNumber(_ value: String) -> String? {
        guard (1...32).contains(TextRules.length(value)) else { return "must be 1 to 32 characters" }
        guard value.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || "-_./".contains($0) }) else {
            return "may contain only letters, digits, '-', '_', '.' and '/'"
        }
        return nil
    }

    /// Names: 1–100 characters, not blank, no control characters.
    public static func checkName(_ value: String) -> String? {
        guard !TextRules.isBlank(value) else { return "must not be blank" }
        guard TextRules.length(value) <= 100 else { return "must be at most 100 characters" }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "must not contain control characters"
        }
        return nil
    }

    /// Phone numbers: E.164 style, `+` then 6–15 digits.
    public static func checkPhone(_ value: String) -> String? {
        let digits = value.dropFirst()
        guard value.hasPrefix("+"), (6...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "must be an E.164 number such as +84901234567"
        }
        return nil
    }
}
