import Foundation
import Gateway
import HRDomain
import HRStore
import Hummingbird
import NIOCore
import TimeSource

/// `GET/POST /api/v1/employees` and `GET /api/v1/employees/{id}`, with the RBAC rows of DESIGN §5.
public struct EmployeeController<Context: GatewayContext>: Sendable {
    let employees: any EmployeeRepository
    let callers: CallerResolver
    let clock: any WallClock
    /// The zone given to employees created without one.
    let defaultTimeZone: String
    /// HR JSON bodies larger than this are refused with 413.
    static var maxBodyBytes: Int { 1_048_576 }

    public init(employees: any EmployeeRepository, clock: any WallClock, defaultTimeZone: String) {
        self.employees = employees
        self.callers = CallerResolver(employees: employees)
        self.clock = clock
        self.defaultTimeZone = defaultTimeZone
    }

    /// The routes, relative to `/api/v1`.
    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("employees", use: list)
        routes.get("employees/:id", use: get)
        routes.post("employees", use: create)
        return routes
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        let visibility = try EmployeeAccess.visibility(for: caller)
        let parameters = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
        let query = try EmployeeInput.query(from: parameters)
        let page = try await employees.list(query, visibility: visibility)
        return try JSONResponse.make(
            ListEnvelope(
                data: page.employees.map(EmployeeRepresentation.init),
                meta: .init(total: page.total, limit: query.limit, offset: query.offset)))
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        let visibility = try EmployeeAccess.visibility(for: caller)
        let id = try context.parameters.require("id")
        guard let employee = try await employees.get(id: id.lowercased()), try await isVisible(employee, under: visibility) else {
            throw HRError.notFound("employee \(id)")
        }
        return try JSONResponse.make(EmployeeRepresentation(employee), etag: employee.version)
    }

    private func isVisible(_ employee: Employee, under visibility: EmployeeVisibility) async throws -> Bool {
        switch visibility {
        case .all: true
        case .nothing: false
        case .selfOnly(let me): employee.id == me
        case .teamAndSelf(let me):
            if employee.id == me {
                true
            } else {
                try await employees.isInTeam(employeeID: employee.id, managerID: me)
            }
        }
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.canManageEmployees(caller)
        let body = try await JSONResponse.body(of: request, limit: Self.maxBodyBytes)
        let input = try EmployeeInput.newEmployee(from: try JSONValue.object(from: body), defaultTimeZone: defaultTimeZone)
        if let managerID = input.managerID {
            guard let manager = try await employees.get(id: managerID) else {
                throw HRError.ruleViolation(code: "invalid_manager", detail: "managerId does not name an employee", field: "/managerId")
            }
            guard manager.status == .active else {
                throw HRError.ruleViolation(code: "employee_not_active", detail: "the manager is not active", field: "/managerId")
            }
        }
        let now = clock.now()
        let employee = Employee(
            id: UUID().uuidString.lowercased(), employeeNumber: input.employeeNumber, login: input.login,
            firstName: input.firstName, middleName: input.middleName, lastName: input.lastName,
            displayName: input.displayName
                ?? Employee.displayName(first: input.firstName, middle: input.middleName, last: input.lastName, order: input.nameOrder),
            nameOrder: input.nameOrder, workEmail: input.workEmail, phone: input.phone, jobTitle: input.jobTitle,
            managerID: input.managerID, employmentType: input.employmentType, status: .active, hireDate: input.hireDate,
            terminationDate: nil, terminationReason: nil, timeZone: input.timeZone, version: 1, createdAt: now, updatedAt: now)
        let created = try await employees.create(employee)
        var response = try JSONResponse.make(EmployeeRepresentation(created), status: .created, etag: created.version)
        response.headers[.location] = "/api/v1/employees/\(created.id)"
        return response
    }
}

/// JSON bodies in and out of HR handlers.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, etag: Int? = nil) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let etag { headers[.eTag] = "\"\(etag)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
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
