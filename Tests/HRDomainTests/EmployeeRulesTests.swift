import Testing
@testable import HRDomain

@Suite("Employee rules")
struct EmployeeRulesTests {
    @Test("display names follow the name order")
    func displayName() {
        #expect(Employee.displayName(first: "An", middle: "Văn", last: "Nguyễn", order: .familyFirst) == "Nguyễn Văn An")
        #expect(Employee.displayName(first: "Jane", middle: nil, last: "Doe", order: .givenFirst) == "Jane Doe")
    }

    @Test("employee numbers", arguments: [("E-001", true), ("2026/17", true), ("", false), ("has space", false), (String(repeating: "9", count: 33), false), ("NV_đ", false)])
    func employeeNumbers(value: String, valid: Bool) {
        #expect((EmployeeRules.checkEmployeeNumber(value) == nil) == valid)
    }

    @Test("names must not be blank, too long or hold control characters")
    func names() {
        #expect(EmployeeRules.checkName("Nguyễn") == nil)
        #expect(EmployeeRules.checkName("   ") != nil)
        #expect(EmployeeRules.checkName(String(repeating: "a", count: 101)) != nil)
        #expect(EmployeeRules.checkName("A\u{0007}") != nil)
    }

    @Test("phone numbers are E.164")
    func phones() {
        #expect(EmployeeRules.checkPhone("+84901234567") == nil)
        #expect(EmployeeRules.checkPhone("0901234567") != nil)
        #expect(EmployeeRules.checkPhone("+84 90 123") != nil)
    }
}

@Suite("Employee access (RBAC read rows)")
struct EmployeeAccessTests {
    @Test("hr_admin sees everyone")
    func hrAdmin() throws {
        #expect(try EmployeeAccess.visibility(for: Caller(roles: [.hrAdmin], employeeID: nil)) == .all)
        #expect(try EmployeeAccess.visibility(for: Caller(roles: [.hrAdmin, .employee], employeeID: "me")) == .all)
    }

    @Test("a manager sees their team and themselves")
    func manager() throws {
        #expect(try EmployeeAccess.visibility(for: Caller(roles: [.manager, .employee], employeeID: "m")) == .teamAndSelf(employeeID: "m"))
    }

    @Test("an employee sees themselves only; unlinked callers see nothing")
    func employee() throws {
        #expect(try EmployeeAccess.visibility(for: Caller(roles: [.employee], employeeID: "e")) == .selfOnly(employeeID: "e"))
        #expect(try EmployeeAccess.visibility(for: Caller(roles: [.employee], employeeID: nil)) == .nothing)
        #expect(try EmployeeAccess.visibility(for: Caller(roles: [.manager], employeeID: nil)) == .nothing)
    }

    @Test("no recognised group is refused everywhere")
    func noRole() {
        #expect(throws: HRError.self) { try EmployeeAccess.visibility(for: Caller(roles: [], employeeID: "x")) }
        #expect(throws: HRError.self) { try EmployeeAccess.canManageEmployees(Caller(roles: [], employeeID: nil)) }
        #expect(Caller.roles(fromGroups: ["admins", "staff"]).isEmpty)
    }

    @Test("only hr_admin manages employees")
    func manage() throws {
        try EmployeeAccess.canManageEmployees(Caller(roles: [.hrAdmin], employeeID: nil))
        #expect(throws: HRError.forbidden("only hr_admin may manage employees")) {
            try EmployeeAccess.canManageEmployees(Caller(roles: [.manager], employeeID: "m"))
        }
    }
}
