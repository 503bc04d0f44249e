import Foundation
import SQLKit
import Storage
import TimeSource

/// Reads and writes pools, app clients, groups and users in the database.
///
/// Secrets (client secrets) are sealed with the ``SecretBox`` before they are written.
public struct UserPoolDirectory: Sendable {
    public let database: any DatabaseClient
    let secrets: SecretBox
    let clock: any WallClock

    public init(database: any DatabaseClient, secrets: SecretBox, clock: any WallClock) {
        self.database = database
        self.secrets = secrets
        self.clock = clock
    }

    // MARK: Pools

    /// Creates a pool with Cognito's default password policy.
    public func createPool(name: String, region: String, srpEnabled: Bool = true) async throws -> UserPoolRecord {
        let now = clock.now()
        let pool = UserPoolRecord(
            id: CognitoIdentifiers.poolID(region: region), name: name, region: region, srpEnabled: srpEnabled,
            passwordPolicy: PasswordPolicy(), createdAt: now, updatedAt: now)
        let micros = now.epochMicroseconds
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO user_pools (id, name, region, srp_enabled, created_at, updated_at)
                VALUES (\(bind: pool.id), \(bind: pool.name), \(bind: pool.region), \(bind: srpEnabled ? 1 : 0), \(bind: micros), \(bind: micros))
                """
            ).run()
        }
        return pool
    }

    /// The pool with this id, or nil.
    /// The ids of every pool, oldest first.
    public func poolIDs() async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT id FROM user_pools ORDER BY created_at, id").all(decodingColumn: "id", as: String.self)
        }
    }

    public func pool(id: String) async throws -> UserPoolRecord? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM user_pools WHERE id = \(bind: id)").first() else { return nil }
            var policy = PasswordPolicy()
            policy.minimumLength = try row.decode(column: "password_min_length", as: Int.self)
            policy.requireUppercase = try row.decode(column: "password_require_uppercase", as: Int.self) != 0
            policy.requireLowercase = try row.decode(column: "password_require_lowercase", as: Int.self) != 0
            policy.requireNumbers = try row.decode(column: "password_require_numbers", as: Int.self) != 0
            policy.requireSymbols = try row.decode(column: "password_require_symbols", as: Int.self) != 0
            policy.temporaryPasswordValidityDays = try row.decode(column: "temporary_password_validity_days", as: Int.self)
            return UserPoolRecord(
                id: try row.decode(column: "id", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                region: try row.decode(column: "region", as: String.self),
                srpEnabled: try row.decode(column: "srp_enabled", as: Int.self) != 0,
                passwordPolicy: policy,
                allowAdminCreateUserOnly: try row.decode(column: "allow_admin_create_user_only", as: Int.self) != 0,
                createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
                updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
        }
    }

    // MARK: App clients

    /// Creates an app client. Validity defaults are Cognito's: access and id 1 h, refresh 30 days.
    public func createClient(
        poolID: String, name: String, flows: Set<AuthFlow>, generateSecret: Bool = false,
        preventUserExistenceErrors: Bool = true
    ) async throws -> AppClient {
        let client = AppClient(
            id: CognitoIdentifiers.clientID(), poolID: poolID, name: name,
            secret: generateSecret ? CognitoIdentifiers.clientSecret() : nil,
            explicitAuthFlows: flows, preventUserExistenceErrors: preventUserExistenceErrors,
            accessTokenValidity: 3600, idTokenValidity: 3600, refreshTokenValidity: 30 * 86400)
        return try await insert(client)
    }

    /// Stores a new app client as given (its id and secret already generated); a name the pool
    /// already uses → ``UserPoolError/invalidParameter(_:)``.
    public func insert(_ client: AppClient) async throws -> AppClient {
        var client = client
        let stamp = clock.now()
        client.createdAt = stamp
        client.updatedAt = stamp
        let stored = client
        let now = stamp.epochMicroseconds
        let sealed = try client.secret.map { try secrets.seal(Data($0.utf8), context: "app-client-secret:\(client.id)") }
        let flowList = client.explicitAuthFlows.map(\.rawValue).sorted().joined(separator: " ")
        do {
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO app_clients (id, pool_id, name, secret_sealed, explicit_auth_flows, prevent_user_existence_errors,
                        access_token_validity_seconds, id_token_validity_seconds, refresh_token_validity_seconds, enable_token_revocation,
                        created_at, updated_at)
                    VALUES (\(bind: stored.id), \(bind: stored.poolID), \(bind: stored.name), \(bind: sealed), \(bind: flowList),
                        \(bind: stored.preventUserExistenceErrors ? "ENABLED" : "LEGACY"), \(bind: Int64(stored.accessTokenValidity)),
                        \(bind: Int64(stored.idTokenValidity)), \(bind: Int64(stored.refreshTokenValidity)),
                        \(bind: stored.enableTokenRevocation ? 1 : 0), \(bind: now), \(bind: now))
                    """
                ).run()
            }
        } catch StorageError.uniqueViolation {
            throw UserPoolError.invalidParameter("An app client named \(client.name) already exists in this pool.")
        }
        return stored
    }

    /// The app client with this id, its secret opened, or nil.
    public func client(id: String) async throws -> AppClient? {
        let row = try await database.read { db in
            try await db.raw("SELECT * FROM app_clients WHERE id = \(bind: id)").first()
        }
        guard let row else { return nil }
        return try decodeClient(row)
    }

    /// The app clients of a pool.
    public func clients(poolID: String) async throws -> [AppClient] {
        let rows = try await database.read { db in
            try await db.raw("SELECT * FROM app_clients WHERE pool_id = \(bind: poolID) ORDER BY created_at").all()
        }
        return try rows.map(decodeClient)
    }

    func decodeClient(_ row: any SQLRow) throws -> AppClient {
        let id = try row.decode(column: "id", as: String.self)
        let sealed = try row.decode(column: "secret_sealed", as: Data?.self)
        let secret = try sealed.map { String(decoding: try secrets.open($0, context: "app-client-secret:\(id)"), as: UTF8.self) }
        let flows = try row.decode(column: "explicit_auth_flows", as: String.self)
            .split(separator: " ").compactMap { AuthFlow(rawValue: String($0)) }
        return AppClient(
            id: id,
            poolID: try row.decode(column: "pool_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            secret: secret,
            explicitAuthFlows: Set(flows),
            preventUserExistenceErrors: try row.decode(column: "prevent_user_existence_errors", as: String.self) == "ENABLED",
            accessTokenValidity: TimeInterval(try row.decode(column: "access_token_validity_seconds", as: Int64.self)),
            idTokenValidity: TimeInterval(try row.decode(column: "id_token_validity_seconds", as: Int64.self)),
            refreshTokenValidity: TimeInterval(try row.decode(column: "refresh_token_validity_seconds", as: Int64.self)),
            enableTokenRevocation: try row.decode(column: "enable_token_revocation", as: Int.self) != 0,
            createdAt: Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Date(epochMicroseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }

    // MARK: Groups

    /// Creates a group; an existing name → ``UserPoolError/groupExists(_:)``.
    public func createGroup(poolID: String, name: String, description: String?, precedence: Int?) async throws {
        let now = clock.now().epochMicroseconds
        do {
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO pool_groups (pool_id, name, description, precedence, created_at, updated_at)
                    VALUES (\(bind: poolID), \(bind: name), \(bind: description), \(bind: precedence), \(bind: now), \(bind: now))
                    """
                ).run()
            }
        } catch StorageError.uniqueViolation {
            throw UserPoolError.groupExists(name)
        }
    }

    /// The names of a pool's groups.
    public func groupNames(poolID: String) async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT name FROM pool_groups WHERE pool_id = \(bind: poolID) ORDER BY name")
                .all(decodingColumn: "name", as: String.self)
        }
    }
}
