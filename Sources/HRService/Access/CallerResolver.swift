import Gateway
import HRDomain
import HRStore

/// Turns the gateway's verified principal into an HR ``Caller``: roles from groups, and the
/// employee linked to the token's `(issuer, sub)`.
public struct CallerResolver: Sendable {
    let employees: any EmployeeRepository

    public init(employees: any EmployeeRepository) {
        self.employees = employees
    }

    /// The caller behind a request. A principal whose linked employee has been terminated is
    /// refused (401 at the gateway would be too late: remote issuers cannot be told to revoke).
    public func caller(for principal: Principal?) async throws -> Caller {
        guard let principal else { throw HRError.forbidden("the request was not authorized") }
        let roles = Caller.roles(fromGroups: principal.groups)
        let employee = try await employees.linkedEmployee(for: LoginLink(issuer: principal.issuer, subject: principal.subject))
        if let employee, employee.status == .terminated {
            throw HRError.unauthorized("the employment linked to this login has ended")
        }
        return Caller(roles: roles, employeeID: employee?.id)
    }
}
