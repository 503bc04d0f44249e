import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Policy, schedules and holiday calendars")
struct WorkRulesTests {
    static func json(_ value: Any?) -> [String: Any] { (value as? [String: Any]) ?? [:] }

    func put(_ client: any TestClientProtocol, _ uri: String, _ token: String, _ body: [String: Any], ifMatch: String) async throws
        -> (status: HTTPResponse.Status, json: [String: Any])
    {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "application/json"
        headers[.ifMatch] = ifMatch
        let response = try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        return (response.status, Self.json(try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))))
    }

    @Test("policy is effective-dated: reading for an earlier date returns the older version; hr_admin writes, everyone reads", arguments: TestDatabases.engines)
    func policyVersions(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let staff = try await system.signedInUser("staff", groups: ["employee"])
            let defaults = try await client.api(.get, "/api/v1/policy?date=2026-11-30", token: staff.accessToken)
            #expect(defaults.status == .ok)
            #expect(Self.json(Self.json(Self.json(defaults.body)["policy"])["attendance"])["lateGraceMinutes"] as? Int == 10)
            let body: [String: Any] = ["effectiveFrom": "2026-12-01", "policy": ["attendance": ["lateGraceMinutes": 5]]]
            #expect(try await client.api(.post, "/api/v1/policy", token: staff.accessToken, json: body).status == .forbidden)
            let created = try await client.api(.post, "/api/v1/policy", token: admin.accessToken, json: body)
            #expect(created.status == .created)
            let later = try await client.api(.get, "/api/v1/policy?date=2026-12-15", token: staff.accessToken)
            #expect(Self.json(Self.json(Self.json(later.body)["policy"])["attendance"])["lateGraceMinutes"] as? Int == 5)
            #expect(Self.json(later.body)["effectiveFrom"] as? String == "2026-12-01")
            let earlier = try await client.api(.get, "/api/v1/policy?date=2026-11-30", token: staff.accessToken)
            #expect(Self.json(Self.json(Self.json(earlier.body)["policy"])["attendance"])["lateGraceMinutes"] as? Int == 10)
            let typo = try await client.api(
                .post, "/api/v1/policy", token: admin.accessToken,
                json: ["effectiveFrom": "2027-01-01", "policy": ["overtime": ["multiplierz": ["workday": "2"]]]])
            #expect(typo.status == .badRequest)
            let fields = (Self.json(typo.body)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields == ["/policy/overtime/multiplierz"])
            let versions = try await client.api(.get, "/api/v1/policy/versions", token: admin.accessToken)
            #expect((Self.json(versions.body)["data"] as? [Any])?.count == 1)
        }
    }

    @Test("schedules are effective-dated and assigned to employees; bootstrap seeds the standard schedule and the VN calendar", arguments: TestDatabases.engines)
    func schedules(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let seeded = try await client.api(.get, "/api/v1/schedules", token: admin.accessToken)
            let standard = try #require((Self.json(seeded.body)["data"] as? [[String: Any]])?.first { $0["code"] as? String == "STD" })
            #expect(standard["minutesByWeekday"] as? [Int] == [480, 480, 480, 480, 480, 0, 0])
            let calendars = try await client.api(.get, "/api/v1/holiday-calendars", token: admin.accessToken)
            #expect((Self.json(calendars.body)["data"] as? [[String: Any]])?.first?["code"] as? String == "VN")

            let created = try await client.api(
                .post, "/api/v1/schedules", token: admin.accessToken,
                json: ["code": "SAT", "name": "With Saturday mornings", "effectiveFrom": "2026-01-01", "minutesByWeekday": [480, 480, 480, 480, 480, 0, 0]])
            #expect(created.status == .created)
            let id = try #require(Self.json(created.body)["id"] as? String)
            let changed = try await put(
                client, "/api/v1/schedules/\(id)", admin.accessToken,
                ["code": "SAT", "name": "With Saturday mornings", "effectiveFrom": "2026-06-01", "minutesByWeekday": [480, 480, 480, 480, 480, 240, 0]],
                ifMatch: "\"1\"")
            #expect(changed.status == .ok)
            let march = try await client.api(.get, "/api/v1/schedules/\(id)?date=2026-03-01", token: admin.accessToken)
            #expect(Self.json(march.body)["minutesByWeekday"] as? [Int] == [480, 480, 480, 480, 480, 0, 0])
            let july = try await client.api(.get, "/api/v1/schedules/\(id)?date=2026-07-01", token: admin.accessToken)
            #expect(Self.json(july.body)["minutesByWeekday"] as? [Int] == [480, 480, 480, 480, 480, 240, 0])
            let bad = try await client.api(.post, "/api/v1/schedules", token: admin.accessToken, json: ["code": "BAD", "name": "Bad", "minutesByWeekday": [480]])
            #expect(bad.status == .badRequest)

            let employee = try await client.api(
                .post, "/api/v1/employees", token: admin.accessToken,
                json: ["employeeNumber": "S1", "firstName": "An", "lastName": "Lý", "workEmail": "s1@example.com", "employmentType": "part_time",
                       "hireDate": "2026-01-05", "scheduleId": id])
            #expect(employee.status == .created)
            #expect(Self.json(employee.body)["scheduleId"] as? String == id)
        }
    }

    @Test("holiday calendars: dates listed twice are refused; updates need If-Match", arguments: TestDatabases.engines)
    func calendars(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let twice = try await client.api(
                .post, "/api/v1/holiday-calendars", token: admin.accessToken,
                json: ["code": "SG", "name": "Singapore", "holidays": [["date": "2026-08-09", "name": "National Day"], ["date": "2026-08-09", "name": "Again"]]])
            #expect(twice.status == .badRequest)
            let created = try await client.api(
                .post, "/api/v1/holiday-calendars", token: admin.accessToken,
                json: ["code": "SG", "name": "Singapore", "holidays": [["date": "2026-08-09", "name": "National Day"]]])
            #expect(created.status == .created)
            let id = try #require(Self.json(created.body)["id"] as? String)
            let stale = try await put(client, "/api/v1/holiday-calendars/\(id)", admin.accessToken, ["code": "SG", "name": "Singapore", "holidays": []], ifMatch: "\"5\"")
            #expect(stale.status == .preconditionFailed)
            let updated = try await put(
                client, "/api/v1/holiday-calendars/\(id)", admin.accessToken,
                ["code": "SG", "name": "Singapore", "holidays": [["date": "2026-08-10", "name": "National Day (observed)"]]], ifMatch: "\"1\"")
            #expect(updated.status == .ok)
            #expect((updated.json["holidays"] as? [[String: Any]])?.first?["date"] as? String == "2026-08-10")
        }
    }
}
