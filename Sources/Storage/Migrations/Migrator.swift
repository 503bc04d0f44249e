import Foundation
import Logging
import SQLKit
import TimeSource

/// One schema change, identified by a stable id such as `"userpool-0001-create-users"`.
public struct Migration: Sendable {
    /// The id recorded in `schema_migrations` once applied; never reused or renamed.
    public let id: String
    /// Applies the change inside the migrator's transaction.
    public let apply: @Sendable (any SQLDatabase, DatabaseEngine) async throws -> Void

    public init(id: String, apply: @escaping @Sendable (any SQLDatabase, DatabaseEngine) async throws -> Void) {
        self.id = id
        self.apply = apply
    }

    /// A migration made of plain SQL statements that read the same on every engine, but for one
    /// spelling: binary columns are written `BLOB` and become `BYTEA` on PostgreSQL.
    public init(id: String, statements: [String]) {
        self.init(id: id) { db, engine in
            for statement in statements {
                let sql = engine == .postgres ? statement.replacingOccurrences(of: " BLOB", with: " BYTEA") : statement
                try await db.raw(SQLQueryString(sql)).run()
            }
        }
    }
}

/// Applies pending migrations, in order, in one transaction.
///
/// The list is the whole history: ids already recorded are skipped, new ones applied and recorded.
/// A database holding ids this binary does not know was migrated by a newer release, and is
/// refused rather than written to.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    private let clock: any WallClock
    private let logger: Logger

    public init(migrations: [Migration], clock: any WallClock, logger: Logger) {
        precondition(Set(migrations.map(\.id)).count == migrations.count, "migration ids must be unique")
        self.migrations = migrations
        self.clock = clock
        self.logger = logger
    }

    /// Brings the schema up to date.
    /// - Returns: the ids applied by this call (empty when the schema was current).
    @discardableResult
    public func migrate(_ database: any DatabaseClient) async throws -> [String] {
        let migrations = self.migrations
        let now = clock.now().epochMicroseconds
        let engine = database.engine
        let applied = try await database.write { db -> [String] in
            try await lockForMigration(db, engine: engine)
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id TEXT PRIMARY KEY,
                    applied_at BIGINT NOT NULL
                )
                """
            ).run()
            let done = Set(try await db.select().column("id").from("schema_migrations").all(decodingColumn: "id", as: String.self))
            let known = Set(migrations.map(\.id))
            let unknown = done.subtracting(known).sorted()
            if !unknown.isEmpty {
                throw StorageError.schemaTooNew(unknownMigrations: unknown)
            }
            var appliedNow: [String] = []
            for migration in migrations where !done.contains(migration.id) {
                try await migration.apply(db, engine)
                try await db.insert(into: "schema_migrations")
                    .columns("id", "applied_at")
                    .values(SQLBind(migration.id), SQLBind(now))
                    .run()
                appliedNow.append(migration.id)
            }
            return appliedNow
        }
        for id in applied {
            logger.info("migration applied", metadata: ["migration": "\(id)"])
        }
        return applied
    }

    /// Serialises concurrent migrators. SQLite's `BEGIN IMMEDIATE` already holds the only write
    /// lock; PostgreSQL needs a transaction-scoped advisory lock so instances starting together migrate once.
    private func lockForMigration(_ db: any SQLDatabase, engine: DatabaseEngine) async throws {
        switch engine {
        case .sqlite:
            return
        case .postgres:
            try await db.raw("SELECT pg_advisory_xact_lock(7215371)").run()
        }
    }
}
