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
}

/// Stored first responses of POSTs carrying an `Idempotency-Key` (DESIGN §5): kept 24 hours,
/// shared by every instance through the database.
public struct IdempotencyStore: Sendable {
    let database: any DatabaseClient
    let clock: any WallClock
    /// How long a key is remembered.
    public static let retention: TimeInterval = 86_400
    /// A claim still unanswered after this long belongs to a request that died; it is taken over.
    public static let abandonedAfter: TimeInterval = 60

    public init(database: any DatabaseClient, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    public func claim(scope: String, requestHash: String) async throws -> IdempotencyClaim {
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
                try await db.raw(
                    """
                    INSERT INTO idempotency_keys (scope, request_hash, created_at)
                    VALUES (\(bind: scope), \(bind: requestHash), \(bind: now.epochMicroseconds))
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

    /// Forgets a claim whose request failed with a server error, so a retry runs again.
    public func release(scope: String) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM idempotency_keys WHERE scope = \(bind: scope)").run()
        }
    }
}
