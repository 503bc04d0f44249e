import Foundation
import Gateway
import HRDomain
import HRStore
import Hummingbird
import TimeSource

/// `/api/v1/policy`, `/api/v1/schedules` and `/api/v1/holiday-calendars`: every recognised role
/// reads; hr_admin writes. Policy and schedules are effective-dated: a write names the date it
/// takes effect, and reads for an earlier date return the older version.
public struct WorkRulesController<Context: GatewayContext>: Sendable {
    let hr: HRContext
    let rules: WorkRulesRepository
    let callers: CallerResolver

    public init(hr: HRContext, rules: WorkRulesRepository) {
        self.hr = hr
        self.rules = rules
        self.callers = CallerResolver(employees: hr.employees)
    }

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("policy", use: policy)
        routes.get("policy/versions", use: policyVersions)
        routes.post("policy", use: setPolicy)
        routes.get("schedules", use: schedules)
        routes.get("schedules/:id", use: schedule)
        routes.post("schedules", use: createSchedule)
        routes.put("schedules/:id", use: replaceSchedule)
        routes.get("holiday-calendars", use: calendars)
        routes.get("holiday-calendars/:id", use: calendar)
        routes.post("holiday-calendars", use: createCalendar)
        routes.put("holiday-calendars/:id", use: replaceCalendar)
        return routes
    }

    func reader(_ context: Context) async throws -> Caller {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.requireRecognisedRole(caller)
        return caller
    }

    func writer(_ context: Context) async throws {
        try EmployeeAccess.canManageEmployees(try await reader(context))
    }

    func body(_ request: Request) async throws -> [String: JSONValue] {
        try JSONValue.object(from: try await JSONResponse.body(of: request, limit: 1_048_576))
    }

    /// `?date=YYYY-MM-DD`, default today in the company's zone.
    func date(_ request: Request) throws(HRError) -> LocalDate {
        guard let raw = request.uri.queryParameters["date"].map(String.init) else { return hr.today }
        guard let date = LocalDate(raw) else { throw .validationFailed([FieldError("/date", "must be a date in the form YYYY-MM-DD")]) }
        try DateLimits.check(date, field: "/date", today: hr.today)
        return date
    }

    // MARK: Policy

    struct PolicyRepresentation: Encodable {
        var id: String
        var effectiveFrom: String?
        var policy: CompanyPolicy
    }

    @Sendable func policy(_ request: Request, context: Context) async throws -> Response {
        _ = try await reader(context)
        let version = try await rules.policy(on: try date(request))
        return try JSONResponse.make(PolicyRepresentation(id: version.id, effectiveFrom: version.effectiveFrom?.description, policy: version.policy))
    }

    @Sendable func policyVersions(_ request: Request, context: Context) async throws -> Response {
        try await writer(context)
        let versions = try await rules.policyVersions()
        return try JSONResponse.make(
            ListEnvelope(
                data: versions.map { PolicyRepresentation(id: $0.id, effectiveFrom: $0.effectiveFrom?.description, policy: $0.policy) },
                meta: .init(total: versions.count, limit: versions.count, offset: 0)))
    }

    /// `POST /policy` with `{"effectiveFrom": "YYYY-MM-DD", "policy": {…}}`.
    @Sendable func setPolicy(_ request: Request, context: Context) async throws -> Response {
        try await writer(context)
        let raw = try await JSONResponse.body(of: request, limit: 1_048_576)
        let object = try JSONValue.object(from: raw)
        var fields = FieldReader(object)
        fields.rejectUnknown(allowed: ["effectiveFrom", "policy"])
        let effectiveFrom = fields.date("effectiveFrom", required: true)
        guard fields.errors.isEmpty, let effectiveFrom else { throw HRError.validationFailed(fields.errors) }
        try DateLimits.check(effectiveFrom, field: "/effectiveFrom", today: hr.today)
        guard case .object? = object["policy"] else {
            throw HRError.validationFailed([FieldError("/policy", "must be an object with the policy's keys")])
        }
        let document = try JSONSerialization.jsonObject(with: raw) as? [String: Any]
        let policyData = try JSONSerialization.data(withJSONObject: document?["policy"] ?? [:])
        let parsed = try Self.parsePolicy(policyData)
        let saved = try await rules.setPolicy(parsed, effectiveFrom: effectiveFrom, actor: EmployeeController<Context>.actor(context))
        return try JSONResponse.make(
            PolicyRepresentation(id: saved.id, effectiveFrom: saved.effectiveFrom?.description, policy: saved.policy), status: .created)
    }

    /// Parses the `policy` member, with pointers relative to the request body.
    static func parsePolicy(_ data: Data) throws(HRError) -> CompanyPolicy {
        do {
            return try CompanyPolicy.parse(data)
        } catch {
            if case .validationFailed(let errors) = error {
                throw .validationFailed(errors.map { FieldError("/policy" + $0.pointer, $0.message) })
            }
            throw error
        }
    }

    // MARK: Schedules

    struct ScheduleRepresentation: Encodable {
        var id: String
        var code: String
        var name: String
        var holidayCalendarId: String?
        /// The version in force on the requested date.
        var effectiveFrom: String?
        var minutesByWeekday: [Int]?
        var startTime: String?
        var versions: [ScheduleVersion]
        var version: Int

        init(_ s: WorkSchedule, on date: LocalDate) {
            id = s.id
            code = s.code
            name = s.name
            holidayCalendarId = s.holidayCalendarID
            let current = s.version(on: date)
            effectiveFrom = current?.effectiveFrom.description
            minutesByWeekday = current?.minutesByWeekday
            startTime = current?.startTime
            versions = s.versions
            version = s.version
        }
    }

    @Sendable func schedules(_ request: Request, context: Context) async throws -> Response {
        _ = try await reader(context)
        let day = try date(request)
        let all = try await rules.schedules()
        return try JSONResponse.make(
            ListEnvelope(data: all.map { ScheduleRepresentation($0, on: day) }, meta: .init(total: all.count, limit: all.count, offset: 0)))
    }

    @Sendable func schedule(_ request: Request, context: Context) async throws -> Response {
        _ = try await reader(context)
        let id = try PathID.require(context)
        guard let schedule = try await rules.schedule(id: id) else { throw HRError.notFound("schedule \(id)") }
        return try JSONResponse.make(ScheduleRepresentation(schedule, on: try date(request)), etag: schedule.version)
    }

    /// `{code, name, holidayCalendarId?, effectiveFrom?, minutesByWeekday: [7 ints, Monday first]}`.
    func scheduleInput(_ object: [String: JSONValue], id: String) throws(HRError) -> (WorkSchedule, ScheduleVersion) {
        var fields = FieldReader(object)
        fields.rejectUnknown(allowed: ["code", "name", "holidayCalendarId", "effectiveFrom", "minutesByWeekday", "startTime", "id", "version", "versions"])
        let code = fields.string("code", required: true, check: DepartmentRules.checkCode)
        let name = fields.string("name", required: true, check: DepartmentRules.checkName)
        let calendar = fields.uuid("holidayCalendarId", required: false)
        let effectiveFrom = fields.date("effectiveFrom", required: false) ?? hr.today
        let startTime = fields.string("startTime", required: false) { ScheduleVersion.minuteOfDay($0) == nil ? "must be a time of day, HH:MM" : nil }
        var minutes: [Int]?
        switch object["minutesByWeekday"] {
        case .array(let items)?:
            let values = items.compactMap { item -> Int? in
                if case .integer(let value) = item { return Int(exactly: value) }
                return nil
            }
            if values.count != items.count {
                fields.fail("minutesByWeekday", "must hold whole minutes")
            } else if let problem = ScheduleVersion.check(values) {
                fields.fail("minutesByWeekday", problem)
            } else {
                minutes = values
            }
        default:
            fields.fail("minutesByWeekday", "is required: seven numbers of minutes, Monday first")
        }
        guard fields.errors.isEmpty, let code, let name, let minutes else { throw .validationFailed(fields.errors) }
        try DateLimits.check(effectiveFrom, field: "/effectiveFrom", today: hr.today)
        let now = hr.clock.now()
        let version = ScheduleVersion(effectiveFrom: effectiveFrom, minutesByWeekday: minutes, startTime: startTime)
        return (
            WorkSchedule(id: id, code: code, name: name, holidayCalendarID: calendar, versions: [version], version: 1, createdAt: now, updatedAt: now),
            version
        )
    }

    @Sendable func createSchedule(_ request: Request, context: Context) async throws -> Response {
        try await writer(context)
        let (schedule, version) = try scheduleInput(try await body(request), id: UUID().uuidString.lowercased())
        let saved = try await rules.saveSchedule(schedule, newVersion: version, expectedVersion: nil, actor: EmployeeController<Context>.actor(context))
        var response = try JSONResponse.make(ScheduleRepresentation(saved, on: version.effectiveFrom), status: .created, etag: saved.version)
        response.headers[.location] = "/api/v1/schedules/\(saved.id)"
        return response
    }

    @Sendable func replaceSchedule(_ request: Request, context: Context) async throws -> Response {
        try await writer(context)
        let id = try PathID.require(context)
        guard try await rules.schedule(id: id) != nil else { throw HRError.notFound("schedule \(id)") }
        guard let expected = try IfMatch.version(request) else { throw HRError.ifMatchRequired }
        let (schedule, version) = try scheduleInput(try await body(request), id: id)
        let saved = try await rules.saveSchedule(schedule, newVersion: version, expectedVersion: expected, actor: EmployeeController<Context>.actor(context))
        return try JSONResponse.make(ScheduleRepresentation(saved, on: version.effectiveFrom), etag: saved.version)
    }

    // MARK: Holiday calendars

    struct CalendarRepresentation: Encodable {
        var id: String
        var code: String
        var name: String
        var holidays: [HolidayCalendar.Holiday]
        var version: Int

        init(_ c: HolidayCalendar) {
            id = c.id
            code = c.code
            name = c.name
            holidays = c.holidays
            version = c.version
        }
    }

    func calendarInput(_ object: [String: JSONValue], id: String) throws(HRError) -> HolidayCalendar {
        var fields = FieldReader(object)
        fields.rejectUnknown(allowed: ["code", "name", "holidays", "id", "version"])
        let code = fields.string("code", required: true, check: DepartmentRules.checkCode)
        let name = fields.string("name", required: true, check: DepartmentRules.checkName)
        var holidays: [HolidayCalendar.Holiday] = []
        var seen = Set<LocalDate>()
        if case .array(let items)? = object["holidays"] {
            for (index, item) in items.enumerated() {
                guard case .object(let entry) = item else {
                    fields.fail("holidays", "item \(index) must be an object {date, name}")
                    continue
                }
                var inner = FieldReader(entry, base: "/holidays/\(index)")
                inner.rejectUnknown(allowed: ["date", "name"])
                let date = inner.date("date", required: true)
                let label = inner.string("name", required: true, check: DepartmentRules.checkName)
                if let date, !seen.insert(date).inserted { inner.fail("date", "is listed twice") }
                if inner.errors.isEmpty, let date, let label { holidays.append(.init(date: date, name: label)) }
                for error in inner.errors { fields.fail(String(error.pointer.dropFirst()), error.message) }
            }
        } else if object["holidays"] != nil {
            fields.fail("holidays", "must be an array of {date, name}")
        }
        guard fields.errors.isEmpty, let code, let name else { throw .validationFailed(fields.errors.map { FieldError($0.pointer.replacingOccurrences(of: "~1", with: "/"), $0.message) }) }
        let today = hr.today
        for (index, holiday) in holidays.enumerated() {
            try DateLimits.check(holiday.date, field: "/holidays/\(index)/date", today: today, latest: DateLimits.latestHoliday(today: today))
        }
        let now = hr.clock.now()
        return HolidayCalendar(id: id, code: code, name: name, holidays: holidays.sorted { $0.date < $1.date }, version: 1, createdAt: now, updatedAt: now)
    }

    @Sendable func calendars(_ request: Request, context: Context) async throws -> Response {
        _ = try await reader(context)
        let all = try await rules.calendars()
        return try JSONResponse.make(ListEnvelope(data: all.map(CalendarRepresentation.init), meta: .init(total: all.count, limit: all.count, offset: 0)))
    }

    @Sendable func calendar(_ request: Request, context: Context) async throws -> Response {
        _ = try await reader(context)
        let id = try PathID.require(context)
        guard let calendar = try await rules.calendar(id: id) else { throw HRError.notFound("holiday calendar \(id)") }
        return try JSONResponse.make(CalendarRepresentation(calendar), etag: calendar.version)
    }

    @Sendable func createCalendar(_ request: Request, context: Context) async throws -> Response {
        try await writer(context)
        let calendar = try calendarInput(try await body(request), id: UUID().uuidString.lowercased())
        let saved = try await rules.saveCalendar(calendar, expectedVersion: nil, actor: EmployeeController<Context>.actor(context))
        var response = try JSONResponse.make(CalendarRepresentation(saved), status: .created, etag: saved.version)
        response.headers[.location] = "/api/v1/holiday-calendars/\(saved.id)"
        return response
    }

    @Sendable func replaceCalendar(_ request: Request, context: Context) async throws -> Response {
        try await writer(context)
        let id = try PathID.require(context)
        guard try await rules.calendar(id: id) != nil else { throw HRError.notFound("holiday calendar \(id)") }
        guard let expected = try IfMatch.version(request) else { throw HRError.ifMatchRequired }
        let calendar = try calendarInput(try await body(request), id: id)
        let saved = try await rules.saveCalendar(calendar, expectedVersion: expected, actor: EmployeeController<Context>.actor(context))
        return try JSONResponse.make(CalendarRepresentation(saved), etag: saved.version)
    }
}
