import Foundation
import HRStore
import HRSystem
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Idempotency-Key")
struct IdempotencyTests {
    func post(_ client: any TestClientProtocol, _ token: String, key: String?, _ body: [String: Any]) async throws
        -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields)
    {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "application/json"
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        let response = try await client.execute(
            uri: "/api/v1/employees", method: .post, headers: headers,
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
        return (response.status, json, response.headers)
    }

    static var body: [String: Any] { [
        "employeeNumber": "I-1", "firstName": "Mai", "lastName": "Võ", "workEmail": "mai@example.com", "employmentType": "intern",
        "hireDate": "2026-02-01",
    ] }

    @Test("a replay returns the first response; a different body is 422; keys are per caller; 4xx answers are kept", arguments: TestDatabases.engines)
    func replays(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let other = try await system.signedInUser("hr2", groups: ["hr_admin"])
            let first = try await post(client, admin.accessToken, key: "k-1", Self.body)
            #expect(first.status == .created)
            let again = try await post(client, admin.accessToken, key: "k-1", Self.body)
            #expect(again.status == .created)
            #expect(again.json["id"] as? String == first.json["id"] as? String)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(again.headers[.eTag] == first.headers[.eTag])
            var changed = Self.body
            changed["firstName"] = "Mai Anh"
            let reused = try await post(client, admin.accessToken, key: "k-1", changed)
            #expect(reused.status == .unprocessableContent)
            #expect(reused.json["code"] as? String == "idempotency_key_reused")
            let otherCaller = try await post(client, other.accessToken, key: "k-1", Self.body)
            #expect(otherCaller.status == .conflict, "another caller's key is its own: this create collides on the number")
            var invalid = Self.body
            invalid["hireDate"] = "soon"
            let bad = try await post(client, admin.accessToken, key: "k-2", invalid)
            #expect(bad.status == .badRequest)
            let badAgain = try await post(client, admin.accessToken, key: "k-2", invalid)
            #expect(badAgain.status == .badRequest)
            #expect(badAgain.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let list = try await client.api(.get, "/api/v1/employees", token: admin.accessToken)
            #expect(((list.body as? [String: Any])?["meta"] as? [String: Any])?["total"] as? Int == 1)
        }
    }

    @Test("a key whose first request is still running is in use; an abandoned or expired claim is taken over", arguments: TestDatabases.engines)
    func inFlight(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, _ in
            let store = IdempotencyStore(database: system.core.database, clock: test.clock)
            #expect(try await store.claim(scope: "s", requestHash: "h") == .new)
            #expect(try await store.claim(scope: "s", requestHash: "h") == .inFlight)
            test.clock.advance(by: 61)
            #expect(try await store.claim(scope: "s", requestHash: "h") == .new, "the first request died")
            try await store.complete(scope: "s", status: 201, headers: ["etag": "\"1\""], body: Data("{}".utf8))
            #expect(try await store.claim(scope: "s", requestHash: "h") == .replay(status: 201, headers: ["etag": "\"1\""], body: Data("{}".utf8)))
            #expect(try await store.claim(scope: "s", requestHash: "other") == .mismatch)
            test.clock.advance(by: 86_401)
            #expect(try await store.claim(scope: "s", requestHash: "other") == .new, "keys are kept 24 hours")
        }
    }
}
