import Foundation
import Logging
import SQLKit
import Storage
import Testing
import TestSupport
import TimeSource

@Suite("Migrator")
struct MigratorTests {
    let migrations = [
        Migration(id: "0001-a", statements: ["CREATE TABLE a (id TEXT PRIMARY KEY)"]),
        Migration(id: "0002-b", statements: ["CREATE TABLE b (id TEXT PRIMARY KEY)", "INSERT INTO b VALUES ('seed')"]),
    ]

    func migrator(_ list: [Migration]) -> Migrator {
        Migrator(migrations: list, clock: ManualClock(), logger: Logger(label: "test"))
    }

    @Test("an empty database gets every migration, in order", arguments: TestDatabases.engines)
    func migratesEmptyDatabase(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let applied = try await migrator(migrations).migrate(database)
            #expect(applied == ["0001-a", "0002-b"])
            let seeded = try await database.read { db in
                try await db.raw("SELECT id FROM b").all(decodingColumn: "id", as: String.self)
            }
            #expect(seeded == ["seed"])
        }
    }

    @Test("an already-migrated database is left alone; a new migration is applied alone", arguments: TestDatabases.engines)
    func migratesIncrementally(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            try await migrator(Array(migrations.prefix(1))).migrate(database)
            #expect(try await migrator(Array(migrations.prefix(1))).migrate(database) == [])
            #expect(try await migrator(migrations).migrate(database) == ["0002-b"])
            #expect(try await migrator(migrations).migrate(database) == [])
        }
    }

    @Test("a failing migration leaves nothing applied", arguments: TestDatabases.engines)
    func failingMigrationRollsBack(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let broken = migrations + [Migration(id: "0003-broken", statements: ["CREATE TABLE c (x INTEGER)", "NOT SQL"])]
            await #expect(throws: (any Error).self) { try await migrator(broken).migrate(database) }
            for table in ["a", "b", "c", "schema_migrations"] {
                let exists = try await tableExists(table, in: database)
                #expect(!exists, "\(table) should not exist")
            }
        }
    }

    @Test("a database migrated by a newer release is refused", arguments: TestDatabases.engines)
    func refusesNewerSchema(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database in
            let newer = migrations + [Migration(id: "0099-future", statements: ["CREATE TABLE future (x INTEGER)"])]
            try await migrator(newer).migrate(database)
            await #expect(throws: StorageError.schemaTooNew(unknownMigrations: ["0099-future"])) {
                try await migrator(migrations).migrate(database)
            }
        }
    }
}
