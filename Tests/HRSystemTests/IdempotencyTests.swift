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

    @Test("a replay returns the first response; a different body is 422; keys are per caller; only successful answers are kept", arguments: TestDatabases.engines)
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
            #expect(badAgain.headers[HTTPField.Name("Idempotent-Replayed")!] == nil, "a refused request is not remembered")
            var fixed = invalid
            fixed["hireDate"] = "2026-02-01"
            fixed["employeeNumber"] = "I-2"
            fixed["workEmail"] = "mai2@example.com"
            let corrected = try await post(client, admin.accessToken, key: "k-2", fixed)
            #expect(corrected.status == .created, "the same key carries the corrected request: \(corrected.json)")
            let list = try await client.api(.get, "/api/v1/employees", token: admin.accessToken)
            #expect(((list.body as? [String: Any])?["meta"] as? [String: Any])?["total"] as? Int == 2)
        }
    }

    @Test("a key whose first request is still running is in use; an abandoned or expired claim is taken over", arguments: TestDatabases.engines)
    func inFlight(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, _ in
            let store = IdempotencyStore(database: system.core.database, clock: test.clock)
            #expect(try await store.claim(scope: "s", requestHash: "h", caller: "c") == .new)
            #expect(try await store.claim(scope: "s", requestHash: "h", caller: "c") == .inFlight)
            test.clock.advance(by: 61)
            #expect(try await store.claim(scope: "s", requestHash: "h", caller: "c") == .new, "the first request died")
            try await store.complete(scope: "s", status: 201, headers: ["etag": "\"1\""], body: Data("{}".utf8))
            #expect(try await store.claim(scope: "s", requestHash: "h", caller: "c") == .replay(status: 201, headers: ["etag": "\"1\""], body: Data("{}".utf8)))
            #expect(try await store.claim(scope: "s", requestHash: "other", caller: "c") == .mismatch)
            test.clock.advance(by: 86_401)
            #expect(try await store.claim(scope: "s", requestHash: "other", caller: "c") == .new, "keys are kept 24 hours")
        }
    }

    @Test("the sweep deletes keys older than a day and abandoned claims, and keeps the rest", arguments: TestDatabases.engines)
    func sweep(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, _ in
            let store = IdempotencyStore(database: system.core.database, clock: test.clock)
            #expect(try await store.claim(scope: "old", requestHash: "h", caller: "c") == .new)
            try await store.complete(scope: "old", status: 201, headers: [:], body: Data())
            test.clock.advance(by: 3600)
            #expect(try await store.claim(scope: "young", requestHash: "h", caller: "c") == .new)
            try await store.complete(scope: "young", status: 201, headers: [:], body: Data())
            #expect(try await store.claim(scope: "dead", requestHash: "h", caller: "c") == .new)
            #expect(try await store.claim(scope: "running", requestHash: "h", caller: "c") == .new)
            #expect(try await store.sweep() == 0, "nothing has expired yet")
            test.clock.advance(by: 30)
            #expect(try await store.claim(scope: "running2", requestHash: "h", caller: "c") == .new)
            test.clock.advance(by: 40)
            #expect(try await store.sweep() == 2, "the two unanswered claims older than a minute")
            #expect(try await store.count() == 3)
            test.clock.advance(by: 86_400 - 3600)
            #expect(try await store.sweep() == 2, "the key older than a day, and the claim left unanswered")
            #expect(try await store.count() == 1)
            test.clock.advance(by: 3600)
            try await store.sweep()
            #expect(try await store.count() == 0)
        }
    }

    @Test("one caller may claim a bounded number of keys an hour; others are not affected; the bound frees up", arguments: TestDatabases.engines)
    func hourlyBound(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, _ in
            let store = IdempotencyStore(database: system.core.database, clock: test.clock, maximumKeysPerHour: 3)
            for index in 0..<3 {
                let claim = try await store.claim(scope: "a\(index)", requestHash: "h", caller: "greedy")
                #expect(claim == .new)
            }
            #expect(try await store.claim(scope: "a3", requestHash: "h", caller: "greedy") == .limitReached)
            #expect(try await store.claim(scope: "b0", requestHash: "h", caller: "other") == .new)
            #expect(try await store.claim(scope: "a0", requestHash: "h", caller: "greedy") == .inFlight, "a held key still answers")
            test.clock.advance(by: 3601)
            #expect(try await store.claim(scope: "a3", requestHash: "h", caller: "greedy") == .new)
        }
    }

    @Test("past the bound the API answers 429 idempotency_limit_reached and stores nothing more", arguments: TestDatabases.engines)
    func boundThroughTheAPI(engine: DatabaseEngine) async throws {
        try await TestSystem.with(engine) { base in
        var test = base
        test.configuration.idempotencyKeysPerHour = 2
        try await test.run { system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            for index in 0..<3 {
                var body = Self.body
                body["employeeNumber"] = "B-\(index)"
                body["workEmail"] = "b\(index)@example.com"
                let answer = try await post(client, admin.accessToken, key: "bulk-\(index)", body)
                if index < 2 {
                    #expect(answer.status == .created)
                } else {
                    #expect(answer.status == .tooManyRequests)
                    #expect(answer.json["code"] as? String == "idempotency_limit_reached")
                }
            }
            var plain = Self.body
            plain["employeeNumber"] = "B-plain"
            plain["workEmail"] = "plain@example.com"
            #expect(try await post(client, admin.accessToken, key: nil, plain).status == .created, "without a key the request is served")
            #expect(try await IdempotencyStore(database: system.core.database, clock: system.core.clock).count() == 2)
        }
        }
    }
}
