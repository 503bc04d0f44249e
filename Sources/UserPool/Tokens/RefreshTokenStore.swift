import Crypto
import Foundation
import SQLKit
import Storage
import TimeSource

/// A stored refresh token, found by the hash of the token the client presents.
public struct RefreshTokenRecord: Sendable, Equatable {
    public var familyID: String
    public var userSub: String
    public var clientID: String
    public var authTime: Date
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
}

/// Issues and looks up refresh tokens. Only a SHA-256 of each token is stored, so a copy of the
/// database does not let anyone refresh.
///
/// Bounded: expired tokens are swept; one user signs in at most ``maximumSignInsPerHour`` times an
/// hour (then `TooManyRequestsException`), and past ``maximumTokensPerUser`` unexpired tokens the
/// oldest ones issued more than a day ago (whose access tokens have all expired) are deleted. A user
/// therefore holds at most `maximumTokensPerUser + 24 × maximumSignInsPerHour` rows.
public struct RefreshTokenStore: Sendable {
    let database: any DatabaseClient
    let clock: any WallClock
    public let maximumTokensPerUser: Int
    public let maximumSignInsPerHour: Int
    /// The longest an access or id token lives (Cognito's upper bound); a refresh token older than
    /// this has no live access token left, so deleting it revokes nothing that still matters.
    static let longestAccessTokenValidity: TimeInterval = 86_400

    public init(database: any DatabaseClient, clock: any WallClock, maximumTokensPerUser: Int = 200, maximumSignInsPerHour: Int = 600) {
        self.database = database
        self.clock = clock
        self.maximumTokensPerUser = max(1, maximumTokensPerUser)
        self.maximumSignInsPerHour = max(1, maximumSignInsPerHour)
    }

    /// Deletes every expired token; returns how many.
    @discardableResult
    public func sweep() async throws -> Int {
        let now = clock.now().epochMicroseconds
        return try await database.write { db in
            let count = try await db.raw("SELECT COUNT(*) AS n FROM refresh_tokens WHERE expires_at < \(bind: now)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            try await db.raw("DELETE FROM refresh_tokens WHERE expires_at < \(bind: now)").run()
            return count
        }
    }

    /// How many tokens `userSub` holds, expired ones included.
    public func count(userSub: String) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_sub = \(bind: userSub)").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates a token for a new sign-in; its family id is the `origin_jti` of every token refreshed from it.
    public func issue(userSub: String, clientID: String, authTime: Date, validity: TimeInterval) async throws -> (token: String, familyID: String) {
        let random = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let token = Base64URL.encode(random)
        let familyID = CognitoIdentifiers.uuid()
        let now = clock.now()
        let hash = Self.digest(token)
        let hourAgo = now.addingTimeInterval(-3600).epochMicroseconds
        let dayAgo = now.addingTimeInterval(-Self.longestAccessTokenValidity).epochMicroseconds
        let (perUser, perHour) = (maximumTokensPerUser, maximumSignInsPerHour)
        try await database.write { db in
            let recent = try await db.raw(
                "SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_sub = \(bind: userSub) AND created_at > \(bind: hourAgo)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            guard recent < perHour else { throw RefreshTokenStoreError.tooManySignIns }
            let held = try await db.raw(
                "SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_sub = \(bind: userSub) AND expires_at >= \(bind: now.epochMicroseconds)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            if held >= perUser {
                try await db.raw(
                    """
                    DELETE FROM refresh_tokens WHERE token_hash IN (
                        SELECT token_hash FROM refresh_tokens
                        WHERE user_sub = \(bind: userSub) AND created_at < \(bind: dayAgo)
                        ORDER BY created_at LIMIT \(bind: held - perUser + 1)
                    )
                    """
                ).run()
            }
            try await db.raw(
                """
                INSERT INTO refresh_tokens (token_hash, family_id, user_sub, client_id, auth_time, created_at, expires_at)
                VALUES (\(bind: hash), \(bind: familyID), \(bind: userSub), \(bind: clientID), \(bind: authTime.epochMicroseconds),
                    \(bind: now.epochMicroseconds), \(bind: now.addingTimeInterval(validity).epochMicroseconds))
                """
            ).run()
        }
        return (token, familyID)
    }

    /// Revokes one refresh family (a sign-in and every token refreshed from it); the others stay.
    public func revokeFamily(_ familyID: String) async throws {
        let now = clock.now().epochMicroseconds
        try await database.write { db in
            try await db.raw(
                "UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE family_id = \(bind: familyID) AND revoked_at IS NULL"
            ).run()
        }
    }

    /// The record of a presented token, or nil when it was never issued.
    public func find(token: String) async throws -> RefreshTokenRecord? {
        let hash = Self.digest(token)
        return try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM refresh_tokens WHERE token_hash = \(bind: hash)").first() else {
                return nil
            }
            return RefreshTokenRecord(
                familyID: try row.decode(column: "family_id", as: String.self),
                userSub: try row.decode(column: "user_sub", as: String.self),
                clientID: try row.decode(column: "client_id", as: String.self),
                authTime: Date(epochMicroseconds: try row.decode(column: "auth_time", as: Int64.self)),
                createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
                expiresAt: Date(epochMicroseconds: try row.decode(column: "expires_at", as: Int64.self)),
                revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map { Date(epochMicroseconds: $0) })
        }
    }
}

/// Why a refresh token was not issued.
public enum RefreshTokenStoreError: Error, Equatable {
    /// The user has signed in ``RefreshTokenStore/maximumSignInsPerHour`` times in the last hour.
    case tooManySignIns
}
