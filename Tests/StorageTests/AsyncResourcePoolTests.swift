import Synchronization
import Testing
@testable import Storage

/// The pool SQLite readers are handed out from: never two holders of one value, waiters served
/// in arrival order, nobody left waiting.
@Suite("Reader pool")
struct AsyncResourcePoolTests {
    /// State the concurrent holders share.
    final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func with<T>(_ body: (inout Value) -> T) -> T { value.withLock { body(&$0) } }
    }

    @Test("200 tasks sharing 4 values: every task is served and no value has two holders at once")
    func exclusiveHolders() async throws {
        let pool = AsyncResourcePool([0, 1, 2, 3])
        let holders = Shared([Int](repeating: 0, count: 4))
        let overlaps = Shared(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    let value = try await pool.acquire()
                    let already = holders.with { held in
                        held[value] += 1
                        return held[value] > 1
                    }
                    if already { overlaps.with { $0 += 1 } }
                    await Task.yield()
                    holders.with { $0[value] -= 1 }
                    pool.release(value)
                }
            }
            try await group.waitForAll()
        }
        #expect(overlaps.with { $0 } == 0)
        #expect(holders.with { $0 } == [0, 0, 0, 0])
        // Every value came back: four acquisitions succeed without waiting.
        var back: [Int] = []
        for _ in 0..<4 { back.append(try await pool.acquire()) }
        #expect(back.sorted() == [0, 1, 2, 3])
    }

    @Test("a released value goes to the caller that has waited longest")
    func fifoWaiters() async throws {
        let pool = AsyncResourcePool(["only"])
        let held = try await pool.acquire()
        let order = Shared<[Int]>([])
        let first = Task {
            let value = try await pool.acquire()
            order.with { $0.append(1) }
            pool.release(value)
        }
        while pool.waiting < 1 { await Task.yield() }
        let second = Task {
            let value = try await pool.acquire()
            order.with { $0.append(2) }
            pool.release(value)
        }
        while pool.waiting < 2 { await Task.yield() }
        pool.release(held)
        try await first.value
        try await second.value
        #expect(order.with { $0 } == [1, 2])
    }

    @Test("a waiter cancelled before its turn throws and leaves the queue; the next waiter is served")
    func cancelledWaiter() async throws {
        let pool = AsyncResourcePool(["only"])
        let held = try await pool.acquire()
        let cancelled = Task { try await pool.acquire() }
        while pool.waiting < 1 { await Task.yield() }
        let patient = Task { try await pool.acquire() }
        while pool.waiting < 2 { await Task.yield() }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(pool.waiting == 1)
        pool.release(held)
        #expect(try await patient.value == "only", "the value skipped the cancelled waiter")
        pool.release("only")
        let cancelledEarly = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.acquire()
        }
        #expect(try await cancelledEarly.value == "only", "an idle value is handed out without waiting, cancelled or not")
    }

    @Test("a writer cancelled while waiting for the lock never holds it; the next writer gets it")
    func cancelledLockWaiter() async throws {
        let lock = AsyncFIFOLock()
        try await lock.lock()
        let cancelled = Task { try await lock.lock() }
        try await Task.sleep(for: .milliseconds(20))
        let patient = Task { try await lock.lock() }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        await lock.unlock()
        try await patient.value
        await lock.unlock()
        try await lock.lock()
        await lock.unlock()
    }
}
