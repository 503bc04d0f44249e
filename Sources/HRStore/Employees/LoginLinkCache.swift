import Foundation
import HRDomain
import Synchronization

/// The employee a login is linked to, as resolving a caller needs it.
public struct LinkedEmployee: Sendable, Equatable {
    public var id: String
    public var status: EmployeeStatus

    public init(id: String, status: EmployeeStatus) {
        self.id = id
        self.status = status
    }
}

/// Which employee each login resolves to, remembered for at most `maxAge` seconds (DESIGN §7:
/// per-instance state bounded like the revocation poll).
///
/// Every request behind the authorizer resolves its caller, so without this each one pays a
/// query for a link that almost never changes. Writes through the owning repository clear the
/// cache when they finish, so this instance never answers from before its own change; a change
/// made by another instance or process is seen within `maxAge`. Logins with no employee are
/// remembered too (an administrator without a record). Bounded: past `capacity` entries the
/// cache starts again empty.
final class LoginLinkCache: Sendable {
    private struct Key: Hashable {
        var issuer: String
        var subject: String
    }

    private struct Entry {
        var linked: LinkedEmployee?
        var loadedAt: Date
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Bumped by every write; a load that began under an older generation is not kept.
        var generation: UInt64 = 0
    }

    /// The answer for one login: remembered, or to be read (with the generation to store it under).
    enum Lookup: Equatable {
        case hit(LinkedEmployee?)
        case miss(generation: UInt64)
    }

    private let state = Mutex(State())
    let maxAge: TimeInterval
    let capacity: Int

    init(maxAge: TimeInterval = 1, capacity: Int = 10_000) {
        self.maxAge = maxAge
        self.capacity = capacity
    }

    func lookup(_ login: LoginLink, now: Date) -> Lookup {
        state.withLock { state in
            if let entry = state.entries[Key(issuer: login.issuer, subject: login.subject)], entry.loadedAt <= now,
                now.timeIntervalSince(entry.loadedAt) < maxAge
            {
                return .hit(entry.linked)
            }
            return .miss(generation: state.generation)
        }
    }

    /// Remembers what a read that began at `loadedAt`, under `generation`, found; dropped when a
    /// write finished since (the read may predate it).
    func store(_ linked: LinkedEmployee?, for login: LoginLink, loadedAt: Date, generation: UInt64) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[Key(issuer: login.issuer, subject: login.subject)] = Entry(linked: linked, loadedAt: loadedAt)
        }
    }

    /// Forgets everything; called when a write to employees has finished, committed or not.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
