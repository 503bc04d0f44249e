import Foundation
import Gateway
import HRDomain
import HRStore
import Hummingbird
import TimeSource

/// `/api/v1/attendance`: self-service check-in and check-out, manual entries and leave,
/// corrections with `If-Match`, ranges with per-employee summaries, and a record's history.
public struct AttendanceController<Context: GatewayContext>: Sendable {
    /// Attendance bodies are small: 64 KiB, as the OpenAPI document says.
    static var maxBodyBytes: Int { 65_536 }

    let hr: HRContext
    let attendance: AttendanceRepository
    let rules: WorkRulesRepository
    let callers: CallerResolver

    public init(hr: HRContext, attendance: AttendanceRepository, rules: WorkRulesRepository) {
        self.hr = hr
        self.attendance = attendance
        self.rules = rules
        self.callers = CallerResolver(employees: hr.employees)
    }

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("attendance", use: list)
        routes.get("attendance/:id", use: get)
        routes.post("attendance", use: create)
        routes.put("attendance/:id", use: correct)
        return routes
    }

    func inTeam(_ employeeID: String, of caller: Caller) async throws -> Bool {
        guard let me = caller.employeeID, me != employeeID, caller.roles.contains(.manager) else { return false }
        return try await hr.employees.isInTeam(employeeID: employeeID, managerID: me)
    }

    /// The record's computed fields, evaluated with the other records of its work date.
    func representation(_ record: AttendanceRecord, history: [AuditEvent]? = nil) async throws -> AttendanceRepresentation {
        guard let employee = try await hr.employees.get(id: record.employeeID) else {
            return AttendanceRepresentation(record, computed: nil, history: history)
        }
        let sameDay = try await attendance.records(employeeIDs: [record.employeeID], from: record.workDate, to: record.workDate)
        let days = try await rules.snapshot().days(of: employee, records: sameDay)
        let computed = days.computations(on: record.workDate, including: record.state == .voided ? [record] : [])[record.id]
        return AttendanceRepresentation(record, computed: computed, history: history)
    }

    func skewSeconds() async throws -> Int {
        try await rules.policy(on: hr.today).policy.attendance.clockSkewSeconds
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.requireRecognisedRole(caller)
        let body = try JSONValue.object(from: try await JSONResponse.body(of: request, limit: Self.maxBodyBytes))
        let input = try AttendanceInput.request(from: body)
        let actor = EmployeeController<Context>.actor(context)
        let record: AttendanceRecord
        switch input {
        case .checkIn(let note, let location):
            let me = try AttendanceAccess.selfService(caller)
            record = try await attendance.checkIn(CheckIn(employeeID: me, note: note, location: location), actor: actor)
        case .checkOut(let note):
            let me = try AttendanceAccess.selfService(caller)
            record = try await attendance.checkOut(employeeID: me, note: note, actor: actor, skewSeconds: try await skewSeconds())
        case .work(let employeeID, let checkIn, let checkOut, let zone, let reason, let note, let location):
            let employee = try await target(employeeID, caller: caller)
            let source = try AttendanceAccess.enter(caller, for: employee.id, inTeam: try await inTeam(employee.id, of: caller))
            let timeZone = zone ?? employee.timeZone
            let now = hr.clock.now()
            try AttendanceRules.checkInterval(checkIn: checkIn, checkOut: checkOut, now: now, skewSeconds: try await skewSeconds())
            record = try await attendance.create(
                AttendanceRecord(
                    id: UUID().uuidString.lowercased(), employeeID: employee.id, type: .work,
                    workDate: AttendanceRules.workDate(checkIn: checkIn, timeZone: timeZone), checkInAt: checkIn, checkOutAt: checkOut,
                    timeZone: timeZone, dayFraction: nil, state: .closed, source: source, note: note, location: location, version: 1,
                    createdBy: actor.id, updatedBy: actor.id, createdAt: now, updatedAt: now),
                reason: reason, actor: actor)
        case .leave(let employeeID, let type, let workDate, let fraction, let reason, let note):
            try DateLimits.check(workDate, field: "/workDate", today: hr.today)
            let employee = try await target(employeeID, caller: caller)
            let source = try AttendanceAccess.enter(caller, for: employee.id, inTeam: try await inTeam(employee.id, of: caller))
            let now = hr.clock.now()
            record = try await attendance.create(
                AttendanceRecord(
                    id: UUID().uuidString.lowercased(), employeeID: employee.id, type: type, workDate: workDate, checkInAt: nil,
                    checkOutAt: nil, timeZone: employee.timeZone, dayFraction: fraction, state: .closed, source: source, note: note,
                    location: nil, version: 1, createdBy: actor.id, updatedBy: actor.id, createdAt: now, updatedAt: now),
                reason: reason, actor: actor)
        }
        let status: HTTPResponse.Status = if case .checkOut = input { .ok } else { .created }
        var response = try JSONResponse.make(try await representation(record), status: status, etag: record.version)
        response.headers[.location] = "/api/v1/attendance/\(record.id)"
        return response
    }

    /// The employee a manual entry is for; 404 when there is none (or the caller may not see it).
    func target(_ employeeID: String, caller: Caller) async throws -> Employee {
        guard let employee = try await hr.employees.get(id: employeeID) else { throw HRError.notFound("employee \(employeeID)") }
        return employee
    }

    /// The record if `caller` may read it, else 404.
    func visibleRecord(_ id: String, caller: Caller) async throws -> AttendanceRecord {
        try EmployeeAccess.requireRecognisedRole(caller)
        guard let record = try await attendance.get(id: id),
            AttendanceAccess.mayRead(caller, recordOf: record.employeeID, inTeam: try await inTeam(record.employeeID, of: caller))
        else { throw HRError.notFound("attendance record \(id)") }
        return record
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        let record = try await visibleRecord(try PathID.require(context), caller: caller)
        let query = EmployeeController<Context>.queryParameters(request)
        var history: [AuditEvent]?
        switch query["include"] {
        case nil: break
        case "history"?:
            try AttendanceAccess.readHistory(caller, recordOf: record.employeeID, inTeam: try await inTeam(record.employeeID, of: caller))
            history = try await attendance.history(of: record)
        default:
            throw HRError.validationFailed([FieldError("/include", "must be history")])
        }
        return try JSONResponse.make(try await representation(record, history: history), etag: record.version)
    }

    @Sendable func correct(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        let current = try await visibleRecord(try PathID.require(context), caller: caller)
        try AttendanceAccess.correct(caller, recordOf: current.employeeID, inTeam: try await inTeam(current.employeeID, of: caller))
        guard let expected = try IfMatch.version(request) else { throw HRError.ifMatchRequired }
        let body = try JSONValue.object(from: try await JSONResponse.body(of: request, limit: Self.maxBodyBytes))
        let correction = try AttendanceInput.correction(from: body)
        if let workDate = correction.workDate { try DateLimits.check(workDate, field: "/workDate", today: hr.today) }
        let now = hr.clock.now()
        let skew = try await skewSeconds()
        let saved = try await attendance.correct(id: current.id, expectedVersion: expected, reason: correction.reason, actor: EmployeeController<Context>.actor(context)) {
            stored, employee in try Self.apply(correction, to: stored, employee: employee, now: now, skewSeconds: skew)
        }
        return try JSONResponse.make(try await representation(saved), etag: saved.version)
    }

    /// The record a correction asks for, checked against the time rules.
    static func apply(_ c: AttendanceCorrection, to stored: AttendanceRecord, employee: Employee, now: Date, skewSeconds: Int) throws -> AttendanceRecord {
        if let moved = c.employeeID, moved != stored.employeeID {
            throw HRError.ruleViolation(code: "immutable_field", detail: "a record stays with its employee; void it and enter a new one", field: "/employeeId")
        }
        var r = stored
        if let note = c.note { r.note = note }
        if let location = c.location { r.location = location }
        if c.voided {
            r.state = .voided
            return r
        }
        r.type = c.type ?? stored.type
        switch r.type {
        case .work:
            if c.dayFraction != nil || c.workDate != nil {
                throw HRError.validationFailed([FieldError(c.dayFraction != nil ? "/dayFraction" : "/workDate", "applies to leave only; a work record's date is its check-in's")])
            }
            r.timeZone = c.timeZone ?? (stored.type == .work ? stored.timeZone : employee.timeZone)
            guard let checkIn = c.checkInAt ?? stored.checkInAt else {
                throw HRError.validationFailed([FieldError("/checkInAt", "is required to turn leave into a work record")])
            }
            r.checkInAt = checkIn
            r.checkOutAt = c.checkOutAt ?? stored.checkOutAt
            r.dayFraction = nil
            r.workDate = AttendanceRules.workDate(checkIn: checkIn, timeZone: r.timeZone)
            r.state = r.checkOutAt == nil ? .open : .closed
            try AttendanceRules.checkInterval(checkIn: checkIn, checkOut: r.checkOutAt, now: now, skewSeconds: skewSeconds)
        case .paidLeave, .unpaidLeave:
            if c.checkInAt != nil || c.checkOutAt != nil {
                throw HRError.validationFailed([FieldError(c.checkInAt != nil ? "/checkInAt" : "/checkOutAt", "applies to work records only")])
            }
            guard let date = c.workDate ?? (stored.type == .work ? nil : stored.workDate) else {
                throw HRError.validationFailed([FieldError("/workDate", "is required to turn a work record into leave")])
            }
            r.workDate = date
            r.dayFraction = c.dayFraction ?? stored.dayFraction ?? .full
            r.checkInAt = nil
            r.checkOutAt = nil
            r.timeZone = c.timeZone ?? stored.timeZone
            r.state = .closed
        }
        return r
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        let visibility = try EmployeeAccess.visibility(for: caller)
        let query = EmployeeController<Context>.queryParameters(request)
        let paging = try EmployeeInput.query(from: query.filter { ["limit", "offset"].contains($0.key) })
        let range = try AttendanceInput.range(query, today: hr.today)
        var employees: [Employee]
        if let employeeID = range.employeeID {
            guard let employee = try await hr.employees.get(id: employeeID),
                AttendanceAccess.mayRead(caller, recordOf: employee.id, inTeam: try await inTeam(employee.id, of: caller))
            else { throw HRError.notFound("employee \(employeeID)") }
            employees = [employee]
        } else {
            var everyone = EmployeeQuery()
            everyone.includeTerminated = true
            everyone.limit = Int.max / 2
            employees = try await hr.employees.list(everyone, visibility: visibility).employees
        }
        employees = employees.filter { $0.hireDate <= range.to && ($0.terminationDate.map { $0 >= range.from } ?? true) || range.employeeID != nil }
        let ids = visibility == .all && range.employeeID == nil ? nil : employees.map(\.id)
        let records = try await attendance.records(employeeIDs: ids, from: range.from, to: range.to)
        let snapshot = try await rules.snapshot()
        let byEmployee = Dictionary(grouping: records, by: \.employeeID)
        var summaries: [AttendanceSummary] = []
        var computed: [String: RecordComputation] = [:]
        let today = hr.today
        for employee in employees {
            let own = byEmployee[employee.id] ?? []
            let days = snapshot.days(of: employee, records: own)
            summaries.append(AttendanceSummary(days, from: range.from, to: range.to, today: today))
            for date in Set(own.map(\.workDate)) {
                computed.merge(days.computations(on: date, including: own.filter { $0.workDate == date && $0.state == .voided }), uniquingKeysWith: { a, _ in a })
            }
        }
        let visible = Set(employees.map(\.id))
        let shown = records.filter { visible.contains($0.employeeID) }
        let page = shown.dropFirst(paging.offset).prefix(paging.limit)
        return try JSONResponse.make(
            AttendanceListEnvelope(
                data: page.map { AttendanceRepresentation($0, computed: computed[$0.id]) },
                meta: .init(total: shown.count, limit: paging.limit, offset: paging.offset), summaries: summaries))
    }
}
