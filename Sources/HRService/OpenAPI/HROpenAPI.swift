import Foundation
import HRDomain
import OpenAPIKit

/// The OpenAPI 3.1 description of the HR API under `/api/v1`, as the server implements it: the routes of
/// ``EmployeeController``, ``DepartmentController``, the work-rules routes, ``AttendanceController`` and
/// ``PayrollController``, the
/// fields ``EmployeeInput``, ``AttendanceInput`` and ``FieldReader`` accept, the representations the handlers
/// answer with, RFC 9457 problems (``ProblemResponse``) and the gateway's own `{"message": …}` answers
/// (authorizer, unknown routes, oversized bodies).
///
/// Request schemas carry the validation rules (patterns, lengths, closed objects); response schemas carry
/// types, nullability, enums, formats and the exact ASCII patterns, so that anything the server stores
/// can be answered without breaking its own schema.
public enum HROpenAPI {
    /// The document, naming `serverURL` (such as `http://127.0.0.1:8080`) as its only server.
    public static func document(serverURL: String) -> OpenAPI.Document {
        OpenAPI.Document(
            openAPIVersion: .v3_1_1,
            info: OpenAPI.Document.Info(
                title: "HRSystem HR API",
                description: """
                    Employees, departments, attendance (self-service check-in and check-out, work and leave \
                    entered by managers and HR, corrections with If-Match, per-employee summaries) and payroll \
                    (payslips of a month, closing and reopening pay periods). Every operation \
                    needs an access or id token of a trusted issuer (`Authorization: Bearer <JWT>`); roles come from \
                    its groups (`hr_admin`, `manager`, `employee`). Errors are RFC 9457 problems \
                    (`application/problem+json`), except the gateway's own answers (`{"message": …}`: a refused \
                    token, an unknown route, a body too large).
                    """,
                version: "1.0.0"),
            servers: [OpenAPI.Server(url: URL(string: serverURL) ?? URL(string: "/")!)],
            paths: paths,
            components: components,
            tags: [
                OpenAPI.Tag(name: "Employees", description: "Employment records: list, read, hire, replace, terminate."),
                OpenAPI.Tag(name: "Departments", description: "Organisational units; everyone with a role reads, hr_admin writes."),
                OpenAPI.Tag(
                    name: "Attendance",
                    description: "Check-in and check-out, manual work and leave entries, corrections, ranges with summaries, history."),
                OpenAPI.Tag(
                    name: "Payroll",
                    description: "Payslips of a month (provisional, draft or final), totals per currency, closing and reopening periods."),
            ])
    }

    /// The document as JSON, keys sorted.
    public static func json(serverURL: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document(serverURL: serverURL))
    }
}

// MARK: - Paths and operations

extension HROpenAPI {
    static var paths: OpenAPI.PathItem.Map {
        var map: OpenAPI.PathItem.Map = [
            "/api/v1/employees": .pathItem(OpenAPI.PathItem(get: listEmployees, post: createEmployee)),
            "/api/v1/employees/{id}": .pathItem(
                OpenAPI.PathItem(
                    parameters: [.parameter(idParameter("The employee's id."))],
                    get: getEmployee, put: replaceEmployee, delete: terminateEmployee)),
            "/api/v1/departments": .pathItem(OpenAPI.PathItem(get: listDepartments, post: createDepartment)),
            "/api/v1/departments/{id}": .pathItem(
                OpenAPI.PathItem(
                    parameters: [.parameter(idParameter("The department's id."))],
                    get: getDepartment, put: replaceDepartment)),
        ]
        for (path, item) in workRulesPaths { map[path] = .pathItem(item) }
        for (path, item) in attendancePaths { map[path] = .pathItem(item) }
        for (path, item) in payrollPaths { map[path] = .pathItem(item) }
        // Every POST takes an Idempotency-Key, and with it the caller's hourly bound of keys.
        for (path, entry) in map {
            guard var item = entry.pathItemValue, var post = item.post else { continue }
            post.responses[429] = problem(
                "`idempotency_limit_reached`: the caller has used its Idempotency-Keys of the last hour; retry later or without a key.")
            item.post = post
            map[path] = .pathItem(item)
        }
        return map
    }

    static var listEmployees: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Employees"],
            summary: "List employees",
            description: """
                The employees the caller may see: hr_admin everyone, a manager their direct and indirect reports and \
                themselves, an employee themselves; leavers only with `status=terminated` or `includeTerminated=true`. \
                Unknown query parameters are ignored.
                """,
            operationId: "listEmployees",
            parameters: [
                queryParameter("status", choice(employeeStatuses), "Only employees in this status."),
                queryParameter("departmentId", uuid(), "Only employees of this department."),
                queryParameter("managerId", uuid(), "Only direct reports of this employee."),
                queryParameter(
                    "q", str(maxLength: 200),
                    "Words that must all appear in the names, employee number or work email (case- and diacritic-insensitive)."),
                queryParameter(
                    "includeTerminated", flag(defaultValue: false), "Include leavers among the employees the caller may see."),
                queryParameter(
                    "sort", choice(sortOrders, defaultValue: "employeeNumber"), "Sort field; a leading `-` sorts descending."),
                queryParameter("limit", int(minimum: 1, maximum: 200, defaultValue: 50), "Page size."),
                queryParameter("offset", int(minimum: 0, defaultValue: 0), "Rows to skip."),
            ],
            responses: [
                200: success("A page of employees.", ref("EmployeeList")),
                400: problem("A query parameter is malformed (`validation_failed`, `errors[].field` names it)."),
                401: unauthorized,
                403: forbidden,
                503: unavailable,
            ],
            security: bearer)
    }

    static var createEmployee: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Employees"],
            summary: "Hire an employee",
            description: "hr_admin only. The new employee is `active`, at version 1.",
            operationId: "createEmployee",
            parameters: [.parameter(idempotencyKey)],
            requestBody: jsonBody(ref("EmployeeCreate")),
            responses: [
                201: success(
                    "The employee, with its ETag and Location.", ref("Employee"), headers: createdHeaders,
                    links: resourceLinks(get: "getEmployee", replace: "replaceEmployee", delete: "terminateEmployee")),
                400: problem("Not JSON (`malformed_json`), or fields missing, mistyped, malformed or unknown (`validation_failed`)."),
                401: unauthorized,
                403: forbidden,
                409: problem(
                    """
                        `duplicate`: employeeNumber, workEmail or the login (issuer + userSub) is taken by a \
                        non-terminated employee; or `idempotency_key_in_use`.
                        """),
                413: tooLarge,
                422: problem(
                    """
                        `invalid_reference` (departmentId, scheduleId), `invalid_manager` or \
                        `employee_not_active` (managerId), `date_out_of_range` (hireDate or a compensation \
                        effectiveFrom before 1900-01-01 or more than a year ahead), or `idempotency_key_reused`.
                        """),
                503: unavailable,
            ],
            security: bearer)
    }

    static var getEmployee: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Employees"],
            summary: "Read an employee",
            operationId: "getEmployee",
            responses: [
                200: success("The employee, with its ETag.", ref("Employee"), headers: etagHeaders),
                400: problem(badID),
                401: unauthorized,
                403: forbidden,
                404: notFound("No such employee, or one the caller may not see (`not_found`)."),
                503: unavailable,
            ],
            security: bearer)
    }

    static var replaceEmployee: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Employees"],
            summary: "Replace an employee",
            description: """
                hr_admin only. A full replacement: optional fields left out are cleared (`timeZone` keeps its value, \
                `nameOrder` falls back to `given_first`). `employeeNumber` cannot change; `status` may switch between \
                `active` and `inactive` (termination is DELETE). Output-only fields may be echoed back and are ignored.
                """,
            operationId: "replaceEmployee",
            parameters: [.parameter(ifMatch(required: true))],
            requestBody: jsonBody(ref("EmployeeReplace")),
            responses: [
                200: success("The employee as saved, with its new ETag.", ref("Employee"), headers: etagHeaders),
                400: problem("A malformed id, body or field (`validation_failed`, `malformed_json`)."),
                401: unauthorized,
                403: forbidden,
                404: notFound("No such employee (`not_found`)."),
                409: problem("`duplicate` (workEmail or login taken), or `employee_terminated`."),
                412: problem("`version_mismatch`: If-Match names another version, or no version at all."),
                413: tooLarge,
                422: problem(
                    """
                        `immutable_field` (employeeNumber), `use_delete_to_terminate` (status), \
                        `invalid_reference`, `invalid_manager`, `employee_not_active`, `manager_cycle` or \
                        `compensation_history_immutable` (an existing compensation entry is changed or left out), or \
                        `date_out_of_range` (hireDate or a compensation effectiveFrom before 1900-01-01 or more than \
                        a year ahead).
                        """),
                423: periodLocked("a new compensation entry takes effect in a closed pay period, or before one."),
                428: problem("`if_match_required`: the If-Match header is missing."),
                503: unavailable,
            ],
            security: bearer)
    }

    static var terminateEmployee: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Employees"],
            summary: "Terminate an employee",
            description: """
                hr_admin only. `terminationDate`, `reason` and `reassignTo` come from the query or the JSON body \
                (the query wins). A date today or earlier terminates now and disables the linked login; a later \
                date (at most 90 days ahead) is recorded and carried out at the start of the following day. \
                Repeating the same date answers 200 unchanged. Nothing is erased.
                """,
            operationId: "terminateEmployee",
            parameters: [
                .parameter(ifMatch(required: false)),
                queryParameter("terminationDate", date(), "Default: today in the company's time zone."),
                queryParameter("reason", str(maxLength: 250), "Why the employment ends."),
                queryParameter("reassignTo", uuid(), "The active employee who takes over the leaver's direct reports."),
            ],
            requestBody: jsonBody(ref("Termination"), required: false),
            responses: [
                200: success("The employee after the termination, with its ETag.", ref("Employee"), headers: etagHeaders),
                400: problem("A malformed id, parameter or body (`validation_failed`, `malformed_json`)."),
                401: unauthorized,
                403: forbidden,
                404: notFound("No such employee (`not_found`)."),
                409: problem(
                    """
                        `cannot_terminate_self`, `already_terminated` (a different date is recorded) or \
                        `has_active_reports` (give reassignTo).
                        """),
                412: problem("`version_mismatch`: If-Match names another version, or no version at all."),
                413: tooLarge,
                422: problem(
                    """
                        `outside_employment` (before the hire date), `termination_too_far` (over 90 days ahead), \
                        `invalid_manager` or `employee_not_active` (reassignTo).
                        """),
                503: unavailable,
            ],
            security: bearer)
    }

    static var listDepartments: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Departments"],
            summary: "List departments",
            description: "Every department, by code, in one page (`meta.limit` is the count).",
            operationId: "listDepartments",
            responses: [
                200: success("Every department.", ref("DepartmentList")),
                401: unauthorized,
                403: forbidden,
                503: unavailable,
            ],
            security: bearer)
    }

    static var createDepartment: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Departments"],
            summary: "Create a department",
            description: "hr_admin only. Bodies are limited to 64 KiB.",
            operationId: "createDepartment",
            parameters: [.parameter(idempotencyKey)],
            requestBody: jsonBody(ref("DepartmentInput")),
            responses: [
                201: success(
                    "The department, with its ETag and Location.", ref("Department"), headers: createdHeaders,
                    links: resourceLinks(get: "getDepartment", replace: "replaceDepartment")),
                400: problem("Not JSON (`malformed_json`), or fields missing, mistyped, malformed or unknown (`validation_failed`)."),
                401: unauthorized,
                403: forbidden,
                409: problem("`duplicate`: the code is taken; or `idempotency_key_in_use`."),
                413: tooLarge,
                422: problem("`invalid_reference`: parentId names no department; or `idempotency_key_reused`."),
                503: unavailable,
            ],
            security: bearer)
    }

    static var getDepartment: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Departments"],
            summary: "Read a department",
            operationId: "getDepartment",
            responses: [
                200: success("The department, with its ETag.", ref("Department"), headers: etagHeaders),
                400: problem(badID),
                401: unauthorized,
                403: forbidden,
                404: notFound("No such department (`not_found`)."),
                503: unavailable,
            ],
            security: bearer)
    }

    static var replaceDepartment: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: ["Departments"],
            summary: "Replace a department",
            description: "hr_admin only. Output-only fields may be echoed back and are ignored. Bodies are limited to 64 KiB.",
            operationId: "replaceDepartment",
            parameters: [.parameter(ifMatch(required: true))],
            requestBody: jsonBody(ref("DepartmentInput")),
            responses: [
                200: success("The department as saved, with its new ETag.", ref("Department"), headers: etagHeaders),
                400: problem("A malformed id, body or field (`validation_failed`, `malformed_json`)."),
                401: unauthorized,
                403: forbidden,
                404: notFound("No such department (`not_found`)."),
                409: problem("`duplicate`: the code is taken."),
                412: problem("`version_mismatch`: If-Match names another version, or no version at all."),
                413: tooLarge,
                422: problem("`invalid_reference` (parentId names no department) or `department_cycle`."),
                428: problem("`if_match_required`: the If-Match header is missing."),
                503: unavailable,
            ],
            security: bearer)
    }
}

// MARK: - Parameters, bodies, responses

extension HROpenAPI {
    typealias ResponseEntry = Either<OpenAPI.Reference<OpenAPI.Response>, OpenAPI.Response>

    static var problemJSON: OpenAPI.ContentType { OpenAPI.ContentType(rawValue: "application/problem+json")! }

    /// Every operation needs a bearer JWT.
    static var bearer: [OpenAPI.SecurityRequirement] { [[.component(named: "bearerAuth"): []]] }

    static var badID: String { "The id is not a UUID (`validation_failed`, field `/id`)." }

    static func idParameter(_ description: String) -> OpenAPI.Parameter {
        OpenAPI.Parameter.path(
            name: "id",
            schema: .string(format: .uuid, pattern: anyCaseUUIDPattern),
            description: description + " A UUID in either case; anything else is a 400.")
    }

    static func queryParameter(
        _ name: String, _ schema: JSONSchema, _ description: String
    ) -> Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter> {
        .parameter(OpenAPI.Parameter.query(name: name, schema: schema, description: description))
    }

    static func ifMatch(required: Bool) -> OpenAPI.Parameter {
        let description =
            required
            ? "The ETag of the version being replaced (`\"3\"`; `W/\"3\"` is accepted). Missing → 428."
            : "When given, the ETag of the current version (`\"3\"`; `W/\"3\"` is accepted)."
        return OpenAPI.Parameter.header(
            name: "If-Match",
            required: required,
            schema: .string(pattern: #"^(W/)?"[0-9]+"$"#),
            description: description + " Another version, or a value naming none → 412.")
    }

    static var idempotencyKey: OpenAPI.Parameter {
        OpenAPI.Parameter.header(
            name: "Idempotency-Key",
            required: false,
            schema: .string(minLength: 1, maxLength: 255, pattern: "^[!-~]+$"),
            description: """
                Makes a retry safe for 24 hours (scope: the caller's `sub`, the method and the path). A retry with the same \
                body gets a successful first answer again (with `Idempotent-Replayed: true`; a refused request is not \
                remembered and runs again); a different body → 422 `idempotency_key_reused`; while the first is in flight \
                → 409 `idempotency_key_in_use`; a malformed key → 400; more than the caller's keys per hour (default \
                1,000) → 429 `idempotency_limit_reached`.
                """)
    }

    static func jsonBody(_ schema: JSONSchema, required: Bool = true) -> OpenAPI.Request {
        OpenAPI.Request(content: [.json: .content(OpenAPI.Content(schema: schema))], required: required)
    }

    static func success(
        _ description: String, _ schema: JSONSchema, headers: OpenAPI.Header.Map? = nil, links: OpenAPI.Link.Map = [:]
    ) -> ResponseEntry {
        .response(
            OpenAPI.Response(
                description: description, headers: headers, content: [.json: .content(OpenAPI.Content(schema: schema))],
                links: links))
    }

    static func problem(_ description: String) -> ResponseEntry {
        .response(
            OpenAPI.Response(description: description, content: [problemJSON: .content(OpenAPI.Content(schema: ref("Problem")))]))
    }

    /// A problem, or the gateway's `{"message": …}` (application/json).
    static func problemOrMessage(_ description: String, headers: OpenAPI.Header.Map? = nil) -> ResponseEntry {
        .response(
            OpenAPI.Response(
                description: description, headers: headers,
                content: [
                    problemJSON: .content(OpenAPI.Content(schema: ref("Problem"))),
                    .json: .content(OpenAPI.Content(schema: ref("GatewayMessage"))),
                ]))
    }

    static func notFound(_ description: String) -> ResponseEntry {
        problemOrMessage(description + " The gateway answers `{\"message\":\"Not Found\"}` for a route it does not know.")
    }

    static var unauthorized: ResponseEntry {
        problemOrMessage(
            """
                The gateway refused the token (missing, malformed, untrusted, expired or revoked: \
                `{"message":"Unauthorized"}` with `WWW-Authenticate`), or the employment linked to the login has \
                ended (problem `employment_ended`).
                """,
            headers: [
                "WWW-Authenticate": .header(
                    OpenAPI.Header(schema: .string, description: "Sent with the gateway's 401: `Bearer … error=\"invalid_token\" …`."))
            ])
    }

    static var forbidden: ResponseEntry {
        problemOrMessage(
            """
                The caller's role may not do this (problem `forbidden`; also when the token carries no \
                recognised group). The gateway answers `{"message":"Forbidden"}` when a route demands scopes the \
                token lacks.
                """)
    }

    static var tooLarge: ResponseEntry {
        .response(
            OpenAPI.Response(
                description: "The body is too large (`{\"message\":\"Request Entity Too Large\"}`).",
                content: [.json: .content(OpenAPI.Content(schema: ref("GatewayMessage")))]))
    }

    static var unavailable: ResponseEntry {
        problemOrMessage(
            """
                The database cannot be reached (problem `service_unavailable`), or the authorizer cannot verify \
                tokens right now (`{"message":"Service Unavailable"}`). Retry shortly.
                """)
    }

    static var etagHeaders: OpenAPI.Header.Map {
        ["ETag": .header(etagHeader)]
    }

    static var createdHeaders: OpenAPI.Header.Map {
        [
            "ETag": .header(etagHeader),
            "Location": .header(
                OpenAPI.Header(schema: .string, description: "The new resource: `/api/v1/<collection>/<id>`.", required: true)),
        ]
    }

    static var etagHeader: OpenAPI.Header {
        OpenAPI.Header(
            schema: .string(pattern: #"^"[0-9]+"$"#), description: "The resource's version, `\"1\"`; send it back in If-Match.",
            required: true)
    }

    /// Links from a created resource to the operations on it (its id from the body, its ETag for If-Match).
    static func resourceLinks(get: String, replace: String, delete: String? = nil) -> OpenAPI.Link.Map {
        let id: Either<OpenAPI.RuntimeExpression, AnyCodable> = .a(.response(.body(.path("/id"))))
        let etag: Either<OpenAPI.RuntimeExpression, AnyCodable> = .a(.response(.header(name: "ETag")))
        var links: OpenAPI.Link.Map = [
            "get": .link(operationId: get, parameters: ["id": id]),
            "replace": .link(operationId: replace, parameters: ["id": id, "If-Match": etag]),
        ]
        if let delete {
            links["delete"] = .link(operationId: delete, parameters: ["id": id, "If-Match": etag])
        }
        return links
    }
}

// MARK: - Components and schemas

extension HROpenAPI {
    static var components: OpenAPI.Components {
        var components = OpenAPI.Components(
            schemas: [
                "Employee": employee,
                "EmployeeCreate": employeeInput(replace: false),
                "EmployeeReplace": employeeInput(replace: true),
                "EmployeeList": list(of: "Employee"),
                "Termination": termination,
                "Department": department,
                "DepartmentInput": departmentInput,
                "DepartmentList": list(of: "Department"),
                "ListMeta": listMeta,
                "Problem": problemSchema,
                "GatewayMessage": obj(["message": str()], description: "The gateway's own answer, as API Gateway sends it."),
                "TimeZoneName": choice(
                    timeZoneNames, description: "An IANA time zone the server knows (old links such as `Asia/Saigon` are accepted too)."),
            ],
            securitySchemes: [
                "bearerAuth": .securityScheme(
                    .http(
                        scheme: "bearer", bearerFormat: "JWT",
                        description: "An access or id token (RS256) of a trusted issuer, such as this server's user pool."))
            ])
        for (name, schema) in workRulesSchemas { components.schemas[.init(stringLiteral: name)] = schema }
        for (name, schema) in attendanceSchemas { components.schemas[.init(stringLiteral: name)] = schema }
        for (name, schema) in payrollSchemas { components.schemas[.init(stringLiteral: name)] = schema }
        return components
    }

    static var employeeStatuses: [String] { ["active", "inactive", "terminated"] }
    static var employmentTypes: [String] { ["full_time", "part_time", "contract", "intern"] }
    static var nameOrders: [String] { ["given_first", "family_first"] }
    static var sortOrders: [String] {
        ["employeeNumber", "-employeeNumber", "lastName", "-lastName", "hireDate", "-hireDate", "createdAt", "-createdAt"]
    }

    /// The zones `timeZone` accepts (TimeZoneName.canonical), sorted.
    static var timeZoneNames: [String] {
        Set(TimeZone.knownTimeZoneIdentifiers + ["UTC", "Etc/UTC"]).filter { TimeZoneName.canonical($0) != nil }.sorted()
    }

    static var uuidPattern: String { "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" }
    static var anyCaseUUIDPattern: String { "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$" }
    static var employeeNumberPattern: String { "^[A-Za-z0-9._/-]{1,32}$" }
    static var phonePattern: String { #"^\+[0-9]{6,15}$"# }
    static var departmentCodePattern: String { "^[A-Z0-9_-]{1,32}$" }
    static var timeOfDayPattern: String { "^([01][0-9]|2[0-3]):[0-5][0-9]$" }
    /// Not blank, no control characters (EmployeeRules.checkName).
    static var personNamePattern: String { #"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$"# }

    /// An employee as every read and write answers it: every field present, `null` where absent.
    static var employee: JSONSchema {
        let properties: OrderedDictionary<String, JSONSchema> = [
            "id": uuid(),
            "employeeNumber": str(pattern: employeeNumberPattern, description: "Immutable; unique among non-terminated employees."),
            "issuer": str(nullable: true, description: "`iss` of the login linked to this employee (with userSub)."),
            "userSub": str(nullable: true, description: "`sub` of the login linked to this employee (with issuer)."),
            "firstName": str(),
            "middleName": str(nullable: true),
            "lastName": str(),
            "displayName": str(description: "As given, or the names joined in nameOrder."),
            "nameOrder": choice(nameOrders),
            "workEmail": str(),
            "phone": str(nullable: true, pattern: phonePattern),
            "jobTitle": str(nullable: true),
            "departmentId": uuid(nullable: true),
            "department": obj(
                ["id": uuid(), "code": str(pattern: departmentCodePattern), "name": str()], nullable: true,
                description: "The department named by departmentId."),
            "scheduleId": uuid(nullable: true, description: "The work schedule the employee follows."),
            "managerId": uuid(nullable: true),
            "employmentType": choice(employmentTypes),
            "status": choice(employeeStatuses, description: "`inactive` is a suspension, `terminated` a leaver."),
            "hireDate": date(),
            "terminationDate": date(nullable: true, description: "Set when a termination is recorded, even for a future date."),
            "terminationReason": str(nullable: true),
            "timeZone": str(description: "IANA time zone, such as `Asia/Ho_Chi_Minh`."),
            "compensation": .array(
                required: false, description: "Effective-dated pay, oldest first; present for hr_admin and the employee only.",
                items: compensationEntry),
            "version": int(minimum: 1, description: "Increases with every change; the ETag."),
            "createdAt": timestamp(),
            "updatedAt": timestamp(),
        ]
        return obj(properties, description: "An employment record.")
    }

    /// The body of POST (create) or PUT (replace) `/api/v1/employees`. Optional fields accept `null` as "absent".
    static func employeeInput(replace: Bool) -> JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [
            "employeeNumber": str(
                required: !replace, nullable: replace, pattern: employeeNumberPattern,
                description: replace ? "May be omitted; when given it must be the current number (else 422)." : nil),
            "issuer": str(
                required: false, nullable: true, minLength: 1, maxLength: 512,
                description: "`iss` of the login to link; give it together with userSub."),
            "userSub": str(
                required: false, nullable: true, minLength: 1, maxLength: 128,
                description: "`sub` of the login to link; give it together with issuer."),
            "firstName": personName(),
            "middleName": personName(required: false),
            "lastName": personName(),
            "displayName": personName(required: false, description: "Default: the names joined in nameOrder."),
            "nameOrder": choice(nameOrders, required: false, nullable: true, description: "Default `given_first`."),
            "workEmail": str(format: .email, maxLength: 254, description: "Unique among non-terminated employees."),
            "phone": str(required: false, nullable: true, pattern: phonePattern, description: "E.164, such as `+84901234567`."),
            "jobTitle": str(required: false, nullable: true, maxLength: 100),
            "departmentId": uuid(required: false, nullable: true, description: "An existing department."),
            "scheduleId": uuid(required: false, nullable: true, description: "An existing work schedule."),
            "managerId": uuid(
                required: false, nullable: true, description: "An existing, active employee; no reporting cycle."),
            "employmentType": choice(employmentTypes),
            "hireDate": date(),
            "timeZone": refOrNull(
                "TimeZoneName", required: false, description: replace ? "Default: unchanged." : "Default: the company's."),
            "compensation": .array(
                required: false, nullable: true,
                description: replace
                    ? "Every existing entry sent back unchanged, plus any new ones (else 422 compensation_history_immutable)."
                    : "Effective-dated pay entries.",
                items: compensationEntry),
        ]
        guard replace else {
            return obj(properties, closed: true, description: "A new employee. Unknown fields are refused (400).")
        }
        properties["status"] = choice(
            ["active", "inactive"], required: false, nullable: true,
            description: "Default: unchanged. `terminated` is refused (422 `use_delete_to_terminate`).")
        for field in ["id", "version", "createdAt", "updatedAt", "department", "terminationDate", "terminationReason"] {
            properties[field] = .fragment(required: false, description: "Output-only; accepted and ignored.")
        }
        return obj(
            properties, closed: true,
            description: "A full replacement of an employee's mutable fields. Unknown fields are refused (400).")
    }

    /// One effective-dated compensation entry; amounts are integer minor units of its currency.
    static var compensationEntry: JSONSchema {
        obj(
            [
                "effectiveFrom": date(),
                "payType": choice(["monthly", "hourly"]),
                "currency": str(pattern: "^[A-Z]{3}$", description: "ISO 4217 code."),
                "components": .array(
                    items: obj(
                        [
                            "code": str(minLength: 1, maxLength: 32),
                            "kind": choice(["base", "allowance", "insurance_base"]),
                            "amountMinor": .integer(minimum: (0, exclusive: false)),
                        ], closed: true)),
            ],
            closed: true)
    }

    static var termination: JSONSchema {
        obj(
            [
                "terminationDate": date(
                    required: false, nullable: true,
                    description: "Default: today in the company's time zone. At most 90 days ahead; not before the hire date."),
                "reason": str(required: false, nullable: true, maxLength: 250),
                "reassignTo": uuid(
                    required: false, nullable: true,
                    description: "The active employee who takes over the leaver's direct reports (required when there are any)."),
            ],
            closed: true,
            description: "The optional body of DELETE /api/v1/employees/{id}; the same names in the query take precedence.")
    }

    static var department: JSONSchema {
        obj(
            [
                "id": uuid(),
                "code": str(pattern: departmentCodePattern),
                "name": str(),
                "parentId": uuid(nullable: true),
                "version": int(minimum: 1, description: "Increases with every change; the ETag."),
                "createdAt": timestamp(),
                "updatedAt": timestamp(),
            ],
            description: "An organisational unit; departments form a tree through parentId.")
    }

    static var departmentInput: JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [
            "code": str(pattern: departmentCodePattern, description: "Unique, such as `ENG` or `HR-VN`."),
            "name": str(maxLength: 100, pattern: #"\S"#, description: "Not blank."),
            "parentId": uuid(
                required: false, nullable: true, description: "An existing department, not this one or one below it."),
        ]
        for field in ["id", "version", "createdAt", "updatedAt"] {
            properties[field] = .fragment(required: false, description: "Output-only; accepted and ignored.")
        }
        return obj(properties, closed: true, description: "The body of POST and PUT /api/v1/departments.")
    }

    static func list(of item: String) -> JSONSchema {
        obj(["data": .array(items: ref(item)), "meta": ref("ListMeta")])
    }

    static var listMeta: JSONSchema {
        obj(
            [
                "total": int(minimum: 0, description: "Rows matching the filters, over all pages."),
                "limit": int(minimum: 0, description: "The page size used."),
                "offset": int(minimum: 0, description: "Rows skipped."),
            ])
    }

    static var problemSchema: JSONSchema {
        obj(
            [
                "type": str(pattern: "^urn:hrsystem:problem:[a-z0-9_]+$", description: "`urn:hrsystem:problem:<code>`."),
                "title": str(),
                "status": int(minimum: 400, maximum: 599),
                "detail": str(),
                "code": str(
                    description: """
                        Machine-readable: `malformed_json`, `validation_failed`, `forbidden`, `not_found`, \
                        `duplicate`, `version_mismatch`, `if_match_required`, `period_locked` (423: the write \
                        touches a closed pay period), `service_unavailable`, …
                        """),
                "errors": .array(
                    description: "One entry per bad field.",
                    items: obj(
                        ["field": str(description: "A JSON Pointer such as `/firstName`."), "message": str()])),
                "recordId": uuid(
                    required: false,
                    description: "The attendance record a conflict is about (`already_checked_in`, `overlapping_record`)."),
            ],
            description: "An RFC 9457 problem (`application/problem+json`).")
    }

    // MARK: Schema helpers

    static func ref(_ name: String) -> JSONSchema {
        .reference(.component(named: name))
    }

    /// `name`'s schema, or `null`.
    static func refOrNull(_ name: String, required: Bool = true, description: String? = nil) -> JSONSchema {
        .any(of: [ref(name), .null()], core: .init(required: required, description: description))
    }

    static func obj(
        _ properties: OrderedDictionary<String, JSONSchema>, nullable: Bool = false, closed: Bool = false,
        description: String? = nil
    ) -> JSONSchema {
        var additionalProperties: Either<Bool, JSONSchema>? = nil
        if closed { additionalProperties = Either<Bool, JSONSchema>.a(false) }
        return .object(
            nullable: nullable, description: description, properties: properties, additionalProperties: additionalProperties)
    }

    static func str(
        format: JSONTypeFormat.StringFormat = .unspecified, required: Bool = true, nullable: Bool = false,
        minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, description: String? = nil
    ) -> JSONSchema {
        .string(
            format: format, required: required, nullable: nullable, description: description, minLength: minLength,
            maxLength: maxLength, pattern: pattern)
    }

    static func personName(required: Bool = true, description: String? = nil) -> JSONSchema {
        str(
            required: required, nullable: !required, minLength: 1, maxLength: 100, pattern: personNamePattern,
            description: description ?? "1 to 100 characters, not blank, no control characters.")
    }

    static func uuid(required: Bool = true, nullable: Bool = false, description: String? = nil) -> JSONSchema {
        str(format: .uuid, required: required, nullable: nullable, pattern: uuidPattern, description: description)
    }

    static func date(required: Bool = true, nullable: Bool = false, description: String? = nil) -> JSONSchema {
        str(format: .date, required: required, nullable: nullable, description: description)
    }

    static func timestamp() -> JSONSchema {
        str(format: .dateTime, description: "RFC 3339 in UTC (`Z`), microseconds.")
    }

    static func int(
        minimum: Int? = nil, maximum: Int? = nil, defaultValue: Int? = nil, description: String? = nil
    ) -> JSONSchema {
        .integer(
            description: description, maximum: maximum.map { ($0, exclusive: false) },
            minimum: minimum.map { ($0, exclusive: false) }, defaultValue: defaultValue.map { AnyCodable($0) })
    }

    static func flag(defaultValue: Bool) -> JSONSchema {
        .boolean(defaultValue: AnyCodable(defaultValue))
    }

    /// A string enumeration; a nullable one lists `null` among its values too.
    static func choice(
        _ values: [String], required: Bool = true, nullable: Bool = false, defaultValue: String? = nil,
        description: String? = nil
    ) -> JSONSchema {
        var allowed = values.map { AnyCodable($0) }
        if nullable {
            let null: AnyCodable = nil
            allowed.append(null)
        }
        return .string(
            required: required, nullable: nullable, description: description, allowedValues: allowed,
            defaultValue: defaultValue.map { AnyCodable($0) })
    }
}
