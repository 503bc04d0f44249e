import Foundation
import Gateway
import HRDomain
import HRStore
import Hummingbird
import NIOCore
import TimeSource

/// What the HR handlers share: repositories, the clock, the company's zone, and the ports the
/// composition wires (disabling logins, applying revocations at once).
public struct HRContext: Sendable {
    public let employees: any EmployeeRepository
    public let departments: DepartmentRepository
    public let accounts: any LoginAccountPort
    public let clock: any WallClock
    /// The zone of the company: "today" for terminations, default for new employees.
    public let companyTimeZone: String
    /// Called after a login was disabled, so this instance applies the revocation at once.
    public let loginsChanged: @Sendable () async -> Void

    public init(
        employees: any EmployeeRepository, departments: DepartmentRepository, accounts: any LoginAccountPort, clock: any WallClock,
        companyTimeZone: String, loginsChanged: @escaping @Sendable () async -> Void
    ) {
        self.employees = employees
        self.departments = departments
        self.accounts = accounts
        self.clock = clock
        self.companyTimeZone = companyTimeZone
        self.loginsChanged = loginsChanged
    }

    /// Today's date in the company's zone.
    public var today: LocalDate {
        LocalDate(clamping: clock.now(), in: TimeZone(identifier: companyTimeZone) ?? .gmt)
    }
}

/// `/api/v1/employees`: list, read, create, replace (PUT with `If-Match`) and terminate (DELETE),
/// with the RBAC rows of DESIGN §5.
public struct EmployeeController<Context: GatewayContext>: Sendable {
    let hr: HRContext
    let callers: CallerResolver
    /// HR JSON bodies larger than this are refused with 413.
    static var maxBodyBytes: Int { 1_048_576 }

    public init(hr: HRContext) {
        self.hr = hr
        self.callers = CallerResolver(employees: hr.employees)
    }

    /// The routes, relative to `/api/v1`.
    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("employees", use: list)
        routes.get("employees/:id", use: get)
        routes.post("employees", use: create)
        routes.put("employees/:id", use: replace)
        routes.delete("employees/:id", use: terminate)
        return routes
    }

    static func actor(_ context: Context) -> AuditActor {
        AuditActor(id: context.principal?.subject ?? "anonymous", requestID: context.requestID)
    }

    static func queryParameters(_ request: Request) -> [String: String] {
        Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        let visibility = try EmployeeAccess.visibility(for: caller)
        let query = try EmployeeInput.query(from: Self.queryParameters(request))
        let page = try await hr.employees.list(query, visibility: visibility)
        let departments = try await departmentIndex()
        return try JSONResponse.make(
            ListEnvelope(
                data: page.employees.map {
                    EmployeeRepresentation(
                        $0, department: $0.departmentID.flatMap { departments[$0] }, showPay: Self.mayReadPay(caller, of: $0))
                },
                meta: .init(total: page.total, limit: query.limit, offset: query.offset)))
    }

    func departmentIndex() async throws -> [String: Department] {
        Dictionary(try await hr.departments.list().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Pay fields are for hr_admin and the employee themselves (DESIGN §5), not their manager.
    static func mayReadPay(_ caller: Caller, of employee: Employee) -> Bool {
        caller.roles.contains(.hrAdmin) || caller.employeeID == employee.id
    }

    func representation(_ employee: Employee, for caller: Caller) async throws -> EmployeeRepresentation {
        let department = try await employee.departmentID.asyncFlatMap { try await hr.departments.get(id: $0) }
        return EmployeeRepresentation(employee, department: department, showPay: Self.mayReadPay(caller, of: employee))
    }

    /// The employee if `caller` may see it, else 404 (a row the caller may not see does not exist for them).
    func visibleEmployee(_ id: String, caller: Caller) async throws -> Employee {
        let visibility = try EmployeeAccess.visibility(for: caller)
        guard let employee = try await hr.employees.get(id: id.lowercased()) else { throw HRError.notFound("employee \(id)") }
        let visible: Bool
        switch visibility {
        case .all: visible = true
        case .nothing: visible = false
        case .selfOnly(let me): visible = employee.id == me
        case .teamAndSelf(let me):
            visible = employee.id == me ? true : try await hr.employees.isInTeam(employeeID: employee.id, managerID: me)
        }
        guard visible else { throw HRError.notFound("employee \(id)") }
        return employee
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        let employee = try await visibleEmployee(try PathID.require(context), caller: caller)
        return try JSONResponse.make(try await representation(employee, for: caller), etag: employee.version)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.canManageEmployees(caller)
        let body = try JSONValue.object(from: try await JSONResponse.body(of: request, limit: Self.maxBodyBytes))
        let input = try EmployeeInput.newEmployee(from: body, defaultTimeZone: hr.companyTimeZone)
        try EmployeeInput.checkDates(input, today: hr.today)
        if let managerID = input.managerID {
            guard let manager = try await hr.employees.get(id: managerID) else {
                throw HRError.ruleViolation(code: "invalid_manager", detail: "managerId does not name an employee", field: "/managerId")
            }
            guard manager.status == .active else {
                throw HRError.ruleViolation(code: "employee_not_active", detail: "the manager is not active", field: "/managerId")
            }
        }
        let now = hr.clock.now()
        var employee = Employee(
            id: UUID().uuidString.lowercased(), employeeNumber: input.employeeNumber, login: input.login,
            firstName: input.firstName, middleName: input.middleName, lastName: input.lastName,
            displayName: input.displayName
                ?? Employee.displayName(first: input.firstName, middle: input.middleName, last: input.lastName, order: input.nameOrder),
            nameOrder: input.nameOrder, workEmail: input.workEmail, phone: input.phone, jobTitle: input.jobTitle,
            departmentID: input.departmentID, scheduleID: input.scheduleID, managerID: input.managerID, employmentType: input.employmentType, status: .active,
            hireDate: input.hireDate, terminationDate: nil, terminationReason: nil, timeZone: input.timeZone, version: 1,
            createdAt: now, updatedAt: now)
        employee.compensation = input.compensation
        let created = try await hr.employees.create(employee, actor: Self.actor(context))
        var response = try JSONResponse.make(try await representation(created, for: caller), status: .created, etag: created.version)
        response.headers[.location] = "/api/v1/employees/\(created.id)"
        return response
    }

    @Sendable func replace(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.canManageEmployees(caller)
        let current = try await visibleEmployee(try PathID.require(context), caller: caller)
        guard let expected = try IfMatch.version(request) else { throw HRError.ifMatchRequired }
        let body = try JSONValue.object(from: try await JSONResponse.body(of: request, limit: Self.maxBodyBytes))
        let input = try EmployeeInput.newEmployee(from: body, defaultTimeZone: current.timeZone, mode: .replace)
        try EmployeeInput.checkDates(input, today: hr.today)
        let status = try EmployeeInput.status(from: body) ?? current.status
        if !input.employeeNumber.isEmpty, input.employeeNumber != current.employeeNumber {
            throw HRError.ruleViolation(code: "immutable_field", detail: "employeeNumber cannot be changed", field: "/employeeNumber")
        }
        var updated = current
        updated.login = input.login
        updated.firstName = input.firstName
        updated.middleName = input.middleName
        updated.lastName = input.lastName
        updated.nameOrder = input.nameOrder
        updated.displayName =
            input.displayName
            ?? Employee.displayName(first: input.firstName, middle: input.middleName, last: input.lastName, order: input.nameOrder)
        updated.workEmail = input.workEmail
        updated.phone = input.phone
        updated.jobTitle = input.jobTitle
        updated.departmentID = input.departmentID
        updated.scheduleID = input.scheduleID
        updated.managerID = input.managerID
        updated.employmentType = input.employmentType
        updated.hireDate = input.hireDate
        updated.timeZone = input.timeZone
        updated.status = status
        try CompensationRules.checkAppendOnly(existing: current.compensation, proposed: input.compensation)
        updated.compensation = input.compensation
        let saved = try await hr.employees.update(updated, expectedVersion: expected, actor: Self.actor(context))
        return try JSONResponse.make(try await representation(saved, for: caller), etag: saved.version)
    }

    @Sendable func terminate(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.canManageEmployees(caller)
        let current = try await visibleEmployee(try PathID.require(context), caller: caller)
        let data = try await JSONResponse.body(of: request, limit: Self.maxBodyBytes)
        let body = data.isEmpty ? [:] : try JSONValue.object(from: data)
        let termination = try EmployeeInput.termination(query: Self.queryParameters(request), body: body, today: hr.today)
        let outcome = try await hr.employees.terminate(
            id: current.id, request: termination, expectedVersion: try IfMatch.version(request), today: hr.today,
            callerEmployeeID: caller.employeeID, actor: Self.actor(context), accounts: hr.accounts)
        if outcome.loginDisabled { await hr.loginsChanged() }
        return try JSONResponse.make(try await representation(outcome.employee, for: caller), etag: outcome.employee.version)
    }
}

/// Path ids are UUIDs; anything else is a 400 naming the parameter, not a 404.
enum PathID {
    static func require<Context: RequestContext>(_ context: Context, _ name: String = "id") throws -> String {
        let raw = try context.parameters.require(name)
        guard let uuid = UUID(uuidString: raw) else {
            throw HRError.validationFailed([FieldError("/\(name)", "must be a UUID")])
        }
        return uuid.uuidString.lowercased()
    }
}

/// `If-Match` as this API uses it: the ETag of a version, `"3"` (a weak `W/"3"` is accepted too).
enum IfMatch {
    /// The version asked for, or nil when the header is absent. A value that names no version → 412.
    static func version(_ request: Request) throws(HRError) -> Int? {
        guard let raw = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces) else { return nil }
        var tag = Substring(raw)
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        tag = tag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")).prefix(20)
        guard let version = Int(tag) else { throw .versionMismatch(current: -1) }
        return version
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

/// JSON bodies in and out of HR handlers.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, etag: Int? = nil) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return response(try encoder.encode(value), status: status, etag: etag)
    }

    /// The same answer for the representations that write themselves (``JSONWritable``).
    static func make(_ value: some JSONWritable, status: HTTPResponse.Status = .ok, etag: Int? = nil) throws -> Response {
        response(value.jsonOutput.bytes, status: status, etag: etag)
    }

    static func response(_ body: some Sequence<UInt8>, status: HTTPResponse.Status, etag: Int?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let etag { headers[.eTag] = "\"\(etag)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The request body, refused with 413 past `limit` bytes.
    static func body(of request: Request, limit: Int) async throws -> Data {
        do {
            return Data(try await request.body.collect(upTo: limit).readableBytesView)
        } catch {
            throw HTTPError(.contentTooLarge)
        }
    }
}
