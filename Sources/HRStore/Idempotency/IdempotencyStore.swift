import Foundation
import SQLKit
import Storage
import TimeSource

/// What a request carrying an `Idempotency-Key` turns out to be.
public enum IdempotencyClaim: Sendable, Equatable {
    /// First use of the key: handle the request, then ``IdempotencyStore/complete(scope:status:headers:body:)``.
    case new
    /// A completed request with the same body: answer its stored response.
    case replay(status: Int, headers: [String: String], body: Data)
    /// The key was used with a different body.
    case mismatch
    /// The first request with this key is still being handled.
    case inFlight
    /// The caller already holds ``IdempotencyStore/maximumKeysPerHour`` keys claimed in the last hour.
    case limitReached
}

/// Stored successful responses of POSTs carrying an `Idempotency-Key`: kept 24 hours (then
/// swept), shared by every instance through the database, and bounded per caller: one caller may
/// claim at most ``maximumKeysPerHour`` keys an hour.
public struct IdempotencyStore: Sendable {
    let database: any DatabaseClient
    let clock: any WallClock
    /// How many keys one caller may claim in any hour.
    public let maximumKeysPerHour: Int
    /// How long a key is remembered.
    public static let retention: TimeInterval = 86_400
    /// A claim still unanswered after this long belongs to a request that died; it is taken over.
    public static let abandonedAfter: TimeInterval = 60
    /// The default bound of keys per caller and hour: far above what a person or an integration
    /// retrying its writes needs, far below what fills a disk.
    public static let defaultMaximumKeysPerHour = 1_000

    public init(database: any DatabaseClient, clock: any WallClock, maximumKeysPerHour: Int = Self.defaultMaximumKeysPerHour) {
        self.database = database
        self.clock = clock
        self.maximumKeysPerHour = max(1, maximumKeysPerHour)
    }

    /// Claims `scope` for a request whose body hashes to `requestHash`, on behalf of `caller`
    /// (a digest of the caller's identity, counted against the hourly bound).
    public func claim(scope: String, requestHash: String, caller: String) async throws -> IdempotencyClaim {
        let now = clock.now()
        do {
            return try await database.write { db in
                if let row = try await db.raw("SELECT * FROM idempotency_keys WHERE scope = \(bind: scope)").first() {
                    let created = Date(epochMicroseconds: try row.decode(column: "created_at", as: Int64.self))
                    let status = try row.decode(column: "status", as: Int?.self)
                    let expired = now.timeIntervalSince(created) > Self.retention
                    let abandoned = status == nil && now.timeIntervalSince(created) > Self.abandonedAfter
                    if !expired && !abandoned {
                        guard try row.decode(column: "request_hash", as: String.self) == requestHash else { return .mismatch }
                        guard let status else { return .inFlight }
                        let headers = try JSONDecoder().decode(
                            [String: String].self, from: Data((try row.decode(column: "response_headers", as: String?.self) ?? "{}").utf8))
                        return .replay(status: status, headers: headers, body: try row.decode(column: "response_body", as: Data?.self) ?? Data())
                    }
                    try await db.raw("DELETE FROM idempotency_keys WHERE scope = \(bind: scope)").run()
                }
                let hourAgo = now.addingTimeInterval(-3600).epochMicroseconds
                let recent = try await db.raw(
                    "SELECT COUNT(*) AS n FROM idempotency_keys WHERE caller = \(bind: caller) AND created_at > \(bind: hourAgo)"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
                guard recent < maximumKeysPerHour else { return .limitReached }
                try await db.raw(
                    """
                    INSERT INTO idempotency_keys (scope, request_hash, created_at, caller)
                    VALUES (\(bind: scope), \(bind: requestHash), \(bind: now.epochMicroseconds), \(bind: caller))
                    """
                ).run()
                return .new
            }
        } catch StorageError.uniqueViolation {
            // Another instance claimed the key between our read and insert.
            return .inFlight
        }
    }

    /// Stores the response of a claimed key.
    public func complete(scope: String, status: Int, headers: [String: String], body: Data) async throws {
        let json = String(decoding: try JSONEncoder().encode(headers), as: UTF8.self)
        try await database.write { db in
            try await db.raw(
                """
                UPDATE idempotency_keys SET status = \(bind: status), response_headers = \(bind: json), response_body = \(bind: body)
                WHERE scope = \(bind: scope)
                """
            ).run()
        }
    }

    /// Deletes keys older than ``retention`` and claims abandoned unanswered; returns how many.
    @discardableResult
    public func sweep() async throws -> Int {
        let now = clock.now()
        let expired = now.addingTimeInterval(-Self.retention).epochMicroseconds
        let abandoned = now.addingTimeInterval(-Self.abandonedAfter).epochMicroseconds
        return try await database.write { db in
            let count = try await db.raw(
                """
                SELECT COUNT(*) AS n FROM idempotency_keys
                WHERE created_at < \(bind: expired) OR (status IS NULL AND created_at < \(bind: abandoned))
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            try await db.raw(
                """
                DELETE FROM idempotency_keys
                WHERE created_at < \(bind: expired) OR (status IS NULL AND created_at < \(bind: abandoned))
                """
            ).run()
            return count
        }
    }

    /// How many keys are stored (for tests and operators).
    public func count() async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM idempotency_keys").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Forgets a claim whose request did not succeed, so a retry runs again.
    public func release(scope: String) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM idempotency_keys WHERE scope = \(bind: scope)").run()
        }
    }
}
