import HRStore
import Logging
import ServiceLifecycle
import UserPool

/// Deletes what has expired from the tables callers grow, every `interval` until graceful
/// shutdown: idempotency keys older than a day (and claims left unanswered), refresh tokens past
/// their expiry, deleted users whose tokens have all expired, outbox messages older than a week and
/// codes past their hour. Any instance may run it; deleting the same rows twice is harmless.
struct StorageSweeper: Service {
    /// One table's sweep: deletes expired rows and returns how many.
    struct Sweep: Sendable {
        var table: String
        var run: @Sendable () async throws -> Int
    }

    let sweeps: [Sweep]
    let interval: Duration
    let logger: Logger

    init(
        idempotency: IdempotencyStore, refreshTokens: RefreshTokenStore, directory: UserPoolDirectory, outbox: Outbox, interval: Duration,
        logger: Logger
    ) {
        self.sweeps = [
            Sweep(table: "outbox_messages") { try await outbox.sweep() },
            Sweep(table: "idempotency_keys") { try await idempotency.sweep() },
            Sweep(table: "refresh_tokens") { try await refreshTokens.sweep() },
            Sweep(table: "deleted_pool_users") { try await directory.sweepDeletedUsers() },
        ]
        self.interval = interval
        self.logger = logger
    }

    /// Runs every sweep once; a failing one is logged and the others still run.
    func runOnce() async {
        for sweep in sweeps {
            do {
                let removed = try await sweep.run()
                if removed > 0 { logger.info("expired rows deleted", metadata: ["table": "\(sweep.table)", "count": "\(removed)"]) }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("sweep failed", metadata: ["table": "\(sweep.table)", "error": "\(error)"])
            }
        }
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // Shutdown cancels a sweep still waiting for the database, which closes only after this service stops.
            await cancelWhenGracefulShutdown { await runOnce() }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
