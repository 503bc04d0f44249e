import Foundation
import Logging
import Storage
import TimeSource
@testable import UserPool

/// A temporary SQLite file with the user pool's schema and a manual clock, removed afterwards.
enum MigratedDatabase {
    static func with(
        startingAt start: Date, _ body: (SQLiteDatabaseClient, ManualClock, Logger) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("userpool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let logger = Logger(label: "test")
        let database = try await SQLiteDatabaseClient(path: directory.appendingPathComponent("t.sqlite").path, logger: logger)
        let clock = ManualClock(start)
        do {
            _ = try await Migrator(migrations: UserPoolMigrations.all, clock: clock, logger: logger).migrate(database)
            try await body(database, clock, logger)
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }
}
