import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@Suite("Sign-in over the Cognito wire protocol")
struct SignInFlowTests {
    @Test("admin: USER_PASSWORD_AUTH → NEW_PASSWORD_REQUIRED → tokens → GET /api/v1/employees; refresh keeps the family", arguments: TestDatabases.engines)
    func adminFirstLogin(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let temporary = try #require(system.bootstrap.adminTemporaryPassword)
            let first = try await client.cognito(
                "InitiateAuth",
                ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": system.bootstrap.clientID,
                 "AuthParameters": ["USERNAME": "admin", "PASSWORD": temporary]])
            #expect(first.status == .ok)
            #expect(first.json["ChallengeName"] as? String == "NEW_PASSWORD_REQUIRED")
            let session = try #require(first.json["Session"] as? String)
            let parameters = try #require(first.json["ChallengeParameters"] as? [String: String])
            #expect(parameters["USER_ID_FOR_SRP"] == "admin")
            #expect(parameters["requiredAttributes"] == "[]")

            let weak = try await client.cognito(
                "RespondToAuthChallenge",
                ["ClientId": system.bootstrap.clientID, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
                 "ChallengeResponses": ["USERNAME": "admin", "NEW_PASSWORD": "short"]])
            #expect(weak.status == .badRequest)
            #expect(weak.json["__type"] as? String == "InvalidPasswordException")

            let answered = try await client.cognito(
                "RespondToAuthChallenge",
                ["ClientId": system.bootstrap.clientID, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
                 "ChallengeResponses": ["USERNAME": "admin", "NEW_PASSWORD": "N3w-Admin-Pass!"]])
            #expect(answered.status == .ok)
            let result = try #require(answered.json["AuthenticationResult"] as? [String: Any])
            let access = try #require(result["AccessToken"] as? String)
            let refresh = try #require(result["RefreshToken"] as? String)
            #expect(result["TokenType"] as? String == "Bearer")
            #expect(result["ExpiresIn"] as? Int == 3600)

            let replay = try await client.cognito(
                "RespondToAuthChallenge",
                ["ClientId": system.bootstrap.clientID, "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session,
                 "ChallengeResponses": ["USERNAME": "admin", "NEW_PASSWORD": "An0ther-Pass!"]])
            #expect(replay.json["__type"] as? String == "NotAuthorizedException")

            let list = try await client.api(.get, "/api/v1/employees", token: access)
            #expect(list.status == .ok)
            let envelope = try #require(list.body as? [String: Any])
            #expect((envelope["meta"] as? [String: Any])?["total"] as? Int == 0)

            let refreshed = try await client.cognito(
                "InitiateAuth",
                ["AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": system.bootstrap.clientID, "AuthParameters": ["REFRESH_TOKEN": refresh]])
            let newResult = try #require(refreshed.json["AuthenticationResult"] as? [String: Any])
            #expect(newResult["RefreshToken"] == nil)
            let newAccess = try #require(newResult["AccessToken"] as? String)
            #expect(try claims(newAccess)["origin_jti"] as? String == claims(access)["origin_jti"] as? String)
            #expect(try claims(newAccess)["auth_time"] as? Int == claims(access)["auth_time"] as? Int)
            #expect(try claims(newAccess)["jti"] as? String != claims(access)["jti"] as? String)
        }
    }

    @Test("wrong password and unknown user are indistinguishable; errors carry Cognito's headers", arguments: TestDatabases.engines)
    func wrongCredentials(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            for username in ["admin", "nobody"] {
                var headers = HTTPFields()
                headers[.init("X-Amz-Target")!] = "AWSCognitoIdentityProviderService.InitiateAuth"
                let body = try JSONSerialization.data(withJSONObject: [
                    "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": system.bootstrap.clientID,
                    "AuthParameters": ["USERNAME": username, "PASSWORD": "Wrong-pass-1"],
                ])
                let response = try await client.execute(uri: "/", method: .post, headers: headers, body: .init(bytes: body))
                #expect(response.status == .badRequest)
                #expect(response.headers[.init("x-amzn-ErrorType")!] == "NotAuthorizedException")
                #expect(response.headers[.init("x-amzn-RequestId")!] != nil)
                #expect(String(buffer: response.body) == #"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#)
            }
        }
    }

    @Test("unknown and unimplemented operations, bad parameters and flows are 400s, never 5xx", arguments: TestDatabases.engines)
    func operationErrors(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            #expect(try await client.cognito("NoSuchThing", [:]).json["__type"] as? String == "UnknownOperationException")
            let unsupported = try await client.cognito("ConfirmDevice", ["AccessToken": "x", "DeviceKey": "k"])
            #expect(unsupported.status == .badRequest)
            #expect(unsupported.json["__type"] as? String == "UnsupportedOperationException")
            #expect((unsupported.json["message"] as? String)?.contains("ConfirmDevice") == true)
            let unsigned = try await client.cognito("ListUserPools", ["MaxResults": 10])
            #expect(unsigned.status == .badRequest)
            #expect(unsigned.json["__type"] as? String == "MissingAuthenticationTokenException", "administrative calls must be signed")
            let missingClient = try await client.cognito("InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH"])
            #expect(missingClient.json["__type"] as? String == "InvalidParameterException")
            #expect((missingClient.json["message"] as? String)?.contains("clientId") == true)
            let badFlow = try await client.cognito("InitiateAuth", ["AuthFlow": "MAGIC", "ClientId": system.bootstrap.clientID])
            #expect(badFlow.json["__type"] as? String == "InvalidParameterException")
            let unknownClient = try await client.cognito(
                "InitiateAuth", ["AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "nosuchclient", "AuthParameters": ["USERNAME": "a", "PASSWORD": "b"]])
            #expect(unknownClient.json["__type"] as? String == "ResourceNotFoundException")
            let typeMismatch = try await client.cognito("InitiateAuth", ["AuthFlow": 7])
            #expect(typeMismatch.json["__type"] as? String == "SerializationException")
            let badRefresh = try await client.cognito(
                "InitiateAuth", ["AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": system.bootstrap.clientID, "AuthParameters": ["REFRESH_TOKEN": "bogus"]])
            #expect(badRefresh.json["__type"] as? String == "NotAuthorizedException")
            #expect(badRefresh.json["message"] as? String == "Invalid Refresh Token")
        }
    }

    @Test("tokens carry Cognito's claims; id and access are signed by different keys published in the JWKS", arguments: TestDatabases.engines)
    func tokenClaims(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine) { test, system, client in
            let alice = try await system.signedInUser("alice", groups: ["employee", "manager"])
            let id = try claims(alice.idToken)
            let access = try claims(alice.accessToken)
            #expect(id["aud"] as? String == system.bootstrap.clientID)
            #expect(id["token_use"] as? String == "id")
            #expect(id["cognito:username"] as? String == "alice")
            #expect(id["cognito:groups"] as? [String] == ["employee", "manager"])
            #expect(id["email"] as? String == "alice@example.com")
            #expect(id["email_verified"] as? Bool == true)
            #expect(id["iss"] as? String == system.issuer)
            #expect(access["aud"] == nil)
            #expect(access["client_id"] as? String == system.bootstrap.clientID)
            #expect(access["username"] as? String == "alice")
            #expect(access["scope"] as? String == "aws.cognito.signin.user.admin")
            #expect(access["version"] as? Int == 2)
            for name in ["sub", "auth_time", "iat", "exp", "jti", "origin_jti", "event_id"] {
                #expect(id[name] != nil && access[name] != nil, "\(name) missing")
            }
            #expect(id["sub"] as? String == alice.user.sub)
            let idHeader = try header(alice.idToken)
            let accessHeader = try header(alice.accessToken)
            #expect(Set(idHeader.keys) == ["kid", "alg"])
            #expect(idHeader["kid"] as? String != accessHeader["kid"] as? String)
            let jwks = try await client.api(.get, "/\(system.bootstrap.poolID)/.well-known/jwks.json", token: nil)
            let keys = try #require((jwks.body as? [String: Any])?["keys"] as? [[String: Any]])
            #expect(Set(keys.compactMap { $0["kid"] as? String }) == Set([idHeader["kid"] as? String, accessHeader["kid"] as? String].compactMap { $0 }))
            let discovery = try await client.api(.get, "/\(system.bootstrap.poolID)/.well-known/openid-configuration", token: nil)
            #expect((discovery.body as? [String: Any])?["issuer"] as? String == system.issuer)
        }
    }
}

func segment(_ token: String, _ index: Int) throws -> [String: Any] {
    var part = String(token.split(separator: ".")[index]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while part.count % 4 != 0 { part += "=" }
    let data = try #require(Data(base64Encoded: part))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

func claims(_ token: String) throws -> [String: Any] { try segment(token, 1) }
func header(_ token: String) throws -> [String: Any] { try segment(token, 0) }
