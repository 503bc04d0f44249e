import Crypto
import Foundation
import TimeSource
import _CryptoExtras

/// The tokens handed back by a successful sign-in (`AuthenticationResult`).
public struct IssuedTokens: Sendable, Equatable {
    public var idToken: String
    public var accessToken: String
    /// Present on sign-in; absent on a refresh, as Cognito does without rotation.
    public var refreshToken: String?
    public var expiresIn: Int
}

/// Signs id and access tokens for a pool's users.
///
/// Tokens are compact JWS built here and signed with swift-crypto's RSA (PKCS#1 v1.5, SHA-256):
/// jwt-kit's signer always adds a `typ` header, and Cognito's header is exactly `{"kid","alg"}`,
/// which verifiers such as aws-jwt-verify see. Verification (in the gateway) uses jwt-kit.
public struct TokenIssuer: Sendable {
    let keyring: SigningKeyring
    let clock: any WallClock
    /// The base URL issuers are built from: `iss = <publicURL>/<poolId>`.
    public let publicURL: String

    public init(keyring: SigningKeyring, clock: any WallClock, publicURL: String) {
        self.keyring = keyring
        self.clock = clock
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// The `iss` of a pool's tokens.
    public func issuer(poolID: String) -> String { "\(publicURL)/\(poolID)" }

    /// Signs an id token and an access token for `user` and `client`.
    /// - Parameters:
    ///   - authTime: when the user authenticated (kept across refreshes).
    ///   - originJTI: the refresh family the tokens belong to.
    public func issue(user: PoolUser, client: AppClient, authTime: Date, originJTI: String) async throws -> (id: String, access: String) {
        let now = clock.now()
        let iat = now.epochSeconds
        let issuer = issuer(poolID: user.poolID)
        let groups = user.groups.isEmpty ? nil : user.groups
        let eventID = CognitoIdentifiers.uuid()
        let idClaims = IDTokenClaims(
            sub: user.sub, aud: client.id, iss: issuer, username: user.username, groups: groups, email: user.email,
            emailVerified: user.email == nil ? nil : user.emailVerified, givenName: user.givenName, familyName: user.familyName,
            tokenUse: "id", authTime: authTime.epochSeconds, iat: iat, exp: iat + Int64(client.idTokenValidity),
            jti: CognitoIdentifiers.uuid(), originJTI: originJTI, eventID: eventID)
        let accessClaims = AccessTokenClaims(
            sub: user.sub, iss: issuer, clientID: client.id, username: user.username, groups: groups,
            scope: "aws.cognito.signin.user.admin", tokenUse: "access", authTime: authTime.epochSeconds, iat: iat,
            exp: iat + Int64(client.accessTokenValidity), jti: CognitoIdentifiers.uuid(), originJTI: originJTI,
            eventID: eventID, version: 2)
        let idKey = try await keyring.currentKey(poolID: user.poolID, tokenUse: .id)
        let accessKey = try await keyring.currentKey(poolID: user.poolID, tokenUse: .access)
        return (try sign(idClaims, with: idKey), try sign(accessClaims, with: accessKey))
    }

    private struct Header: Encodable {
        var kid: String
        var alg = "RS256"
    }

    /// Encodes `claims` as a compact JWS signed RS256 by `key`.
    func sign(_ claims: some Encodable, with key: SigningKey) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let header = Base64URL.encode(try encoder.encode(Header(kid: key.kid)))
        let payload = Base64URL.encode(try encoder.encode(claims))
        let signingInput = header + "." + payload
        let signature = try key.privateKey.signature(for: SHA256.hash(data: Data(signingInput.utf8)), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }
}
