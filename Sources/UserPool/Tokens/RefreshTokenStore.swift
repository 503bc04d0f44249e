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
public struct RefreshTokenStore: Sendable {
    let database: any DatabaseClient
    let clock: any WallClock

    public init(database: any DatabaseClient, clock: any WallClock) {
        self.database = database
        self.clock = clock
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
        try await database.write { db in
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
