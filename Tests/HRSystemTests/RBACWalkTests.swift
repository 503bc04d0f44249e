import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

/// Walks every write and read route of the HR people resources for each role (DESIGN §5 RBAC):
/// hr_admin may do everything; managers and employees read departments, policy, schedules and
/// calendars but write nothing; a caller with no recognised group is refused everywhere.
@Suite("RBAC walk")
struct RBACWalkTests {
    enum Role: String, CaseIterable {
        case hrAdmin, manager, employee, none
        var groups: [String] {
            switch self {
            case .hrAdmin: ["hr_admin"]
            case .manager: ["manager", "employee"]
            case .employee: ["employee"]
            case .none: []
            }
        }
    }

    static func json(_ value: Any?) -> [String: Any] { (value as? [String: Any]) ?? [:] }

    func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ token: String, body: [String: Any]? = nil, ifMatch: String? = nil)
        async throws -> (status: HTTPResponse.Status, json: [String: Any])
    {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        if let ifMatch { headers[.ifMatch] = ifMatch }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: buffer)
        return (response.status, Self.json(try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))))
    }

    @Test("every role on every route: allowed or 403", arguments: TestDatabases.engines)
    func walk(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            var tokens: [Role: String] = [:]
            for role in Role.allCases {
                tokens[role] = try await system.signedInUser("user-\(role.rawValue)", groups: role.groups).accessToken
            }
            let admin = tokens[.hrAdmin]!
            var counter = 0
            func unique() -> String {
                counter += 1
                return "R\(counter)"
            }
            for role in Role.allCases {
                let token = tokens[role]!
                let reads = role != .none
                let writes = role == .hrAdmin
                let code = unique()
                // Departments
                let department = try await send(client, .post, "/api/v1/departments", admin, body: ["code": "D" + code, "name": "Dept"])
                let departmentID = try #require(department.json["id"] as? String)
                #expect(try await send(client, .get, "/api/v1/departments", token).status == (reads ? .ok : .forbidden), "\(role) list departments")
                #expect(try await send(client, .get, "/api/v1/departments/\(departmentID)", token).status == (reads ? .ok : .forbidden))
                #expect(
                    try await send(client, .post, "/api/v1/departments", token, body: ["code": "X" + code, "name": "X"]).status
                        == (writes ? .created : .forbidden), "\(role) create department")
                #expect(
                    try await send(client, .put, "/api/v1/departments/\(departmentID)", token, body: ["code": "D" + code, "name": "Renamed"], ifMatch: "\"1\"").status
                        == (writes ? .ok : .forbidden), "\(role) replace department")
                // Policy
                #expect(try await send(client, .get, "/api/v1/policy", token).status == (reads ? .ok : .forbidden), "\(role) read policy")
                #expect(try await send(client, .get, "/api/v1/policy/versions", token).status == (writes ? .ok : .forbidden))
                // Distinct past dates: a policy may take effect from 1900 to a year ahead.
                let year = 1990 + counter
                #expect(
                    try await send(client, .post, "/api/v1/policy", token, body: ["effectiveFrom": "\(year)-01-01", "policy": [String: Any]()]).status
                        == (writes ? .created : .forbidden), "\(role) set policy")
                // Schedules
                let schedule = try await send(
                    client, .post, "/api/v1/schedules", admin, body: ["code": "S" + code, "name": "Sched", "minutesByWeekday": [480, 480, 480, 480, 480, 0, 0]])
                let scheduleID = try #require(schedule.json["id"] as? String)
                #expect(try await send(client, .get, "/api/v1/schedules", token).status == (reads ? .ok : .forbidden))
                #expect(try await send(client, .get, "/api/v1/schedules/\(scheduleID)", token).status == (reads ? .ok : .forbidden))
                #expect(
                    try await send(client, .post, "/api/v1/schedules", token, body: ["code": "Y" + code, "name": "Y", "minutesByWeekday": [0, 0, 0, 0, 0, 0, 0]]).status
                        == (writes ? .created : .forbidden), "\(role) create schedule")
                #expect(
                    try await send(
                        client, .put, "/api/v1/schedules/\(scheduleID)", token,
                        body: ["code": "S" + code, "name": "Sched", "minutesByWeekday": [480, 480, 480, 480, 480, 240, 0]], ifMatch: "\"1\"").status
                        == (writes ? .ok : .forbidden), "\(role) replace schedule")
                // Holiday calendars
                let calendar = try await send(client, .post, "/api/v1/holiday-calendars", admin, body: ["code": "C" + code, "name": "Cal"])
                let calendarID = try #require(calendar.json["id"] as? String)
                #expect(try await send(client, .get, "/api/v1/holiday-calendars", token).status == (reads ? .ok : .forbidden))
                #expect(try await send(client, .get, "/api/v1/holiday-calendars/\(calendarID)", token).status == (reads ? .ok : .forbidden))
                #expect(
                    try await send(client, .post, "/api/v1/holiday-calendars", token, body: ["code": "Z" + code, "name": "Z"]).status
                        == (writes ? .created : .forbidden), "\(role) create calendar")
                #expect(
                    try await send(client, .put, "/api/v1/holiday-calendars/\(calendarID)", token, body: ["code": "C" + code, "name": "Cal 2"], ifMatch: "\"1\"").status
                        == (writes ? .ok : .forbidden), "\(role) replace calendar")
                // Employees: writes
                let employee = try await send(
                    client, .post, "/api/v1/employees", admin,
                    body: ["employeeNumber": "E" + code, "firstName": "A", "lastName": "B", "workEmail": "e\(code)@example.com",
                           "employmentType": "full_time", "hireDate": "2026-01-05"])
                let employeeID = try #require(employee.json["id"] as? String)
                #expect(
                    try await send(
                        client, .post, "/api/v1/employees", token,
                        body: ["employeeNumber": "N" + code, "firstName": "A", "lastName": "B", "workEmail": "n\(code)@example.com",
                               "employmentType": "full_time", "hireDate": "2026-01-05"]).status
                        == (writes ? .created : .forbidden), "\(role) create employee")
                #expect(
                    try await send(
                        client, .put, "/api/v1/employees/\(employeeID)", token,
                        body: ["firstName": "C", "lastName": "B", "workEmail": "e\(code)@example.com", "employmentType": "full_time", "hireDate": "2026-01-05"],
                        ifMatch: "\"1\"").status == (writes ? .ok : .forbidden), "\(role) replace employee")
                #expect(
                    try await send(client, .delete, "/api/v1/employees/\(employeeID)", token).status == (writes ? .ok : .forbidden),
                    "\(role) terminate employee")
                #expect(try await send(client, .get, "/api/v1/employees", token).status == (reads ? .ok : .forbidden), "\(role) list employees")
            }
        }
    }
}
