import Foundation
import Synchronization

/// The source of "now" for everything that depends on wall-clock time: token lifetimes,
/// sessions, audit timestamps, attendance. Injected everywhere so tests never sleep.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The operating system's clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to; used by tests and simulations.
public final class ManualClock: WallClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        self.current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward (or backward, with a negative interval).
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Sets the clock to an instant.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}

extension Date {
    /// Microseconds since the Unix epoch: the storage form of every instant (DESIGN §7).
    /// Rounded to the nearest microsecond, so an instant read back from storage gives the same value.
    public var epochMicroseconds: Int64 {
        Int64((timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// Whole seconds since the Unix epoch, as JWT `NumericDate` claims carry them.
    public var epochSeconds: Int64 {
        Int64(timeIntervalSince1970.rounded(.down))
    }

    /// Builds an instant from epoch microseconds.
    public init(epochMicroseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(epochMicroseconds) / 1_000_000)
    }
}
