import Crypto
import Foundation
import HRDomain
import SQLKit
import Storage
import TimeSource

/// Which payslips a request is about.
public struct PayrollQuery: Sendable, Equatable {
    public var period: PayPeriod
    public var employeeID: String?
    public var departmentID: String?

    public init(period: PayPeriod, employeeID: String? = nil, departmentID: String? = nil) {
        self.period = period
        self.employeeID = employeeID
        self.departmentID = departmentID
    }
}

/// A period's state.
public struct PayrollPeriodState: Sendable, Equatable {
    public var period: PayPeriod
    public var closed: Bool
    public var closedAt: Date?
    public var closedBy: String?
    public var payslips: Int
}

/// Computes payslips from stored inputs with a bounded number of queries (employees, attendance,
/// work rules: never one per employee), and freezes and releases closed periods.
public struct PayrollRepository: Sendable {
    let database: any DatabaseClient
    let audit: AuditLog
    let clock: any WallClock

    public init(database: any DatabaseClient, audit: AuditLog, clock: any WallClock) {
        self.database = database
        self.audit = audit
        self.clock = clock
    }

    /// The stored state of `period` (open when never closed).
    public func state(of period: PayPeriod) async throws -> PayrollPeriodState {
        try await database.read { db in try await Self.state(of: period, in: db) }
    }

    static func state(of period: PayPeriod, in db: any SQLDatabase) async throws -> PayrollPeriodState {
        let row = try await db.raw("SELECT * FROM payroll_periods WHERE period = \(bind: period.description)").first()
        let count = try await db.raw("SELECT COUNT(*) AS n FROM payslips WHERE period = \(bind: period.description)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        return PayrollPeriodState(
            period: period, closed: try row?.decode(column: "state", as: String.self) == "closed",
            closedAt: try row?.decode(column: "closed_at", as: Int64?.self).map { Date(epochMicroseconds: $0) },
            closedBy: try row?.decode(column: "closed_by", as: String?.self), payslips: count)
    }

    /// Payslips computed now from the stored inputs, ordered by employee number.
    /// - Parameter asOf: the last judged date of a current month; nil for a past one.
    public func compute(_ query: PayrollQuery, asOf: LocalDate?, status: String) async throws -> [Payslip] {
        try await database.read { db in try await Self.compute(query, asOf: asOf, status: status, in: db) }
    }

    /// The payslips frozen when the period closed, ordered by employee number.
    public func snapshots(_ query: PayrollQuery) async throws -> [Payslip] {
        try await database.read { db in
            let select = db.select().column("document").from("payslips").where("period", .equal, query.period.description)
            if let employeeID = query.employeeID { select.where("employee_id", .equal, employeeID) }
            if let departmentID = query.departmentID { select.where("department_id", .equal, departmentID) }
            let decoder = JSONDecoder()
            return try await select.orderBy("employee_number").orderBy("employee_id").all(decodingColumn: "document", as: String.self)
                .map { try decoder.decode(Payslip.self, from: Data($0.utf8)) }
        }
    }

    /// Closes a period: computes every payslip inside the transaction (writers of attendance and
    /// employees wait for it on PostgreSQL), stores each with its inputs' digest, and audits it.
    public func close(_ period: PayPeriod, reason: String? = nil, actor: AuditActor) async throws -> PayrollPeriodState {
        let engine = database.engine
        let audit = self.audit
        let now = clock.now()
        return try await database.write { db in
            if engine == .postgres {
                // Conflicts with every writer of these tables and with another close.
                try await db.raw("LOCK TABLE attendance_records, employees IN SHARE ROW EXCLUSIVE MODE").run()
            }
            let current = try await Self.state(of: period, in: db)
            guard !current.closed else {
                throw HRError.conflict(code: "period_closed", detail: "\(period) is already closed", field: nil)
            }
            let slips = try await Self.compute(PayrollQuery(period: period), asOf: nil, status: "final", in: db)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for slip in slips {
                try await db.raw(
                    """
                    INSERT INTO payslips (period, employee_id, employee_number, department_id, currency, gross_minor, deductions_minor, net_minor,
                        inputs_digest, policy_version, document, created_at)
                    VALUES (\(bind: period.description), \(bind: slip.employee.id), \(bind: slip.employee.employeeNumber),
                        \(bind: slip.employee.departmentId), \(bind: slip.currency), \(bind: slip.grossMinor), \(bind: slip.totalDeductionsMinor),
                        \(bind: slip.netMinor), \(bind: slip.inputsDigest), \(bind: slip.policyVersion),
                        \(bind: String(decoding: try encoder.encode(slip), as: UTF8.self)), \(bind: now.epochMicroseconds))
                    """
                ).run()
            }
            try await db.raw("DELETE FROM payroll_periods WHERE period = \(bind: period.description)").run()
            try await db.raw(
                """
                INSERT INTO payroll_periods (period, state, closed_at, closed_by, version, updated_at)
                VALUES (\(bind: period.description), 'closed', \(bind: now.epochMicroseconds), \(bind: actor.id), 1, \(bind: now.epochMicroseconds))
                """
            ).run()
            try await audit.append(
                "closed", entityType: "payroll_period", entityID: period.description,
                changes: [
                    FieldChange(field: "state", from: "open", to: "closed"),
                    FieldChange(field: "payslips", from: nil, to: String(slips.count)),
                    FieldChange(field: "inputsDigests", from: nil, to: Self.digest(slips.map { "\($0.employee.id):\($0.inputsDigest)" }.joined(separator: "\n"))),
                ],
                reason: reason, actor: actor, sealFor: nil, in: db)
            return PayrollPeriodState(period: period, closed: true, closedAt: now, closedBy: actor.id, payslips: slips.count)
        }
    }

    /// Reopens a closed period: its snapshots are released (the audit trail keeps their digests)
    /// and its records may change again.
    public func reopen(_ period: PayPeriod, reason: String?, actor: AuditActor) async throws -> PayrollPeriodState {
        let audit = self.audit
        let now = clock.now()
        return try await database.write { db in
            let current = try await Self.state(of: period, in: db)
            guard current.closed else { throw HRError.conflict(code: "period_not_closed", detail: "\(period) is not closed", field: nil) }
            try await db.raw("DELETE FROM payslips WHERE period = \(bind: period.description)").run()
            try await db.raw(
                """
                UPDATE payroll_periods SET state = 'open', closed_at = NULL, closed_by = NULL, version = version + 1,
                    updated_at = \(bind: now.epochMicroseconds) WHERE period = \(bind: period.description)
                """
            ).run()
            try await audit.append(
                "reopened", entityType: "payroll_period", entityID: period.description,
                changes: [FieldChange(field: "state", from: "closed", to: "open"), FieldChange(field: "payslips", from: String(current.payslips), to: nil)],
                reason: reason, actor: actor, sealFor: nil, in: db)
            return PayrollPeriodState(period: period, closed: false, closedAt: nil, closedBy: nil, payslips: 0)
        }
    }

    /// Refuses a write dated inside a closed period (423). Called after the write's own statements,
    /// so on PostgreSQL a close that committed while the write waited is seen.
    public static func requireOpen(_ dates: [LocalDate], in db: any SQLDatabase) async throws {
        let periods = Array(Set(dates.map { PayPeriod(containing: $0).description })).sorted()
        guard !periods.isEmpty else { return }
        let closed = try await db.select().column("period").from("payroll_periods")
            .where("period", .in, periods).where("state", .equal, "closed")
            .orderBy("period").first(decodingColumn: "period", as: String.self)
        if let closed { throw HRError.periodLocked(period: closed) }
    }

    /// Refuses a change that takes effect on `date` when a closed period ends on or after it (a new
    /// compensation entry would change what was paid).
    public static func requireNothingClosed(from date: LocalDate, in db: any SQLDatabase) async throws {
        let closed = try await db.select().column("period").from("payroll_periods")
            .where("period", .greaterThanOrEqual, PayPeriod(containing: date).description).where("state", .equal, "closed")
            .orderBy("period").first(decodingColumn: "period", as: String.self)
        if let closed { throw HRError.periodLocked(period: closed) }
    }

    // MARK: Inputs

    static func compute(_ query: PayrollQuery, asOf: LocalDate?, status: String, in db: any SQLDatabase) async throws -> [Payslip] {
        let period = query.period
        let filtered = db.select().column("*").from("employees")
            .where("hire_date", .lessThanOrEqual, period.end.description)
            .where {
                $0.where(SQLBinaryExpression(SQLColumn("termination_date"), .is, SQLLiteral.null))
                    .orWhere("termination_date", .greaterThanOrEqual, period.start.description)
            }
        if let employeeID = query.employeeID { filtered.where("id", .equal, employeeID) }
        if let departmentID = query.departmentID { filtered.where("department_id", .equal, departmentID) }
        let employees = try await filtered.orderBy("employee_number").orderBy("id").all().map(SQLEmployeeRepository.decode)
        guard !employees.isEmpty else { return [] }
        let recordQuery = db.select().column("*").from("attendance_records")
            .where("work_date", .greaterThanOrEqual, period.start.description)
            .where("work_date", .lessThanOrEqual, period.end.description)
            .where("state", .notEqual, "voided")
        if employees.count <= 500 { recordQuery.where("employee_id", .in, employees.map(\.id)) }
        let records = Dictionary(grouping: try await recordQuery.all().map(AttendanceRepository.decode), by: \.employeeID)
        let rules = try await WorkRulesRepository.snapshot(in: db)
        var slips: [Payslip] = []
        slips.reserveCapacity(employees.count)
        for employee in employees {
            let own = records[employee.id] ?? []
            let days = rules.days(of: employee, records: own)
            var slip = try payslip(of: employee, .init(days: days, period: period, asOf: asOf, status: status))
            slip.inputsDigest = digest(inputs(of: days, records: own, period: period, slip: slip))
            slips.append(slip)
        }
        return slips
    }

    /// One employee's payslip; a payslip that cannot be computed names its employee, since among
    /// hundreds of payslips HR needs to know whose record to fix.
    static func payslip(of employee: Employee, _ input: PayrollCalculator.Input) throws(HRError) -> Payslip {
        let result = Result { () throws(HRError) in try PayrollCalculator.payslip(input) }
        switch result {
        case .success(let slip):
            return slip
        case .failure(.ruleViolation(let code, let detail, let field)):
            throw .ruleViolation(code: code, detail: "employee \(employee.employeeNumber) (\(employee.id)): \(detail)", field: field)
        case .failure(let other):
            throw other
        }
    }

    /// A canonical text of everything a payslip was computed from.
    static func inputs(of days: EmployeeDays, records: [AttendanceRecord], period: PayPeriod, slip: Payslip) -> String {
        let e = days.employee
        var lines = [
            "period \(period)", "employee \(e.id) hire \(e.hireDate) end \(e.terminationDate?.description ?? "-") zone \(e.timeZone)",
        ]
        for entry in e.compensation.sorted(by: { $0.effectiveFrom < $1.effectiveFrom }) {
            lines.append(
                "pay \(entry.effectiveFrom) \(entry.payType.rawValue) \(entry.currency) "
                    + entry.components.map { "\($0.code):\($0.kind.rawValue):\($0.amountMinor)" }.joined(separator: ","))
        }
        if let schedule = days.schedule {
            for version in schedule.versions {
                lines.append("schedule \(schedule.id) \(version.effectiveFrom) \(version.minutesByWeekday) \(version.startTime ?? "-")")
            }
        }
        lines.append("holidays " + days.holidays.filter { PayPeriod(containing: $0) == period }.map(\.description).sorted().joined(separator: ","))
        for id in slip.policyVersions {
            if let entry = days.policies.entries.first(where: { $0.id == id }), let data = try? Self.sortedEncoder.encode(entry.policy) {
                lines.append("policy \(id) \(String(decoding: data, as: UTF8.self))")
            } else {
                lines.append("policy \(id)")
            }
        }
        for record in records.sorted(by: { $0.id < $1.id }) {
            lines.append(
                "record \(record.id) v\(record.version) \(record.type.rawValue) \(record.state.rawValue) \(record.workDate) "
                    + "\(record.checkInAt?.epochMicroseconds ?? 0)-\(record.checkOutAt?.epochMicroseconds ?? 0) \(record.dayFraction?.rawValue ?? "-")")
        }
        return lines.joined(separator: "\n")
    }

    static let sortedEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func digest(_ text: String) -> String {
        "sha256:" + SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
