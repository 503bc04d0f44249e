import Foundation

/// How an employee is engaged.
public enum EmploymentType: String, Sendable, Codable, CaseIterable {
    case fullTime = "full_time"
    case partTime = "part_time"
    case contract
    case intern
}

/// Where an employee is in their employment: `inactive` is a suspension, `terminated` a leaver.
public enum EmployeeStatus: String, Sendable, Codable, CaseIterable {
    case active
    case inactive
    case terminated
}

/// Which name comes first when the display name is built.
public enum NameOrder: String, Sendable, Codable, CaseIterable {
    /// "Jane Doe".
    case givenFirst = "given_first"
    /// "Nguyễn Văn An": family name first, as Vietnamese names are written.
    case familyFirst = "family_first"
}

/// The link from an employee to the login (token `iss` + `sub`) that acts as them.
public struct LoginLink: Sendable, Equatable, Codable {
    public var issuer: String
    public var subject: String

    public init(issuer: String, subject: String) {
        self.issuer = issuer
        self.subject = subject
    }
}

/// An employment record.
public struct Employee: Sendable, Equatable {
    public var id: String
    public var employeeNumber: String
    public var login: LoginLink?
    public var firstName: String
    public var middleName: String?
    public var lastName: String
    public var displayName: String
    public var nameOrder: NameOrder
    public var workEmail: String
    public var phone: String?
    public var jobTitle: String?
    public var departmentID: String?
    /// The work schedule the employee follows.
    public var scheduleID: String?
    public var managerID: String?
    public var employmentType: EmploymentType
    public var status: EmployeeStatus
    public var hireDate: LocalDate
    public var terminationDate: LocalDate?
    public var terminationReason: String?
    public var timeZone: String
    /// Effective-dated pay, oldest first; append-only.
    public var compensation: [CompensationEntry] = []
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, employeeNumber: String, login: LoginLink?, firstName: String, middleName: String?, lastName: String,
        displayName: String, nameOrder: NameOrder, workEmail: String, phone: String?, jobTitle: String?,
        departmentID: String? = nil, scheduleID: String? = nil, managerID: String?,
        employmentType: EmploymentType, status: EmployeeStatus, hireDate: LocalDate, terminationDate: LocalDate?,
        terminationReason: String?, timeZone: String, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
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
        self.status = status
        self.hireDate = hireDate
        self.terminationDate = terminationDate
        self.terminationReason = terminationReason
        self.timeZone = timeZone
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The name as people read it, honouring the name order.
    public static func displayName(first: String, middle: String?, last: String, order: NameOrder) -> String {
        let parts: [String?] = switch order {
        case .givenFirst: [first, middle, last]
        case .familyFirst: [last, middle, first]
        }
        return parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The normalised text search matches: names, number and email.
    public var searchKey: String {
        SearchKey.normalize([firstName, middleName ?? "", lastName, displayName, employeeNumber, workEmail].joined(separator: " "))
    }
}

extension Employee {
    /// The fields an audit event records when they change, by API name; personal ones are sealed.
    public var auditedFields: [String: String] {
        var fields: [String: String] = [
            "employeeNumber": employeeNumber, "firstName": firstName, "lastName": lastName, "displayName": displayName,
            "nameOrder": nameOrder.rawValue, "workEmail": workEmail, "employmentType": employmentType.rawValue,
            "status": status.rawValue, "hireDate": hireDate.description, "timeZone": timeZone,
        ]
        fields["middleName"] = middleName
        fields["phone"] = phone
        fields["jobTitle"] = jobTitle
        fields["departmentId"] = departmentID
        fields["scheduleId"] = scheduleID
        fields["managerId"] = managerID
        fields["terminationDate"] = terminationDate?.description
        fields["terminationReason"] = terminationReason
        if !compensation.isEmpty,
            let json = try? JSONEncoder.sortedKeys.encode(compensation) {
            fields["compensation"] = String(decoding: json, as: UTF8.self)
        }
        fields["issuer"] = login?.issuer
        fields["userSub"] = login?.subject
        return fields
    }
}

/// One changed field of an audited record.
public struct FieldChange: Sendable, Equatable, Codable {
    public var field: String
    public var from: String?
    public var to: String?

    public init(field: String, from: String?, to: String?) {
        self.field = field
        self.from = from
        self.to = to
    }

    /// The field-level difference between two snapshots, sorted by field name.
    public static func diff(_ before: [String: String], _ after: [String: String]) -> [FieldChange] {
        Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : FieldChange(field: key, from: before[key], to: after[key])
        }
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so equal values encode to equal bytes.
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
