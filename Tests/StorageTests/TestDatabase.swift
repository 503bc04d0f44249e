import Foundation
import Logging
import Storage

/// A database file in a fresh temporary directory, removed afterwards. Never `:memory:`: the
/// writer and the readers must share one database.
func withTemporaryDatabase<T>(_ body: (SQLiteDatabaseClient, String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("storage-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("test.sqlite").path
    let database = try await SQLiteDatabaseClient(path: path, logger: Logger(label: "test"))
    do {
        let result = try await body(database, directory.path)
        await database.shutdown()
        return result
    } catch {
        await database.shutdown()
        throw error
    }
}
