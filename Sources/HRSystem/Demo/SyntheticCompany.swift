import Foundation
import HRDomain
import HRStore
import Logging
import TimeSource

/// A large, plain company for measuring payroll: `employees` people on the standard schedule
/// with a month of attendance, without logins. Deterministic, so runs compare.
public enum SyntheticCompany {
    /// What was written.
    public struct Summary: Sendable {
        public var employees: Int
        public var records: Int
    }

    /// Hires `employees` people and records every scheduled day of `period` (08:00–17:00 local,
    /// with evenings of overtime and a few absences), each employee's month in one transaction.
    public static func seed(_ core: HRSystemCore, employees count: Int, period: PayPeriod, logger: Logger) async throws -> Summary {
        let actor = AuditActor(id: "seed", requestID: nil)
        let existing = try await core.employees.list(EmployeeQuery(), visibility: .all).total
        let rules = try await core.workRules.snapshot()
        let zone = "Asia/Ho_Chi_Minh"
        let now = core.clock.now()
        var records = 0
        for index in 0..<count {
            let number = existing + index + 1
            var employee = Employee(
                id: UUID().uuidString.lowercased(), employeeNumber: String(format: "S%06d", number), login: nil, firstName: "Worker",
                middleName: nil, lastName: "No. \(number)", displayName: "Worker No. \(number)", nameOrder: .givenFirst,
                workEmail: "worker\(number)@synthetic.example", phone: nil, jobTitle: "Operator", departmentID: nil, scheduleID: nil,
                managerID: nil, employmentType: .fullTime, status: .active, hireDate: LocalDate(year: 2020, month: 1, day: 1)!,
                terminationDate: nil, terminationReason: nil, timeZone: zone, version: 1, createdAt: now, updatedAt: now)
            employee.compensation = [
                CompensationEntry(
                    effectiveFrom: employee.hireDate, payType: .monthly, currency: "VND",
                    components: [
                        PayComponent(code: "BASE", kind: .base, amountMinor: Int64(9_000_000 + (number % 37) * 1_000_000)),
                        PayComponent(code: "LUNCH", kind: .allowance, amountMinor: 730_000),
                    ])
            ]
            let hired = try await core.employees.create(employee, actor: actor)
            let days = rules.days(of: hired, records: [])
            var month: [AttendanceRecord] = []
            for (offset, date) in period.dates.enumerated() where !days.plan(on: date).isOff {
                if (number + offset) % 23 == 0 { continue }  // an absence now and then
                let evening = (number + offset) % 9 == 0 ? 2 : 0
                guard let start = Instant.parse(String(format: "%@T08:00:00+07:00", date.description)),
                    start.addingTimeInterval(Double((9 + evening) * 3600)) < now
                else { continue }
                month.append(
                    AttendanceRecord(
                        id: UUID().uuidString.lowercased(), employeeID: hired.id, type: .work, workDate: date, checkInAt: start,
                        checkOutAt: start.addingTimeInterval(Double((9 + evening) * 3600)), timeZone: zone, dayFraction: nil, state: .closed,
                        source: .import, note: nil, location: nil, version: 1, createdBy: actor.id, updatedBy: actor.id, createdAt: now,
                        updatedAt: now))
            }
            try await core.attendance.importRecords(month, reason: "synthetic data", actor: actor)
            records += month.count
            if (index + 1) % 1000 == 0 { logger.info("seeded \(index + 1) employees") }
        }
        return Summary(employees: count, records: records)
    }
}
