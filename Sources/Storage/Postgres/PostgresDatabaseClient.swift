import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import Synchronization
import TimeSource

/// PostgreSQL through PostgresNIO's connection pool, for several stateless instances on one database.
///
/// The pool's `run()` is driven by a task this client owns, so the client works the same in the
/// server, the CLI and tests; connections lost while the database is away are replaced by the pool
/// once it is back.
public final class PostgresDatabaseClient: DatabaseClient {
    public let engine = DatabaseEngine.postgres
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger
    /// Where PostgreSQL listens, for the reachability probe of a long wait for a connection.
    private let server: (host: String, port: Int)
    private let isShutDown = Atomic<Bool>(false)

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=disable|prefer|require`).
    public init(url: String, logger: Logger, maximumConnections: Int = 20) throws {
        var configuration = try Self.configuration(from: url)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(3)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.server = URLComponents(string: url).map { ($0.host ?? "localhost", $0.port ?? 5432) } ?? ("localhost", 5432)
        self.runTask = Task { await client.run() }
    }

    /// Parses a `postgres://` URL into the pool's configuration. `sslmode` follows libpq:
    /// `disable` (plain), `allow`/`prefer` (TLS when the server offers it, unverified, the default),
    /// `require` (TLS or no connection, unverified), `verify-ca` (TLS with a certificate chain to a
    /// trusted root), `verify-full` (that, and the certificate names the host). `sslrootcert` names
    /// a PEM file of trusted roots for the verifying modes; the system's roots otherwise.
    static func configuration(from url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else { throw StorageError.unavailable(detail: "not a postgres:// URL") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let tls: PostgresClient.Configuration.TLS
        switch try tlsSettings(from: url) {
        case (.disable, _): tls = .disable
        case (.prefer, let settings?): tls = .prefer(settings)
        case (.require, let settings?): tls = .require(settings)
        default: tls = .disable
        }
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls)
    }

    /// Whether a connection uses TLS.
    enum TLSUse: Equatable {
        case disable, prefer, require
    }

    /// The TLS use and settings an URL's `sslmode` and `sslrootcert` ask for.
    static func tlsSettings(from url: String) throws -> (TLSUse, TLSConfiguration?) {
        let query = URLComponents(string: url)?.queryItems ?? []
        let sslMode = query.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        var settings = TLSConfiguration.makeClientConfiguration()
        if let rootPath = query.first(where: { $0.name == "sslrootcert" })?.value, !rootPath.isEmpty {
            settings.trustRoots = .file(rootPath)
        }
        switch sslMode {
        case "disable":
            return (.disable, nil)
        case "allow", "prefer":
            settings.certificateVerification = .none
            return (.prefer, settings)
        case "require":
            settings.certificateVerification = .none
            return (.require, settings)
        case "verify-ca":
            settings.certificateVerification = .noHostnameVerification
            return (.require, settings)
        case "verify-full":
            settings.certificateVerification = .fullVerification
            return (.require, settings)
        default:
            throw StorageError.unavailable(detail: "sslmode must be disable, allow, prefer, require, verify-ca or verify-full, not \(sslMode)")
        }
    }

    /// After this long without a pooled connection, the server is probed: if it refuses TCP
    /// connections the database is down and the caller gets `StorageError.unavailable` (a 503) at
    /// once; if it accepts them the pool is only busy and the caller waits up to ``busyLeaseTimeout``.
    public static let probeAfter: Duration = .seconds(1)
    public static let busyLeaseTimeout: Duration = .seconds(15)

    /// Runs `body` on a pooled connection, giving up on the wait for one when PostgreSQL cannot be
    /// reached (or after ``busyLeaseTimeout``). Only the wait is limited: work that has its
    /// connection runs to the end, so a write is never abandoned half-way; and a lease granted
    /// after the caller gave up runs nothing.
    ///
    /// The pool's wait for a connection does not stop at cancellation, so the lease runs in a
    /// task of its own that the caller stops waiting for, rather than in a task group.
    func withLease<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let lease = LeaseState()
        let client = self.client
        let work = Task {
            try await client.withConnection { connection in
                guard lease.claim() else { throw StorageError.unavailable(detail: "the caller stopped waiting for a connection") }
                return try await body(connection)
            }
        }
        do {
            return try await Deadline.value(of: work, within: Self.probeAfter, cancelOnTimeout: false)
        } catch is DeadlineExceeded {}
        if await !serverAcceptsConnections() {
            guard lease.abandon() else { return try await untilShutdown(work) }
            work.cancel()
            throw StorageError.unavailable(detail: "PostgreSQL at \(server.host):\(server.port) refuses connections")
        }
        do {
            return try await Deadline.value(of: work, within: Self.busyLeaseTimeout, cancelOnTimeout: false)
        } catch is DeadlineExceeded {
            guard lease.abandon() else { return try await untilShutdown(work) }
            work.cancel()
            throw StorageError.unavailable(detail: "no database connection within \(Self.probeAfter + Self.busyLeaseTimeout)")
        }
    }

    /// The longest a caller waits for work that has its connection.
    public static let longestWork: Duration = .seconds(300)

    /// The result of work that has its connection. The caller stops waiting (the work itself goes
    /// on, so a write is never abandoned half-way) when it is cancelled, when this client is shut
    /// down, or after ``longestWork``: a query in flight when its connection was closed (the pool
    /// shutting down, the server terminating the backend) is not always answered, and nobody may
    /// wait for it for ever.
    private func untilShutdown<T: Sendable>(_ work: Task<T, any Error>) async throws -> T {
        let started = ContinuousClock.now
        while true {
            do {
                return try await Deadline.value(of: work, within: .seconds(1), cancelOnTimeout: false)
            } catch is DeadlineExceeded {
                try Task.checkCancellation()
                if isShutDown.load(ordering: .acquiring) {
                    throw StorageError.unavailable(detail: "the database client was shut down while the work was running")
                }
                if started.duration(to: .now) > Self.longestWork {
                    throw StorageError.unavailable(detail: "the database did not answer within \(Self.longestWork)")
                }
            }
        }
    }

    /// The last reachability probe, reused for a second so that many waiting requests cost one probe.
    private let lastProbe = Mutex<(at: ContinuousClock.Instant, accepts: Bool)?>(nil)

    func serverAcceptsConnections() async -> Bool {
        let now = ContinuousClock.now
        if let last = lastProbe.withLock({ $0 }), last.at.duration(to: now) < .seconds(1) { return last.accepts }
        let accepts = await Self.acceptsConnections(host: server.host, port: server.port)
        lastProbe.withLock { $0 = (ContinuousClock.now, accepts) }
        return accepts
    }

    /// Whether something accepts TCP connections at `host:port` within a second.
    static func acceptsConnections(host: String, port: Int) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(1))
                .connect(host: host, port: port).get()
            try? await channel.close().get()
            return true
        } catch {
            return false
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        do {
            return try await withLease { connection in
                try await body(connection.sql(queryLogLevel: nil, logger: logger))
            }
        } catch {
            throw StorageError.translate(error)
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        do {
            return try await withLease { connection in
                let db = connection.sql(queryLogLevel: nil, logger: logger)
                try await db.raw("BEGIN").run()
                do {
                    let result = try await body(db)
                    try await db.raw("COMMIT").run()
                    return result
                } catch {
                    do {
                        try await db.raw("ROLLBACK").run()
                    } catch {
                        logger.error("rollback failed", metadata: ["error": "\(String(reflecting: error))"])
                    }
                    throw error
                }
            }
        } catch {
            throw StorageError.translate(error)
        }
    }

    /// Holds a session-level advisory lock on one pooled connection while `body` runs on others;
    /// other instances asking for the same lock wait.
    public func withExclusiveLock<T: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let key = Self.lockKey(name)
        let logger = self.logger
        do {
            return try await withLease { connection in
                let db = connection.sql(queryLogLevel: nil, logger: logger)
                try await db.raw("SELECT pg_advisory_lock(\(bind: key))").run()
                do {
                    let result = try await body()
                    try await db.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                    return result
                } catch {
                    _ = try? await db.raw("SELECT pg_advisory_unlock(\(bind: key))").run()
                    throw error
                }
            }
        } catch {
            throw StorageError.translate(error)
        }
    }

    /// A stable 63-bit key for a lock name (FNV-1a).
    static func lockKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }

    public func ping() async throws {
        try await read { db in _ = try await db.raw("SELECT 1 AS one").all() }
    }

    /// How long shutdown waits for the pool to close its connections. A connection whose query
    /// never completes (its server vanished without closing it) would hold the pool open for ever;
    /// past this, the process goes on shutting down and the operating system closes the socket.
    public static let shutdownTimeout: Duration = .seconds(5)

    public func shutdown() async {
        isShutDown.store(true, ordering: .releasing)
        runTask.cancel()
        let pool = runTask
        do {
            try await Deadline.value(of: Task<Void, any Error> { await pool.value }, within: Self.shutdownTimeout)
        } catch {
            logger.warning("the PostgreSQL pool did not close within \(Self.shutdownTimeout); leaving its connections to the operating system")
        }
    }
}

/// Who won the race between a granted connection and the caller giving up: exactly one of
/// `claim` (the work runs) and `abandon` (the caller answers 503) succeeds.
private final class LeaseState: Sendable {
    private enum Phase { case waiting, claimed, abandoned }
    private let phase = Mutex(Phase.waiting)

    func claim() -> Bool {
        phase.withLock { phase in
            guard phase == .waiting else { return false }
            phase = .claimed
            return true
        }
    }

    func abandon() -> Bool {
        phase.withLock { phase in
            guard phase == .waiting else { return false }
            phase = .abandoned
            return true
        }
    }
}
