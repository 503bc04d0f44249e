import Foundation
import HRDomain

/// An employee as the API returns it (camelCase, dates `YYYY-MM-DD`, instants RFC 3339 UTC).
struct EmployeeRepresentation: JSONWritable {
    var id: String
    var employeeNumber: String
    var issuer: String?
    var userSub: String?
    var firstName: String
    var middleName: String?
    var lastName: String
    var displayName: String
    var nameOrder: String
    var workEmail: String
    var phone: String?
    var jobTitle: String?
    var departmentId: String?
    var department: DepartmentSummary?
    var scheduleId: String?
    var managerId: String?
    var employmentType: String
    var status: String
    var hireDate: String
    var terminationDate: String?
    var terminationReason: String?
    var timeZone: String
    /// Present only for callers who may see pay: hr_admin and the employee themselves.
    var compensation: [CompensationEntry]?
    var version: Int
    var createdAt: String
    var updatedAt: String

    /// The department as an employee shows it: `{id, code, name}`.
    struct DepartmentSummary: Encodable {
        var id: String
        var code: String
        var name: String
    }

    init(_ e: Employee, department: Department? = nil, showPay: Bool = false) {
        id = e.id
        employeeNumber = e.employeeNumber
        issuer = e.login?.issuer
        userSub = e.login?.subject
        firstName = e.firstName
        middleName = e.middleName
        lastName = e.lastName
        displayName = e.displayName
        nameOrder = e.nameOrder.rawValue
        workEmail = e.workEmail
        phone = e.phone
        jobTitle = e.jobTitle
        departmentId = e.departmentID
        scheduleId = e.scheduleID
        self.department = department.map { DepartmentSummary(id: $0.id, code: $0.code, name: $0.name) }
        managerId = e.managerID
        employmentType = e.employmentType.rawValue
        status = e.status.rawValue
        hireDate = e.hireDate.description
        terminationDate = e.terminationDate?.description
        terminationReason = e.terminationReason
        timeZone = e.timeZone
        compensation = showPay ? e.compensation : nil
        version = e.version
        createdAt = RFC3339.string(e.createdAt)
        updatedAt = RFC3339.string(e.updatedAt)
    }

    /// Absent optionals are written as `null`, so every field is always present.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(employeeNumber, forKey: .employeeNumber)
        try c.encode(issuer, forKey: .issuer)
        try c.encode(userSub, forKey: .userSub)
        try c.encode(firstName, forKey: .firstName)
        try c.encode(middleName, forKey: .middleName)
        try c.encode(lastName, forKey: .lastName)
        try c.encode(displayName, forKey: .displayName)
        try c.encode(nameOrder, forKey: .nameOrder)
        try c.encode(workEmail, forKey: .workEmail)
        try c.encode(phone, forKey: .phone)
        try c.encode(jobTitle, forKey: .jobTitle)
        try c.encode(departmentId, forKey: .departmentId)
        try c.encode(department, forKey: .department)
        try c.encode(scheduleId, forKey: .scheduleId)
        try c.encode(managerId, forKey: .managerId)
        try c.encode(employmentType, forKey: .employmentType)
        try c.encode(status, forKey: .status)
        try c.encode(hireDate, forKey: .hireDate)
        try c.encode(terminationDate, forKey: .terminationDate)
        try c.encode(terminationReason, forKey: .terminationReason)
        try c.encode(timeZone, forKey: .timeZone)
        if let compensation { try c.encode(compensation, forKey: .compensation) }
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    var jsonOutput: JSONOutput {
        var members: [String: JSONOutput] = [
            "id": .string(id), "employeeNumber": .string(employeeNumber), "issuer": .string(issuer), "userSub": .string(userSub),
            "firstName": .string(firstName), "middleName": .string(middleName), "lastName": .string(lastName),
            "displayName": .string(displayName), "nameOrder": .string(nameOrder), "workEmail": .string(workEmail),
            "phone": .string(phone), "jobTitle": .string(jobTitle), "departmentId": .string(departmentId),
            "department": department.map { .object(["id": .string($0.id), "code": .string($0.code), "name": .string($0.name)]) } ?? .null,
            "scheduleId": .string(scheduleId), "managerId": .string(managerId), "employmentType": .string(employmentType),
            "status": .string(status), "hireDate": .string(hireDate), "terminationDate": .string(terminationDate),
            "terminationReason": .string(terminationReason), "timeZone": .string(timeZone), "version": .integer(Int64(version)),
            "createdAt": .string(createdAt), "updatedAt": .string(updatedAt),
        ]
        if let compensation { members["compensation"] = .array(compensation.map(Self.output)) }
        return .object(members)
    }

    static func output(_ entry: CompensationEntry) -> JSONOutput {
        .object([
            "effectiveFrom": .string(entry.effectiveFrom.description), "payType": .string(entry.payType.rawValue),
            "currency": .string(entry.currency),
            "components": .array(entry.components.map {
                .object(["code": .string($0.code), "kind": .string($0.kind.rawValue), "amountMinor": .integer($0.amountMinor)])
            }),
        ])
    }

    enum CodingKeys: String, CodingKey {
        case id, employeeNumber, issuer, userSub, firstName, middleName, lastName, displayName, nameOrder, workEmail, phone
        case jobTitle, departmentId, department, scheduleId, managerId, employmentType, status, hireDate, terminationDate, terminationReason, timeZone, compensation, version
        case createdAt, updatedAt
    }
}

/// RFC 3339 timestamps in UTC with a `Z`, microsecond precision.
enum RFC3339 {
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)

    static func string(_ date: Date) -> String {
        date.formatted(style)
    }
}

/// The list envelope: `{"data": [...], "meta": {"total", "limit", "offset"}}`.
struct ListEnvelope<Item: Encodable>: Encodable {
    struct Meta: Encodable {
        var total: Int
        var limit: Int
        var offset: Int
    }
    var data: [Item]
    var meta: Meta
}

extension ListEnvelope: JSONWritable where Item: JSONWritable {
    var jsonOutput: JSONOutput {
        .object([
            "data": .array(data.map(\.jsonOutput)),
            "meta": .object(["total": .integer(Int64(meta.total)), "limit": .integer(Int64(meta.limit)), "offset": .integer(Int64(meta.offset))]),
        ])
    }
}
