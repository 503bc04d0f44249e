import Foundation
import Synchronization

/// A value loaded from the database and reused until it is older than a maximum age; the
/// trust sources the authorizer asks on every request keep their snapshots in one.
///
/// A fresh snapshot is read under a lock, without a suspension point, so the request path does
/// not queue behind an actor. A stale one is reloaded once however many requests ask at the same
/// moment: they all await the same load (single flight). A failed load is not kept, so the next
/// request tries again. Each value is stamped with the time its load started, and a load never
/// replaces a value stamped later (a slow poll cannot undo a reload that saw a newer write).
final class PolledSnapshot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var loadedAt: Date?
        var loading: Task<Value, any Error>?
    }

    private enum Lookup {
        case fresh(Value)
        case pending(Task<Value, any Error>)
    }

    private let state = Mutex(State())
    private let load: @Sendable () async throws -> Value

    init(load: @escaping @Sendable () async throws -> Value) {
        self.load = load
    }

    /// The value if it was loaded less than `maxAge` seconds before `now`; otherwise waits for a
    /// reload. A snapshot stamped after `now` (the clock moved back) counts as stale.
    func value(now: Date, maxAge: TimeInterval) async throws -> Value {
        let lookup: Lookup = state.withLock { state in
            if let value = state.value, let loadedAt = state.loadedAt, loadedAt <= now, now.timeIntervalSince(loadedAt) < maxAge {
                return .fresh(value)
            }
            if let loading = state.loading { return .pending(loading) }
            let task = Task { try await self.loadAndInstall(stampedAt: now, clearsLoading: true) }
            state.loading = task
            return .pending(task)
        }
        switch lookup {
        case .fresh(let value): return value
        case .pending(let task): return try await task.value
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
        try await loadAndInstall(stampedAt: now, clearsLoading: false)
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
