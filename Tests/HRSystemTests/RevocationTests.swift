import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Token revocation")
struct RevocationTests {
    @Test("a password reset revokes the user's access and refresh tokens within the poll interval; new sign-ins work", arguments: TestDatabases.engines)
    func passwordResetRevokes(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let bob = try await system.signedInUser("bob", groups: ["employee"])
            #expect(try await client.api(.get, "/api/v1/employees", token: bob.accessToken).status == .ok)
            guard case .authenticated(let original) = try await system.core.signIn.passwordAuth(
                clientID: system.bootstrap.clientID, username: "bob", password: "Passw0rd!", secretHash: nil)
            else { throw TestFailure("no tokens") }

            test.clock.advance(by: 2)
            try await system.core.administration.setPassword(
                poolID: system.bootstrap.poolID, username: "bob", password: "N3w-Passw0rd!", permanent: true)
            test.clock.advance(by: 1)

            let refused = try await client.api(.get, "/api/v1/employees", token: bob.accessToken)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.wwwAuthenticate]?.contains("the token has been revoked") == true)
            #expect(try await client.api(.get, "/api/v1/employees", token: bob.idToken).status == .unauthorized)
            let refresh = try await client.cognito(
                "InitiateAuth",
                ["AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": system.bootstrap.clientID,
                 "AuthParameters": ["REFRESH_TOKEN": original.refreshToken!]])
            #expect(refresh.json["message"] as? String == "Refresh Token has been revoked")

            test.clock.advance(by: 1)
            guard case .authenticated(let fresh) = try await system.core.signIn.passwordAuth(
                clientID: system.bootstrap.clientID, username: "bob", password: "N3w-Passw0rd!", secretHash: nil)
            else { throw TestFailure("no tokens after reset") }
            #expect(try await client.api(.get, "/api/v1/employees", token: fresh.accessToken).status == .ok)
        }
    }
}
