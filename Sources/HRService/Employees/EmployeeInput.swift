import Foundation
import HRDomain
import HRStore

/// Reads a `POST /api/v1/employees` body into a ``NewEmployee``, reporting every bad field at once.
enum EmployeeInput {
    static let createFields: Set<String> = [
        "employeeNumber", "issuer", "userSub", "firstName", "middleName", "lastName", "displayName", "nameOrder", "workEmail",
        "phone", "jobTitle", "departmentId", "scheduleId", "managerId", "employmentType", "hireDate", "timeZone",
    ]
    /// Output-only fields a client may send back unchanged in a PUT (they are ignored).
    static let readOnlyFields: Set<String> = [
        "id", "version", "createdAt", "updatedAt", "department", "terminationDate", "terminationReason",
    ]

    /// Whether a body creates an employee (every required field) or replaces one (PUT: the
    /// employee number may be omitted, `status` may be set, read-only fields are ignored).
    enum Mode {
        case create
        case replace
    }

    static func newEmployee(from body: [String: JSONValue], defaultTimeZone: String, mode: Mode = .create) throws(HRError) -> NewEmployee {
        var reader = FieldReader(body)
        reader.rejectUnknown(allowed: mode == .create ? createFields : createFields.union(readOnlyFields).union(["status"]))
        let number = reader.string("employeeNumber", required: mode == .create, check: EmployeeRules.checkEmployeeNumber)
        let first = reader.string("firstName", required: true, check: EmployeeRules.checkName)
        let middle = reader.string("middleName", required: false, check: EmployeeRules.checkName)
        let last = reader.string("lastName", required: true, check: EmployeeRules.checkName)
        let display = reader.string("displayName", required: false, check: EmployeeRules.checkName)
        let order = reader.enumeration("nameOrder", required: false, as: NameOrder.self)
        let email = reader.string("workEmail", required: true) { EmailAddress.isValid($0) ? nil : "must be an email address" }
        let phone = reader.string("phone", required: false, check: EmployeeRules.checkPhone)
        let title = reader.string("jobTitle", required: false) { $0.count <= 100 ? nil : "must be at most 100 characters" }
        let manager = reader.uuid("managerId", required: false)
        let department = reader.uuid("departmentId", required: false)
        let schedule = reader.uuid("scheduleId", required: false)
        let type = reader.enumeration("employmentType", required: true, as: EmploymentType.self)
        let hire = reader.date("hireDate", required: true)
        var zone = defaultTimeZone
        if let given = reader.string("timeZone", required: false) {
            if let canonical = TimeZoneName.canonical(given) {
                zone = canonical
            } else {
                reader.fail("timeZone", "must be an IANA time zone such as Asia/Ho_Chi_Minh")
            }
        }
        let issuer = reader.string("issuer", required: false) { (1...512).contains($0.count) ? nil : "must be 1 to 512 characters" }
        let sub = reader.string("userSub", required: false) { (1...128).contains($0.count) ? nil : "must be 1 to 128 characters" }
        if (issuer == nil) != (sub == nil), reader.errors.isEmpty {
            reader.fail(issuer == nil ? "issuer" : "userSub", "issuer and userSub must be given together")
        }
        guard reader.errors.isEmpty, let first, let last, let email, let type, let hire, mode == .replace || number != nil else {
            throw .validationFailed(reader.errors)
        }
        return NewEmployee(
            employeeNumber: number ?? "", login: issuer.flatMap { issuer in sub.map { LoginLink(issuer: issuer, subject: $0) } },
            firstName: first, middleName: middle, lastName: last, displayName: display, nameOrder: order ?? .givenFirst,
            workEmail: email.trimmingCharacters(in: .whitespaces), phone: phone, jobTitle: title, departmentID: department,
            scheduleID: schedule, managerID: manager,
            employmentType: type, hireDate: hire, timeZone: zone)
    }

    /// Reads list parameters (`status`, `managerId`, `q`, `includeTerminated`, `sort`, `limit`,
    /// `offset`); a bad value is a 400 naming the parameter. Unknown parameters are ignored.
    static func query(from parameters: [String: String]) throws(HRError) -> EmployeeQuery {
        var query = EmployeeQuery()
        var errors: [FieldError] = []
        if let raw = parameters["status"] {
            if let status = EmployeeStatus(rawValue: raw) { query.status = status } else {
                errors.append(FieldError("/status", "must be one of: active, inactive, terminated"))
            }
        }
        if let raw = parameters["departmentId"] {
            if UUID(uuidString: raw) != nil, raw == raw.lowercased() { query.departmentID = raw } else {
                errors.append(FieldError("/departmentId", "must be a lowercase UUID"))
            }
        }
        if let raw = parameters["managerId"] {
            if UUID(uuidString: raw) != nil, raw == raw.lowercased() { query.managerID = raw } else {
                errors.append(FieldError("/managerId", "must be a lowercase UUID"))
            }
        }
        if let raw = parameters["q"] {
            if raw.count <= 200 { query.text = raw } else { errors.append(FieldError("/q", "must be at most 200 characters")) }
        }
        if let raw = parameters["includeTerminated"] {
            switch raw {
            case "true": query.includeTerminated = true
            case "false": query.includeTerminated = false
            default: errors.append(FieldError("/includeTerminated", "must be true or false"))
            }
        }
        if let raw = parameters["sort"] {
            let descending = raw.hasPrefix("-")
            if let field = EmployeeQuery.SortField(rawValue: descending ? String(raw.dropFirst()) : raw) {
                query.sort = field
                query.descending = descending
            } else {
                let names = EmployeeQuery.SortField.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError("/sort", "must be one of \(names), optionally prefixed with '-'"))
            }
        }
        if let raw = parameters["limit"] {
            if let limit = Int(raw), (1...200).contains(limit) { query.limit = limit } else {
                errors.append(FieldError("/limit", "must be an integer from 1 to 200"))
            }
        }
        if let raw = parameters["offset"] {
            if let offset = Int(raw), offset >= 0 { query.offset = offset } else {
                errors.append(FieldError("/offset", "must be a non-negative integer"))
            }
        }
        guard errors.isEmpty else { throw .validationFailed(errors) }
        return query
    }
}

extension EmployeeInput {
    /// The `status` a PUT may set: `active` or `inactive` (termination goes through DELETE).
    static func status(from body: [String: JSONValue]) throws(HRError) -> EmployeeStatus? {
        switch body["status"] {
        case nil, .null?: return nil
        case .string("active")?: return .active
        case .string("inactive")?: return .inactive
        case .string("terminated")?:
            throw .ruleViolation(code: "use_delete_to_terminate", detail: "terminate an employee with DELETE", field: "/status")
        default:
            throw .validationFailed([FieldError("/status", "must be one of: active, inactive")])
        }
    }

    /// Reads the termination parameters of a DELETE from its query or JSON body.
    static func termination(query: [String: String], body: [String: JSONValue], today: LocalDate) throws(HRError) -> TerminationRequest {
        var reader = FieldReader(body)
        reader.rejectUnknown(allowed: ["terminationDate", "reason", "reassignTo"])
        var date = reader.date("terminationDate", required: false)
        var reason = reader.string("reason", required: false) { $0.count <= 250 ? nil : "must be at most 250 characters" }
        var reassign = reader.uuid("reassignTo", required: false)
        var errors = reader.errors
        if let raw = query["terminationDate"] {
            if let parsed = LocalDate(raw) { date = parsed } else { errors.append(FieldError("/terminationDate", "must be a date in the form YYYY-MM-DD")) }
        }
        if let raw = query["reason"] {
            if raw.count <= 250 { reason = raw } else { errors.append(FieldError("/reason", "must be at most 250 characters")) }
        }
        if let raw = query["reassignTo"] {
            if UUID(uuidString: raw) != nil, raw == raw.lowercased() { reassign = raw } else {
                errors.append(FieldError("/reassignTo", "must be a lowercase UUID"))
            }
        }
        guard errors.isEmpty else { throw .validationFailed(errors) }
        return TerminationRequest(date: date ?? today, reason: reason, reassignTo: reassign)
    }
}
