import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// The embedded database: one SQLite file in WAL mode.
///
/// One writer connection sits behind a FIFO lock held for a whole unit of work
/// (`BEGIN IMMEDIATE … COMMIT`), so writers never interleave and other processes (the CLI) wait
/// on SQLite's own lock; reader connections serve reads concurrently from the WAL snapshot.
/// Every connection sets `foreign_keys=ON`, `busy_timeout` and `synchronous=FULL`: an
/// acknowledged write survives a power cut. SQLite calls run on a thread pool of this client's
/// own, never on the shared NIO pool the password hasher or other libraries use. Statements are
/// never logged (`queryLogLevel: nil`): their bound values hold personal data and secrets.
public final class SQLiteDatabaseClient: DatabaseClient {
    public let engine = DatabaseEngine.sqlite
    public let path: String
    private let writer: SQLiteConnection
    private let writeLock = AsyncFIFOLock()
    private let exclusiveLock = AsyncFIFOLock()
    private let readers: AsyncResourcePool<SQLiteConnection>
    private let readerConnections: [SQLiteConnection]
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private let isShutDown = Atomic<Bool>(false)

    /// The pragmas every connection runs when opened.
    static let connectionPragmas = [
        "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = 10000",
        "PRAGMA synchronous = FULL",
    ]

    /// Opens (creating if needed) the database file at `path`.
    /// - Parameters:
    ///   - path: the database file; its directory must exist.
    ///   - readerCount: connections reserved for reads.
    public init(path: String, readerCount: Int = 4, logger: Logger) async throws {
        self.path = path
        self.logger = logger
        let pool = NIOThreadPool(numberOfThreads: readerCount + 1)
        pool.start()
        self.threadPool = pool
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        do {
            let writer = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: pool, logger: logger, on: eventLoop)
            _ = try await writer.sql(queryLogLevel: nil).raw("PRAGMA journal_mode = WAL").all()
            for pragma in Self.connectionPragmas {
                _ = try await writer.sql(queryLogLevel: nil).raw(SQLQueryString(pragma)).all()
            }
            var readers: [SQLiteConnection] = []
            for _ in 0..<readerCount {
                let reader = try await SQLiteConnection.open(
                    storage: .file(path: path), threadPool: pool, logger: logger, on: eventLoop)
                for pragma in Self.connectionPragmas + ["PRAGMA query_only = ON"] {
                    _ = try await reader.sql(queryLogLevel: nil).raw(SQLQueryString(pragma)).all()
                }
                readers.append(reader)
            }
            self.writer = writer
            self.readerConnections = readers
            self.readers = AsyncResourcePool(readers)
        } catch {
            try? await pool.shutdownGracefully()
            throw StorageError.unavailable(detail: "cannot open \(path): \(error)")
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await readers.acquire()
        do {
            let result = try await body(connection.sql(queryLogLevel: nil))
            readers.release(connection)
            return result
        } catch {
            readers.release(connection)
            throw StorageError.translate(error)
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writeLock.lock()
        let db = writer.sql(queryLogLevel: nil)
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            await writeLock.unlock()
            throw StorageError.translate(error)
        }
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            await writeLock.unlock()
            return result
        } catch {
            do {
                try await db.raw("ROLLBACK").run()
            } catch {
                logger.error("rollback failed", metadata: ["error": "\(error)"])
            }
            await writeLock.unlock()
            throw StorageError.translate(error)
        }
    }

    /// One SQLite file serves one instance; an in-process lock serialises set-up work. (A CLI
    /// process bootstrapping at the same moment relies on each step being idempotent.)
    public func withExclusiveLock<T: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await exclusiveLock.lock()
        do {
            let result = try await body()
            await exclusiveLock.unlock()
            return result
        } catch {
            await exclusiveLock.unlock()
            throw error
        }
    }

    public func ping() async throws {
        try await read { db in _ = try await db.raw("SELECT 1").all() }
    }

    /// Runs `body` on every open connection (writer first); used to check per-connection settings.
    public func forEachConnection(_ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await body(writer.sql(queryLogLevel: nil))
        for reader in readerConnections {
            try await body(reader.sql(queryLogLevel: nil))
        }
    }

    /// Closes every connection and stops the thread pool. Safe to call more than once, and from a
    /// cancelled task (the work runs in a task of its own, which cancellation does not reach).
    public func shutdown() async {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await Task { await closeAll() }.value
    }

    private func closeAll() async {
        for connection in [writer] + readerConnections {
            do {
                try await connection.close()
            } catch {
                logger.error("closing a database connection failed", metadata: ["error": "\(error)"])
            }
        }
        try? await threadPool.shutdownGracefully()
    }
}
