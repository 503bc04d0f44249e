import Foundation
import Synchronization
import Testing
@testable import UserPool

/// The snapshot the trust sources answer from: reused while young, reloaded once for many
/// callers, never replaced by an older load, and not kept when a load fails.
@Suite("Polled snapshot")
struct PolledSnapshotTests {
    /// A load that counts its calls and returns the count, optionally held until released.
    final class CountingLoad: Sendable {
        let calls = Mutex(0)
        let failing = Mutex(false)
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let holds = Mutex(false)

        func load() async throws -> Int {
            let n = calls.withLock { $0 += 1; return $0 }
            if holds.withLock({ $0 }) {
                await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } }
            }
            if failing.withLock({ $0 }) { throw CancellationError() }
            return n
        }

        /// Lets a held load finish, once it is waiting.
        func release() async {
            while true {
                if let waiting = gate.withLock({ gate -> CheckedContinuation<Void, Never>? in defer { gate = nil }; return gate }) {
                    waiting.resume()
                    return
                }
                await Task.yield()
            }
        }
    }

    let start = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("a value younger than the maximum age is reused; an older one is loaded again")
    func reuseThenReload() async throws {
        let counter = CountingLoad()
        let snapshot = PolledSnapshot { try await counter.load() }
        #expect(try await snapshot.value(now: start, maxAge: 0.5) == 1)
        #expect(try await snapshot.value(now: start.addingTimeInterval(0.49), maxAge: 0.5) == 1)
        #expect(try await snapshot.value(now: start.addingTimeInterval(0.5), maxAge: 0.5) == 2)
        #expect(counter.calls.withLock { $0 } == 2)
    }

    @Test("a snapshot stamped after now (the clock went back) is stale")
    func clockBackwards() async throws {
        let counter = CountingLoad()
        let snapshot = PolledSnapshot { try await counter.load() }
        _ = try await snapshot.value(now: start, maxAge: 10)
        #expect(try await snapshot.value(now: start.addingTimeInterval(-1), maxAge: 10) == 2)
    }

    @Test("fifty callers finding it stale at once share one load")
    func singleFlight() async throws {
        let counter = CountingLoad()
        counter.holds.withLock { $0 = true }
        let snapshot = PolledSnapshot { try await counter.load() }
        let start = self.start
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask { try await snapshot.value(now: start, maxAge: 1) }
            }
            await counter.release()
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(values == Array(repeating: 1, count: 50))
        #expect(counter.calls.withLock { $0 } == 1)
    }

    @Test("a failed load is not kept: the caller sees the error, the next caller loads again, the last value stays readable")
    func failureNotKept() async throws {
        let counter = CountingLoad()
        let snapshot = PolledSnapshot { try await counter.load() }
        _ = try await snapshot.value(now: start, maxAge: 1)
        counter.failing.withLock { $0 = true }
        await #expect(throws: CancellationError.self) { try await snapshot.value(now: start.addingTimeInterval(2), maxAge: 1) }
        #expect(snapshot.lastLoaded?.value == 1)
        #expect(snapshot.lastLoaded?.loadedAt == start)
        counter.failing.withLock { $0 = false }
        #expect(try await snapshot.value(now: start.addingTimeInterval(2), maxAge: 1) == 3)
    }

    @Test("a slow poll that began before a forced reload does not replace the newer value")
    func olderLoadLoses() async throws {
        let counter = CountingLoad()
        let snapshot = PolledSnapshot { try await counter.load() }
        counter.holds.withLock { $0 = true }
        let start = self.start
        let slow = Task { try await snapshot.value(now: start, maxAge: 1) }
        // Wait until the slow poll is inside its load, then force a newer reload past it.
        while counter.calls.withLock({ $0 }) < 1 { await Task.yield() }
        counter.holds.withLock { $0 = false }
        #expect(try await snapshot.reload(now: start.addingTimeInterval(0.1)) == 2)
        await counter.release()
        #expect(try await slow.value == 1, "the slow caller still gets what it loaded")
        #expect(snapshot.lastLoaded?.value == 2)
        #expect(try await snapshot.value(now: start.addingTimeInterval(0.2), maxAge: 1) == 2)
    }
}
