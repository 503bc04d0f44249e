/// The payload of an id token, claim for claim as Cognito issues it (DESIGN §3).
public struct IDTokenClaims: Codable, Sendable, Equatable {
    public var sub: String
    public var aud: String
    public var iss: String
    public var username: String
    public var groups: [String]?
    public var email: String?
    public var emailVerified: Bool?
    public var givenName: String?
    public var familyName: String?
    public var tokenUse: String
    public var authTime: Int64
    public var iat: Int64
    public var exp: Int64
    public var jti: String
    public var originJTI: String
    public var eventID: String

    enum CodingKeys: String, CodingKey {
        case sub, aud, iss, email, iat, exp, jti
        case username = "cognito:username"
        case groups = "cognito:groups"
        case emailVerified = "email_verified"
        case givenName = "given_name"
        case familyName = "family_name"
        case tokenUse = "token_use"
        case authTime = "auth_time"
        case originJTI = "origin_jti"
        case eventID = "event_id"
    }
}

/// The payload of an access token: `client_id` instead of `aud`, `username`, `scope`, `version`.
public struct AccessTokenClaims: Codable, Sendable, Equatable {
    public var sub: String
    public var iss: String
    public var clientID: String
    public var username: String
    public var groups: [String]?
    public var scope: String
    public var tokenUse: String
    public var authTime: Int64
    public var iat: Int64
    public var exp: Int64
    public var jti: String
    public var originJTI: String
    public var eventID: String
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case sub, iss, scope, iat, exp, jti, username, version
        case clientID = "client_id"
        case groups = "cognito:groups"
        case tokenUse = "token_use"
        case authTime = "auth_time"
        case originJTI = "origin_jti"
        case eventID = "event_id"
    }
}
