import Foundation
import HRDomain
import HRStore
import HRSystem
import Storage
import Testing
import TestSupport

/// The demo company of `serve --demo` and the synthetic seed of the benchmarks.
@Suite("Demo and synthetic companies")
struct DemoCompanyTests {
    @Test("the demo seeds a company with logins, attendance and one closed month, and only into an empty database")
    func demo() async throws {
        try await TestSystem.run(.sqlite, at: PayrollAPITests.december) { test, system, client in
            let summary = try await DemoCompany.seed(system, logger: system.core.logger)
            #expect(summary.employees == 50)
            #expect(summary.records > 2000)
            #expect(summary.closedPeriod == "2026-10")
            let closed = try await system.core.payroll.state(of: PayPeriod("2026-10")!)
            #expect(closed.closed)
            #expect(closed.payslips >= 48)
            let slips = try await system.core.payroll.snapshots(PayrollQuery(period: PayPeriod("2026-10")!))
            #expect(slips.allSatisfy { $0.netMinor > 0 && $0.netMinor <= $0.grossMinor })
            #expect(slips.contains { !$0.deductions.isEmpty })
            let employee = try #require(summary.sampleLogins.first { $0.groups == ["employee"] })
            let token = try await system.freshToken(employee.username, password: summary.password)
            let own = try await AttendanceAPITests.Call(client: client).send(.get, "/api/v1/payroll?period=2026-11", token)
            #expect(own.status == .ok)
            #expect((own.json["data"] as? [Any])?.count == 1)
            await #expect(throws: DemoCompanyError.self) { try await DemoCompany.seed(system, logger: system.core.logger) }
        }
    }

    @Test("an imported batch is checked as a whole: one overlapping record refuses all of it", arguments: TestDatabases.engines)
    func importIsAtomic(engine: DatabaseEngine) async throws {
        try await TestSystem.run(engine, at: PayrollAPITests.december) { test, system, client in
            let seeded = try await SyntheticCompany.seed(system.core, employees: 3, period: PayPeriod("2026-11")!, logger: system.core.logger)
            #expect(seeded.employees == 3)
            #expect(seeded.records > 3 * 15)
            let records = try await system.core.attendance.records(employeeIDs: nil, from: PayPeriod("2026-11")!.start, to: PayPeriod("2026-11")!.end)
            #expect(records.count == seeded.records)
            let first = try #require(records.first)
            var fresh = first
            fresh.id = UUID().uuidString.lowercased()
            fresh.workDate = LocalDate(year: 2026, month: 11, day: 29)!
            fresh.checkInAt = Instant.parse("2026-11-29T08:00:00+07:00")
            fresh.checkOutAt = Instant.parse("2026-11-29T12:00:00+07:00")
            var clash = first
            clash.id = UUID().uuidString.lowercased()
            await #expect(throws: HRError.self) {
                try await system.core.attendance.importRecords([fresh, clash], reason: "badge export", actor: AuditActor(id: "t", requestID: nil))
            }
            #expect(try await system.core.attendance.get(id: fresh.id) == nil, "the good record of a refused batch is not kept")
        }
    }
}
