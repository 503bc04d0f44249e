import ExtrasBase64
import Foundation
import JWTKit
import TimeSource

/// Why the authorizer refused a token; `description` is the `error_description` sent back.
public enum AuthorizerFailure: Error, Equatable, CustomStringConvertible {
    case missingToken
    case malformed
    case unsupportedAlgorithm
    case untrustedIssuer
    case missingKeyID
    case unknownKeyID
    case invalidSignature
    case invalidAudience
    case expired
    case notYetValid
    case revoked
    /// A key, audience or revocation source could not answer (its database is down): not the
    /// token's fault, so not a 401.
    case unavailable

    public var description: String {
        switch self {
        case .missingToken: "missing: token not provided"
        case .malformed: "the token is malformed"
        case .unsupportedAlgorithm: "the token is not signed with RS256"
        case .untrustedIssuer: "issuer does not match"
        case .missingKeyID: "the token has no kid"
        case .unknownKeyID: "unknown kid"
        case .invalidSignature: "the token has an invalid signature"
        case .invalidAudience: "the token does not have a valid audience"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet"
        case .revoked: "the token has been revoked"
        case .unavailable: "the authorizer cannot verify tokens right now"
        }
    }
}

/// API Gateway's JWT authorizer (DESIGN §4), checks in this order:
/// `Authorization` present (`Bearer ` prefix optional, case-insensitive) → three base64url parts
/// with a JSON header → `alg` RS256 → issuer chosen by the unverified `iss`, exact match →
/// `kid` present and among that issuer's keys → signature → `aud` (or `client_id` without `aud`)
/// among the audiences → `exp` after now, `nbf`/`iat` not after now + skew → not revoked.
public struct JWTAuthorizer: Sendable {
    let issuers: [String: TrustedIssuer]
    let clock: any WallClock
    let verified = VerifiedTokenCache()

    public init(issuers: [TrustedIssuer], clock: any WallClock) {
        self.issuers = Dictionary(issuers.map { ($0.issuer, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    /// Verifies the `Authorization` header value and returns the caller.
    public func authorize(authorization: String?) async throws(AuthorizerFailure) -> Principal {
        // Trimmed by hand: Foundation's trimming bridges the whole token through UTF-16 on every request.
        func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }
        guard let header = authorization else { throw .missingToken }
        var token = Substring(header)
        while let first = token.first, isBlank(first) { token.removeFirst() }
        while let last = token.last, isBlank(last) { token.removeLast() }
        guard !token.isEmpty else { throw .missingToken }
        if token.utf8.count >= 7, token.prefix(7).lowercased() == "bearer " {
            token = token.dropFirst(7).drop(while: { $0 == " " })
        }
        // "Bearer" alone (its trailing space trimmed in transit) carries no token.
        if token.isEmpty || (token.utf8.count == 6 && token.lowercased() == "bearer") { throw .missingToken }
        if let cached = verified.entry(for: token), let issuer = issuers[cached.issuer] {
            let keys: VerificationKeySet
            do {
                keys = try await issuer.keys.currentKeys()
            } catch {
                throw .unavailable
            }
            // A key withdrawn since the signature was checked invalidates it: verify again in full.
            if keys.kids.contains(cached.kid) {
                return try await admit(cached.claims, issuerName: cached.issuer, issuer: issuer)
            }
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty,
            let headerData = Self.base64URL(parts[0]),
            let header = try? JSONDecoder().decode(Header.self, from: headerData),
            let payloadData = Self.base64URL(parts[1]),
            let unverified = try? JSONDecoder().decode([String: ClaimValue].self, from: payloadData)
        else { throw .malformed }
        guard header.alg == "RS256" else { throw .unsupportedAlgorithm }
        guard let issuerName = unverified["iss"]?.string, let issuer = issuers[issuerName] else { throw .untrustedIssuer }
        guard let kid = header.kid, !kid.isEmpty else { throw .missingKeyID }
        var keys: VerificationKeySet
        do {
            keys = try await issuer.keys.currentKeys()
            if !keys.kids.contains(kid) {
                keys = try await issuer.keys.keysAfterUnknownKid(kid)
            }
        } catch {
            throw .unavailable
        }
        guard keys.kids.contains(kid) else { throw .unknownKeyID }
        let claims: [String: ClaimValue]
        do {
            claims = try await keys.collection.verify(String(token), as: TokenClaims.self).claims
        } catch {
            throw .invalidSignature
        }
        let principal = try await admit(claims, issuerName: issuerName, issuer: issuer)
        if let exp = claims["exp"]?.number {
            verified.store(.init(issuer: issuerName, kid: kid, claims: claims, expiresAt: exp), for: token, now: clock.now().timeIntervalSince1970)
        }
        return principal
    }

    /// The checks after the signature, run on every request: audience, expiry, not-before, subject, revocation.
    private func admit(_ claims: [String: ClaimValue], issuerName: String, issuer: TrustedIssuer) async throws(AuthorizerFailure) -> Principal {
        let audiences: Set<String>
        do {
            audiences = try await issuer.audiences.audiences()
        } catch {
            throw .unavailable
        }
        let presented = claims["aud"]?.strings ?? claims["client_id"]?.strings ?? []
        guard presented.contains(where: audiences.contains) else { throw .invalidAudience }
        let now = clock.now().timeIntervalSince1970
        guard let exp = claims["exp"]?.number, exp > now else { throw .expired }
        if let nbf = claims["nbf"]?.number, nbf > now + issuer.clockSkew { throw .notYetValid }
        if let iat = claims["iat"]?.number, iat > now + issuer.clockSkew { throw .notYetValid }
        guard let subject = claims["sub"]?.string else { throw .malformed }
        let scopes = (claims["scope"]?.string?.split(separator: " ").map(String.init)) ?? claims["scp"]?.strings ?? []
        let principal = Principal(
            issuer: issuerName, subject: subject,
            username: claims["username"]?.string ?? claims["cognito:username"]?.string,
            groups: claims[issuer.groupsClaim]?.strings ?? [],
            clientID: claims["client_id"]?.string ?? claims["aud"]?.strings?.first,
            tokenUse: claims["token_use"]?.string, scopes: scopes, tokenID: claims["jti"]?.string,
            originTokenID: claims["origin_jti"]?.string, issuedAt: claims["iat"]?.number)
        if let revocation = issuer.revocation {
            let revoked: Bool
            do {
                revoked = try await revocation.isRevoked(principal)
            } catch {
                throw .unavailable
            }
            if revoked { throw .revoked }
        }
        return principal
    }

    static func base64URL(_ part: Substring) -> Data? {
        guard let bytes = try? Base64.decode(string: String(part), options: [.base64UrlAlphabet, .omitPaddingCharacter]) else {
            return nil
        }
        return Data(bytes)
    }
}
