import Logging
import ServiceLifecycle
import UserPool

/// Re-reads the signing keys every `interval`, so that a key rotated on another instance or by the
/// CLI (published at once, signing after its lead time) is known here before it starts signing.
struct KeyringRefresher: Service {
    let keyring: SigningKeyring
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
            do {
                try await keyring.reload()
            } catch {
                logger.warning("reloading the signing keys failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
