import Foundation

/// A user pool and its password policy.
public struct UserPoolRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var region: String
    public var srpEnabled: Bool
    public var passwordPolicy: PasswordPolicy
    /// `AdminCreateUserConfig.AllowAdminCreateUserOnly`: when true, users cannot sign themselves up.
    public var allowAdminCreateUserOnly: Bool = true
    public var createdAt: Date
    public var updatedAt: Date

    /// The part of the pool id after `_`, used in SRP computations.
    public var idSuffix: String {
        id.split(separator: "_", maxSplits: 1).last.map(String.init) ?? id
    }
}

/// Authentication flows an app client may use (`ExplicitAuthFlows`).
public enum AuthFlow: String, Sendable, CaseIterable, Codable {
    case userPasswordAuth = "ALLOW_USER_PASSWORD_AUTH"
    case userSRPAuth = "ALLOW_USER_SRP_AUTH"
    case refreshTokenAuth = "ALLOW_REFRESH_TOKEN_AUTH"
    case adminUserPasswordAuth = "ALLOW_ADMIN_USER_PASSWORD_AUTH"
    case customAuth = "ALLOW_CUSTOM_AUTH"
    case userAuth = "ALLOW_USER_AUTH"
}

/// An app client of a pool.
public struct AppClient: Sendable, Equatable {
    public var id: String
    public var poolID: String
    public var name: String
    /// The client secret, opened from its sealed form; nil for public clients.
    public var secret: String?
    public var explicitAuthFlows: Set<AuthFlow>
    /// `PreventUserExistenceErrors`: when true, an unknown user looks like a wrong password.
    public var preventUserExistenceErrors: Bool
    public var accessTokenValidity: TimeInterval
    public var idTokenValidity: TimeInterval
    public var refreshTokenValidity: TimeInterval
    /// `EnableTokenRevocation`: whether `RevokeToken` may revoke this client's refresh tokens.
    public var enableTokenRevocation: Bool = true
    public var createdAt: Date = Date(timeIntervalSince1970: 0)
    public var updatedAt: Date = Date(timeIntervalSince1970: 0)

    /// A new client of `poolID` with a fresh id (and secret, when asked) and Cognito's defaults:
    /// SRP, refresh and custom auth; access and id tokens 1 h, refresh tokens 30 days.
    public static func new(poolID: String, name: String, generateSecret: Bool) -> AppClient {
        AppClient(
            id: CognitoIdentifiers.clientID(), poolID: poolID, name: name,
            secret: generateSecret ? CognitoIdentifiers.clientSecret() : nil,
            explicitAuthFlows: [.userSRPAuth, .refreshTokenAuth, .customAuth], preventUserExistenceErrors: true,
            accessTokenValidity: 3600, idTokenValidity: 3600, refreshTokenValidity: 30 * 86400)
    }
}

/// A user's account state (`UserStatus`).
public enum UserStatus: String, Sendable, Codable {
    case confirmed = "CONFIRMED"
    case forceChangePassword = "FORCE_CHANGE_PASSWORD"
    case resetRequired = "RESET_REQUIRED"
    case unconfirmed = "UNCONFIRMED"
}

/// A user of a pool as the pool stores it (no password material).
public struct PoolUser: Sendable, Equatable {
    public var sub: String
    public var poolID: String
    public var username: String
    public var email: String?
    public var emailVerified: Bool
    public var givenName: String?
    public var familyName: String?
    public var status: UserStatus
    public var enabled: Bool
    public var groups: [String]
    /// Standard attributes without a column of their own (`name`, `phone_number`, …).
    public var extraAttributes: [String: String] = [:]
    public var tokensValidAfter: Date
    public var createdAt: Date
    public var updatedAt: Date
}
