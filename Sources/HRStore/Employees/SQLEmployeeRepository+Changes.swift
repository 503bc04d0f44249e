import Foundation
import HRDomain
import SQLKit
import Storage
import TimeSource

extension SQLEmployeeRepository {
    /// Reads an employee for update. PostgreSQL locks the row (`FOR UPDATE`) so concurrent changes
    /// queue; SQLite needs no row lock, its single writer already serialises transactions.
    static func lockedEmployee(_ id: String, engine: DatabaseEngine, in db: any SQLDatabase) async throws -> Employee? {
        switch engine {
        case .postgres:
            try await db.raw("SELECT * FROM employees WHERE id = \(bind: id) FOR UPDATE").first().map(decode)
        case .sqlite:
            try await db.raw("SELECT * FROM employees WHERE id = \(bind: id)").first().map(decode)
        }
    }

    static func requireDepartment(_ id: String, in db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT id FROM departments WHERE id = \(bind: id)").first() != nil else {
            throw HRError.ruleViolation(code: "invalid_reference", detail: "departmentId does not name a department", field: "/departmentId")
        }
    }

    static func requireSchedule(_ id: String, in db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT id FROM work_schedules WHERE id = \(bind: id)").first() != nil else {
            throw HRError.ruleViolation(code: "invalid_reference", detail: "scheduleId does not name a schedule", field: "/scheduleId")
        }
    }

    /// Checks a manager assignment: the manager exists, is active, and is neither the employee nor one of their reports.
    static func checkManager(_ managerID: String, for employeeID: String, in db: any SQLDatabase) async throws {
        guard let manager = try await db.raw("SELECT * FROM employees WHERE id = \(bind: managerID)").first().map(decode) else {
            throw HRError.ruleViolation(code: "invalid_manager", detail: "managerId does not name an employee", field: "/managerId")
        }
        guard manager.status == .active else {
            throw HRError.ruleViolation(code: "employee_not_active", detail: "the manager is not active", field: "/managerId")
        }
        let cycle = try await db.raw(
            """
            WITH RECURSIVE team(id) AS (
                SELECT id FROM employees WHERE manager_id = \(bind: employeeID)
                UNION SELECT e.id FROM employees e JOIN team t ON e.manager_id = t.id
            )
            SELECT 1 AS found FROM team WHERE id = \(bind: managerID)
            """
        ).first() != nil
        if managerID == employeeID || cycle {
            throw HRError.ruleViolation(
                code: "manager_cycle", detail: "the manager would report to this employee, directly or indirectly", field: "/managerId")
        }
    }

    public func update(_ employee: Employee, expectedVersion: Int, actor: AuditActor) async throws -> Employee {
        let engine = database.engine
        let audit = self.audit
        let now = clock.now()
        do {
            return try await write { db in
                guard let current = try await Self.lockedEmployee(employee.id, engine: engine, in: db) else {
                    throw HRError.notFound("employee \(employee.id)")
                }
                guard current.version == expectedVersion else { throw HRError.versionMismatch(current: current.version) }
                // Append-only, whatever the caller checked before.
                try CompensationRules.checkAppendOnly(existing: current.compensation, proposed: employee.compensation)
                guard current.status != .terminated else {
                    throw HRError.conflict(code: "employee_terminated", detail: "a terminated employment cannot be changed", field: nil)
                }
                if let managerID = employee.managerID, managerID != current.managerID {
                    try await Self.checkManager(managerID, for: current.id, in: db)
                }
                if let departmentID = employee.departmentID {
                    try await Self.requireDepartment(departmentID, in: db)
                }
                if let scheduleID = employee.scheduleID {
                    try await Self.requireSchedule(scheduleID, in: db)
                }
                var updated = employee
                updated.employeeNumber = current.employeeNumber
                updated.terminationDate = current.terminationDate
                updated.terminationReason = current.terminationReason
                updated.createdAt = current.createdAt
                updated.updatedAt = now
                updated.version = current.version + 1
                let u = updated
                try await db.raw(
                    """
                    UPDATE employees SET login_issuer = \(bind: u.login?.issuer), login_sub = \(bind: u.login?.subject),
                        first_name = \(bind: u.firstName), middle_name = \(bind: u.middleName), last_name = \(bind: u.lastName),
                        display_name = \(bind: u.displayName), name_order = \(bind: u.nameOrder.rawValue), work_email = \(bind: u.workEmail),
                        work_email_normalized = \(bind: EmailAddress.normalize(u.workEmail)), phone = \(bind: u.phone),
                        job_title = \(bind: u.jobTitle), department_id = \(bind: u.departmentID),
                        schedule_id = \(bind: u.scheduleID), compensation = \(bind: try Self.encodeCompensation(u.compensation)), manager_id = \(bind: u.managerID),
                        employment_type = \(bind: u.employmentType.rawValue), status = \(bind: u.status.rawValue),
                        hire_date = \(bind: u.hireDate.description), time_zone = \(bind: u.timeZone), search_key = \(bind: u.searchKey),
                        last_name_key = \(bind: SearchKey.normalize(u.lastName)), version = \(bind: u.version),
                        updated_at = \(bind: u.updatedAt.epochMicroseconds)
                    WHERE id = \(bind: u.id)
                    """
                ).run()
                // A new entry must not reach back into a closed pay period.
                if let earliest = u.compensation.filter({ !current.compensation.contains($0) }).map(\.effectiveFrom).min() {
                    try await PayrollRepository.requireNothingClosed(from: earliest, in: db)
                }
                let changes = FieldChange.diff(current.auditedFields, u.auditedFields)
                if !changes.isEmpty {
                    try await audit.append("updated", entityType: "employee", entityID: u.id, changes: changes, actor: actor, sealFor: u.id, in: db)
                }
                return u
            }
        } catch StorageError.uniqueViolation(let detail) {
            throw Self.duplicate(detail)
        }
    }

    public func terminate(
        id: String, request: TerminationRequest, expectedVersion: Int?, today: LocalDate, callerEmployeeID: String?,
        actor: AuditActor, accounts: any LoginAccountPort
    ) async throws -> TerminationOutcome {
        let engine = database.engine
        let audit = self.audit
        let now = clock.now()
        return try await write { db in
            guard let current = try await Self.lockedEmployee(id, engine: engine, in: db) else { throw HRError.notFound("employee \(id)") }
            if let expectedVersion, expectedVersion != current.version { throw HRError.versionMismatch(current: current.version) }
            let decision = try TerminationRules.decide(employee: current, request: request, today: today, callerEmployeeID: callerEmployeeID)
            if decision == .unchanged { return TerminationOutcome(employee: current, changed: false, loginDisabled: false) }
            try await Self.reassignReports(of: current, to: request.reassignTo, actor: actor, audit: audit, now: now, in: db)
            var updated = current
            updated.terminationDate = request.date
            updated.terminationReason = request.reason
            if decision == .terminateNow { updated.status = .terminated }
            updated.version = current.version + 1
            updated.updatedAt = now
            try await db.raw(
                """
                UPDATE employees SET status = \(bind: updated.status.rawValue), termination_date = \(bind: request.date.description),
                    termination_reason = \(bind: request.reason), version = \(bind: updated.version), updated_at = \(bind: now.epochMicroseconds)
                WHERE id = \(bind: id)
                """
            ).run()
            var disabled = false
            if decision == .terminateNow, let login = current.login {
                try await accounts.disable(login, at: now, in: db)
                disabled = true
            }
            try await audit.append(
                decision == .terminateNow ? "terminated" : "termination_scheduled", entityType: "employee", entityID: id,
                changes: FieldChange.diff(current.auditedFields, updated.auditedFields), reason: request.reason, actor: actor,
                sealFor: id, in: db)
            return TerminationOutcome(employee: updated, changed: true, loginDisabled: disabled)
        }
    }

    /// Moves a leaver's active direct reports to `newManager`, or refuses when there are any and none is given.
    static func reassignReports(
        of leaver: Employee, to newManager: String?, actor: AuditActor, audit: AuditLog, now: Date, in db: any SQLDatabase
    ) async throws {
        let reports = try await db.raw(
            "SELECT * FROM employees WHERE manager_id = \(bind: leaver.id) AND status <> 'terminated' ORDER BY id"
        ).all().map(decode)
        if reports.isEmpty { return }
        guard let newManager else {
            throw HRError.conflict(
                code: "has_active_reports", detail: "\(reports.count) active employees report to this employee; give reassignTo",
                field: "/reassignTo")
        }
        guard newManager != leaver.id else {
            throw HRError.ruleViolation(code: "invalid_manager", detail: "reassignTo cannot be the leaver", field: "/reassignTo")
        }
        guard let target = try await db.raw("SELECT * FROM employees WHERE id = \(bind: newManager)").first().map(decode) else {
            throw HRError.ruleViolation(code: "invalid_manager", detail: "reassignTo does not name an employee", field: "/reassignTo")
        }
        guard target.status == .active, target.terminationDate == nil else {
            throw HRError.ruleViolation(code: "employee_not_active", detail: "reassignTo is not an active employee", field: "/reassignTo")
        }
        for report in reports {
            // A report promoted to take the team over keeps the leaver's own manager.
            let manager = report.id == newManager ? leaver.managerID : newManager
            try await db.raw(
                """
                UPDATE employees SET manager_id = \(bind: manager), version = version + 1, updated_at = \(bind: now.epochMicroseconds)
                WHERE id = \(bind: report.id)
                """
            ).run()
            try await audit.append(
                "updated", entityType: "employee", entityID: report.id,
                changes: [FieldChange(field: "managerId", from: report.managerID, to: manager)],
                reason: "manager \(leaver.id) left", actor: actor, sealFor: report.id, in: db)
        }
    }

    public func terminateDue(today: LocalDate, actor: AuditActor, accounts: any LoginAccountPort) async throws -> [Employee] {
        let due = try await database.read { db in
            try await db.raw(
                """
                SELECT * FROM employees WHERE status <> 'terminated' AND termination_date IS NOT NULL
                    AND termination_date < \(bind: today.description)
                """
            ).all().map(Self.decode)
        }
        let engine = database.engine
        let audit = self.audit
        let now = clock.now()
        var terminated: [Employee] = []
        for employee in due {
            let done = try await write { db -> Employee? in
                guard let current = try await Self.lockedEmployee(employee.id, engine: engine, in: db),
                    current.status != .terminated, let date = current.terminationDate, date < today
                else { return nil }
                var updated = current
                updated.status = .terminated
                updated.version += 1
                updated.updatedAt = now
                try await db.raw(
                    """
                    UPDATE employees SET status = 'terminated', version = \(bind: updated.version), updated_at = \(bind: now.epochMicroseconds)
                    WHERE id = \(bind: current.id)
                    """
                ).run()
                if let login = current.login {
                    try await accounts.disable(login, at: now, in: db)
                }
                try await audit.append(
                    "terminated", entityType: "employee", entityID: current.id,
                    changes: FieldChange.diff(current.auditedFields, updated.auditedFields), reason: current.terminationReason,
                    actor: actor, sealFor: current.id, in: db)
                return updated
            }
            if let done { terminated.append(done) }
        }
        return terminated
    }

    public func history(id: String) async throws -> [AuditEvent] {
        let audit = self.audit
        return try await database.read { db in try await audit.events(entityType: "employee", entityID: id, in: db) }
    }
}
