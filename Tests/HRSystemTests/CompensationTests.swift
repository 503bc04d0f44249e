import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Compensation")
struct CompensationTests {
    static func json(_ value: Any?) -> [String: Any] { (value as? [String: Any]) ?? [:] }

    static func entry(_ from: String, base: Int64, allowance: Int64? = nil) -> [String: Any] {
        var components: [[String: Any]] = [["code": "BASE", "kind": "base", "amountMinor": base]]
        if let allowance { components.append(["code": "LUNCH", "kind": "allowance", "amountMinor": allowance]) }
        return ["effectiveFrom": from, "payType": "monthly", "currency": "VND", "components": components]
    }

    func put(_ client: any TestClientProtocol, _ id: String, _ token: String, _ body: [String: Any], ifMatch: String) async throws
        -> (status: HTTPResponse.Status, json: [String: Any])
    {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "application/json"
        headers[.ifMatch] = ifMatch
        let response = try await client.execute(
            uri: "/api/v1/employees/\(id)", method: .put, headers: headers, body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        return (response.status, Self.json(try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))))
    }

    @Test("entries are append-only, visible to hr_admin and the employee, hidden from their manager", arguments: TestDatabases.engines)
    func appendOnlyAndVisibility(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let boss = try await system.signedInUser("boss", groups: ["manager", "employee"])
            let worker = try await system.signedInUser("worker", groups: ["employee"])
            let bossRecord = try await client.api(
                .post, "/api/v1/employees", token: admin.accessToken,
                json: ["employeeNumber": "M1", "firstName": "Quang", "lastName": "Đỗ", "workEmail": "m1@example.com",
                       "employmentType": "full_time", "hireDate": "2026-01-05", "issuer": system.issuer, "userSub": boss.user.sub])
            let bossID = try #require(Self.json(bossRecord.body)["id"] as? String)
            var body: [String: Any] = [
                "employeeNumber": "W1", "firstName": "Hoa", "lastName": "Bùi", "workEmail": "w1@example.com", "employmentType": "full_time",
                "hireDate": "2026-01-05", "managerId": bossID, "issuer": system.issuer, "userSub": worker.user.sub,
                "compensation": [Self.entry("2026-01-05", base: 15_000_000, allowance: 730_000)],
            ]
            let created = try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: body)
            #expect(created.status == .created)
            let id = try #require(Self.json(created.body)["id"] as? String)
            #expect((Self.json(created.body)["compensation"] as? [[String: Any]])?.count == 1)

            let asSelf = try await client.api(.get, "/api/v1/employees/\(id)", token: worker.accessToken)
            #expect(Self.json(asSelf.body)["compensation"] != nil)
            let asManager = try await client.api(.get, "/api/v1/employees/\(id)", token: boss.accessToken)
            #expect(asManager.status == .ok)
            #expect(Self.json(asManager.body)["compensation"] == nil, "managers do not see pay fields")
            let managerList = try await client.api(.get, "/api/v1/employees", token: boss.accessToken)
            let rows = (Self.json(managerList.body)["data"] as? [[String: Any]]) ?? []
            #expect(rows.first { $0["id"] as? String == id }?["compensation"] == nil)

            body["compensation"] = [Self.entry("2026-01-05", base: 15_000_000, allowance: 730_000), Self.entry("2026-07-01", base: 17_000_000)]
            let raised = try await put(client, id, admin.accessToken, body, ifMatch: "\"1\"")
            #expect(raised.status == .ok)
            #expect((raised.json["compensation"] as? [[String: Any]])?.count == 2)

            body["compensation"] = [Self.entry("2026-01-05", base: 16_000_000, allowance: 730_000), Self.entry("2026-07-01", base: 17_000_000)]
            let rewritten = try await put(client, id, admin.accessToken, body, ifMatch: "\"2\"")
            #expect(rewritten.status == .unprocessableContent)
            #expect(rewritten.json["code"] as? String == "compensation_history_immutable")
            body["compensation"] = nil
            let dropped = try await put(client, id, admin.accessToken, body, ifMatch: "\"2\"")
            #expect(dropped.json["code"] as? String == "compensation_history_immutable")
            let history = try await system.core.employees.history(id: id)
            #expect(history.contains { event in event.changes.contains { $0.field == "compensation" } })
        }
    }

    @Test("bad entries name the field", arguments: TestDatabases.engines)
    func validation(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let cases: [([String: Any], String)] = [
                (["effectiveFrom": "2026-01-05", "payType": "monthly", "currency": "XYZ", "components": [["code": "B", "kind": "base", "amountMinor": 1]]], "/compensation/0/currency"),
                (["effectiveFrom": "2026-01-05", "payType": "monthly", "currency": "VND", "components": [["code": "B", "kind": "base", "amountMinor": -1]]], "/compensation/0/components/0/amountMinor"),
                (["effectiveFrom": "2026-01-05", "payType": "monthly", "currency": "VND", "components": [["code": "B", "kind": "allowance", "amountMinor": 1]]], "/compensation/0/components"),
                (["effectiveFrom": "2026-01-05", "payType": "monthly", "currency": "VND", "components": [["code": "B", "kind": "base", "amountMinor": 1.5]]], "/compensation/0/components/0/amountMinor"),
                (["effectiveFrom": "2025-12-31", "payType": "weekly", "currency": "VND", "components": [["code": "B", "kind": "base", "amountMinor": 1]]], "/compensation/0/payType"),
                (["effectiveFrom": "2025-12-31", "payType": "monthly", "currency": "VND", "components": [["code": "B", "kind": "base", "amountMinor": 1]]], "/compensation/0/effectiveFrom"),
            ]
            for (entry, pointer) in cases {
                let response = try await client.api(
                    .post, "/api/v1/employees", token: admin.accessToken,
                    json: ["employeeNumber": "V1", "firstName": "A", "lastName": "B", "workEmail": "v1@example.com", "employmentType": "full_time",
                           "hireDate": "2026-01-05", "compensation": [entry]])
                #expect(response.status == .badRequest, "\(pointer)")
                let fields = (Self.json(response.body)["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                #expect(fields.contains(pointer), "\(pointer) not in \(fields)")
            }
        }
    }
}
