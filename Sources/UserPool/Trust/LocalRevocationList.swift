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
/// within a second without a query per request.
public actor LocalRevocationList: RevocationCheck {
    private let database: any DatabaseClient
    private let clock: any WallClock
    private let logger: Logger
    private let pollInterval: TimeInterval
    private var users: [String: (validAfterSeconds: Int64, enabled: Bool)] = [:]
    private var revokedFamilies: Set<String> = []
    private var loadedAt: Date?
    private var reload: Task<Void, any Error>?

    public init(database: any DatabaseClient, clock: any WallClock, logger: Logger, pollInterval: TimeInterval = 0.5) {
        self.database = database
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
    }

    /// How old the snapshot may grow while reloads fail before tokens are refused (fail closed).
    private var maximumAge: TimeInterval { pollInterval * 10 }

    public func isRevoked(_ principal: Principal) async throws -> Bool {
        await refreshIfStale()
        guard let loadedAt, clock.now().timeIntervalSince(loadedAt) <= maximumAge else {
            throw StorageError.unavailable(detail: "revocations could not be loaded")
        }
        if let family = principal.originTokenID, revokedFamilies.contains(family) { return true }
        guard let user = users[principal.subject] else { return false }
        if !user.enabled { return true }
        // Whole seconds: a token issued in the same second as a revocation is still accepted;
        // its refresh family, revoked with it, covers that second for tokens issued before.
        return Int64(principal.issuedAt ?? 0) < user.validAfterSeconds
    }

    /// Reloads the snapshot now.
    public func refresh() async throws {
        let now = clock.now()
        let (users, families) = try await database.read { db in
            let userRows = try await db.raw(
                "SELECT sub, tokens_valid_after, enabled FROM pool_users WHERE tokens_valid_after > 0 OR enabled = 0"
            ).all()
            var users: [String: (Int64, Bool)] = [:]
            for row in userRows {
                users[try row.decode(column: "sub", as: String.self)] = (
                    try row.decode(column: "tokens_valid_after", as: Int64.self) / 1_000_000,
                    try row.decode(column: "enabled", as: Int.self) != 0
                )
            }
            let families = try await db.raw(
                "SELECT DISTINCT family_id FROM refresh_tokens WHERE revoked_at IS NOT NULL AND expires_at > \(bind: now.epochMicroseconds)"
            ).all(decodingColumn: "family_id", as: String.self)
            return (users, families)
        }
        self.users = users.mapValues { (validAfterSeconds: $0.0, enabled: $0.1) }
        self.revokedFamilies = Set(families)
        self.loadedAt = now
    }

    private func refreshIfStale() async {
        let now = clock.now()
        if let loadedAt, now.timeIntervalSince(loadedAt) < pollInterval, loadedAt <= now { return }
        if reload == nil {
            reload = Task { try await self.refresh() }
        }
        do {
            try await reload?.value
        } catch {
            // Keep the last snapshot; the next request tries again.
            logger.error("reloading revocations failed", metadata: ["error": "\(error)"])
        }
        reload = nil
    }
}
