import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Storage
import Testing
import TestSupport
@testable import HRSystem

@Suite("Several instances and lost databases")
struct MultiInstanceTests {
    static var postgresOnly: [DatabaseEngine] { TestDatabases.engines.filter { $0 == .postgres } }

    @Test("two instances started at the same moment on one fresh PostgreSQL migrate once and both serve", arguments: postgresOnly)
    func twoInstancesStartTogether(engine: DatabaseEngine) async throws {
        try await TestSystem.with(engine) { test in
            async let first = test.build()
            async let second = test.build()
            let (a, b) = try await (first, second)
            #expect(a.bootstrap.poolID == b.bootstrap.poolID)
            #expect(a.bootstrap.clientID == b.bootstrap.clientID)
            #expect(a.bootstrap.appliedSteps.count + b.bootstrap.appliedSteps.count == 7)
            let counts = try await a.core.database.read { db in
                (
                    try await db.raw("SELECT COUNT(*) AS n FROM schema_migrations").first(decodingColumn: "n", as: Int.self),
                    try await db.raw("SELECT COUNT(*) AS n FROM user_pools").first(decodingColumn: "n", as: Int.self),
                    try await db.raw("SELECT COUNT(*) AS n FROM signing_keys").first(decodingColumn: "n", as: Int.self),
                    try await db.raw("SELECT COUNT(*) AS n FROM pool_users").first(decodingColumn: "n", as: Int.self)
                )
            }
            #expect(counts.0 == HRSystemCore.migrations.count)
            #expect(counts.1 == 1)
            #expect(counts.2 == 2)
            #expect(counts.3 == 1)

            // A token signed by one instance is accepted by the other.
            let alice = try await a.signedInUser("alice", groups: ["employee"])
            let status = try await b.application.test(.router) { client in
                try await client.api(.get, "/api/v1/employees", token: alice.accessToken).status
            }
            #expect(status == .ok)
            await a.core.shutdown()
            await b.core.shutdown()
        }
    }

    @Test("a termination on one instance stops the leaver's tokens at once there and within a second on another", arguments: postgresOnly)
    func terminationSeenByOtherInstance(engine: DatabaseEngine) async throws {
        try await TestSystem.with(engine) { test in
            let a = try await test.build()
            let b = try await test.build()
            let admin = try await a.signedInUser("hr", groups: ["hr_admin"])
            let worker = try await a.signedInUser("worker", groups: ["employee"])
            let statuses = try await a.application.test(.router) { clientA in
                try await b.application.test(.router) { clientB in
                    let created = try await clientA.api(
                        .post, "/api/v1/employees", token: admin.accessToken,
                        json: ["employeeNumber": "X1", "firstName": "Thu", "lastName": "Hà", "workEmail": "x1@example.com",
                               "employmentType": "full_time", "hireDate": "2026-01-05", "issuer": a.issuer, "userSub": worker.user.sub])
                    let id = try #require((created.body as? [String: Any])?["id"] as? String)
                    let before = try await clientB.api(.get, "/api/v1/employees", token: worker.accessToken).status
                    let deleted = try await clientA.api(.delete, "/api/v1/employees/\(id)", token: admin.accessToken).status
                    let onA = try await clientA.api(.get, "/api/v1/employees", token: worker.accessToken).status
                    test.clock.advance(by: 0.6)
                    let onB = try await clientB.api(.get, "/api/v1/employees", token: worker.accessToken).status
                    return [before, deleted, onA, onB]
                }
            }
            #expect(statuses == [.ok, .ok, .unauthorized, .unauthorized])
            await a.core.shutdown()
            await b.core.shutdown()
        }
    }

    @Test("20 parallel creates colliding on employeeNumber: exactly one 201, the rest 409, no 5xx", arguments: TestDatabases.engines)
    func collidingWrites(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            let admin = try await system.signedInUser("hr", groups: ["hr_admin"])
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        let body: [String: Any] = [
                            "employeeNumber": "DUP-1", "firstName": "Racer", "lastName": "No\(n)", "workEmail": "racer\(n)@example.com",
                            "employmentType": "full_time", "hireDate": "2026-01-05",
                        ]
                        return try await client.api(.post, "/api/v1/employees", token: admin.accessToken, json: body).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 19)
            let list = try await client.api(.get, "/api/v1/employees?q=racer", token: admin.accessToken)
            #expect(((list.body as? [String: Any])?["meta"] as? [String: Any])?["total"] as? Int == 1)
        }
    }

    @Test("an unreachable PostgreSQL makes the readiness check answer no within its time limit")
    func unreachableDatabaseIsNotReady() async throws {
        let port = try freeLoopbackPort()
        let database = try PostgresDatabaseClient(url: "postgres://nobody@127.0.0.1:\(port)/none?sslmode=disable", logger: Logger(label: "test"))
        let started = ContinuousClock.now
        let ready = await databaseAnswers(database, within: .seconds(2))
        let elapsed = ContinuousClock.now - started
        #expect(!ready)
        // PostgresNIO's pool holds a request for about a minute before giving up on an unreachable
        // server; the probe answers after its 2 s limit. The bound leaves room for a loaded machine.
        #expect(elapsed < .seconds(20))
        await database.shutdown()
    }

    @Test("/ready answers 503 while PostgreSQL connections are lost and 200 once the pool has reconnected", arguments: postgresOnly)
    func poolReconnects(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            // Other tests share the cluster: wait until this instance has its connection.
            var first = try await client.api(.get, "/ready", token: nil).status
            for _ in 0..<10 where first != .ok { first = try await client.api(.get, "/ready", token: nil).status }
            #expect(first == .ok)
            let adminURL = try #require(TestDatabases.postgresURL)
            let admin = try PostgresDatabaseClient(url: adminURL, logger: Logger(label: "admin"), maximumConnections: 1)
            let name = try #require(test.postgresDatabase)
            try await admin.read { db in
                try await db.raw(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(bind: name) AND pid <> pg_backend_pid()"
                ).run()
            }
            await admin.shutdown()
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<20 {
                let status = try await client.api(.get, "/ready", token: nil).status
                statuses.append(status)
                if status == .ok { break }
            }
            #expect(statuses.last == .ok, "the pool should reconnect: \(statuses)")
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .serviceUnavailable })
        }
    }
}

/// A loopback port nothing listens on.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw TestFailure("cannot bind a loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
