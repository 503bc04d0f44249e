import Foundation
import Logging
import SQLKit
import Storage
import TestSupport

/// A SQLite database file in a fresh temporary directory, for the tests of SQLite's own settings.
func withTemporarySQLite<T>(_ body: (SQLiteDatabaseClient) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("storage-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try await SQLiteDatabaseClient(path: directory.appendingPathComponent("test.sqlite").path, logger: Logger(label: "test"))
    do {
        let result = try await body(database)
        await database.shutdown()
        return result
    } catch {
        await database.shutdown()
        throw error
    }
}

/// Whether a table exists, on either engine.
func tableExists(_ name: String, in database: any DatabaseClient) async throws -> Bool {
    try await database.read { db in
        switch database.engine {
        case .sqlite:
            try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)").first() != nil
        case .postgres:
            try await db.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = \(bind: name)").first() != nil
        }
    }
}
