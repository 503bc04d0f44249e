import SQLKit

/// The database engines HRSystem runs on.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

/// Access to the system's database: reads on any connection, writes as one transaction each.
///
/// Every repository in the system works through this protocol, so the same SQL serves SQLite and
/// PostgreSQL. Errors thrown inside `read`/`write` reach callers translated to ``StorageError``
/// where they are constraint violations or a lost database.
public protocol DatabaseClient: Sendable {
    /// Which engine answers; repositories branch on it only where the SQL must differ.
    var engine: DatabaseEngine { get }

    /// Runs `body` on a connection for reads. No transaction is opened.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` as one transaction: committed when it returns, rolled back when it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` while holding a lock named `name` that other instances (and processes) on the
    /// same database also take: used for set-up work that must not run twice at once.
    func withExclusiveLock<T: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T

    /// Answers whether the database can be reached right now.
    func ping() async throws

    /// Closes every connection. The client cannot be used afterwards.
    func shutdown() async
}
