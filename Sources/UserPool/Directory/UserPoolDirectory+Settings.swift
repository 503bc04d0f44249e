import Foundation
import SQLKit
import Storage
import TimeSource

/// Changing a pool's settings and its app clients after they were created.
extension UserPoolDirectory {
    /// Replaces the pool's password policy and sign-up setting.
    public func updatePool(id: String, policy: PasswordPolicy, allowAdminCreateUserOnly: Bool) async throws {
        let now = clock.now().epochMicroseconds
        let updated = try await database.write { db in
            try await db.raw(
                """
                UPDATE user_pools SET password_min_length = \(bind: policy.minimumLength),
                    password_require_uppercase = \(bind: policy.requireUppercase ? 1 : 0),
                    password_require_lowercase = \(bind: policy.requireLowercase ? 1 : 0),
                    password_require_numbers = \(bind: policy.requireNumbers ? 1 : 0),
                    password_require_symbols = \(bind: policy.requireSymbols ? 1 : 0),
                    temporary_password_validity_days = \(bind: policy.temporaryPasswordValidityDays),
                    allow_admin_create_user_only = \(bind: allowAdminCreateUserOnly ? 1 : 0),
                    updated_at = \(bind: now)
                WHERE id = \(bind: id) RETURNING id
                """
            ).all()
        }
        guard !updated.isEmpty else { throw UserPoolError.poolNotFound(id) }
    }

    /// Replaces an app client's settings (not its id, pool or secret); a name another client of
    /// the pool uses → ``UserPoolError/invalidParameter(_:)``.
    public func updateClient(_ client: AppClient) async throws -> AppClient {
        var client = client
        client.updatedAt = clock.now()
        let stored = client
        let flowList = client.explicitAuthFlows.map(\.rawValue).sorted().joined(separator: " ")
        let updated: [any SQLRow]
        do {
            updated = try await database.write { db in
                try await db.raw(
                    """
                    UPDATE app_clients SET name = \(bind: stored.name), explicit_auth_flows = \(bind: flowList),
                        prevent_user_existence_errors = \(bind: stored.preventUserExistenceErrors ? "ENABLED" : "LEGACY"),
                        access_token_validity_seconds = \(bind: Int64(stored.accessTokenValidity)),
                        id_token_validity_seconds = \(bind: Int64(stored.idTokenValidity)),
                        refresh_token_validity_seconds = \(bind: Int64(stored.refreshTokenValidity)),
                        enable_token_revocation = \(bind: stored.enableTokenRevocation ? 1 : 0),
                        updated_at = \(bind: stored.updatedAt.epochMicroseconds)
                    WHERE id = \(bind: stored.id) AND pool_id = \(bind: stored.poolID) RETURNING id
                    """
                ).all()
            }
        } catch StorageError.uniqueViolation {
            throw UserPoolError.invalidParameter("An app client named \(client.name) already exists in this pool.")
        }
        guard !updated.isEmpty else { throw UserPoolError.clientNotFound(client.id) }
        return stored
    }

    /// Deletes an app client and every refresh token issued through it. Its id and access tokens
    /// are refused from then on: the client is no longer among the audiences the authorizer accepts.
    public func deleteClient(poolID: String, id: String) async throws {
        let deleted = try await database.write { db in
            try await db.raw("DELETE FROM refresh_tokens WHERE client_id = \(bind: id)").run()
            return try await db.raw("DELETE FROM app_clients WHERE id = \(bind: id) AND pool_id = \(bind: poolID) RETURNING id").all()
        }
        guard !deleted.isEmpty else { throw UserPoolError.clientNotFound(id) }
    }

    /// Requires a password reset: the user's password stops working and every token they hold is
    /// revoked; signing in answers `PasswordResetRequiredException` until an administrator sets a
    /// new password. Returns false when the user does not exist.
    public func requirePasswordReset(poolID: String, username: String) async throws -> Bool {
        let now = clock.now().epochMicroseconds
        return try await database.write { db in
            let rows = try await db.raw(
                """
                UPDATE pool_users SET status = \(bind: UserStatus.resetRequired.rawValue), tokens_valid_after = \(bind: now),
                    updated_at = \(bind: now)
                WHERE pool_id = \(bind: poolID) AND username = \(bind: username) RETURNING sub
                """
            ).all()
            guard let sub = try rows.first?.decode(column: "sub", as: String.self) else { return false }
            try await db.raw(
                "UPDATE refresh_tokens SET revoked_at = \(bind: now) WHERE user_sub = \(bind: sub) AND revoked_at IS NULL"
            ).run()
            return true
        }
    }
}
