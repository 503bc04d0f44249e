import Foundation
import HRDomain
import SQLKit
import Storage
import TimeSource

/// What a caller asks of a check-in.
public struct CheckIn: Sendable {
    public var employeeID: String
    public var note: String?
    public var location: String?

    public init(employeeID: String, note: String?, location: String?) {
        self.employeeID = employeeID
        self.note = note
        self.location = location
    }
}

/// Stores attendance records. Every write is one transaction that locks the employee's row
/// (`FOR UPDATE` on PostgreSQL; SQLite has one writer), re-reads what the rules span and checks
/// them with ``AttendanceRules`` before the database's own constraints get a say; each change
/// is audited, sealed with the employee's key.
public struct AttendanceRepository: Sendable {
    let database: any DatabaseClient
    let audit: AuditLog
    let clock: any WallClock

    public init(database: any DatabaseClient, audit: AuditLog, clock: any WallClock) {
        self.database = database
        self.audit = audit
        self.clock = clock
    }

    /// Opens a record for the employee at the server clock. Refuses a second open record
    /// (409 `already_checked_in`, naming it) and anything outside an active employment.
    public func checkIn(_ request: CheckIn, actor: AuditActor) async throws -> AttendanceRecord {
        let engine = database.engine
        let audit = self.audit
        let now = clock.now().roundedToMicroseconds
        return try await translating {
            try await database.write { db in
                let employee = try await Self.lockEmployee(request.employeeID, engine: engine, in: db)
                if let open = try await Self.openRecord(of: employee.id, in: db) {
                    throw HRError.conflictWithRecord(
                        code: "already_checked_in", detail: "a record is already open since \(open.checkInAt.map(Instant.format) ?? "an unknown time")", recordID: open.id)
                }
                let workDate = AttendanceRules.workDate(checkIn: now, timeZone: employee.timeZone)
                try AttendanceRules.checkEmployment(employee, workDate: workDate, selfService: true)
                let record = AttendanceRecord(
                    id: UUID().uuidString.lowercased(), employeeID: employee.id, type: .work, workDate: workDate, checkInAt: now,
                    checkOutAt: nil, timeZone: employee.timeZone, dayFraction: nil, state: .open, source: .selfService,
                    note: request.note, location: request.location, version: 1, createdBy: actor.id, updatedBy: actor.id, createdAt: now,
                    updatedAt: now)
                try AttendanceRules.checkConflicts(record, with: try await Self.neighbours(of: record, in: db))
                try await Self.insert(record, in: db)
                try await PayrollRepository.requireOpen([record.workDate], in: db)
                try await audit.append(
                    "checked_in", entityType: "attendance", entityID: record.id, changes: FieldChange.diff([:], record.auditedFields),
                    actor: actor, sealFor: employee.id, in: db)
                return record
            }
        }
    }

    /// Closes the employee's open record at the server clock (a night shift closes the record
    /// opened the previous local day). 409 `not_checked_in` when none is open.
    public func checkOut(employeeID: String, note: String?, actor: AuditActor, skewSeconds: Int) async throws -> AttendanceRecord {
        let engine = database.engine
        let audit = self.audit
        let now = clock.now().roundedToMicroseconds
        return try await translating {
            try await database.write { db in
                let employee = try await Self.lockEmployee(employeeID, engine: engine, in: db)
                guard let open = try await Self.openRecord(of: employee.id, in: db) else {
                    throw HRError.conflict(code: "not_checked_in", detail: "there is no open record to check out of", field: nil)
                }
                guard let checkIn = open.checkInAt else {
                    throw StorageError.checkViolation(detail: "open attendance record \(open.id) has no check-in")
                }
                try AttendanceRules.checkInterval(checkIn: checkIn, checkOut: now, now: now, skewSeconds: skewSeconds)
                var closed = open
                closed.checkOutAt = now
                closed.state = .closed
                if let note { closed.note = note }
                closed.version += 1
                closed.updatedBy = actor.id
                closed.updatedAt = now
                try await Self.update(closed, in: db)
                try await PayrollRepository.requireOpen([closed.workDate], in: db)
                try await audit.append(
                    "checked_out", entityType: "attendance", entityID: closed.id,
                    changes: FieldChange.diff(open.auditedFields, closed.auditedFields), actor: actor, sealFor: employee.id, in: db)
                return closed
            }
        }
    }

    /// Stores a record entered by a manager or HR (a worked interval or a leave day), with its reason.
    public func create(_ record: AttendanceRecord, reason: String, actor: AuditActor) async throws -> AttendanceRecord {
        let engine = database.engine
        let audit = self.audit
        return try await translating {
            try await database.write { db in
                let employee = try await Self.lockEmployee(record.employeeID, engine: engine, in: db)
                try await Self.insertChecked(record, of: employee, reason: reason, actor: actor, audit: audit, in: db)
                return record
            }
        }
    }

    /// Stores records from another system (a badge reader's export) in one transaction, each
    /// checked and audited as a manual entry would be; one refused record refuses the batch.
    public func importRecords(_ records: [AttendanceRecord], reason: String, actor: AuditActor) async throws {
        let engine = database.engine
        let audit = self.audit
        try await translating {
            try await database.write { db in
                // Rows locked in one order (by id), so two imports of the same people cannot deadlock.
                var employees: [String: Employee] = [:]
                for id in Set(records.map(\.employeeID)).sorted() {
                    employees[id] = try await Self.lockEmployee(id, engine: engine, in: db)
                }
                for record in records {
                    guard let employee = employees[record.employeeID] else { continue }
                    try await Self.insertChecked(record, of: employee, reason: reason, actor: actor, audit: audit, in: db)
                }
            }
        }
    }

    /// The rules of a manual entry, the insert, the closed-period check and the audit event.
    static func insertChecked(
        _ record: AttendanceRecord, of employee: Employee, reason: String, actor: AuditActor, audit: AuditLog, in db: any SQLDatabase
    ) async throws {
        try AttendanceRules.checkEmployment(employee, workDate: record.workDate, selfService: false)
        try AttendanceRules.checkConflicts(record, with: try await neighbours(of: record, in: db))
        try await insert(record, in: db)
        try await PayrollRepository.requireOpen([record.workDate], in: db)
        try await audit.append(
            "created", entityType: "attendance", entityID: record.id, changes: FieldChange.diff([:], record.auditedFields),
            reason: reason, actor: actor, sealFor: employee.id, in: db)
    }

    /// Replaces a record's times, type or state when it is still at `expectedVersion`.
    /// - Parameter change: builds the new record from the stored one (checked again by the rules).
    public func correct(
        id: String, expectedVersion: Int, reason: String, actor: AuditActor,
        change: @escaping @Sendable (AttendanceRecord, Employee) throws -> AttendanceRecord
    ) async throws -> AttendanceRecord {
        let engine = database.engine
        let audit = self.audit
        let now = clock.now().roundedToMicroseconds
        return try await translating {
            try await database.write { db in
                guard let stored = try await Self.record(id: id, in: db) else { throw HRError.notFound("attendance record \(id)") }
                let employee = try await Self.lockEmployee(stored.employeeID, engine: engine, in: db)
                // Re-read under the employee's lock: a concurrent correction may have landed first.
                guard let current = try await Self.record(id: id, in: db) else { throw HRError.notFound("attendance record \(id)") }
                guard current.version == expectedVersion else { throw HRError.versionMismatch(current: current.version) }
                guard current.state != .voided else {
                    throw HRError.conflict(code: "record_voided", detail: "a voided record cannot be changed", field: nil)
                }
                var updated = try change(current, employee)
                updated.id = current.id
                updated.employeeID = current.employeeID
                updated.version = current.version + 1
                updated.createdBy = current.createdBy
                updated.createdAt = current.createdAt
                updated.updatedBy = actor.id
                updated.updatedAt = now
                if updated.state != .voided {
                    try AttendanceRules.checkEmployment(employee, workDate: updated.workDate, selfService: false)
                    try AttendanceRules.checkConflicts(updated, with: try await Self.neighbours(of: updated, in: db))
                }
                try await Self.update(updated, in: db)
                try await PayrollRepository.requireOpen([current.workDate, updated.workDate], in: db)
                try await audit.append(
                    updated.state == .voided ? "voided" : "corrected", entityType: "attendance", entityID: updated.id,
                    changes: FieldChange.diff(current.auditedFields, updated.auditedFields), reason: reason, actor: actor,
                    sealFor: employee.id, in: db)
                return updated
            }
        }
    }

    public func get(id: String) async throws -> AttendanceRecord? {
        try await database.read { db in try await Self.record(id: id, in: db) }
    }

    /// The audit events of one record, oldest first.
    public func history(of record: AttendanceRecord) async throws -> [AuditEvent] {
        let audit = self.audit
        return try await database.read { db in
            try await audit.events(entityType: "attendance", entityID: record.id, sealedFor: record.employeeID, in: db)
        }
    }

    /// Records whose work date is in `[from, to]`, of the given employees (nil: everyone), ordered
    /// by employee, work date and check-in.
    public func records(employeeIDs: [String]?, from: LocalDate, to: LocalDate) async throws -> [AttendanceRecord] {
        try await database.read { db in
            let query = db.select().column("*").from("attendance_records")
                .where("work_date", .greaterThanOrEqual, from.description)
                .where("work_date", .lessThanOrEqual, to.description)
            if let employeeIDs {
                guard !employeeIDs.isEmpty else { return [] }
                query.where("employee_id", .in, employeeIDs)
            }
            return try await query.orderBy("employee_id").orderBy("work_date").orderBy("check_in_at").orderBy("id")
                .all().map(Self.decode)
        }
    }

    // MARK: SQL

    static func lockEmployee(_ id: String, engine: DatabaseEngine, in db: any SQLDatabase) async throws -> Employee {
        guard let employee = try await SQLEmployeeRepository.lockedEmployee(id, engine: engine, in: db) else {
            throw HRError.notFound("employee \(id)")
        }
        return employee
    }

    static func openRecord(of employeeID: String, in db: any SQLDatabase) async throws -> AttendanceRecord? {
        try await db.raw("SELECT * FROM attendance_records WHERE employee_id = \(bind: employeeID) AND state = 'open'").first().map(decode)
    }

    static func record(id: String, in db: any SQLDatabase) async throws -> AttendanceRecord? {
        try await db.raw("SELECT * FROM attendance_records WHERE id = \(bind: id)").first().map(decode)
    }

    /// The employee's records a rule could span: work dates a day either side (a record lasts at
    /// most 24 h) and any open record.
    static func neighbours(of record: AttendanceRecord, in db: any SQLDatabase) async throws -> [AttendanceRecord] {
        try await db.raw(
            """
            SELECT * FROM attendance_records WHERE employee_id = \(bind: record.employeeID) AND state <> 'voided'
                AND ((work_date >= \(bind: ((try? record.workDate.adding(days: -2)) ?? .first).description) AND work_date <= \(bind: ((try? record.workDate.adding(days: 2)) ?? .last).description))
                    OR state = 'open')
            """
        ).all().map(decode)
    }

    static func insert(_ r: AttendanceRecord, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO attendance_records (id, employee_id, type, work_date, check_in_at, check_out_at, time_zone, day_fraction, state,
                source, note, location, version, created_by, updated_by, created_at, updated_at)
            VALUES (\(bind: r.id), \(bind: r.employeeID), \(bind: r.type.rawValue), \(bind: r.workDate.description),
                \(bind: r.checkInAt?.epochMicroseconds), \(bind: r.checkOutAt?.epochMicroseconds), \(bind: r.timeZone),
                \(bind: r.dayFraction?.rawValue), \(bind: r.state.rawValue), \(bind: r.source.rawValue), \(bind: r.note),
                \(bind: r.location), \(bind: r.version), \(bind: r.createdBy), \(bind: r.updatedBy),
                \(bind: r.createdAt.epochMicroseconds), \(bind: r.updatedAt.epochMicroseconds))
            """
        ).run()
    }

    static func update(_ r: AttendanceRecord, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE attendance_records SET type = \(bind: r.type.rawValue), work_date = \(bind: r.workDate.description),
                check_in_at = \(bind: r.checkInAt?.epochMicroseconds), check_out_at = \(bind: r.checkOutAt?.epochMicroseconds),
                time_zone = \(bind: r.timeZone), day_fraction = \(bind: r.dayFraction?.rawValue), state = \(bind: r.state.rawValue),
                note = \(bind: r.note), location = \(bind: r.location), version = \(bind: r.version), updated_by = \(bind: r.updatedBy),
                updated_at = \(bind: r.updatedAt.epochMicroseconds)
            WHERE id = \(bind: r.id)
            """
        ).run()
    }

    static func decode(_ row: any SQLRow) throws -> AttendanceRecord {
        func instant(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Int64?.self).map { Date(epochMicroseconds: $0) }
        }
        let dateText = try row.decode(column: "work_date", as: String.self)
        guard let workDate = LocalDate(dateText) else { throw StorageError.checkViolation(detail: "bad work_date: \(dateText)") }
        return AttendanceRecord(
            id: try row.decode(column: "id", as: String.self),
            employeeID: try row.decode(column: "employee_id", as: String.self),
            type: AttendanceType(rawValue: try row.decode(column: "type", as: String.self)) ?? .work,
            workDate: workDate, checkInAt: try instant("check_in_at"), checkOutAt: try instant("check_out_at"),
            timeZone: try row.decode(column: "time_zone", as: String.self),
            dayFraction: try row.decode(column: "day_fraction", as: String?.self).flatMap(DayFraction.init(rawValue:)),
            state: AttendanceState(rawValue: try row.decode(column: "state", as: String.self)) ?? .voided,
            source: AttendanceSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .import,
            note: try row.decode(column: "note", as: String?.self),
            location: try row.decode(column: "location", as: String?.self),
            version: try row.decode(column: "version", as: Int.self),
            createdBy: try row.decode(column: "created_by", as: String.self),
            updatedBy: try row.decode(column: "updated_by", as: String.self),
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }

    /// The database's own refusals, as the domain errors the rules would have raised; reached only
    /// when a write slipped past the checks above (they run under the same lock, so this is a backstop).
    func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StorageError.uniqueViolation(let detail) where detail.contains("work_date") || detail.contains("full_leave") {
            throw HRError.conflict(code: "overlapping_record", detail: "a full day of leave is already recorded on this date", field: nil)
        } catch StorageError.uniqueViolation(let detail) where detail.contains("attendance") {
            throw HRError.conflict(code: "already_checked_in", detail: "a record is already open", field: nil)
        } catch StorageError.checkViolation(let detail) where detail.contains("attendance_no_overlap") {
            throw HRError.conflict(code: "overlapping_record", detail: "the interval overlaps another record of this employee", field: nil)
        }
    }
}

extension Date {
    /// This instant at the microsecond the database stores, so a record reads back equal.
    var roundedToMicroseconds: Date { Date(epochMicroseconds: epochMicroseconds) }
}
