import Foundation
import Synchronization
import TimeSource

/// A value loaded from the database and reused until it is older than a maximum age; the
/// trust sources the authorizer asks on every request keep their snapshots in one.
///
/// A fresh snapshot is read under a lock, without a suspension point, so the request path does
/// not queue behind an actor. A stale one is reloaded once however many requests ask at the same
/// moment: they all await the same load (single flight). A failed load is not kept, so the next
/// request tries again. Each value is stamped with the time its load started, and a load never
/// replaces a value stamped later (a slow poll cannot undo a reload that saw a newer write).
///
/// A load that hangs (a query on a connection whose server vanished) holds nobody: waiters give up
/// after `loadTimeout` with `DeadlineExceeded`, and the next request starts a fresh load.
final class PolledSnapshot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var loadedAt: Date?
        var loading: Task<Value, any Error>?
        var loadingSince: ContinuousClock.Instant?
    }

    private enum Lookup {
        case fresh(Value)
        case pending(Task<Value, any Error>)
    }

    private let state = Mutex(State())
    private let load: @Sendable () async throws -> Value

    private let loadTimeout: Duration

    init(loadTimeout: Duration = .seconds(3), load: @escaping @Sendable () async throws -> Value) {
        self.load = load
        self.loadTimeout = loadTimeout
    }

    /// The value if it was loaded less than `maxAge` seconds before `now`; otherwise waits for a
    /// reload. A snapshot stamped after `now` (the clock moved back) counts as stale.
    func value(now: Date, maxAge: TimeInterval) async throws -> Value {
        let lookup: Lookup = state.withLock { state in
            if let value = state.value, let loadedAt = state.loadedAt, loadedAt <= now, now.timeIntervalSince(loadedAt) < maxAge {
                return .fresh(value)
            }
            let started = ContinuousClock.now
            if let loading = state.loading, let since = state.loadingSince, since.duration(to: started) < loadTimeout {
                return .pending(loading)
            }
            // No load, or one stuck past the timeout: start afresh.
            state.loading?.cancel()
            let task = Task { try await self.loadAndInstall(stampedAt: now, clearsLoading: true) }
            state.loading = task
            state.loadingSince = started
            return .pending(task)
        }
        switch lookup {
        case .fresh(let value): return value
        case .pending(let task): return try await Deadline.value(of: task, within: loadTimeout)
        }
    }

    /// The last value loaded and when, whatever its age; nil before the first load.
    var lastLoaded: (value: Value, loadedAt: Date)? {
        state.withLock { state in
            guard let value = state.value, let loadedAt = state.loadedAt else { return nil }
            return (value, loadedAt)
        }
    }

    /// Loads now, even if the snapshot is fresh: a change this instance made applies at once.
    @discardableResult
    func reload(now: Date) async throws -> Value {
        try await Deadline.value(of: Task { try await self.loadAndInstall(stampedAt: now, clearsLoading: false) }, within: loadTimeout)
    }

    private func loadAndInstall(stampedAt now: Date, clearsLoading: Bool) async throws -> Value {
        let value: Value
        do {
            value = try await load()
        } catch {
            if clearsLoading { state.withLock { $0.loading = nil } }
            throw error
        }
        state.withLock { state in
            if clearsLoading { state.loading = nil }
            if state.loadedAt.map({ $0 <= now }) ?? true {
                state.value = value
                state.loadedAt = now
            }
        }
        return value
    }
}
