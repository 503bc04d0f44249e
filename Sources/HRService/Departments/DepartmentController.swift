import Foundation
import Gateway
import HRDomain
import HRStore
import Hummingbird
import TimeSource

/// `GET/POST /api/v1/departments` and `GET/PUT /api/v1/departments/{id}`: everyone with a
/// recognised role reads; hr_admin writes.
public struct DepartmentController<Context: GatewayContext>: Sendable {
    let hr: HRContext
    let callers: CallerResolver

    public init(hr: HRContext) {
        self.hr = hr
        self.callers = CallerResolver(employees: hr.employees)
    }

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("departments", use: list)
        routes.get("departments/:id", use: get)
        routes.post("departments", use: create)
        routes.put("departments/:id", use: replace)
        return routes
    }

    struct Representation: Encodable {
        var id: String
        var code: String
        var name: String
        var parentId: String?
        var version: Int
        var createdAt: String
        var updatedAt: String

        init(_ d: Department) {
            id = d.id
            code = d.code
            name = d.name
            parentId = d.parentID
            version = d.version
            createdAt = RFC3339.string(d.createdAt)
            updatedAt = RFC3339.string(d.updatedAt)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(code, forKey: .code)
            try c.encode(name, forKey: .name)
            try c.encode(parentId, forKey: .parentId)
            try c.encode(version, forKey: .version)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(updatedAt, forKey: .updatedAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, code, name, parentId, version, createdAt, updatedAt
        }
    }

    /// Reads `{code, name, parentId}`; output-only fields may be echoed back and are ignored.
    static func input(_ body: [String: JSONValue]) throws(HRError) -> (code: String, name: String, parentID: String?) {
        var reader = FieldReader(body)
        reader.rejectUnknown(allowed: ["code", "name", "parentId", "id", "version", "createdAt", "updatedAt"])
        let code = reader.string("code", required: true, check: DepartmentRules.checkCode)
        let name = reader.string("name", required: true, check: DepartmentRules.checkName)
        let parent = reader.uuid("parentId", required: false)
        guard reader.errors.isEmpty, let code, let name else { throw .validationFailed(reader.errors) }
        return (code, name, parent)
    }

    func requireRole(_ context: Context) async throws -> Caller {
        let caller = try await callers.caller(for: context.principal)
        try EmployeeAccess.requireRecognisedRole(caller)
        return caller
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        _ = try await requireRole(context)
        let all = try await hr.departments.list()
        return try JSONResponse.make(ListEnvelope(data: all.map(Representation.init), meta: .init(total: all.count, limit: all.count, offset: 0)))
    }

    @Sendable func get(_ request: Request, context: Context) async throws -> Response {
        _ = try await requireRole(context)
        let id = try PathID.require(context)
        guard let department = try await hr.departments.get(id: id) else { throw HRError.notFound("department \(id)") }
        return try JSONResponse.make(Representation(department), etag: department.version)
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let caller = try await requireRole(context)
        try EmployeeAccess.canManageEmployees(caller)
        let input = try Self.input(try JSONValue.object(from: try await JSONResponse.body(of: request, limit: 65_536)))
        let now = hr.clock.now()
        let department = Department(
            id: UUID().uuidString.lowercased(), code: input.code, name: input.name, parentID: input.parentID, version: 1,
            createdAt: now, updatedAt: now)
        let created = try await hr.departments.create(department, actor: EmployeeController<Context>.actor(context))
        var response = try JSONResponse.make(Representation(created), status: .created, etag: created.version)
        response.headers[.location] = "/api/v1/departments/\(created.id)"
        return response
    }

    @Sendable func replace(_ request: Request, context: Context) async throws -> Response {
        let caller = try await requireRole(context)
        try EmployeeAccess.canManageEmployees(caller)
        let id = try PathID.require(context)
        guard try await hr.departments.get(id: id) != nil else { throw HRError.notFound("department \(id)") }
        guard let expected = try IfMatch.version(request) else { throw HRError.ifMatchRequired }
        let input = try Self.input(try JSONValue.object(from: try await JSONResponse.body(of: request, limit: 65_536)))
        let now = hr.clock.now()
        let saved = try await hr.departments.update(
            Department(id: id, code: input.code, name: input.name, parentID: input.parentID, version: expected, createdAt: now, updatedAt: now),
            expectedVersion: expected, actor: EmployeeController<Context>.actor(context))
        return try JSONResponse.make(Representation(saved), etag: saved.version)
    }
}
