import DequeModule
import Synchronization

/// A mutual-exclusion lock for async code that hands itself over in arrival order.
///
/// SQLite allows one writer at a time; serialising writers here in FIFO order keeps them
/// from spinning on `SQLITE_BUSY` and makes waiting fair under load.
actor AsyncFIFOLock {
    private var held = false
    private var waiters: Deque<CheckedContinuation<Void, Never>> = []

    func lock() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if let next = waiters.popFirst() {
            next.resume()
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
final class AsyncResourcePool<Resource: Sendable>: Sendable {
    private struct State {
        var idle: [Resource]
        var waiters: Deque<CheckedContinuation<Resource, Never>> = []
    }

    private let state: Mutex<State>

    init(_ resources: [Resource]) {
        self.state = Mutex(State(idle: resources))
    }

    func acquire() async -> Resource {
        if let resource = state.withLock({ $0.idle.popLast() }) {
            return resource
        }
        return await withCheckedContinuation { continuation in
            let ready: Resource? = state.withLock { state in
                // A release may have come between the first look and now.
                if let resource = state.idle.popLast() { return resource }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func release(_ resource: Resource) {
        let next: CheckedContinuation<Resource, Never>? = state.withLock { state in
            if let next = state.waiters.popFirst() { return next }
            state.idle.append(resource)
            return nil
        }
        next?.resume(returning: resource)
    }

    /// How many callers are waiting for a value.
    var waiting: Int { state.withLock { $0.waiters.count } }
}
