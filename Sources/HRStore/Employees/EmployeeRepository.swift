import Foundation
import HRDomain
import SQLKit

/// How a list of employees is narrowed, sorted and paged.
public struct EmployeeQuery: Sendable, Equatable {
    public enum SortField: String, Sendable, CaseIterable {
        case employeeNumber, lastName, hireDate, createdAt
    }

    public var status: EmployeeStatus?
    public var managerID: String?
    public var departmentID: String?
    /// Free text, matched against the normalised search key.
    public var text: String?
    public var includeTerminated = false
    public var sort: SortField = .employeeNumber
    public var descending = false
    public var limit = 50
    public var offset = 0

    public init() {}
}

/// One page of employees and the size of the whole filtered set.
public struct EmployeePage: Sendable, Equatable {
    public var employees: [Employee]
    public var total: Int
}

/// Disables the login linked to an employee, inside the caller's transaction (the user pool
/// implements it; the HR store only knows the port).
public protocol LoginAccountPort: Sendable {
    /// Disables the login and revokes every token it holds. Logins of other issuers are ignored.
    func disable(_ login: LoginLink, at instant: Date, in db: any SQLDatabase) async throws
}

/// The outcome of a termination request.
public struct TerminationOutcome: Sendable, Equatable {
    public var employee: Employee
    /// False when the same termination was already recorded.
    public var changed: Bool
    /// True when a login was disabled by this call.
    public var loginDisabled: Bool
}

/// Stores employment records. Every write is audited in its own transaction.
public protocol EmployeeRepository: Sendable {
    /// Stores a new employee; duplicates among non-terminated employees → ``HRError/conflict(code:detail:field:)``.
    func create(_ employee: Employee, actor: AuditActor) async throws -> Employee
    /// Replaces the mutable fields when the stored version is `expectedVersion`; refuses manager cycles.
    func update(_ employee: Employee, expectedVersion: Int, actor: AuditActor) async throws -> Employee
    /// Terminates now or records a future termination, as ``TerminationRules`` decide; reassigns
    /// direct reports; disables the linked login in the same transaction when terminating now.
    func terminate(
        id: String, request: TerminationRequest, expectedVersion: Int?, today: LocalDate, callerEmployeeID: String?,
        actor: AuditActor, accounts: any LoginAccountPort
    ) async throws -> TerminationOutcome
    /// Terminates every employee whose recorded termination date is before `today`.
    /// - Returns: the employees terminated.
    func terminateDue(today: LocalDate, actor: AuditActor, accounts: any LoginAccountPort) async throws -> [Employee]
    /// The audit trail of one employee, oldest first.
    func history(id: String) async throws -> [AuditEvent]
    /// The employee with this id, or nil.
    func get(id: String) async throws -> Employee?
    /// The employee linked to a login (a current one before a terminated one), or nil. May answer
    /// from a per-instance cache: never from before a write this repository made, and otherwise
    /// at most a second old.
    func linkedEmployee(for login: LoginLink) async throws -> LinkedEmployee?
    /// The earliest hire date of any employee, terminated ones included; nil before the first hire.
    func firstHireDate() async throws -> LocalDate?
    /// Whether `employeeID` is a direct or indirect report of `managerID`.
    func isInTeam(employeeID: String, managerID: String) async throws -> Bool
    /// The employees visible under `visibility` that match `query`.
    func list(_ query: EmployeeQuery, visibility: EmployeeVisibility) async throws -> EmployeePage
}
