import Foundation
import SQLKit
import Storage
import TimeSource

/// A group of a pool with its settings.
public struct PoolGroup: Sendable, Equatable {
    public var poolID: String
    public var name: String
    public var description: String?
    public var precedence: Int?
    public var createdAt: Date
    public var updatedAt: Date
}

/// The administrative changes of users and groups behind the signed Cognito operations and the CLI.
extension UserPoolDirectory {
    /// How long a deleted user's tokens stay refused: the longest an id or access token lives.
    static let deletedUserMemory: TimeInterval = 86_400

    /// The sub of `username`, or ``UserPoolError/userNotFound(_:)``.
    static func sub(of username: String, poolID: String, in db: any SQLDatabase) async throws -> String {
        guard let sub = try await db.raw(
            "SELECT sub FROM pool_users WHERE pool_id = \(bind: poolID) AND username = \(bind: username)"
        ).first(decodingColumn: "sub", as: String.self) else { throw UserPoolError.userNotFound(username) }
        return sub
    }

    /// Replaces the given attributes (nil values delete them); `email` and the names have columns of their own.
    public func updateAttributes(poolID: String, username: String, set: [String: String], delete: [String]) async throws {
        let now = clock.now().epochMicroseconds
        try await database.write { db in
            let sub = try await Self.sub(of: username, poolID: poolID, in: db)
            guard let row = try await db.raw("SELECT * FROM pool_users WHERE sub = \(bind: sub)").first() else {
                throw UserPoolError.userNotFound(username)
            }
            var user = try await Self.decodeStoredUser(row, db: db).user
            // The email first: a new address resets email_verified, which the same call may then set.
            for (name, value) in set.sorted(by: { ($0.key == "email" ? 0 : 1, $0.key) < ($1.key == "email" ? 0 : 1, $1.key) }) {
                Self.apply(name, value, to: &user)
            }
            for name in delete { Self.apply(name, nil, to: &user) }
            let extra = String(decoding: try JSONEncoder().encode(user.extraAttributes), as: UTF8.self)
            try await db.raw(
                """
                UPDATE pool_users SET email = \(bind: user.email), email_verified = \(bind: user.emailVerified ? 1 : 0),
                    given_name = \(bind: user.givenName), family_name = \(bind: user.familyName), extra_attributes = \(bind: extra),
                    updated_at = \(bind: now)
                WHERE sub = \(bind: sub)
                """
            ).run()
        }
    }

    static func apply(_ name: String, _ value: String?, to user: inout PoolUser) {
        switch name {
        case "email":
            if value != user.email { user.emailVerified = false }
            user.email = value
        case "email_verified": user.emailVerified = value == "true"
        case "given_name": user.givenName = value
        case "family_name": user.familyName = value
        default: user.extraAttributes[name] = value
        }
    }

    /// Enables or disables a user. Disabling revokes every token the user holds at once.
    public func setEnabled(poolID: String, username: String, enabled: Bool) async throws {
        let now = clock.now()
        try await database.write { db in
            let sub = try await Self.sub(of: username, poolID: poolID, in: db)
            if enabled {
                try await db.raw("UPDATE pool_users SET enabled = 1, updated_at = \(bind: now.epochMicroseconds) WHERE sub = \(bind: sub)").run()
            } else {
                try await Self.disableUser(sub: sub, at: now, in: db)
            }
        }
    }

    /// Signs a user out everywhere: every token issued until now stops working.
    public func signOutEverywhere(poolID: String, username: String) async throws {
        let now = clock.now().epochMicroseconds
        try await database.write { db in
            let sub = try await Self.sub(of: username, poolID: poolID, in: db)
            try await db.raw("UPDATE pool_users SET tokens_valid_after = \(bind: now) WHERE sub = \(bind: sub)").run()
            try await db.raw(
                "UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE user_sub = \(bind: sub) AND revoked_at IS NULL"
            ).run()
        }
    }

    /// Deletes a user, their memberships and refresh tokens; their id and access tokens are refused
    /// until they would have expired anyway. Returns the deleted user's sub.
    @discardableResult
    public func deleteUser(poolID: String, username: String) async throws -> String {
        let now = clock.now()
        return try await database.write { db in
            let sub = try await Self.sub(of: username, poolID: poolID, in: db)
            try await db.raw("DELETE FROM pool_user_groups WHERE user_sub = \(bind: sub)").run()
            try await db.raw("DELETE FROM refresh_tokens WHERE user_sub = \(bind: sub)").run()
            try await db.raw("DELETE FROM pool_users WHERE sub = \(bind: sub)").run()
            let expires = now.addingTimeInterval(Self.deletedUserMemory).epochMicroseconds
            try await db.raw(
                """
                INSERT INTO deleted_pool_users (sub, deleted_at, expires_at) VALUES (\(bind: sub), \(bind: now.epochMicroseconds), \(bind: expires))
                ON CONFLICT (sub) DO UPDATE SET deleted_at = excluded.deleted_at, expires_at = excluded.expires_at
                """
            ).run()
            return sub
        }
    }

    /// Forgets deleted users whose tokens have all expired; returns how many.
    public func sweepDeletedUsers() async throws -> Int {
        let now = clock.now().epochMicroseconds
        return try await database.write { db in
            try await db.raw("DELETE FROM deleted_pool_users WHERE expires_at < \(bind: now) RETURNING sub").all().count
        }
    }

    /// Removes a user from a group (no-op when not a member); the change shows in their next token.
    public func removeUserFromGroup(poolID: String, username: String, group: String) async throws {
        try await database.write { db in
            let sub = try await Self.sub(of: username, poolID: poolID, in: db)
            guard try await db.raw("SELECT name FROM pool_groups WHERE pool_id = \(bind: poolID) AND name = \(bind: group)").first() != nil
            else { throw UserPoolError.groupNotFound(group) }
            try await db.raw("DELETE FROM pool_user_groups WHERE user_sub = \(bind: sub) AND group_name = \(bind: group)").run()
        }
    }

    public func group(poolID: String, name: String) async throws -> PoolGroup? {
        try await database.read { db in
            try await db.raw("SELECT * FROM pool_groups WHERE pool_id = \(bind: poolID) AND name = \(bind: name)").first().map(Self.decodeGroup)
        }
    }

    /// A pool's groups by name.
    public func groups(poolID: String) async throws -> [PoolGroup] {
        try await database.read { db in
            try await db.raw("SELECT * FROM pool_groups WHERE pool_id = \(bind: poolID) ORDER BY name").all().map(Self.decodeGroup)
        }
    }

    /// Changes a group's description and precedence (nil leaves a value as it is).
    public func updateGroup(poolID: String, name: String, description: String?, precedence: Int?) async throws {
        let now = clock.now().epochMicroseconds
        let changed = try await database.write { db in
            try await db.raw(
                """
                UPDATE pool_groups SET description = COALESCE(\(bind: description), description),
                    precedence = COALESCE(\(bind: precedence), precedence), updated_at = \(bind: now)
                WHERE pool_id = \(bind: poolID) AND name = \(bind: name) RETURNING name
                """
            ).all().count
        }
        guard changed == 1 else { throw UserPoolError.groupNotFound(name) }
    }

    /// Deletes a group and its memberships.
    public func deleteGroup(poolID: String, name: String) async throws {
        try await database.write { db in
            guard try await db.raw("SELECT name FROM pool_groups WHERE pool_id = \(bind: poolID) AND name = \(bind: name)").first() != nil
            else { throw UserPoolError.groupNotFound(name) }
            try await db.raw("DELETE FROM pool_user_groups WHERE pool_id = \(bind: poolID) AND group_name = \(bind: name)").run()
            try await db.raw("DELETE FROM pool_groups WHERE pool_id = \(bind: poolID) AND name = \(bind: name)").run()
        }
    }

    /// The members of a group, by username.
    public func usersInGroup(poolID: String, group: String) async throws -> [PoolUser] {
        try await database.read { db in
            guard try await db.raw("SELECT name FROM pool_groups WHERE pool_id = \(bind: poolID) AND name = \(bind: group)").first() != nil
            else { throw UserPoolError.groupNotFound(group) }
            let rows = try await db.raw(
                """
                SELECT u.* FROM pool_users u JOIN pool_user_groups g ON g.user_sub = u.sub
                WHERE g.pool_id = \(bind: poolID) AND g.group_name = \(bind: group) ORDER BY u.username
                """
            ).all()
            var users: [PoolUser] = []
            for row in rows { users.append(try await Self.decodeStoredUser(row, db: db).user) }
            return users
        }
    }

    static func decodeGroup(_ row: any SQLRow) throws -> PoolGroup {
        PoolGroup(
            poolID: try row.decode(column: "pool_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            precedence: try row.decode(column: "precedence", as: Int?.self),
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
