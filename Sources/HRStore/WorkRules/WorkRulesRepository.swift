import Foundation
import HRDomain
import SQLKit
import Storage
import TimeSource

/// A policy version as stored: the document and the date it takes effect.
public struct PolicyVersion: Sendable, Equatable {
    /// `default` for the built-in defaults, else the stored version's id.
    public var id: String
    public var effectiveFrom: LocalDate?
    public var policy: CompanyPolicy
}

/// Company policy, work schedules and holiday calendars, all effective-dated and audited.
public struct WorkRulesRepository: Sendable {
    let database: any DatabaseClient
    let audit: AuditLog
    let clock: any WallClock

    public init(database: any DatabaseClient, audit: AuditLog, clock: any WallClock) {
        self.database = database
        self.audit = audit
        self.clock = clock
    }

    // MARK: Policy

    /// Stores a policy taking effect on `effectiveFrom`; a version already starting that day is replaced
    /// only when no other date is affected (it is audited either way).
    public func setPolicy(_ policy: CompanyPolicy, effectiveFrom: LocalDate, actor: AuditActor) async throws -> PolicyVersion {
        let document = String(decoding: try Self.encoder.encode(policy), as: UTF8.self)
        let id = UUID().uuidString.lowercased()
        let audit = self.audit
        let now = clock.now().epochMicroseconds
        try await database.write { db in
            let previous = try await db.raw(
                "SELECT document FROM policy_versions WHERE effective_from = \(bind: effectiveFrom.description)"
            ).first(decodingColumn: "document", as: String.self)
            try await db.raw("DELETE FROM policy_versions WHERE effective_from = \(bind: effectiveFrom.description)").run()
            try await db.raw(
                """
                INSERT INTO policy_versions (id, effective_from, document, created_at, created_by)
                VALUES (\(bind: id), \(bind: effectiveFrom.description), \(bind: document), \(bind: now), \(bind: actor.id))
                """
            ).run()
            try await audit.append(
                previous == nil ? "created" : "replaced", entityType: "policy", entityID: effectiveFrom.description,
                changes: [FieldChange(field: "document", from: previous, to: document)], actor: actor, sealFor: nil, in: db)
        }
        return PolicyVersion(id: id, effectiveFrom: effectiveFrom, policy: policy)
    }

    /// The policy in force on `date`: the latest version effective on or before it, else the defaults.
    public func policy(on date: LocalDate) async throws -> PolicyVersion {
        try await database.read { db in
            guard let row = try await db.raw(
                """
                SELECT * FROM policy_versions WHERE effective_from <= \(bind: date.description)
                ORDER BY effective_from DESC LIMIT 1
                """
            ).first() else { return PolicyVersion(id: "default", effectiveFrom: nil, policy: CompanyPolicy()) }
            return try Self.decodePolicy(row)
        }
    }

    /// Every stored version, oldest first.
    public func policyVersions() async throws -> [PolicyVersion] {
        try await database.read { db in
            try await db.raw("SELECT * FROM policy_versions ORDER BY effective_from").all().map(Self.decodePolicy)
        }
    }

    /// Every schedule, calendar and policy version, for evaluating days of any employee.
    public func snapshot() async throws -> WorkRulesSnapshot {
        try await database.read { db in try await Self.snapshot(in: db) }
    }

    static func snapshot(in db: any SQLDatabase) async throws -> WorkRulesSnapshot {
        let versions = try await db.raw("SELECT * FROM policy_versions ORDER BY effective_from").all().map(decodePolicy)
        var schedules: [WorkSchedule] = []
        for id in try await db.raw("SELECT id FROM work_schedules ORDER BY code").all(decodingColumn: "id", as: String.self) {
            if let schedule = try await loadSchedule(id, in: db) { schedules.append(schedule) }
        }
        var calendars: [HolidayCalendar] = []
        for id in try await db.raw("SELECT id FROM holiday_calendars ORDER BY code").all(decodingColumn: "id", as: String.self) {
            if let calendar = try await loadCalendar(id, in: db) { calendars.append(calendar) }
        }
        return WorkRulesSnapshot(
            schedules: schedules, calendars: calendars,
            policies: PolicyTimeline(versions.map { .init(id: $0.id, effectiveFrom: $0.effectiveFrom, policy: $0.policy) }))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func decodePolicy(_ row: any SQLRow) throws -> PolicyVersion {
        let document = try row.decode(column: "document", as: String.self)
        return PolicyVersion(
            id: try row.decode(column: "id", as: String.self),
            effectiveFrom: LocalDate(try row.decode(column: "effective_from", as: String.self)),
            policy: try JSONDecoder().decode(CompanyPolicy.self, from: Data(document.utf8)))
    }

    // MARK: Holiday calendars

    public func saveCalendar(_ calendar: HolidayCalendar, expectedVersion: Int?, actor: AuditActor) async throws -> HolidayCalendar {
        let audit = self.audit
        let now = clock.now()
        do {
            return try await database.write { db in
                var saved = calendar
                saved.updatedAt = now
                if let expectedVersion {
                    guard let current = try await Self.loadCalendar(calendar.id, in: db) else { throw HRError.notFound("holiday calendar \(calendar.id)") }
                    guard current.version == expectedVersion else { throw HRError.versionMismatch(current: current.version) }
                    saved.version = current.version + 1
                    saved.createdAt = current.createdAt
                    try await db.raw(
                        """
                        UPDATE holiday_calendars SET code = \(bind: saved.code), name = \(bind: saved.name), version = \(bind: saved.version),
                            updated_at = \(bind: now.epochMicroseconds) WHERE id = \(bind: saved.id) AND version = \(bind: expectedVersion)
                        """
                    ).run()
                    try await db.raw("DELETE FROM holidays WHERE calendar_id = \(bind: saved.id)").run()
                } else {
                    saved.version = 1
                    saved.createdAt = now
                    try await db.raw(
                        """
                        INSERT INTO holiday_calendars (id, code, name, version, created_at, updated_at)
                        VALUES (\(bind: saved.id), \(bind: saved.code), \(bind: saved.name), 1, \(bind: now.epochMicroseconds), \(bind: now.epochMicroseconds))
                        """
                    ).run()
                }
                for holiday in saved.holidays {
                    try await db.raw(
                        "INSERT INTO holidays (calendar_id, holiday_date, name) VALUES (\(bind: saved.id), \(bind: holiday.date.description), \(bind: holiday.name))"
                    ).run()
                }
                try await audit.append(
                    expectedVersion == nil ? "created" : "updated", entityType: "holiday_calendar", entityID: saved.id,
                    changes: [FieldChange(field: "holidays", from: nil, to: saved.holidays.map { "\($0.date) \($0.name)" }.joined(separator: "; "))],
                    actor: actor, sealFor: nil, in: db)
                return saved
            }
        } catch StorageError.uniqueViolation {
            throw HRError.conflict(code: "duplicate", detail: "a holiday calendar with this code exists, or a date is listed twice", field: "/code")
        }
    }

    public func calendar(id: String) async throws -> HolidayCalendar? {
        try await database.read { db in try await Self.loadCalendar(id, in: db) }
    }

    public func calendars() async throws -> [HolidayCalendar] {
        try await database.read { db in
            let ids = try await db.raw("SELECT id FROM holiday_calendars ORDER BY code").all(decodingColumn: "id", as: String.self)
            var result: [HolidayCalendar] = []
            for id in ids { if let calendar = try await Self.loadCalendar(id, in: db) { result.append(calendar) } }
            return result
        }
    }

    static func loadCalendar(_ id: String, in db: any SQLDatabase) async throws -> HolidayCalendar? {
        guard let row = try await db.raw("SELECT * FROM holiday_calendars WHERE id = \(bind: id)").first() else { return nil }
        let holidays = try await db.raw("SELECT * FROM holidays WHERE calendar_id = \(bind: id) ORDER BY holiday_date").all().compactMap { row in
            LocalDate(try row.decode(column: "holiday_date", as: String.self)).map {
                HolidayCalendar.Holiday(date: $0, name: (try? row.decode(column: "name", as: String.self)) ?? "")
            }
        }
        return HolidayCalendar(
            id: id, code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
            holidays: holidays, version: try row.decode(column: "version", as: Int.self),
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }

    // MARK: Work schedules

    /// Creates a schedule, or (with `expectedVersion`) renames it and adds a version effective from a date.
    public func saveSchedule(
        _ schedule: WorkSchedule, newVersion: ScheduleVersion, expectedVersion: Int?, actor: AuditActor
    ) async throws -> WorkSchedule {
        let audit = self.audit
        let now = clock.now()
        let minutes = newVersion.minutesByWeekday.map(String.init).joined(separator: ",")
        do {
            try await database.write { db in
                if let expectedVersion {
                    guard let current = try await Self.loadSchedule(schedule.id, in: db) else { throw HRError.notFound("schedule \(schedule.id)") }
                    guard current.version == expectedVersion else { throw HRError.versionMismatch(current: current.version) }
                    try await db.raw(
                        """
                        UPDATE work_schedules SET code = \(bind: schedule.code), name = \(bind: schedule.name),
                            holiday_calendar_id = \(bind: schedule.holidayCalendarID), version = version + 1, updated_at = \(bind: now.epochMicroseconds)
                        WHERE id = \(bind: schedule.id) AND version = \(bind: expectedVersion)
                        """
                    ).run()
                    try await db.raw(
                        "DELETE FROM schedule_versions WHERE schedule_id = \(bind: schedule.id) AND effective_from = \(bind: newVersion.effectiveFrom.description)"
                    ).run()
                } else {
                    try await db.raw(
                        """
                        INSERT INTO work_schedules (id, code, name, holiday_calendar_id, version, created_at, updated_at)
                        VALUES (\(bind: schedule.id), \(bind: schedule.code), \(bind: schedule.name), \(bind: schedule.holidayCalendarID), 1,
                            \(bind: now.epochMicroseconds), \(bind: now.epochMicroseconds))
                        """
                    ).run()
                }
                try await db.raw(
                    """
                    INSERT INTO schedule_versions (schedule_id, effective_from, minutes, start_time)
                    VALUES (\(bind: schedule.id), \(bind: newVersion.effectiveFrom.description), \(bind: minutes), \(bind: newVersion.startTime))
                    """
                ).run()
                try await audit.append(
                    expectedVersion == nil ? "created" : "updated", entityType: "schedule", entityID: schedule.id,
                    changes: [FieldChange(field: "minutesByWeekday@\(newVersion.effectiveFrom)", from: nil, to: minutes)]
                        + (newVersion.startTime.map { [FieldChange(field: "startTime@\(newVersion.effectiveFrom)", from: nil, to: $0)] } ?? []),
                    actor: actor, sealFor: nil, in: db)
            }
        } catch StorageError.uniqueViolation {
            throw HRError.conflict(code: "duplicate", detail: "a schedule with this code exists", field: "/code")
        } catch StorageError.foreignKeyViolation {
            throw HRError.ruleViolation(code: "invalid_reference", detail: "holidayCalendarId does not name a calendar", field: "/holidayCalendarId")
        }
        guard let saved = try await self.schedule(id: schedule.id) else { throw HRError.notFound("schedule \(schedule.id)") }
        return saved
    }

    public func schedule(id: String) async throws -> WorkSchedule? {
        try await database.read { db in try await Self.loadSchedule(id, in: db) }
    }

    public func schedules() async throws -> [WorkSchedule] {
        try await database.read { db in
            let ids = try await db.raw("SELECT id FROM work_schedules ORDER BY code").all(decodingColumn: "id", as: String.self)
            var result: [WorkSchedule] = []
            for id in ids { if let schedule = try await Self.loadSchedule(id, in: db) { result.append(schedule) } }
            return result
        }
    }

    static func loadSchedule(_ id: String, in db: any SQLDatabase) async throws -> WorkSchedule? {
        guard let row = try await db.raw("SELECT * FROM work_schedules WHERE id = \(bind: id)").first() else { return nil }
        let versions = try await db.raw(
            "SELECT * FROM schedule_versions WHERE schedule_id = \(bind: id) ORDER BY effective_from"
        ).all().compactMap { row -> ScheduleVersion? in
            guard let date = LocalDate(try row.decode(column: "effective_from", as: String.self)) else { return nil }
            let minutes = try row.decode(column: "minutes", as: String.self).split(separator: ",").compactMap { Int($0) }
            return ScheduleVersion(
                effectiveFrom: date, minutesByWeekday: minutes, startTime: try row.decode(column: "start_time", as: String?.self))
        }
        return WorkSchedule(
            id: id, code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
            holidayCalendarID: try row.decode(column: "holiday_calendar_id", as: String?.self), versions: versions,
            version: try row.decode(column: "version", as: Int.self),
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
