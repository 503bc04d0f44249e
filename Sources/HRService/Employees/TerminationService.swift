import Foundation
import HRDomain
import HRStore
import Logging
import ServiceLifecycle

/// Carries out terminations recorded for a future date: at the start of the day after the
/// termination date (in the company's zone) the employee becomes `terminated` and their login is
/// disabled. Runs every `interval` until graceful shutdown; any instance may run it, the row lock
/// of each termination keeps two from acting on the same employee.
public struct TerminationService: Service {
    let hr: HRContext
    let interval: Duration
    let logger: Logger

    public init(hr: HRContext, interval: Duration = .seconds(60), logger: Logger) {
        self.hr = hr
        self.interval = interval
        self.logger = logger
    }

    /// Terminates everything due today; returns the employees terminated.
    @discardableResult
    public func runOnce() async throws -> [Employee] {
        let done = try await hr.employees.terminateDue(
            today: hr.today, actor: AuditActor(id: "system:terminations", requestID: nil), accounts: hr.accounts)
        if !done.isEmpty {
            await hr.loginsChanged()
            logger.info("scheduled terminations carried out", metadata: ["count": "\(done.count)"])
        }
        return done
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                // Shutdown cancels a round still waiting for the database, which closes only after this service stops.
                _ = try await cancelWhenGracefulShutdown { try await runOnce() }
            } catch is CancellationError {
                break
            } catch {
                logger.error("scheduled terminations failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
