import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Employees API")
struct EmployeesAPITests {
    static var valid: [String: Any] { [
        "employeeNumber": "E-001", "firstName": "An", "lastName": "Nguyễn", "middleName": "Văn", "nameOrder": "family_first",
        "workEmail": "an.nguyen@example.com", "employmentType": "full_time", "hireDate": "2026-01-05",
    ] }

    func errors(_ body: Any?) -> [String: String] {
        let items = ((body as? [String: Any])?["errors"] as? [[String: Any]]) ?? []
        return Dictionary(items.compactMap { item in
            (item["field"] as? String).map { ($0, item["message"] as? String ?? "") }
        }, uniquingKeysWith: { a, _ in a })
    }

    func code(_ body: Any?) -> String? { (body as? [String: Any])?["code"] as? String }

    @Test("hr_admin creates an employee: 201, ETag, Location, defaults, and reads it back", arguments: TestDatabases.engines)
    func create(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let created = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: Self.valid)
            #expect(created.status == .created)
            let body = try #require(created.body as? [String: Any])
            let id = try #require(body["id"] as? String)
            #expect(UUID(uuidString: id) != nil && id == id.lowercased())
            #expect(body["status"] as? String == "active")
            #expect(body["displayName"] as? String == "Nguyễn Văn An")
            #expect(body["timeZone"] as? String == "Asia/Ho_Chi_Minh")
            #expect(body["version"] as? Int == 1)
            #expect(created.headers[.eTag] == "\"1\"")
            #expect(created.headers[.location] == "/api/v1/employees/\(id)")
            let read = try await client.api(.get, "/api/v1/employees/\(id)", token: admin.idToken)
            #expect(read.status == .ok)
            #expect((read.body as? [String: Any])?["employeeNumber"] as? String == "E-001")
        }
    }

    @Test("POST validation: 400 malformed_json for bodies that are not a JSON object", arguments: TestDatabases.engines)
    func malformed(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            for raw in ["{not json", "[1,2]", "\"text\"", ""] {
                let response = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, rawBody: raw)
                #expect(response.status == .badRequest)
                #expect(code(response.body) == "malformed_json")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test("POST validation: 400 validation_failed names every bad field by JSON Pointer", arguments: TestDatabases.engines)
    func validation(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let missing = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: [String: Any]())
            #expect(missing.status == .badRequest)
            #expect(code(missing.body) == "validation_failed")
            #expect(Set(errors(missing.body).keys) == ["/employeeNumber", "/firstName", "/lastName", "/workEmail", "/employmentType", "/hireDate"])

            let cases: [(String, Any, String)] = [
                ("workEmail", "not-an-email", "/workEmail"), ("hireDate", "05/01/2026", "/hireDate"),
                ("hireDate", "2026-02-30", "/hireDate"), ("employmentType", "freelance", "/employmentType"),
                ("timeZone", "UTC+7", "/timeZone"), ("managerId", "not-a-uuid", "/managerId"), ("firstName", 42, "/firstName"),
                ("nickname", "Bo", "/nickname"), ("employeeNumber", "has space", "/employeeNumber"), ("phone", "0901", "/phone"),
            ]
            for (field, value, pointer) in cases {
                var body = Self.valid
                body[field] = value
                let response = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: body)
                #expect(response.status == .badRequest, "\(field)=\(value)")
                #expect(errors(response.body).keys.contains(pointer), "\(field)=\(value) should name \(pointer)")
            }
            var utc = Self.valid
            utc["timeZone"] = "UTC"
            #expect(try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: utc).status == .created)
            let list = try await client.api(.get, "/api/v1/employees", token: admin.accessToken)
            #expect(((list.body as? [String: Any])?["meta"] as? [String: Any])?["total"] as? Int == 1)
        }
    }

    @Test("POST conflicts: duplicate number or email → 409 duplicate naming the field; unknown manager → 422", arguments: TestDatabases.engines)
    func conflicts(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            #expect(try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: Self.valid).status == .created)
            var sameNumber = Self.valid
            sameNumber["workEmail"] = "other@example.com"
            let duplicateNumber = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: sameNumber)
            #expect(duplicateNumber.status == .conflict)
            #expect(code(duplicateNumber.body) == "duplicate")
            #expect(errors(duplicateNumber.body).keys.contains("/employeeNumber"))
            var sameEmail = Self.valid
            sameEmail["employeeNumber"] = "E-002"
            sameEmail["workEmail"] = "AN.NGUYEN@example.com"
            let duplicateEmail = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: sameEmail)
            #expect(duplicateEmail.status == .conflict)
            #expect(errors(duplicateEmail.body).keys.contains("/workEmail"))
            var orphan = Self.valid
            orphan["employeeNumber"] = "E-003"
            orphan["workEmail"] = "orphan@example.com"
            orphan["managerId"] = UUID().uuidString.lowercased()
            let noManager = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: orphan)
            #expect(noManager.status == .unprocessableContent)
            #expect(errors(noManager.body).keys.contains("/managerId"))
            let list = try await client.api(.get, "/api/v1/employees", token: admin.accessToken)
            #expect(((list.body as? [String: Any])?["meta"] as? [String: Any])?["total"] as? Int == 1)
        }
    }

    @Test("RBAC read rows: hr_admin all, manager team + self, employee self, no group 403; writes hr_admin only", arguments: TestDatabases.engines)
    func readRows(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let boss = try await system.signedInUser("boss", groups: ["manager", "employee"])
            let worker = try await system.signedInUser("worker", groups: ["employee"])
            let stranger = try await system.signedInUser("stranger", groups: [])

            func hire(_ number: String, first: String, last: String, manager: String?, login: String?) async throws -> String {
                var body: [String: Any] = [
                    "employeeNumber": number, "firstName": first, "lastName": last, "workEmail": "\(number)@example.com",
                    "employmentType": "full_time", "hireDate": "2026-01-05",
                ]
                if let manager { body["managerId"] = manager }
                if let login {
                    body["issuer"] = system.issuer
                    body["userSub"] = login
                }
                let response = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: body)
                #expect(response.status == .created)
                return try #require((response.body as? [String: Any])?["id"] as? String)
            }
            let m = try await hire("M1", first: "Bình", last: "Trần", manager: nil, login: boss.user.sub)
            let r = try await hire("R1", first: "Chi", last: "Đặng", manager: m, login: nil)
            let s = try await hire("S1", first: "Dũng", last: "Nguyễn", manager: r, login: worker.user.sub)
            let o = try await hire("O1", first: "Em", last: "Lê", manager: nil, login: nil)

            func visible(_ token: String) async throws -> Set<String> {
                let response = try await client.api(.get, "/api/v1/employees", token: token)
                #expect(response.status == .ok)
                let data = ((response.body as? [String: Any])?["data"] as? [[String: Any]]) ?? []
                return Set(data.compactMap { $0["id"] as? String })
            }
            #expect(try await visible(admin.accessToken) == [m, r, s, o])
            #expect(try await visible(boss.accessToken) == [m, r, s])
            #expect(try await visible(worker.accessToken) == [s])

            #expect(try await client.api(.get, "/api/v1/employees/\(s)", token: boss.accessToken).status == .ok)
            #expect(try await client.api(.get, "/api/v1/employees/\(o)", token: boss.accessToken).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/employees/\(s)", token: worker.accessToken).status == .ok)
            let hidden = try await client.api(.get, "/api/v1/employees/\(r)", token: worker.accessToken)
            #expect(hidden.status == .notFound)
            #expect(code(hidden.body) == "not_found")
            #expect(try await client.api(.get, "/api/v1/employees/\(UUID().uuidString.lowercased())", token: admin.accessToken).status == .notFound)

            let refused = try await client.api(.get, "/api/v1/employees", token: stranger.accessToken)
            #expect(refused.status == .forbidden)
            #expect(code(refused.body) == "forbidden")
            #expect(try await client.api(.get, "/api/v1/employees/\(s)", token: stranger.accessToken).status == .forbidden)

            var body = Self.valid
            body["employeeNumber"] = "X1"
            for token in [boss.accessToken, worker.accessToken, stranger.accessToken] {
                let response = try await client.api(.post, "/api/v1/employees", token: token, json: body)
                #expect(response.status == .forbidden)
            }
            #expect(try await visible(admin.accessToken).count == 4)
        }
    }

    @Test("search folds case and diacritics: nguyen finds Nguyễn, dang finds Đặng; filters and paging", arguments: TestDatabases.engines)
    func searchAndPaging(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let people = [("A1", "Nguyễn", "An"), ("A2", "Đặng", "Bảo"), ("A3", "Smith", "Carol")]
            for (number, last, first) in people {
                let body: [String: Any] = [
                    "employeeNumber": number, "firstName": first, "lastName": last, "workEmail": "\(number)@example.com",
                    "employmentType": "part_time", "hireDate": "2026-03-01",
                ]
                #expect(try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: body).status == .created)
            }
            func numbers(_ query: String) async throws -> [String] {
                let response = try await client.api(.get, "/api/v1/employees?\(query)", token: admin.accessToken)
                #expect(response.status == .ok)
                return (((response.body as? [String: Any])?["data"] as? [[String: Any]]) ?? []).compactMap { $0["employeeNumber"] as? String }
            }
            #expect(try await numbers("q=nguyen") == ["A1"])
            #expect(try await numbers("q=DANG") == ["A2"])
            #expect(try await numbers("sort=-employeeNumber&limit=2") == ["A3", "A2"])
            #expect(try await numbers("sort=employeeNumber&limit=2&offset=2") == ["A3"])
            let page = try await client.api(.get, "/api/v1/employees?limit=1", token: admin.accessToken)
            let meta = (page.body as? [String: Any])?["meta"] as? [String: Any]
            #expect(meta?["total"] as? Int == 3)
            #expect(meta?["limit"] as? Int == 1)
            let bad = try await client.api(.get, "/api/v1/employees?limit=500&sort=salary", token: admin.accessToken)
            #expect(bad.status == .badRequest)
            #expect(Set(errors(bad.body).keys) == ["/limit", "/sort"])
        }
    }

    @Test("without a token the HR API answers 401 and no handler runs; an unknown path is 404", arguments: TestDatabases.engines)
    func unauthenticated(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let before = try await system.core.employees.list(.init(), visibility: .all).total
            let response = try await client.api(.post, "/api/v1/employees", token: nil, json: Self.valid)
            #expect(response.status == .unauthorized)
            #expect((response.body as? [String: Any])?["message"] as? String == "Unauthorized")
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer ") == true)
            #expect(try await system.core.employees.list(.init(), visibility: .all).total == before)
            let missing = try await client.api(.get, "/nowhere", token: nil)
            #expect(missing.status == .notFound)
            #expect((missing.body as? [String: Any])?["message"] as? String == "Not Found")
        }
    }
}
