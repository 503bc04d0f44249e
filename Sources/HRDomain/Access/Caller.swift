/// The roles HR recognises, taken from the caller's groups.
public enum Role: String, Sendable, CaseIterable {
    case hrAdmin = "hr_admin"
    case manager
    case employee
}

/// Who is calling the HR API: their roles and, when their login is linked, their employee record.
public struct Caller: Sendable, Equatable {
    public var roles: Set<Role>
    /// The employee linked to the caller's login, if any.
    public var employeeID: String?

    public init(roles: Set<Role>, employeeID: String?) {
        self.roles = roles
        self.employeeID = employeeID
    }

    /// Roles from group names; unrecognised groups grant nothing.
    public static func roles(fromGroups groups: [String]) -> Set<Role> {
        Set(groups.compactMap(Role.init(rawValue:)))
    }
}

/// Which employees a caller may see (DESIGN §5 RBAC, "list / read employees").
public enum EmployeeVisibility: Sendable, Equatable {
    /// hr_admin: everyone (leavers only when asked for).
    case all
    /// manager: direct and indirect reports, and themselves.
    case teamAndSelf(employeeID: String)
    /// employee: themselves only.
    case selfOnly(employeeID: String)
    /// Authenticated, but linked to no employee: nothing to see.
    case nothing
}

/// The RBAC rules of the employee resource, as pure functions.
public enum EmployeeAccess {
    /// Which rows `caller` may list or read. A caller with no recognised role is refused outright.
    public static func visibility(for caller: Caller) throws(HRError) -> EmployeeVisibility {
        if caller.roles.isEmpty { throw .forbidden("no recognised group (hr_admin, manager, employee)") }
        if caller.roles.contains(.hrAdmin) { return .all }
        guard let me = caller.employeeID else { return .nothing }
        if caller.roles.contains(.manager) { return .teamAndSelf(employeeID: me) }
        return .selfOnly(employeeID: me)
    }

    /// Refuses a caller with no recognised role (403 everywhere); what any role may read passes.
    public static func requireRecognisedRole(_ caller: Caller) throws(HRError) {
        if caller.roles.isEmpty { throw .forbidden("no recognised group (hr_admin, manager, employee)") }
    }

    /// Whether `caller` may create, update or terminate employees.
    public static func canManageEmployees(_ caller: Caller) throws(HRError) {
        try requireRecognisedRole(caller)
        guard caller.roles.contains(.hrAdmin) else { throw .forbidden("only hr_admin may manage employees") }
    }
}
