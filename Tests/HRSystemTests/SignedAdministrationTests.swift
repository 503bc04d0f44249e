import Foundation
import HRSystem
import HRStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport
@testable import UserPool

/// Signed administrative Cognito calls through the real router: the bootstrap key signs, the
/// change is audited with the key's owner as actor, a deactivated key is refused at once.
@Suite("Signed administration")
struct SignedAdministrationTests {
    /// Sends a Cognito call signed as botocore signs it.
    static func signed(
        _ client: any TestClientProtocol, _ operation: String, _ body: [String: Any], keyID: String, secret: String, at date: Date
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        let data = try JSONSerialization.data(withJSONObject: body)
        let amzDate = SigV4Verifier.formatAmzDate(date)
        let target = "AWSCognitoIdentityProviderService.\(operation)"
        let headers: [String: [String]] = [
            "content-type": ["application/x-amz-json-1.1"], "host": ["localhost"], "x-amz-date": [amzDate], "x-amz-target": [target],
        ]
        let credential = SigV4Verifier.Credential(
            accessKeyID: keyID, date: String(amzDate.prefix(8)), region: "ap-southeast-1", service: "cognito-idp",
            signedHeaders: headers.keys.sorted(), signature: "")
        let signature = SigV4Verifier.signature(
            .init(method: "POST", path: "/", query: "", headers: headers, body: data), credential: credential, amzDate: amzDate, secret: secret)
        var fields = HTTPFields()
        fields[.contentType] = "application/x-amz-json-1.1"
        fields[HTTPField.Name("Host")!] = "localhost"
        fields[HTTPField.Name("X-Amz-Date")!] = amzDate
        fields[HTTPField.Name("X-Amz-Target")!] = target
        fields[.authorization] =
            "AWS4-HMAC-SHA256 Credential=\(keyID)/\(credential.date)/ap-southeast-1/cognito-idp/aws4_request, SignedHeaders=\(credential.signedHeaders.joined(separator: ";")), Signature=\(signature)"
        let response = try await client.execute(uri: "/", method: .post, headers: fields, body: ByteBuffer(bytes: data))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
        return (response.status, json)
    }

    @Test("AdminCreateUser signed with the bootstrap key creates the user and audits the key's owner; a deactivated key is refused", arguments: TestDatabases.engines)
    func createAndDeactivate(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let keyID = try #require(system.bootstrap.accessKeyID)
            let secret = try #require(system.bootstrap.secretAccessKey)
            let pool = system.bootstrap.poolID
            let now = test.clock.now()
            let created = try await Self.signed(
                client, "AdminCreateUser",
                ["UserPoolId": pool, "Username": "lan", "UserAttributes": [["Name": "email", "Value": "lan@example.com"]], "MessageAction": "SUPPRESS"],
                keyID: keyID, secret: secret, at: now)
            #expect(created.status == .ok, "\(created.json)")
            #expect((created.json["User"] as? [String: Any])?["UserStatus"] as? String == "FORCE_CHANGE_PASSWORD")
            let stored = try await system.core.directory.storedUser(poolID: pool, username: "lan")
            #expect(stored?.user.email == "lan@example.com")
            let events = try await system.core.database.read { db in
                try await system.core.audit.events(entityType: "user", entityID: "lan", in: db)
            }
            #expect(events.map(\.action) == ["user_created"])
            #expect(events.first?.actor.id == "access-key:admin")

            let stale = try await Self.signed(
                client, "AdminGetUser", ["UserPoolId": pool, "Username": "lan"], keyID: keyID, secret: secret, at: now.addingTimeInterval(-301))
            #expect(stale.json["__type"] as? String == "InvalidSignatureException")
            #expect((stale.json["message"] as? String)?.hasPrefix("Signature expired") == true)

            try await system.core.accessKeys.setStatus(keyID, .inactive)
            let refused = try await Self.signed(
                client, "AdminDeleteUser", ["UserPoolId": pool, "Username": "lan"], keyID: keyID, secret: secret, at: now)
            #expect(refused.json["__type"] as? String == "UnrecognizedClientException")
            #expect(try await system.core.directory.storedUser(poolID: pool, username: "lan") != nil, "no side effect")
            try await system.core.accessKeys.setStatus(keyID, .active)
            let deleted = try await Self.signed(
                client, "AdminDeleteUser", ["UserPoolId": pool, "Username": "lan"], keyID: keyID, secret: secret, at: now)
            #expect(deleted.status == .ok)
            #expect(try await system.core.directory.storedUser(poolID: pool, username: "lan") == nil)
        }
    }

    @Test("a disabled user's access token is refused by the HR API at once; a deleted user's too", arguments: [DatabaseEngine.sqlite])
    func disabledAndDeletedUsers(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let keyID = try #require(system.bootstrap.accessKeyID)
            let secret = try #require(system.bootstrap.secretAccessKey)
            let pool = system.bootstrap.poolID
            let hr = try await system.signedInUser("hr", groups: ["hr_admin"])
            #expect(try await client.api(.get, "/api/v1/employees", token: hr.accessToken).status == .ok)
            let disabled = try await Self.signed(client, "AdminDisableUser", ["UserPoolId": pool, "Username": "hr"], keyID: keyID, secret: secret, at: test.clock.now())
            #expect(disabled.status == .ok)
            test.clock.advance(by: 1)
            #expect(try await client.api(.get, "/api/v1/employees", token: hr.accessToken).status == .unauthorized)
            let other = try await system.signedInUser("hr2", groups: ["hr_admin"])
            _ = try await Self.signed(client, "AdminDeleteUser", ["UserPoolId": pool, "Username": "hr2"], keyID: keyID, secret: secret, at: test.clock.now())
            test.clock.advance(by: 1)
            #expect(try await client.api(.get, "/api/v1/employees", token: other.accessToken).status == .unauthorized)
        }
    }
}
