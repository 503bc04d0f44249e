import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Sign-in security")
struct SignInSecurityTests {
    func passwordAuth(_ client: any TestClientProtocol, _ system: HRSystemApplication, _ username: String, _ password: String) async throws
        -> [String: Any]
    {
        try await client.cognito(
            "InitiateAuth",
            ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": system.bootstrap.clientID,
             "AuthParameters": ["USERNAME": username, "PASSWORD": password]]
        ).json
    }

    @Test("five failures are allowed; then sign-in is locked with a growing back-off, even for the right password", arguments: TestDatabases.engines)
    func lockout(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            _ = try await system.signedInUser("carol", groups: ["employee"])
            for _ in 0..<6 {
                #expect(try await passwordAuth(client, system, "carol", "Wrong-pass-1")["message"] as? String == "Incorrect username or password.")
            }
            #expect(try await passwordAuth(client, system, "carol", "Passw0rd!")["message"] as? String == "Password attempts exceeded")
            test.clock.advance(by: 1.5)
            #expect(try await passwordAuth(client, system, "carol", "Passw0rd!")["AuthenticationResult"] != nil)
            for _ in 0..<6 {
                _ = try await passwordAuth(client, system, "carol", "Wrong-pass-1")
            }
            #expect(
                try await passwordAuth(client, system, "carol", "Wrong-pass-1")["message"] as? String == "Password attempts exceeded",
                "attempts during a lockout are refused without being checked")
            test.clock.advance(by: 1.5)
            _ = try await passwordAuth(client, system, "carol", "Wrong-pass-1")
            test.clock.advance(by: 1.5)
            #expect(
                try await passwordAuth(client, system, "carol", "Passw0rd!")["message"] as? String == "Password attempts exceeded",
                "the seventh failure locks for 2 s")
            test.clock.advance(by: 1)
            #expect(try await passwordAuth(client, system, "carol", "Passw0rd!")["AuthenticationResult"] != nil)
        }
    }

    @Test("50 parallel wrong passwords reach the password check at most six times; the rest meet the lock", arguments: TestDatabases.engines)
    func parallelGuesses(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            _ = try await system.signedInUser("dave", groups: ["employee"])
            let messages = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<50 {
                    group.addTask { try await passwordAuth(client, system, "dave", "Wrong-pass-\(index)")["message"] as? String ?? "" }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let checked = messages.filter { $0 == "Incorrect username or password." }.count
            #expect(checked <= 6, "every attempt is counted before its check, so the sixth sets the lock for the others")
            #expect(messages.filter { $0 == "Password attempts exceeded" }.count == 50 - checked)
            #expect(try await passwordAuth(client, system, "dave", "Passw0rd!")["message"] as? String == "Password attempts exceeded")
        }
    }

    @Test("a disabled user learns it only with the right password")
    func disabledAfterProof() async throws {
        try await TestSystem.run(.sqlite) { _, system, client in
            _ = try await system.signedInUser("erin", groups: ["employee"])
            try await system.core.directory.setEnabled(poolID: system.bootstrap.poolID, username: "erin", enabled: false)
            #expect(try await passwordAuth(client, system, "erin", "Wrong-pass-1")["message"] as? String == "Incorrect username or password.")
            #expect(try await passwordAuth(client, system, "erin", "Passw0rd!")["message"] as? String == "User is disabled.")
        }
    }

    @Test("a NEW_PASSWORD_REQUIRED session issued before an administrator's reset changes nothing", arguments: TestDatabases.engines)
    func sessionAfterReset(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { _, system, client in
            _ = try await system.core.administration.createUser(
                poolID: system.bootstrap.poolID, username: "bob", email: nil, password: "Temp-Pass1!", permanent: false)
            let challenge = try await passwordAuth(client, system, "bob", "Temp-Pass1!")
            let session = try #require(challenge["Session"] as? String)
            try await system.core.administration.setPassword(
                poolID: system.bootstrap.poolID, username: "bob", password: "Admin-Set-9!", permanent: true)
            let hijack = try await client.cognito(
                "RespondToAuthChallenge",
                ["ClientId": system.bootstrap.clientID, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
                 "ChallengeResponses": ["USERNAME": "bob", "NEW_PASSWORD": "Attacker-1!"]])
            #expect(hijack.json["__type"] as? String == "NotAuthorizedException")
            #expect(try await passwordAuth(client, system, "bob", "Admin-Set-9!")["AuthenticationResult"] != nil)
            #expect(try await passwordAuth(client, system, "bob", "Attacker-1!")["AuthenticationResult"] == nil)
        }
    }

    @Test("a temporary password expires after the pool's validity (7 days)", arguments: TestDatabases.engines)
    func temporaryPasswordExpires(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            _ = try await system.core.administration.createUser(
                poolID: system.bootstrap.poolID, username: "dan", email: nil, password: "Temp-Pass1!", permanent: false)
            test.clock.advance(by: 6 * 86400)
            #expect(try await passwordAuth(client, system, "dan", "Temp-Pass1!")["ChallengeName"] as? String == "NEW_PASSWORD_REQUIRED")
            test.clock.advance(by: 2 * 86400)
            #expect(
                try await passwordAuth(client, system, "dan", "Temp-Pass1!")["message"] as? String
                    == "Temporary password has expired and must be reset by an administrator.")
        }
    }

    @Test("a challenge answered within its three minutes succeeds, one answered later is refused as expired", arguments: TestDatabases.engines)
    func sessionLifetime(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            for (username, wait, succeeds) in [("early", 179.0, true), ("late", 181.0, false)] {
                _ = try await system.core.administration.createUser(
                    poolID: system.bootstrap.poolID, username: username, email: nil, password: "Temp-Pass1!", permanent: false)
                let session = try #require(try await passwordAuth(client, system, username, "Temp-Pass1!")["Session"] as? String)
                test.clock.advance(by: wait)
                let answer = try await client.cognito(
                    "RespondToAuthChallenge",
                    ["ClientId": system.bootstrap.clientID, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
                     "ChallengeResponses": ["USERNAME": username, "NEW_PASSWORD": "Own-Pass-1!"]])
                if succeeds {
                    #expect(answer.json["AuthenticationResult"] != nil)
                } else {
                    #expect(answer.json["message"] as? String == "Invalid session for the user, session is expired.")
                }
            }
        }
    }
}
