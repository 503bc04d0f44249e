import HRDomain

/// How a list of employees is narrowed, sorted and paged.
public struct EmployeeQuery: Sendable, Equatable {
    public enum SortField: String, Sendable, CaseIterable {
        case employeeNumber, lastName, hireDate, createdAt
    }

    public var status: EmployeeStatus?
    public var managerID: String?
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

/// Stores employment records.
public protocol EmployeeRepository: Sendable {
    /// Stores a new employee; duplicates among non-terminated employees → ``HRError/conflict(code:detail:field:)``.
    func create(_ employee: Employee) async throws -> Employee
    /// The employee with this id, or nil.
    func get(id: String) async throws -> Employee?
    /// The current (non-terminated) employee linked to a login, or nil.
    func employee(linkedTo login: LoginLink) async throws -> Employee?
    /// Whether `employeeID` is a direct or indirect report of `managerID`.
    func isInTeam(employeeID: String, managerID: String) async throws -> Bool
    /// The employees visible under `visibility` that match `query`.
    func list(_ query: EmployeeQuery, visibility: EmployeeVisibility) async throws -> EmployeePage
}
