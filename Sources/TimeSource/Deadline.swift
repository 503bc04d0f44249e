import Synchronization

/// The wait for a result ran past its deadline.
public struct DeadlineExceeded: Error, Equatable, Sendable {
    public init() {}
}

/// Waiting for work with a time limit, for callers that must answer even when the work hangs
/// (a query on a connection whose server vanished without closing it).
public enum Deadline {
    /// The result of `task`, or `DeadlineExceeded` once `limit` has passed; `task` is then
    /// cancelled (unless `cancelOnTimeout` is false) but not awaited, so a task that ignores
    /// cancellation cannot hold the caller.
    public static func value<T: Sendable>(
        of task: Task<T, any Error>, within limit: Duration, cancelOnTimeout: Bool = true
    ) async throws -> T {
        let answer = FirstResult<T>()
        let waiter = Task { answer.finish(await task.result) }
        let timer = Task {
            try? await Task.sleep(for: limit)
            answer.finish(.failure(DeadlineExceeded()))
        }
        let result = await answer.value
        timer.cancel()
        if case .failure(let error) = result, error is DeadlineExceeded {
            if cancelOnTimeout { task.cancel() }
            waiter.cancel()
        }
        return try result.get()
    }
}

/// The first of several results, awaited once.
private final class FirstResult<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<Result<T, any Error>, Never>?
    }

    private let state = Mutex(State())

    var value: Result<T, any Error> {
        get async {
            await withCheckedContinuation { continuation in
                let known: Result<T, any Error>? = state.withLock { state in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let known { continuation.resume(returning: known) }
            }
        }
    }

    func finish(_ result: Result<T, any Error>) {
        let waiter: CheckedContinuation<Result<T, any Error>, Never>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: result)
    }
}
