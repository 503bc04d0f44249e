import Crypto
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TimeSource
import Logging
import _CryptoExtras

/// Counts how often the protected handler ran.
actor CallCounter {
    var count = 0
    func increment() { count += 1 }
}

@Suite("JWT authorizer")
struct JWTAuthorizerTests {
    let tokens: TestTokens
    let clock: ManualClock
    let counter = CallCounter()

    init() throws {
        tokens = try TestTokens()
        clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))
    }

    func makeRouter() async throws -> Router<GatewayRequestContext> {
        let trust = StaticTrust(keys: try await tokens.keySet(), audienceIDs: [TestTokens.clientID])
        let authorizer = JWTAuthorizer(
            issuers: [TrustedIssuer(issuer: TestTokens.issuer, keys: trust, audiences: trust, clockSkew: 5)], clock: clock)
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestIDMiddleware(accessLog: .init(label: "test")))
        let counter = self.counter
        router.group("api")
            .add(middleware: AuthorizerMiddleware(authorizer: authorizer))
            .get("whoami") { _, context in
                await counter.increment()
                return context.principal?.subject ?? "none"
            }
        return router
    }

    /// Sends `authorization` to the protected route; returns status, body, www-authenticate.
    func call(_ authorization: String?) async throws -> (HTTPResponse.Status, String, String?) {
        let app = Application(router: try await makeRouter())
        return try await app.test(.router) { client in
            var headers = HTTPFields()
            if let authorization { headers[.authorization] = authorization }
            let response = try await client.execute(uri: "/api/whoami", method: .get, headers: headers)
            return (response.status, String(buffer: response.body), response.headers[.wwwAuthenticate])
        }
    }

    func expectRefused(_ authorization: String?, reason: String) async throws {
        let (status, body, challenge) = try await call(authorization)
        #expect(status == .unauthorized)
        #expect(body == #"{"message":"Unauthorized"}"#)
        #expect(challenge == "Bearer scope=\"\" error=\"invalid_token\" error_description=\"\(reason)\"")
        #expect(await counter.count == 0, "the handler must not run")
    }

    @Test("a valid token reaches the handler, with or without a case-insensitive Bearer prefix")
    func accepted() async throws {
        let token = tokens.accessToken(now: clock.now())
        for header in ["Bearer \(token)", "bearer \(token)", token] {
            let (status, body, _) = try await call(header)
            #expect(status == .ok)
            #expect(body == "11111111-2222-3333-4444-555555555555")
        }
        #expect(await counter.count == 3)
    }

    @Test("no Authorization header")
    func missing() async throws {
        try await expectRefused(nil, reason: "missing: token not provided")
        try await expectRefused("Bearer ", reason: "missing: token not provided")
    }

    @Test("malformed tokens: not three parts, not base64url, header not JSON")
    func malformed() async throws {
        try await expectRefused("Bearer abc", reason: "the token is malformed")
        try await expectRefused("Bearer a.b.c.d", reason: "the token is malformed")
        try await expectRefused("Bearer !!!.???.***", reason: "the token is malformed")
        let notJSON = TestTokens.b64(Data("not json".utf8))
        try await expectRefused("Bearer \(notJSON).\(notJSON).\(notJSON)", reason: "the token is malformed")
    }

    @Test("alg none is refused")
    func algNone() async throws {
        let claims = TestTokens.b64(TestTokens.json(["sub": "x", "iss": TestTokens.issuer, "client_id": TestTokens.clientID, "exp": 9_999_999_999]))
        let header = TestTokens.b64(TestTokens.json(["alg": "none", "kid": TestTokens.kid]))
        try await expectRefused("Bearer \(header).\(claims).", reason: "the token is malformed")
        try await expectRefused("Bearer \(header).\(claims).c2ln", reason: "the token is not signed with RS256")
    }

    @Test("HS256 signed with the public key is refused")
    func algorithmConfusion() async throws {
        let header = TestTokens.b64(TestTokens.json(["alg": "HS256", "kid": TestTokens.kid]))
        let claims = TestTokens.b64(
            TestTokens.json([
                "sub": "x", "iss": TestTokens.issuer, "client_id": TestTokens.clientID,
                "exp": Int(clock.now().timeIntervalSince1970) + 600,
            ]))
        let input = header + "." + claims
        let publicKey = SymmetricKey(data: Data(tokens.key.publicKey.pemRepresentation.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: publicKey)
        try await expectRefused("Bearer \(input).\(TestTokens.b64(Data(mac)))", reason: "the token is not signed with RS256")
    }

    @Test("a token without kid is refused")
    func noKid() async throws {
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), header: ["alg": "RS256"]), reason: "the token has no kid")
    }

    @Test("an unknown kid is refused even when a key we hold signed the token")
    func unknownKid() async throws {
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), header: ["alg": "RS256", "kid": "kid-unknown"]), reason: "unknown kid")
    }

    @Test("a signature by another key is refused")
    func badSignature() async throws {
        let forged = tokens.rs256(
            header: ["alg": "RS256", "kid": TestTokens.kid],
            claims: [
                "sub": "x", "iss": TestTokens.issuer, "client_id": TestTokens.clientID,
                "exp": Int(clock.now().timeIntervalSince1970) + 600,
            ],
            signer: tokens.otherKey)
        try await expectRefused("Bearer \(forged)", reason: "the token has an invalid signature")
        var parts = tokens.accessToken(now: clock.now()).split(separator: ".").map(String.init)
        parts[1] = TestTokens.b64(TestTokens.json(["sub": "mallory", "iss": TestTokens.issuer, "client_id": TestTokens.clientID, "exp": 9_999_999_999]))
        try await expectRefused("Bearer " + parts.joined(separator: "."), reason: "the token has an invalid signature")
    }

    @Test("a wrong issuer is refused")
    func wrongIssuer() async throws {
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), overrides: ["iss": "https://evil.example/pool"]),
            reason: "issuer does not match")
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), overrides: ["iss": nil]), reason: "issuer does not match")
    }

    @Test("a wrong audience or client is refused; aud wins over client_id")
    func wrongAudience() async throws {
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), overrides: ["client_id": "otherclient"]),
            reason: "the token does not have a valid audience")
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), overrides: ["aud": "otherclient"]),
            reason: "the token does not have a valid audience")
        let idToken = tokens.accessToken(now: clock.now(), overrides: ["client_id": nil, "aud": TestTokens.clientID, "token_use": "id"])
        #expect(try await call("Bearer \(idToken)").0 == .ok)
    }

    @Test("an expired token is refused, with no leeway on exp")
    func expired() async throws {
        let now = Int(clock.now().timeIntervalSince1970)
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), overrides: ["exp": now]), reason: "the token has expired")
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), overrides: ["exp": nil]), reason: "the token has expired")
        let token = tokens.accessToken(now: clock.now())
        clock.advance(by: 3601)
        try await expectRefused("Bearer \(token)", reason: "the token has expired")
    }

    @Test("a token not yet valid (nbf or iat past the 5 s skew) is refused; within the skew it passes")
    func notYetValid() async throws {
        let now = Int(clock.now().timeIntervalSince1970)
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), overrides: ["nbf": now + 60]), reason: "the token is not valid yet")
        try await expectRefused(
            "Bearer " + tokens.accessToken(now: clock.now(), overrides: ["iat": now + 60]), reason: "the token is not valid yet")
        #expect(try await call("Bearer " + tokens.accessToken(now: clock.now(), overrides: ["iat": now + 4])).0 == .ok)
    }

    @Test("when the audience source fails the authorizer answers 503, not 401, and the handler does not run")
    func sourceUnavailable() async throws {
        struct Broken: AudienceSource {
            struct Down: Error {}
            func audiences() async throws -> Set<String> { throw Down() }
        }
        let trust = StaticTrust(keys: try await tokens.keySet(), audienceIDs: [])
        let authorizer = JWTAuthorizer(
            issuers: [TrustedIssuer(issuer: TestTokens.issuer, keys: trust, audiences: Broken(), clockSkew: 5)], clock: clock)
        let router = Router(context: GatewayRequestContext.self)
        let counter = self.counter
        router.group("api").add(middleware: AuthorizerMiddleware(authorizer: authorizer)).get("whoami") { _, _ in
            await counter.increment()
            return "reached"
        }
        try await Application(router: router).test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer " + tokens.accessToken(now: clock.now())
            let response = try await client.execute(uri: "/api/whoami", method: .get, headers: headers)
            #expect(response.status == .serviceUnavailable)
            #expect(String(buffer: response.body) == #"{"message":"Service Unavailable"}"#)
        }
        #expect(await counter.count == 0)
    }

    @Test("unknown routes answer API Gateway's 404 body")
    func notFound() async throws {
        let app = Application(router: try await makeRouter())
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/nowhere", method: .get)
            #expect(response.status == .notFound)
            #expect(String(buffer: response.body) == #"{"message":"Not Found"}"#)
            #expect(response.headers[.init("apigw-requestid")!] != nil)
        }
    }
}
