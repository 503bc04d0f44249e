import HRStore
import Logging
import ServiceLifecycle

/// Deletes expired idempotency keys every `interval` until graceful shutdown, so the table holds
/// at most a day of keys. Any instance may run it; deleting the same rows twice is harmless.
public struct IdempotencySweeper: Service {
    let store: IdempotencyStore
    let interval: Duration
    let logger: Logger

    public init(store: IdempotencyStore, interval: Duration = .seconds(600), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let removed = try await store.sweep()
                if removed > 0 { logger.info("expired idempotency keys deleted", metadata: ["count": "\(removed)"]) }
            } catch {
                logger.warning("idempotency key sweep failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
