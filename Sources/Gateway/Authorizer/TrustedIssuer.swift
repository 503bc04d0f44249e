import JWTKit

/// The keys that verify one issuer's tokens: a jwt-kit collection and the kids it holds.
///
/// The authorizer checks a token's `kid` against `kids` itself before jwt-kit is called, so
/// jwt-kit's fallback to a default key for an unknown or missing `kid` never decides.
public struct VerificationKeySet: Sendable {
    public var kids: Set<String>
    public var collection: JWTKeyCollection

    public init(kids: Set<String>, collection: JWTKeyCollection) {
        self.kids = kids
        self.collection = collection
    }
}

/// Supplies an issuer's verification keys (the local pool's signing keys, or a remote JWKS).
public protocol VerificationKeySource: Sendable {
    /// The current keys.
    func currentKeys() async throws -> VerificationKeySet
    /// Called when a token names a `kid` not in the current keys; may refetch (rate-limited)
    /// and returns the keys to use.
    func keysAfterUnknownKid(_ kid: String) async throws -> VerificationKeySet
}

/// Supplies the audiences an issuer's tokens may carry (`aud`, or `client_id` without `aud`).
public protocol AudienceSource: Sendable {
    func audiences() async throws -> Set<String>
}

/// Decides whether a verified token has been revoked since it was issued.
public protocol RevocationCheck: Sendable {
    /// Throws when it cannot tell (the authorizer then answers 503, failing closed).
    func isRevoked(_ principal: Principal) async throws -> Bool
}

/// An issuer the authorizer accepts tokens from.
public struct TrustedIssuer: Sendable {
    /// The exact `iss` string.
    public var issuer: String
    public var keys: any VerificationKeySource
    public var audiences: any AudienceSource
    /// Tolerance, in seconds, for `nbf` and `iat` in the future (local pool 5, remote 0).
    public var clockSkew: Double
    /// The claim holding group names.
    public var groupsClaim: String
    public var revocation: (any RevocationCheck)?

    public init(
        issuer: String, keys: any VerificationKeySource, audiences: any AudienceSource, clockSkew: Double,
        groupsClaim: String = "cognito:groups", revocation: (any RevocationCheck)? = nil
    ) {
        self.issuer = issuer
        self.keys = keys
        self.audiences = audiences
        self.clockSkew = clockSkew
        self.groupsClaim = groupsClaim
        self.revocation = revocation
    }
}
