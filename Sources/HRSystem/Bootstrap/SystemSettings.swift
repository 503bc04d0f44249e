import SQLKit
import Storage
import TimeSource

/// Installation-wide settings kept in the database (`system_settings`).
public struct SystemSettings: Sendable {
    public static let defaultPoolID = "default_pool_id"
    public static let defaultClientID = "default_client_id"
    public static let adminUsername = "admin_username"
    /// The issuer base URL of the last server start, used by admin commands.
    public static let publicURL = "public_url"

    let database: any DatabaseClient
    let clock: any WallClock

    public func value(for key: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT value FROM system_settings WHERE key = \(bind: key)").first(decodingColumn: "value", as: String.self)
        }
    }

    public func set(_ value: String, for key: String) async throws {
        let now = clock.now().epochMicroseconds
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO system_settings (key, value, updated_at) VALUES (\(bind: key), \(bind: value), \(bind: now))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """
            ).run()
        }
    }
}
