import PostgresNIO
// PostgresNIO's pool reports "no connection could be made" with this module's error type.
import _ConnectionPoolModule
import SQLiteNIO

/// Database failures the rest of the system can act on, the same for every engine.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// A unique rule was broken; `detail` names the constraint or columns as the engine reported them.
    case uniqueViolation(detail: String)
    /// A row refers to a row that does not exist.
    case foreignKeyViolation(detail: String)
    /// A CHECK constraint or a trigger refused the write; `detail` carries its message.
    case checkViolation(detail: String)
    /// The database could not be reached or is shutting down.
    case unavailable(detail: String)
    /// The stored schema is newer than this binary knows.
    case schemaTooNew(unknownMigrations: [String])

    public var description: String {
        switch self {
        case .uniqueViolation(let detail): "unique constraint violated: \(detail)"
        case .foreignKeyViolation(let detail): "foreign key violated: \(detail)"
        case .checkViolation(let detail): "check constraint violated: \(detail)"
        case .unavailable(let detail): "database unavailable: \(detail)"
        case .schemaTooNew(let ids):
            "the database was migrated by a newer release (unknown migrations: \(ids.joined(separator: ", ")))"
        }
    }

    /// Translates an engine error to a ``StorageError`` when it is one; other errors pass through unchanged.
    public static func translate(_ error: any Error) -> any Error {
        if error is StorageError { return error }
        if let sqlite = error as? SQLiteError {
            return translate(sqlite) ?? error
        }
        if let postgres = error as? PSQLError {
            return translate(postgres) ?? error
        }
        if let pool = error as? ConnectionPoolError {
            return StorageError.unavailable(detail: "connection pool: \(pool)")
        }
        return error
    }

    /// PostgreSQL reports the rule by SQLSTATE and names the constraint; the detail carries both so
    /// repositories can tell which field a unique index protects.
    private static func translate(_ error: PSQLError) -> StorageError? {
        switch error.code {
        case .serverClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
            return .unavailable(detail: "\(error.code)")
        default:
            break
        }
        // Without a SQLSTATE the failure is the connection's (closed, reset, refused mid-query): the
        // database could not answer this request; a retry later may succeed.
        guard let state = error.serverInfo?[.sqlState] else { return .unavailable(detail: "\(error.code)") }
        let detail = [error.serverInfo?[.constraintName], error.serverInfo?[.message], error.serverInfo?[.detail]]
            .compactMap { $0 }.joined(separator: ": ")
        switch state {
        case "23505": return .uniqueViolation(detail: detail)
        case "23503": return .foreignKeyViolation(detail: detail)
        case "23514", "23P01", "23502", "P0001": return .checkViolation(detail: detail)
        // Connection lost (08), the server shutting down (57P0x), out of disk, memory or
        // connections (53): the write did not happen and a retry later may succeed.
        case let s where s.hasPrefix("08") || s.hasPrefix("53") || s == "57P01" || s == "57P02" || s == "57P03":
            return .unavailable(detail: detail)
        default: return nil
        }
    }

    private static func translate(_ error: SQLiteError) -> StorageError? {
        switch error.reason {
        case .constraint, .constraintCheckFailed, .constraintForeignKeyFailed, .constraintNotNullFailed,
            .constraintPrimaryKeyFailed, .constraintTriggerFailed, .constraintUniqueFailed, .constraintUniqueRowIDFailed:
            let message = error.message
            if message.contains("UNIQUE constraint failed") || message.contains("PRIMARY KEY") {
                return .uniqueViolation(detail: message)
            }
            if message.contains("FOREIGN KEY constraint failed") {
                return .foreignKeyViolation(detail: message)
            }
            return .checkViolation(detail: message)
        case .busy, .busyTimeout, .locked, .cantOpen, .ioError, .notADatabase, .full, .readOnly, .ioErrorFailedSync:
            return .unavailable(detail: error.message)
        default:
            return nil
        }
    }
}
