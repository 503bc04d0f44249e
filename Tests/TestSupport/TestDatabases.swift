import Foundation
import Logging
import SQLKit
import Storage

/// The engines database tests run on: SQLite always, PostgreSQL when the test script started one
/// (`HRSYSTEM_TEST_POSTGRES_URL`). With `HRSYSTEM_TEST_REQUIRE_POSTGRES=1` a missing server is a
/// failure, never a silent skip (see ``TestDatabases/checkRequirements()``).
public enum TestDatabases {
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["HRSYSTEM_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var postgresRequired: Bool {
        ProcessInfo.processInfo.environment["HRSYSTEM_TEST_REQUIRE_POSTGRES"] == "1"
    }

    public static var engines: [DatabaseEngine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// A problem with the test environment, or nil when it is as required.
    public static func checkRequirements() -> String? {
        if postgresRequired && postgresURL == nil {
            return "HRSYSTEM_TEST_REQUIRE_POSTGRES=1 but HRSYSTEM_TEST_POSTGRES_URL is not set: PostgreSQL did not start"
        }
        return nil
    }

    public static var logger: Logger {
        var logger = Logger(label: "test-db")
        logger.logLevel = .warning
        return logger
    }

    /// Creates an empty PostgreSQL database for one test and returns its URL.
    public static func createPostgresDatabase() async throws -> (url: String, name: String) {
        guard let adminURL = postgresURL else { throw TestDatabaseError("HRSYSTEM_TEST_POSTGRES_URL is not set") }
        let name = "hrsystem_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresDatabaseClient(url: adminURL, logger: logger, maximumConnections: 1)
        do {
            try await admin.read { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
            await admin.shutdown()
        } catch {
            await admin.shutdown()
            throw error
        }
        return (url(adminURL, database: name), name)
    }

    /// Drops a database made by ``createPostgresDatabase()``, disconnecting what is still connected.
    public static func dropPostgresDatabase(_ name: String) async {
        guard let adminURL = postgresURL,
            let admin = try? PostgresDatabaseClient(url: adminURL, logger: logger, maximumConnections: 1)
        else { return }
        _ = try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
        await admin.shutdown()
    }

    /// `url` with its database path replaced.
    public static func url(_ url: String, database: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }

    /// Runs `body` with an empty database of `engine` (a temporary SQLite file, or a fresh
    /// PostgreSQL database), closed and removed afterwards.
    public static func withDatabase<T>(
        _ engine: DatabaseEngine, logger: Logger = TestDatabases.logger, _ body: (any DatabaseClient) async throws -> T
    ) async throws -> T {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hrsystem-db-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await SQLiteDatabaseClient(path: directory.appendingPathComponent("test.sqlite").path, logger: logger)
            return try await run(database, body)
        case .postgres:
            let (url, name) = try await createPostgresDatabase()
            let database = try PostgresDatabaseClient(url: url, logger: logger)
            do {
                let result = try await run(database, body)
                await dropPostgresDatabase(name)
                return result
            } catch {
                await dropPostgresDatabase(name)
                throw error
            }
        }
    }

    private static func run<T>(_ database: any DatabaseClient, _ body: (any DatabaseClient) async throws -> T) async throws -> T {
        do {
            let result = try await body(database)
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }
}

public struct TestDatabaseError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
