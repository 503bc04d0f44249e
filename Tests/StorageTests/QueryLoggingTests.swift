import Foundation
import Logging
import SQLKit
import Storage
import Synchronization
import Testing
import TestSupport

/// Every line a logger receives, at every level.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func logger() -> Logger {
        var logger = Logger(label: "captured") { _ in CapturingHandler(log: self) }
        logger.logLevel = .trace
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct CapturingHandler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)")
        }
    }
}

@Suite("Query logging")
struct QueryLoggingTests {
    @Test("bound values never reach the log, even at trace level", arguments: TestDatabases.engines)
    func boundValuesStayOutOfTheLog(engine: DatabaseEngine) async throws {
        let captured = CapturedLog()
        let secret = "s3cret-\(UUID().uuidString)"
        try await TestDatabases.withDatabase(engine, logger: captured.logger()) { database in
            try await database.write { db in
                try await db.raw("CREATE TABLE secrets (value TEXT NOT NULL)").run()
                try await db.raw("INSERT INTO secrets (value) VALUES (\(bind: secret))").run()
            }
            let read = try await database.read { db in
                try await db.raw("SELECT value FROM secrets WHERE value = \(bind: secret)").first(decodingColumn: "value", as: String.self)
            }
            #expect(read == secret)
        }
        #expect(!captured.text.contains(secret))
    }
}
