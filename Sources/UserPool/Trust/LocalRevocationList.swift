import Foundation
import Gateway
import Logging
import SQLKit
import Storage
import TimeSource

/// Answers whether a token of the built-in pool has been revoked: its user disabled, its user's
/// tokens revoked after it was issued (`tokens_valid_after`: password resets, sign-outs), or its
/// refresh family revoked.
///
/// The answer comes from an in-memory snapshot reloaded from the database when it is older than
/// the poll interval (500 ms), so every instance, and a CLI writing from another process, is seen
/// within a second without a query per request. The snapshot is read under a lock
/// (``PolledSnapshot``): a request pays no actor hop, and one reload serves every request that
/// found it stale.
public final class LocalRevocationList: RevocationCheck {
    struct Snapshot: Sendable {
        var users: [String: (validAfterSeconds: Int64, enabled: Bool)]
        var revokedFamilies: Set<String>
    }

    private let clock: any WallClock
    private let logger: Logger
    private let pollInterval: TimeInterval
    private let snapshot: PolledSnapshot<Snapshot>

    public init(database: any DatabaseClient, clock: any WallClock, logger: Logger, pollInterval: TimeInterval = 0.5) {
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.snapshot = PolledSnapshot { try await Self.load(from: database, now: clock.now()) }
    }

    /// How old the snapshot may grow while reloads fail before tokens are refused (fail closed).
    private var maximumAge: TimeInterval { pollInterval * 10 }

    public func isRevoked(_ principal: Principal) async throws -> Bool {
        let now = clock.now()
        let current: Snapshot
        do {
            current = try await snapshot.value(now: now, maxAge: pollInterval)
        } catch {
            // Keep the last snapshot while it is young enough; the next request tries again.
            logger.error("reloading revocations failed", metadata: ["error": "\(error)"])
            guard let last = snapshot.lastLoaded, last.loadedAt <= now, now.timeIntervalSince(last.loadedAt) <= maximumAge else {
                throw StorageError.unavailable(detail: "revocations could not be loaded")
            }
            current = last.value
        }
        if let family = principal.originTokenID, current.revokedFamilies.contains(family) { return true }
        guard let user = current.users[principal.subject] else { return false }
        if !user.enabled { return true }
        // Whole seconds: a token issued in the same second as a revocation is still accepted;
        // its refresh family, revoked with it, covers that second for tokens issued before.
        return Int64(principal.issuedAt ?? 0) < user.validAfterSeconds
    }

    /// Reloads the snapshot now.
    public func refresh() async throws {
        try await snapshot.reload(now: clock.now())
    }

    /// The longest an id or access token lives: a revocation older than this can no longer match a
    /// live token, so the snapshot keeps only the users revoked since then (and the disabled ones).
    static let longestTokenLife: TimeInterval = 86_400

    private static func load(from database: any DatabaseClient, now: Date) async throws -> Snapshot {
        try await database.read { db in
            let userRows = try await db.raw(
                """
                SELECT sub, tokens_valid_after, enabled FROM pool_users
                WHERE enabled = 0 OR tokens_valid_after > \(bind: now.addingTimeInterval(-longestTokenLife).epochMicroseconds)
                """
            ).all()
            var users: [String: (validAfterSeconds: Int64, enabled: Bool)] = [:]
            for row in userRows {
                users[try row.decode(column: "sub", as: String.self)] = (
                    try row.decode(column: "tokens_valid_after", as: Int64.self) / 1_000_000,
                    try row.decode(column: "enabled", as: Int.self) != 0
                )
            }
            let deleted = try await db.raw(
                "SELECT sub, deleted_at FROM deleted_pool_users WHERE expires_at > \(bind: now.epochMicroseconds)"
            ).all()
            for row in deleted {
                users[try row.decode(column: "sub", as: String.self)] = (try row.decode(column: "deleted_at", as: Int64.self) / 1_000_000, false)
            }
            let families = try await db.raw(
                "SELECT DISTINCT family_id FROM refresh_tokens WHERE revoked_at IS NOT NULL AND expires_at > \(bind: now.epochMicroseconds)"
            ).all(decodingColumn: "family_id", as: String.self)
            return Snapshot(users: users, revokedFamilies: Set(families))
        }
    }
}
