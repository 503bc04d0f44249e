import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport
import UserPool

/// Tables a caller grows by using the system stay bounded: refresh tokens are swept when they
/// expire, capped per user, and one user's sign-ins are bounded per hour.
@Suite("Table bounds")
struct TableBoundsTests {
    @Test("refresh tokens: a bounded number of sign-ins an hour, old tokens past the cap deleted, expired ones swept", arguments: TestDatabases.engines)
    func refreshTokens(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, _ in
            let user = try await system.signedInUser("bounded", groups: ["employee"]).user
            let clientID = system.bootstrap.clientID
            let store = RefreshTokenStore(database: system.core.database, clock: test.clock, maximumTokensPerUser: 3, maximumSignInsPerHour: 2)
            func issue() async throws { _ = try await store.issue(userSub: user.sub, clientID: clientID, authTime: test.clock.now(), validity: 30 * 86_400) }
            // The helper's own sign-in counts: one more this hour, then the bound.
            try await issue()
            await #expect(throws: RefreshTokenStoreError.tooManySignIns) { try await issue() }
            #expect(try await store.count(userSub: user.sub) == 2)
            test.clock.advance(by: 3601)
            try await issue()
            try await issue()
            #expect(try await store.count(userSub: user.sub) == 4, "over the cap, but every token is younger than a day")
            test.clock.advance(by: 86_400)
            try await issue()
            #expect(try await store.count(userSub: user.sub) == 3, "the two oldest, over a day old, made room")
            test.clock.advance(by: 31 * 86_400)
            #expect(try await store.sweep() == 3)
            #expect(try await store.count(userSub: user.sub) == 0)
        }
    }

    @Test("past the hourly bound the Cognito API answers TooManyRequestsException", arguments: [DatabaseEngine.sqlite])
    func signInBound(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            _ = try await system.signedInUser("eager", groups: ["employee"])
            var last: (status: HTTPResponse.Status, json: [String: Any])?
            for _ in 0..<600 {
                let answer = try await client.cognito(
                    "InitiateAuth",
                    ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": system.bootstrap.clientID, "AuthParameters": ["USERNAME": "eager", "PASSWORD": "Passw0rd!"]])
                last = answer
                if answer.status != .ok { break }
            }
            #expect(last?.status == .badRequest)
            #expect((last?.json["__type"] as? String) == "TooManyRequestsException")
        }
    }
}
