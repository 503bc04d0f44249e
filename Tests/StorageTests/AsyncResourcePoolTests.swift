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
    func exclusiveHolders() async {
        let pool = AsyncResourcePool([0, 1, 2, 3])
        let holders = Shared([Int](repeating: 0, count: 4))
        let overlaps = Shared(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    let value = await pool.acquire()
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
        }
        #expect(overlaps.with { $0 } == 0)
        #expect(holders.with { $0 } == [0, 0, 0, 0])
        // Every value came back: four acquisitions succeed without waiting.
        var back: [Int] = []
        for _ in 0..<4 { back.append(await pool.acquire()) }
        #expect(back.sorted() == [0, 1, 2, 3])
    }

    @Test("a released value goes to the caller that has waited longest")
    func fifoWaiters() async {
        let pool = AsyncResourcePool(["only"])
        let held = await pool.acquire()
        let order = Shared<[Int]>([])
        let first = Task {
            let value = await pool.acquire()
            order.with { $0.append(1) }
            pool.release(value)
        }
        while pool.waiting < 1 { await Task.yield() }
        let second = Task {
            let value = await pool.acquire()
            order.with { $0.append(2) }
            pool.release(value)
        }
        while pool.waiting < 2 { await Task.yield() }
        pool.release(held)
        await first.value
        await second.value
        #expect(order.with { $0 } == [1, 2])
    }
}
