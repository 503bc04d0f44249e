import DequeModule
import Synchronization

/// A mutual-exclusion lock for async code that hands itself over in arrival order.
///
/// SQLite allows one writer at a time; serialising writers here in FIFO order keeps them
/// from spinning on `SQLITE_BUSY` and makes waiting fair under load.
actor AsyncFIFOLock {
    private var held = false
    private var waiters: Deque<(id: UInt64, continuation: CheckedContinuation<Void, any Error>)> = []
    private var nextID: UInt64 = 0

    /// Waits for the lock; a caller cancelled while waiting leaves the queue and throws
    /// `CancellationError` without ever holding the lock.
    func lock() async throws {
        if !held {
            held = true
            return
        }
        nextID &+= 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    func unlock() {
        if let next = waiters.popFirst() {
            next.continuation.resume()
        } else {
            held = false
        }
    }
}

/// A fixed set of values handed out one holder at a time, waiting callers served in order.
///
/// Every read takes and returns a connection, so the idle list sits behind a `Mutex` rather
/// than an actor: taking an idle connection costs a lock, not a hop to another executor. Only a
/// caller that finds none idle suspends; `release` hands the value straight to the first waiter.
/// A waiter cancelled before its turn leaves the queue and throws `CancellationError`.
final class AsyncResourcePool<Resource: Sendable>: Sendable {
    private struct State {
        var idle: [Resource]
        var waiters: Deque<(id: UInt64, continuation: CheckedContinuation<Resource, any Error>)> = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    init(_ resources: [Resource]) {
        self.state = Mutex(State(idle: resources))
    }

    func acquire() async throws -> Resource {
        if let resource = state.withLock({ $0.idle.popLast() }) {
            return resource
        }
        let id = state.withLock { state in
            state.nextID &+= 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Resource, any Error>) in
                let outcome: Result<Resource, any Error>? = state.withLock { state in
                    // Cancelled before the handler could find this waiter in the queue.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    // A release may have come between the first look and now.
                    if let resource = state.idle.popLast() { return .success(resource) }
                    state.waiters.append((id, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> CheckedContinuation<Resource, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    func release(_ resource: Resource) {
        let next: CheckedContinuation<Resource, any Error>? = state.withLock { state in
            if let next = state.waiters.popFirst() { return next.continuation }
            state.idle.append(resource)
            return nil
        }
        next?.resume(returning: resource)
    }

    /// How many callers are waiting for a value.
    var waiting: Int { state.withLock { $0.waiters.count } }
}
