import Foundation
import SQLKit
import Storage
import TimeSource

/// A user together with the stored password material, for sign-in.
public struct StoredUser: Sendable {
    public var user: PoolUser
    public var passwordHash: String?
    public var passwordScheme: String?
    public var passwordSetAt: Date?
    /// Consecutive failed sign-ins, the last one, and until when sign-in is refused.
    public var failedSignIns: Int
    public var lastFailedSignIn: Date
    public var lockedUntil: Date
    /// The SRP salt and verifier `g^x mod N` of the current password; nil when the pool keeps none.
    public var srpSalt: Data? = nil
    public var srpVerifier: Data? = nil
}

extension UserPoolDirectory {
    /// Creates a user; an existing username → ``UserPoolError/usernameExists(_:)``.
    public func createUser(
        poolID: String, username: String, email: String?, emailVerified: Bool = false, givenName: String? = nil,
        familyName: String? = nil, credential: PasswordCredential?, status: UserStatus, groups: [String] = []
    ) async throws -> PoolUser {
        let now = clock.now()
        let micros = now.epochMicroseconds
        let user = PoolUser(
            sub: CognitoIdentifiers.uuid(), poolID: poolID, username: username, email: email, emailVerified: emailVerified,
            givenName: givenName, familyName: familyName, status: status, enabled: true, groups: groups.sorted(),
            tokensValidAfter: Date(epochMicroseconds: 0), createdAt: now, updatedAt: now)
        do {
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO pool_users (sub, pool_id, username, email, email_verified, given_name, family_name, status, enabled,
                        password_hash, password_scheme, password_set_at, srp_salt, srp_verifier, tokens_valid_after, created_at, updated_at)
                    VALUES (\(bind: user.sub), \(bind: poolID), \(bind: username), \(bind: email), \(bind: emailVerified ? 1 : 0),
                        \(bind: givenName), \(bind: familyName), \(bind: status.rawValue), 1,
                        \(bind: credential?.hash), \(bind: credential?.scheme), \(bind: credential == nil ? nil : micros),
                        \(bind: credential?.srpSalt), \(bind: credential?.srpVerifier), 0, \(bind: micros), \(bind: micros))
                    """
                ).run()
                // Memberships in the same transaction: a crash leaves either the whole user or none.
                for group in groups {
                    try await db.raw(
                        """
                        INSERT INTO pool_user_groups (user_sub, pool_id, group_name, added_at)
                        VALUES (\(bind: user.sub), \(bind: poolID), \(bind: group), \(bind: micros))
                        """
                    ).run()
                }
            }
        } catch StorageError.uniqueViolation {
            throw UserPoolError.usernameExists(username)
        } catch StorageError.foreignKeyViolation {
            throw UserPoolError.groupNotFound(groups.joined(separator: ", "))
        }
        return user
    }

    /// The user with this username in the pool, with password material, or nil.
    public func storedUser(poolID: String, username: String) async throws -> StoredUser? {
        try await database.read { db in
            guard let row = try await db.raw(
                "SELECT * FROM pool_users WHERE pool_id = \(bind: poolID) AND username = \(bind: username)"
            ).first() else { return nil }
            return try await Self.decodeStoredUser(row, db: db)
        }
    }

    /// The user with this `sub`, or nil.
    public func user(sub: String) async throws -> PoolUser? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM pool_users WHERE sub = \(bind: sub)").first() else { return nil }
            return try await Self.decodeStoredUser(row, db: db).user
        }
    }

    /// The SRP salt and verifier stored for a user, or nil when none are stored.
    public func srpVerifier(poolID: String, username: String) async throws -> (salt: Data, verifier: Data)? {
        try await database.read { db in
            guard let row = try await db.raw(
                "SELECT srp_salt, srp_verifier FROM pool_users WHERE pool_id = \(bind: poolID) AND username = \(bind: username)"
            ).first(),
                let salt = try row.decode(column: "srp_salt", as: Data?.self),
                let verifier = try row.decode(column: "srp_verifier", as: Data?.self)
            else { return nil }
            return (salt, verifier)
        }
    }

    /// Every user of a pool, by username.
    public func listUsers(poolID: String) async throws -> [PoolUser] {
        try await database.read { db in
            let rows = try await db.raw("SELECT * FROM pool_users WHERE pool_id = \(bind: poolID) ORDER BY username").all()
            var users: [PoolUser] = []
            for row in rows {
                users.append(try await Self.decodeStoredUser(row, db: db).user)
            }
            return users
        }
    }

    /// Replaces a user's password material and status.
    /// - Parameter revokeTokens: when true, every token issued before now stops working (a password reset).
    public func setPassword(
        poolID: String, username: String, credential: PasswordCredential, status: UserStatus, revokeTokens: Bool
    ) async throws {
        let now = clock.now().epochMicroseconds
        let updated = try await database.write { db -> Bool in
            let rows = try await db.raw(
                """
                UPDATE pool_users SET password_hash = \(bind: credential.hash), password_scheme = \(bind: credential.scheme),
                    password_set_at = \(bind: now), srp_salt = \(bind: credential.srpSalt), srp_verifier = \(bind: credential.srpVerifier),
                    status = \(bind: status.rawValue), updated_at = \(bind: now)
                WHERE pool_id = \(bind: poolID) AND username = \(bind: username)
                RETURNING sub
                """
            ).all()
            guard let sub = try rows.first?.decode(column: "sub", as: String.self) else { return false }
            if revokeTokens {
                try await db.raw("UPDATE pool_users SET tokens_valid_after = \(bind: now) WHERE sub = \(bind: sub)").run()
                try await db.raw(
                    "UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE user_sub = \(bind: sub) AND revoked_at IS NULL"
                ).run()
            }
            return true
        }
        guard updated else { throw UserPoolError.userNotFound(username) }
    }

    /// Adds a user to a group (no-op when already a member).
    public func addUserToGroup(poolID: String, username: String, group: String) async throws {
        let now = clock.now().epochMicroseconds
        try await database.write { db in
            guard let sub = try await db.raw(
                "SELECT sub FROM pool_users WHERE pool_id = \(bind: poolID) AND username = \(bind: username)"
            ).first(decodingColumn: "sub", as: String.self) else { throw UserPoolError.userNotFound(username) }
            guard try await db.raw(
                "SELECT name FROM pool_groups WHERE pool_id = \(bind: poolID) AND name = \(bind: group)"
            ).first() != nil else { throw UserPoolError.groupNotFound(group) }
            try await db.raw(
                """
                INSERT INTO pool_user_groups (user_sub, pool_id, group_name, added_at)
                VALUES (\(bind: sub), \(bind: poolID), \(bind: group), \(bind: now))
                ON CONFLICT (user_sub, group_name) DO NOTHING
                """
            ).run()
        }
    }

    static func decodeStoredUser(_ row: any SQLRow, db: any SQLDatabase) async throws -> StoredUser {
        let sub = try row.decode(column: "sub", as: String.self)
        let groups = try await db.raw(
            "SELECT group_name FROM pool_user_groups WHERE user_sub = \(bind: sub) ORDER BY group_name"
        ).all(decodingColumn: "group_name", as: String.self)
        let user = PoolUser(
            sub: sub,
            poolID: try row.decode(column: "pool_id", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            email: try row.decode(column: "email", as: String?.self),
            emailVerified: try row.decode(column: "email_verified", as: Int.self) != 0,
            givenName: try row.decode(column: "given_name", as: String?.self),
            familyName: try row.decode(column: "family_name", as: String?.self),
            status: UserStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .unconfirmed,
            enabled: try row.decode(column: "enabled", as: Int.self) != 0,
            groups: groups,
            extraAttributes: (try? JSONDecoder().decode(
                [String: String].self, from: Data((try row.decode(column: "extra_attributes", as: String?.self) ?? "{}").utf8))) ?? [:],
            tokensValidAfter: Date(epochMicroseconds: try row.decode(column: "tokens_valid_after", as: Int64.self)),
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
        return StoredUser(
            user: user,
            passwordHash: try row.decode(column: "password_hash", as: String?.self),
            passwordScheme: try row.decode(column: "password_scheme", as: String?.self),
            passwordSetAt: try row.decode(column: "password_set_at", as: Int64?.self).map { Date(epochMicroseconds: $0) },
            failedSignIns: try row.decode(column: "failed_sign_ins", as: Int.self),
            lastFailedSignIn: Date(epochMicroseconds: try row.decode(column: "last_failed_sign_in", as: Int64.self)),
            lockedUntil: Date(epochMicroseconds: try row.decode(column: "locked_until", as: Int64.self)),
            srpSalt: try row.decode(column: "srp_salt", as: Data?.self),
            srpVerifier: try row.decode(column: "srp_verifier", as: Data?.self))
    }
}

extension UserPoolDirectory {
    /// Disables a user and revokes every token they hold, inside the caller's transaction: sign-in
    /// is refused, refresh tokens stop at once, id and access tokens at the next revocation poll.
    public static func disableUser(sub: String, at instant: Date, in db: any SQLDatabase) async throws {
        let micros = instant.epochMicroseconds
        try await db.raw(
            "UPDATE pool_users SET enabled = 0, tokens_valid_after = \(bind: micros), updated_at = \(bind: micros) WHERE sub = \(bind: sub)"
        ).run()
        try await db.raw(
            "UPDATE refresh_tokens SET revoked_at = \(bind: micros) WHERE user_sub = \(bind: sub) AND revoked_at IS NULL"
        ).run()
    }
}

extension UserPoolDirectory {
    /// Five failures are allowed; each further one locks sign-in for 1 s, doubling up to 15 minutes.
    /// Fifteen minutes without a failure starts the count again (Cognito's documented behaviour).
    static let allowedFailures = 5
    static let maximumLockout: TimeInterval = 900
    static let failureMemory: TimeInterval = 900

    /// Claims one password check for `sub` before it is made: false while the user is locked (the
    /// password must not be checked); otherwise the attempt is counted as a failure at once, in one
    /// transaction, and the lock set when the count calls for it. A check that then succeeds clears
    /// the count (``recordSuccessfulSignIn(sub:)``). So parallel guesses are serialised here and at
    /// most ``allowedFailures`` + 1 of them reach the hasher before the lock holds.
    public func claimSignInAttempt(sub: String) async throws -> Bool {
        let now = clock.now()
        // PostgreSQL: the row is locked until the transaction ends, so concurrent claims take turns
        // (SQLite's writer lock already serialises them).
        let forUpdate = database.engine == .postgres ? " FOR UPDATE" : ""
        return try await database.write { db in
            guard let row = try await db.raw(
                "SELECT failed_sign_ins, last_failed_sign_in, locked_until FROM pool_users WHERE sub = \(bind: sub)\(unsafeRaw: forUpdate)"
            ).first() else { return false }
            var failures = try row.decode(column: "failed_sign_ins", as: Int.self)
            let last = Date(epochMicroseconds: try row.decode(column: "last_failed_sign_in", as: Int64.self))
            let locked = Date(epochMicroseconds: try row.decode(column: "locked_until", as: Int64.self))
            if locked > now, now.timeIntervalSince(last) <= Self.failureMemory { return false }
            if now.timeIntervalSince(last) > Self.failureMemory { failures = 0 }
            failures += 1
            var lockedUntil: Int64 = 0
            if failures > Self.allowedFailures {
                let seconds = min(Self.maximumLockout, pow(2, Double(failures - Self.allowedFailures - 1)))
                lockedUntil = now.addingTimeInterval(seconds).epochMicroseconds
            }
            try await db.raw(
                """
                UPDATE pool_users SET failed_sign_ins = \(bind: failures), last_failed_sign_in = \(bind: now.epochMicroseconds),
                    locked_until = \(bind: lockedUntil)
                WHERE sub = \(bind: sub)
                """
            ).run()
            return true
        }
    }

    /// Clears the failure count after a successful sign-in.
    public func recordSuccessfulSignIn(sub: String) async throws {
        try await database.write { db in
            try await db.raw(
                "UPDATE pool_users SET failed_sign_ins = 0, locked_until = 0 WHERE sub = \(bind: sub) AND failed_sign_ins <> 0"
            ).run()
        }
    }

    /// Replaces a forced password with the user's own, only while the user is still waiting to
    /// change the very password the challenge was issued for.
    /// - Returns: false when the state moved on (an administrator reset the password, disabled the user, …).
    public func completeForcedChange(
        poolID: String, username: String, issuedForPasswordSetAt: Int64, credential: PasswordCredential
    ) async throws -> Bool {
        let now = clock.now().epochMicroseconds
        return try await database.write { db in
            let rows = try await db.raw(
                """
                UPDATE pool_users SET password_hash = \(bind: credential.hash), password_scheme = \(bind: credential.scheme),
                    password_set_at = \(bind: now), srp_salt = \(bind: credential.srpSalt), srp_verifier = \(bind: credential.srpVerifier),
                    status = 'CONFIRMED', updated_at = \(bind: now)
                WHERE pool_id = \(bind: poolID) AND username = \(bind: username) AND status = 'FORCE_CHANGE_PASSWORD'
                    AND enabled = 1 AND password_set_at = \(bind: issuedForPasswordSetAt)
                RETURNING sub
                """
            ).all()
            return !rows.isEmpty
        }
    }
}
