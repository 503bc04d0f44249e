import DequeModule

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
actor AsyncResourcePool<Resource: Sendable> {
    private var idle: [Resource]
    private var waiters: Deque<CheckedContinuation<Resource, Never>> = []

    init(_ resources: [Resource]) {
        self.idle = resources
    }

    func acquire() async -> Resource {
        if let resource = idle.popLast() {
            return resource
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ resource: Resource) {
        if let next = waiters.popFirst() {
            next.resume(returning: resource)
        } else {
            idle.append(resource)
        }
    }
}
