import Foundation
import HRDomain
import HRStore

/// Reads a `POST /api/v1/employees` body into a ``NewEmployee``, reporting every bad field at once.
enum EmployeeInput {
    static let createFields: Set<String> = [
        "employeeNumber", "issuer", "userSub", "firstName", "middleName", "lastName", "displayName", "nameOrder", "workEmail",
        "phone", "jobTitle", "departmentId", "scheduleId", "managerId", "employmentType", "hireDate", "timeZone", "compensation",
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
        let title = reader.string("jobTitle", required: false) { TextRules.length($0) <= 100 ? nil : "must be at most 100 characters" }
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
        var compensation: [CompensationEntry] = []
        if let raw = body["compensation"], raw != .null {
            compensation = Self.compensation(raw, reader: &reader)
        }
        let issuer = reader.string("issuer", required: false) { (1...512).contains(TextRules.length($0)) ? nil : "must be 1 to 512 characters" }
        let sub = reader.string("userSub", required: false) { (1...128).contains(TextRules.length($0)) ? nil : "must be 1 to 128 characters" }
        if (issuer == nil) != (sub == nil), reader.errors.isEmpty {
            reader.fail(issuer == nil ? "issuer" : "userSub", "issuer and userSub must be given together")
        }
        if let hire, reader.errors.isEmpty {
            for problem in CompensationRules.problems(compensation, hireDate: hire) { reader.errors.append(problem) }
        }
        guard reader.errors.isEmpty, let first, let last, let email, let type, let hire, mode == .replace || number != nil else {
            throw .validationFailed(reader.errors)
        }
        return NewEmployee(
            employeeNumber: number ?? "", login: issuer.flatMap { issuer in sub.map { LoginLink(issuer: issuer, subject: $0) } },
            firstName: first, middleName: middle, lastName: last, displayName: display, nameOrder: order ?? .givenFirst,
            workEmail: email.trimmingCharacters(in: .whitespaces), phone: phone, jobTitle: title, departmentID: department,
            scheduleID: schedule, managerID: manager,
            employmentType: type, hireDate: hire, timeZone: zone, compensation: CompensationRules.sorted(compensation))
    }

    /// Refuses a hire date or a compensation entry outside 1900-01-01 … a year from `today`.
    static func checkDates(_ input: NewEmployee, today: LocalDate) throws(HRError) {
        try DateLimits.check(input.hireDate, field: "/hireDate", today: today)
        for (index, entry) in input.compensation.enumerated() {
            try DateLimits.check(entry.effectiveFrom, field: "/compensation/\(index)/effectiveFrom", today: today)
        }
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
            if raw.unicodeScalars.contains("\u{0}") {
                errors.append(FieldError("/q", "must not contain NUL characters"))
            } else if TextRules.length(raw) <= 200 {
                query.text = raw
            } else {
                errors.append(FieldError("/q", "must be at most 200 characters"))
            }
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

extension EmployeeInput {
    /// Reads `compensation: [{effectiveFrom, payType, currency, components: [{code, kind, amountMinor}]}]`.
    static func compensation(_ value: JSONValue, reader: inout FieldReader) -> [CompensationEntry] {
        guard case .array(let items) = value else {
            reader.fail("compensation", "must be an array of entries")
            return []
        }
        var entries: [CompensationEntry] = []
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item else {
                reader.errors.append(FieldError("/compensation/\(index)", "must be an object"))
                continue
            }
            var entry = FieldReader(object, base: "/compensation/\(index)")
            entry.rejectUnknown(allowed: ["effectiveFrom", "payType", "currency", "components"])
            let from = entry.date("effectiveFrom", required: true)
            let payType = entry.enumeration("payType", required: true, as: PayType.self)
            let currency = entry.string("currency", required: true)
            var components: [PayComponent] = []
            if case .array(let parts)? = object["components"] {
                for (position, part) in parts.enumerated() {
                    guard case .object(let fields) = part else {
                        entry.errors.append(FieldError("/compensation/\(index)/components/\(position)", "must be an object"))
                        continue
                    }
                    var component = FieldReader(fields, base: "/compensation/\(index)/components/\(position)")
                    component.rejectUnknown(allowed: ["code", "kind", "amountMinor"])
                    let code = component.string("code", required: true)
                    let kind = component.enumeration("kind", required: true, as: PayComponentKind.self)
                    var amount: Int64?
                    switch fields["amountMinor"] {
                    case .integer(let value)?: amount = value
                    case nil, .null?: component.fail("amountMinor", "is required")
                    default: component.fail("amountMinor", "must be an integer number of minor units")
                    }
                    entry.errors += component.errors
                    if component.errors.isEmpty, let code, let kind, let amount {
                        components.append(PayComponent(code: code, kind: kind, amountMinor: amount))
                    }
                }
            } else {
                entry.fail("components", "is required: an array of {code, kind, amountMinor}")
            }
            reader.errors += entry.errors
            if entry.errors.isEmpty, let from, let payType, let currency {
                entries.append(CompensationEntry(effectiveFrom: from, payType: payType, currency: currency, components: components))
            }
        }
        return entries
    }
}
