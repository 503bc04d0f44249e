/// The caller as the JWT authorizer verified it. Handlers behind the gateway see only this,
/// never the raw token.
public struct Principal: Sendable, Equatable {
    /// The token's `iss`, one of the configured issuers.
    public var issuer: String
    /// The token's `sub`.
    public var subject: String
    /// `username` (access tokens) or `cognito:username` (id tokens), when present.
    public var username: String?
    /// Group names from the issuer's groups claim (`cognito:groups` by default).
    public var groups: [String]
    /// `client_id` (access tokens) or `aud` (id tokens).
    public var clientID: String?
    /// `token_use` when the issuer sets it (`id` or `access`).
    public var tokenUse: String?
    /// Scopes from `scope` or `scp`.
    public var scopes: [String]
    /// `jti` and `origin_jti`, for revocation.
    public var tokenID: String?
    public var originTokenID: String?
    /// `iat` in epoch seconds.
    public var issuedAt: Double?

    public init(
        issuer: String, subject: String, username: String? = nil, groups: [String] = [], clientID: String? = nil,
        tokenUse: String? = nil, scopes: [String] = [], tokenID: String? = nil, originTokenID: String? = nil,
        issuedAt: Double? = nil
    ) {
        self.issuer = issuer
        self.subject = subject
        self.username = username
        self.groups = groups
        self.clientID = clientID
        self.tokenUse = tokenUse
        self.scopes = scopes
        self.tokenID = tokenID
        self.originTokenID = originTokenID
        self.issuedAt = issuedAt
    }
}
