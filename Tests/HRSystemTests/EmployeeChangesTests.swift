import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Employee changes: PUT, DELETE, departments")
struct EmployeeChangesTests {
    static func body(_ number: String, first: String = "Lan", last: String = "Phạm", extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "employeeNumber": number, "firstName": first, "lastName": last, "workEmail": "\(number.lowercased())@example.com",
            "employmentType": "full_time", "hireDate": "2026-01-05",
        ]
        for (key, value) in extra { body[key] = value }
        return body
    }

    static func json(_ value: Any?) -> [String: Any] { (value as? [String: Any]) ?? [:] }
    static func code(_ value: Any?) -> String? { json(value)["code"] as? String }

    func create(_ client: any TestClientProtocol, _ token: String, _ body: [String: Any]) async throws -> [String: Any] {
        let response = try await client.api(.post, "/api/v1/employees", token: token, json: body)
        #expect(response.status == .created)
        return Self.json(response.body)
    }

    func put(_ client: any TestClientProtocol, _ token: String, _ id: String, _ body: [String: Any], ifMatch: String?) async throws
        -> (status: HTTPResponse.Status, body: Any?, headers: HTTPFields)
    {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "application/json"
        if let ifMatch { headers[.ifMatch] = ifMatch }
        let response = try await client.execute(
            uri: "/api/v1/employees/\(id)", method: .put, headers: headers,
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        return (response.status, try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)), response.headers)
    }

    @Test("PUT needs If-Match: missing → 428, stale → 412, current → 200 with a new ETag; the number is immutable", arguments: TestDatabases.engines)
    func replaceWithIfMatch(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let created = try await create(client, admin.accessToken, Self.body("P1"))
            let id = try #require(created["id"] as? String)
            var changed = Self.body("P1", first: "Lan Anh")
            changed["jobTitle"] = "Engineer"
            let missing = try await put(client, admin.accessToken, id, changed, ifMatch: nil)
            #expect(missing.status == .preconditionRequired)
            #expect(Self.code(missing.body) == "if_match_required")
            let stale = try await put(client, admin.accessToken, id, changed, ifMatch: "\"7\"")
            #expect(stale.status == .preconditionFailed)
            #expect(Self.code(stale.body) == "version_mismatch")
            let ok = try await put(client, admin.accessToken, id, changed, ifMatch: "\"1\"")
            #expect(ok.status == .ok)
            #expect(ok.headers[.eTag] == "\"2\"")
            #expect(Self.json(ok.body)["firstName"] as? String == "Lan Anh")
            #expect(Self.json(ok.body)["jobTitle"] as? String == "Engineer")
            let again = try await put(client, admin.accessToken, id, changed, ifMatch: "\"1\"")
            #expect(again.status == .preconditionFailed)
            let renumbered = try await put(client, admin.accessToken, id, Self.body("P9"), ifMatch: "\"2\"")
            #expect(renumbered.status == .unprocessableContent)
            #expect(Self.code(renumbered.body) == "immutable_field")
            var echoed = Self.json(ok.body)
            echoed["phone"] = "+84901234567"
            let roundTrip = try await put(client, admin.accessToken, id, echoed, ifMatch: "\"2\"")
            #expect(roundTrip.status == .ok, "a GET representation can be PUT back")
            let history = try await system.core.employees.history(id: id)
            #expect(history.map(\.action) == ["created", "updated", "updated"])
            #expect(history[1].changes.contains { $0.field == "firstName" && $0.from == "Lan" && $0.to == "Lan Anh" })
            #expect(history[1].actor.id == admin.user.sub)
        }
    }

    @Test("a manager cycle is refused with 422 manager_cycle", arguments: TestDatabases.engines)
    func managerCycle(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let top = try #require(try await create(client, admin.accessToken, Self.body("C1"))["id"] as? String)
            let middle = try #require(try await create(client, admin.accessToken, Self.body("C2", extra: ["managerId": top]))["id"] as? String)
            _ = try await create(client, admin.accessToken, Self.body("C3", extra: ["managerId": middle]))
            let bottom = try #require(Self.json(try await client.api(.get, "/api/v1/employees?q=c3", token: admin.accessToken).body)["data"] as? [[String: Any]]).first?["id"] as? String
            let cycle = try await put(client, admin.accessToken, top, Self.body("C1", extra: ["managerId": try #require(bottom)]), ifMatch: "\"1\"")
            #expect(cycle.status == .unprocessableContent)
            #expect(Self.code(cycle.body) == "manager_cycle")
            let selfManaged = try await put(client, admin.accessToken, top, Self.body("C1", extra: ["managerId": top]), ifMatch: "\"1\"")
            #expect(Self.code(selfManaged.body) == "manager_cycle")
        }
    }

    @Test("terminating now disables the login: the next API call is 401 and refresh fails; repeats are 200, another date 409", arguments: TestDatabases.engines)
    func terminateNow(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let adminRecord = try await create(client, admin.accessToken, Self.body("A0", extra: ["issuer": system.issuer, "userSub": admin.user.sub]))
            let worker = try await system.signedInUser("worker", groups: ["employee"])
            guard case .authenticated(let tokens) = try await system.core.signIn.passwordAuth(
                clientID: system.bootstrap.clientID, username: "worker", password: "Passw0rd!", secretHash: nil)
            else { throw TestFailure("no tokens") }
            let record = try await create(client, admin.accessToken, Self.body("W1", extra: ["issuer": system.issuer, "userSub": worker.user.sub]))
            let id = try #require(record["id"] as? String)
            #expect(try await client.api(.get, "/api/v1/employees", token: worker.accessToken).status == .ok)

            let today = system.todayString
            let deleted = try await client.api(.delete, "/api/v1/employees/\(id)?reason=resigned", token: admin.accessToken)
            #expect(deleted.status == .ok)
            #expect(Self.json(deleted.body)["status"] as? String == "terminated")
            #expect(Self.json(deleted.body)["terminationDate"] as? String == today)

            let after = try await client.api(.get, "/api/v1/employees", token: worker.accessToken)
            #expect(after.status == .unauthorized)
            let refresh = try await client.cognito(
                "InitiateAuth",
                ["AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": system.bootstrap.clientID, "AuthParameters": ["REFRESH_TOKEN": tokens.refreshToken!]])
            #expect(refresh.json["__type"] as? String == "NotAuthorizedException")
            let login = try await client.cognito(
                "InitiateAuth",
                ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": system.bootstrap.clientID,
                 "AuthParameters": ["USERNAME": "worker", "PASSWORD": "Passw0rd!"]])
            #expect(login.json["message"] as? String == "User is disabled.")

            let repeated = try await client.api(.delete, "/api/v1/employees/\(id)?terminationDate=\(today)", token: admin.accessToken)
            #expect(repeated.status == .ok)
            let other = try await client.api(.delete, "/api/v1/employees/\(id)?terminationDate=2026-01-31", token: admin.accessToken)
            #expect(other.status == .conflict)
            let adminID = try #require(adminRecord["id"] as? String)
            let selfTermination = try await client.api(.delete, "/api/v1/employees/\(adminID)", token: admin.accessToken)
            #expect(selfTermination.status == .conflict)
            #expect(Self.code(selfTermination.body) == "cannot_terminate_self")
            let leavers = try await client.api(.get, "/api/v1/employees?status=terminated", token: admin.accessToken)
            #expect(Self.json(Self.json(leavers.body)["meta"])["total"] as? Int == 1)
            #expect(Self.json(Self.json(try await client.api(.get, "/api/v1/employees", token: admin.accessToken).body)["meta"])["total"] as? Int == 1)
        }
    }

    @Test("a manager with active reports needs reassignTo; the reports move to the new manager", arguments: TestDatabases.engines)
    func reportsReassigned(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let boss = try #require(try await create(client, admin.accessToken, Self.body("B1"))["id"] as? String)
            let heir = try #require(try await create(client, admin.accessToken, Self.body("B2"))["id"] as? String)
            let report = try #require(try await create(client, admin.accessToken, Self.body("B3", extra: ["managerId": boss]))["id"] as? String)
            let refused = try await client.api(.delete, "/api/v1/employees/\(boss)", token: admin.accessToken)
            #expect(refused.status == .conflict)
            #expect(Self.code(refused.body) == "has_active_reports")
            let done = try await client.api(.delete, "/api/v1/employees/\(boss)?reassignTo=\(heir)", token: admin.accessToken)
            #expect(done.status == .ok)
            let moved = try await client.api(.get, "/api/v1/employees/\(report)", token: admin.accessToken)
            #expect(Self.json(moved.body)["managerId"] as? String == heir)
        }
    }

    @Test("a future termination keeps the employee active until the day after its date, then the background service acts", arguments: TestDatabases.engines)
    func futureTermination(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let worker = try await system.signedInUser("leaver", groups: ["employee"])
            let id = try #require(try await create(client, admin.accessToken, Self.body("F1", extra: ["issuer": system.issuer, "userSub": worker.user.sub]))["id"] as? String)
            let inTenDays = system.todayString(plusDays: 10)
            let scheduled = try await client.api(.delete, "/api/v1/employees/\(id)?terminationDate=\(inTenDays)", token: admin.accessToken)
            #expect(scheduled.status == .ok)
            #expect(Self.json(scheduled.body)["status"] as? String == "active")
            #expect(Self.json(scheduled.body)["terminationDate"] as? String == inTenDays)
            let tooFar = try await client.api(
                .delete, "/api/v1/employees/\(id)?terminationDate=\(system.todayString(plusDays: 120))", token: admin.accessToken)
            #expect(tooFar.status == .conflict)

            test.clock.advance(by: 10 * 86400)
            #expect(try await system.terminations.runOnce().isEmpty, "still employed on the termination date")
            guard case .authenticated(let onLastDay) = try await system.core.signIn.passwordAuth(
                clientID: system.bootstrap.clientID, username: "leaver", password: "Passw0rd!", secretHash: nil)
            else { throw TestFailure("no tokens on the last day") }
            #expect(try await client.api(.get, "/api/v1/employees", token: onLastDay.accessToken).status == .ok)
            _ = worker

            test.clock.advance(by: 86400)
            let fresh = try await system.signedInUser("hr2", groups: ["hr_admin"])
            #expect(try await system.terminations.runOnce().map(\.id) == [id])
            #expect(try await client.api(.get, "/api/v1/employees", token: onLastDay.accessToken).status == .unauthorized)
            let leaver = try await client.api(.get, "/api/v1/employees/\(id)", token: fresh.accessToken)
            #expect(Self.json(leaver.body)["status"] as? String == "terminated")
        }
    }

    @Test("departments: hr_admin creates and renames with If-Match; everyone reads; codes are unique; employees show their department", arguments: TestDatabases.engines)
    func departments(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let staff = try await system.signedInUser("staff", groups: ["employee"])
            let created = try await client.api(.post, "/api/v1/departments", token: admin.accessToken, json: ["code": "ENG", "name": "Engineering"])
            #expect(created.status == .created)
            let id = try #require(Self.json(created.body)["id"] as? String)
            let duplicate = try await client.api(.post, "/api/v1/departments", token: admin.accessToken, json: ["code": "ENG", "name": "Other"])
            #expect(duplicate.status == .conflict)
            let badCode = try await client.api(.post, "/api/v1/departments", token: admin.accessToken, json: ["code": "eng x", "name": "x"])
            #expect(badCode.status == .badRequest)
            let byStaff = try await client.api(.post, "/api/v1/departments", token: staff.accessToken, json: ["code": "OPS", "name": "Ops"])
            #expect(byStaff.status == .forbidden)
            let child = try await client.api(.post, "/api/v1/departments", token: admin.accessToken, json: ["code": "ENG-WEB", "name": "Web", "parentId": id])
            let childID = try #require(Self.json(child.body)["id"] as? String)
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(admin.accessToken)"
            headers[.ifMatch] = "\"1\""
            headers[.contentType] = "application/json"
            let cycle = try await client.execute(
                uri: "/api/v1/departments/\(id)", method: .put, headers: headers,
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["code": "ENG", "name": "Engineering", "parentId": childID])))
            #expect(cycle.status == .unprocessableContent)
            let renamed = try await client.execute(
                uri: "/api/v1/departments/\(id)", method: .put, headers: headers,
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["code": "ENG", "name": "Product Engineering"])))
            #expect(renamed.status == .ok)
            #expect(renamed.headers[.eTag] == "\"2\"")
            let list = try await client.api(.get, "/api/v1/departments", token: staff.accessToken)
            #expect(list.status == .ok)
            #expect((Self.json(list.body)["data"] as? [[String: Any]])?.count == 2)
            let employee = try await create(client, admin.accessToken, Self.body("D1", extra: ["departmentId": id]))
            #expect(Self.json(employee["department"])["name"] as? String == "Product Engineering")
            let filtered = try await client.api(.get, "/api/v1/employees?departmentId=\(id)", token: admin.accessToken)
            #expect(Self.json(Self.json(filtered.body)["meta"])["total"] as? Int == 1)
            let unknown = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: Self.body("D2", extra: ["departmentId": UUID().uuidString.lowercased()]))
            #expect(unknown.status == .unprocessableContent)
        }
    }
}
