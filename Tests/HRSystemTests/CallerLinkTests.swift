import Foundation
import HRDomain
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport
@testable import HRStore

/// Resolving the caller's employee from the token's `(issuer, sub)` is remembered per instance
/// (`LoginLinkCache`); these tests pin down when a change of link is seen.
@Suite("Caller links")
struct CallerLinkTests {
    static var postgresOnly: [DatabaseEngine] { TestDatabases.engines.filter { $0 == .postgres } }

    static func total(_ answer: (status: HTTPResponse.Status, body: Any?, headers: HTTPFields)) -> Int? {
        ((answer.body as? [String: Any])?["meta"] as? [String: Any])?["total"] as? Int
    }

    static func linkedEmployee(number: String, issuer: String, sub: String) -> [String: Any] {
        [
            "employeeNumber": number, "firstName": "Thu", "lastName": "Hà", "workEmail": "\(number.lowercased())@example.com",
            "employmentType": "full_time", "hireDate": "2026-01-05", "issuer": issuer, "userSub": sub,
        ]
    }

    @Test("a login linked by HR is the caller's employee on the very next request of this instance", arguments: TestDatabases.engines)
    func linkSeenAtOnce(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let worker = try await system.signedInUser("worker", groups: ["employee"])
            let before = try await client.api(.get, "/api/v1/employees", token: worker.accessToken)
            #expect(before.status == .ok)
            #expect(Self.total(before) == 0, "no employee is linked yet, so nothing is visible")
            let created = try await client.api(
                .post, "/api/v1/employees", token: admin.accessToken,
                json: Self.linkedEmployee(number: "L1", issuer: system.issuer, sub: worker.user.sub))
            #expect(created.status == .created)
            let after = try await client.api(.get, "/api/v1/employees", token: worker.accessToken)
            #expect(Self.total(after) == 1, "the remembered 'no employee' must not outlive the write that linked one")
        }
    }

    @Test("a login linked on one instance is the caller's employee on another within a second", arguments: postgresOnly)
    func linkSeenByOtherInstance(engine: DatabaseEngine) async throws {
        try await TestSystem.with(engine) { test in
            let a = try await test.build()
            let b = try await test.build()
            let admin = try await a.signedInUser("hr", groups: ["hr_admin"])
            let worker = try await a.signedInUser("worker", groups: ["employee"])
            let totals = try await a.application.test(.router) { clientA in
                try await b.application.test(.router) { clientB in
                    let before = Self.total(try await clientB.api(.get, "/api/v1/employees", token: worker.accessToken))
                    let created = try await clientA.api(
                        .post, "/api/v1/employees", token: admin.accessToken,
                        json: Self.linkedEmployee(number: "L2", issuer: a.issuer, sub: worker.user.sub))
                    #expect(created.status == .created)
                    test.clock.advance(by: 1)
                    let after = Self.total(try await clientB.api(.get, "/api/v1/employees", token: worker.accessToken))
                    return [before, after]
                }
            }
            #expect(totals == [0, 1])
            await a.core.shutdown()
            await b.core.shutdown()
        }
    }

    let login = LoginLink(issuer: "https://issuer.example/pool", subject: "0b6e4c2a-2f0e-4d6b-9a55-1f7f3f4f9c10")
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("a remembered link, or the absence of one, is answered for a second and then read again")
    func maximumAge() {
        let cache = LoginLinkCache(maxAge: 1)
        guard case .miss(let generation) = cache.lookup(login, now: start) else {
            Issue.record("an empty cache answered")
            return
        }
        cache.store(nil, for: login, loadedAt: start, generation: generation)
        #expect(cache.lookup(login, now: start.addingTimeInterval(0.99)) == .hit(nil))
        #expect(cache.lookup(login, now: start.addingTimeInterval(1)) == .miss(generation: generation))
        #expect(cache.lookup(login, now: start.addingTimeInterval(-1)) == .miss(generation: generation), "the clock went back")
    }

    @Test("a read that began before a write finished is not remembered")
    func readRacingAWrite() {
        let cache = LoginLinkCache()
        guard case .miss(let generation) = cache.lookup(login, now: start) else {
            Issue.record("an empty cache answered")
            return
        }
        // The write commits and clears the cache while the read is still on its way back.
        cache.invalidate()
        cache.store(LinkedEmployee(id: "old", status: .active), for: login, loadedAt: start, generation: generation)
        #expect(cache.count == 0)
        guard case .miss(let next) = cache.lookup(login, now: start) else {
            Issue.record("a stale read was kept")
            return
        }
        #expect(next != generation)
        let linked = LinkedEmployee(id: "new", status: .terminated)
        cache.store(linked, for: login, loadedAt: start, generation: next)
        #expect(cache.lookup(login, now: start) == .hit(linked))
    }

    @Test("past its capacity the cache starts again empty instead of growing")
    func bounded() {
        let cache = LoginLinkCache(capacity: 3)
        for n in 0..<3 {
            cache.store(nil, for: LoginLink(issuer: "i", subject: "s\(n)"), loadedAt: start, generation: 0)
        }
        #expect(cache.count == 3)
        cache.store(nil, for: LoginLink(issuer: "i", subject: "s3"), loadedAt: start, generation: 0)
        #expect(cache.count == 1)
        #expect(cache.lookup(LoginLink(issuer: "i", subject: "s3"), now: start) == .hit(nil))
    }
}
