import Foundation
import HRDomain
import SQLKit
import Storage
import TimeSource

/// ``EmployeeRepository`` over SQLKit; the same SQL runs on SQLite and PostgreSQL.
public struct SQLEmployeeRepository: EmployeeRepository {
    let database: any DatabaseClient
    let audit: AuditLog
    let clock: any WallClock
    /// Which employee each login resolves to, for ``linkedEmployee(for:)``.
    let links: LoginLinkCache

    public init(database: any DatabaseClient, audit: AuditLog, clock: any WallClock) {
        self.database = database
        self.audit = audit
        self.clock = clock
        self.links = LoginLinkCache()
    }

    /// A transaction that changes employees. The login-link cache is cleared once it has
    /// finished, committed or not, so no read from before the change is answered afterwards.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        defer { links.invalidate() }
        return try await database.write(body)
    }

    public func create(_ employee: Employee, actor: AuditActor) async throws -> Employee {
        let e = employee
        let audit = self.audit
        do {
            try await write { db in
                if let departmentID = e.departmentID {
                    try await Self.requireDepartment(departmentID, in: db)
                }
                try await db.raw(
                    """
                    INSERT INTO employees (id, employee_number, login_issuer, login_sub, first_name, middle_name, last_name,
                        display_name, name_order, work_email, work_email_normalized, phone, job_title, manager_id, employment_type,
                        status, hire_date, termination_date, termination_reason, time_zone, search_key, last_name_key, version,
                        created_at, updated_at)
                    VALUES (\(bind: e.id), \(bind: e.employeeNumber), \(bind: e.login?.issuer), \(bind: e.login?.subject),
                        \(bind: e.firstName), \(bind: e.middleName), \(bind: e.lastName), \(bind: e.displayName),
                        \(bind: e.nameOrder.rawValue), \(bind: e.workEmail), \(bind: EmailAddress.normalize(e.workEmail)),
                        \(bind: e.phone), \(bind: e.jobTitle), \(bind: e.managerID), \(bind: e.employmentType.rawValue),
                        \(bind: e.status.rawValue), \(bind: e.hireDate.description), \(bind: e.terminationDate?.description),
                        \(bind: e.terminationReason), \(bind: e.timeZone), \(bind: e.searchKey),
                        \(bind: SearchKey.normalize(e.lastName)), \(bind: e.version), \(bind: e.createdAt.epochMicroseconds),
                        \(bind: e.updatedAt.epochMicroseconds))
                    """
                ).run()
                if let scheduleID = e.scheduleID { try await Self.requireSchedule(scheduleID, in: db) }
                try await db.raw(
                    """
                    UPDATE employees SET department_id = \(bind: e.departmentID), schedule_id = \(bind: e.scheduleID),
                        compensation = \(bind: try Self.encodeCompensation(e.compensation))
                    WHERE id = \(bind: e.id)
                    """
                ).run()
                // Pay dated inside a closed month would change what was paid.
                if let first = e.compensation.map(\.effectiveFrom).min() {
                    try await PayrollRepository.requireNothingClosed(from: first, in: db)
                }
                try await audit.append(
                    "created", entityType: "employee", entityID: e.id, changes: FieldChange.diff([:], e.auditedFields), actor: actor,
                    sealFor: e.id, in: db)
            }
        } catch StorageError.uniqueViolation(let detail) {
            throw Self.duplicate(detail)
        } catch StorageError.foreignKeyViolation {
            throw HRError.ruleViolation(code: "invalid_manager", detail: "managerId does not name an employee", field: "/managerId")
        }
        return employee
    }

    /// Maps a unique-constraint report of either engine to the field it protects.
    static func duplicate(_ detail: String) -> HRError {
        if detail.contains("employee_number") || detail.contains("employees_number_current") {
            return .conflict(code: "duplicate", detail: "an employee with this employeeNumber exists", field: "/employeeNumber")
        }
        if detail.contains("work_email") || detail.contains("employees_email_current") {
            return .conflict(code: "duplicate", detail: "an employee with this workEmail exists", field: "/workEmail")
        }
        if detail.contains("login_") || detail.contains("employees_login_current") {
            return .conflict(code: "duplicate", detail: "this login is linked to another employee", field: "/userSub")
        }
        return .conflict(code: "duplicate", detail: "the employee already exists", field: nil)
    }

    public func get(id: String) async throws -> Employee? {
        try await database.read { db in
            try await db.raw("SELECT * FROM employees WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    public func linkedEmployee(for login: LoginLink) async throws -> LinkedEmployee? {
        let now = clock.now()
        let generation: UInt64
        switch links.lookup(login, now: now) {
        case .hit(let linked): return linked
        case .miss(let current): generation = current
        }
        let linked = try await database.read { db in
            try await db.raw(
                """
                SELECT id, status FROM employees WHERE login_issuer = \(bind: login.issuer) AND login_sub = \(bind: login.subject)
                ORDER BY CASE WHEN status = 'terminated' THEN 1 ELSE 0 END, created_at DESC LIMIT 1
                """
            ).first().map { row in
                LinkedEmployee(
                    id: try row.decode(column: "id", as: String.self),
                    status: EmployeeStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .active)
            }
        }
        links.store(linked, for: login, loadedAt: now, generation: generation)
        return linked
    }

    public func firstHireDate() async throws -> LocalDate? {
        try await database.read { db in
            guard let text = try await db.raw("SELECT MIN(hire_date) AS first FROM employees").first()?.decode(column: "first", as: String?.self)
            else { return nil }
            guard let date = LocalDate(text) else { throw StorageError.checkViolation(detail: "bad hire date: \(text)") }
            return date
        }
    }

    public func isInTeam(employeeID: String, managerID: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw(
                """
                WITH RECURSIVE team(id) AS (
                    SELECT id FROM employees WHERE manager_id = \(bind: managerID)
                    UNION SELECT e.id FROM employees e JOIN team t ON e.manager_id = t.id
                )
                SELECT 1 AS found FROM team WHERE id = \(bind: employeeID)
                """
            ).first() != nil
        }
    }

    public func list(_ query: EmployeeQuery, visibility: EmployeeVisibility) async throws -> EmployeePage {
        var filter: SQLQueryString = "WHERE 1 = 1"
        var team: SQLQueryString = ""
        switch visibility {
        case .all:
            break
        case .nothing:
            return EmployeePage(employees: [], total: 0)
        case .selfOnly(let me):
            filter += " AND id = \(bind: me)"
        case .teamAndSelf(let me):
            team = """
                WITH RECURSIVE team(id) AS (
                    SELECT id FROM employees WHERE manager_id = \(bind: me)
                    UNION SELECT e.id FROM employees e JOIN team t ON e.manager_id = t.id
                )
                """
            filter += " AND (id = \(bind: me) OR id IN (SELECT id FROM team))"
        }
        if let status = query.status {
            filter += " AND status = \(bind: status.rawValue)"
        } else if !query.includeTerminated {
            filter += " AND status <> 'terminated'"
        }
        if let manager = query.managerID {
            filter += " AND manager_id = \(bind: manager)"
        }
        if let department = query.departmentID {
            filter += " AND department_id = \(bind: department)"
        }
        if let text = query.text.map(SearchKey.normalize), !text.isEmpty {
            for word in text.split(separator: " ") {
                filter += " AND search_key LIKE \(bind: "%" + Self.escapeLike(String(word)) + "%") ESCAPE '\\'"
            }
        }
        let column = switch query.sort {
        case .employeeNumber: "employee_number"
        case .lastName: "last_name_key"
        case .hireDate: "hire_date"
        case .createdAt: "created_at"
        }
        let direction = query.descending ? "DESC" : "ASC"
        // Byte order on both engines: PostgreSQL's default collation would otherwise sort (and
        // page) differently from SQLite's.
        let collation = database.engine == .postgres && query.sort != .createdAt ? " COLLATE \"C\"" : ""
        let countSQL: SQLQueryString = team + " SELECT COUNT(*) AS total FROM employees " + filter
        let pageSQL: SQLQueryString =
            team + " SELECT * FROM employees " + filter
            + " ORDER BY \(unsafeRaw: column)\(unsafeRaw: collation) \(unsafeRaw: direction), id ASC LIMIT \(bind: query.limit) OFFSET \(bind: query.offset)"
        return try await database.read { db in
            let total = try await db.raw(countSQL).first(decodingColumn: "total", as: Int.self) ?? 0
            let rows = try await db.raw(pageSQL).all()
            return EmployeePage(employees: try rows.map(Self.decode), total: total)
        }
    }

    static func encodeCompensation(_ entries: [CompensationEntry]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func decode(_ row: any SQLRow) throws -> Employee {
        func date(_ column: String) throws -> LocalDate? {
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard let value = LocalDate(text) else { throw StorageError.checkViolation(detail: "bad date in \(column): \(text)") }
            return value
        }
        guard let hireDate = try date("hire_date") else { throw StorageError.checkViolation(detail: "employee without a hire date") }
        let issuer = try row.decode(column: "login_issuer", as: String?.self)
        let sub = try row.decode(column: "login_sub", as: String?.self)
        var employee = Employee(
            id: try row.decode(column: "id", as: String.self),
            employeeNumber: try row.decode(column: "employee_number", as: String.self),
            login: issuer.flatMap { issuer in sub.map { LoginLink(issuer: issuer, subject: $0) } },
            firstName: try row.decode(column: "first_name", as: String.self),
            middleName: try row.decode(column: "middle_name", as: String?.self),
            lastName: try row.decode(column: "last_name", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            nameOrder: NameOrder(rawValue: try row.decode(column: "name_order", as: String.self)) ?? .givenFirst,
            workEmail: try row.decode(column: "work_email", as: String.self),
            phone: try row.decode(column: "phone", as: String?.self),
            jobTitle: try row.decode(column: "job_title", as: String?.self),
            departmentID: try row.decode(column: "department_id", as: String?.self),
            scheduleID: try row.decode(column: "schedule_id", as: String?.self),
            managerID: try row.decode(column: "manager_id", as: String?.self),
            employmentType: EmploymentType(rawValue: try row.decode(column: "employment_type", as: String.self)) ?? .fullTime,
            status: EmployeeStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .active,
            hireDate: hireDate,
            terminationDate: try date("termination_date"),
            terminationReason: try row.decode(column: "termination_reason", as: String?.self),
            timeZone: try row.decode(column: "time_zone", as: String.self),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
        employee.compensation = try JSONDecoder().decode(
            [CompensationEntry].self, from: Data(try row.decode(column: "compensation", as: String.self).utf8))
        return employee
    }
}
