import Foundation
import Testing
@testable import HRDomain

/// The golden example of DESIGN §6, worked through exactly.
@Suite("Payroll golden example")
struct PayrollGoldenTests {
    static let standard = WorkSchedule(
        id: "std", code: "STD", name: "Standard", holidayCalendarID: nil,
        versions: [ScheduleVersion(effectiveFrom: localDate("2000-01-01"), minutesByWeekday: [480, 480, 480, 480, 480, 0, 0])],
        version: 1, createdAt: fixtureTimestamp, updatedAt: fixtureTimestamp)

    static func goldenInput() -> PayrollCalculator.Input {
        var employee = makeEmployee()
        employee.compensation = [
            CompensationEntry(
                effectiveFrom: localDate("2026-01-05"), payType: .monthly, currency: "VND",
                components: [PayComponent(code: "BASE", kind: .base, amountMinor: 15_000_000)])
        ]
        var records: [AttendanceRecord] = []
        let weekdays = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30]
        for day in weekdays {
            let date = String(format: "2026-11-%02d", day)
            switch day {
            case 3: continue  // unmarked
            case 4: records.append(workRecord("r\(day)", "\(date)T08:00:00+07:00", "\(date)T13:00:00+07:00"))  // 300 min
            case 5: records.append(workRecord("r\(day)", "\(date)T08:00:00+07:00", "\(date)T20:00:00+07:00"))  // 720 − 60 = 660
            default: records.append(workRecord("r\(day)", "\(date)T08:00:00+07:00", "\(date)T17:00:00+07:00"))  // 540 − 60 = 480
            }
        }
        records.append(workRecord("sat", "2026-11-07T08:00:00+07:00", "2026-11-07T12:00:00+07:00"))  // 240, no break
        var policy = CompanyPolicy()
        policy.deductions = [.init(code: "SI", name: "Social insurance", basis: "contractual", percent: "10.5")]
        let days = EmployeeDays(
            employee: employee, schedule: standard, holidays: [], policies: PolicyTimeline([.init(id: "p1", effectiveFrom: localDate("2026-01-01"), policy: policy)]),
            records: records)
        return PayrollCalculator.Input(days: days, period: PayPeriod("2026-11")!, asOf: nil, status: "draft")
    }

    @Test("15,000,000 VND, November 2026: the amounts of DESIGN §6 to the đồng")
    func golden() throws {
        let slip = try PayrollCalculator.payslip(Self.goldenInput())
        let earnings = Dictionary(uniqueKeysWithValues: slip.earnings.map { ($0.code, $0.amountMinor) })
        #expect(earnings == ["BASE": 13_928_571, "OT150": 401_786, "OT200": 714_286])
        #expect(slip.grossMinor == 15_044_643)
        #expect(slip.deductions.map(\.amountMinor) == [1_575_000])
        #expect(slip.totalDeductionsMinor == 1_575_000)
        #expect(slip.netMinor == 13_469_643)
        #expect(slip.days.scheduled == 21)
        #expect(slip.days.unpaid == "1.5")
        #expect(slip.days.payable == "19.5")
        #expect(slip.days.unmarked == 1)
        #expect(slip.days.halfDay == 1)
        #expect(slip.days.present == 19)
        #expect(slip.minutes.overtime.map(\.minutes) == [180, 240])
        #expect(slip.earnings.first { $0.code == "BASE" }?.quantity == "19.5")
        #expect(slip.earnings.first { $0.code == "OT150" }?.quantity == "3")
        #expect(slip.currency == "VND")
        #expect(slip.currencyExponent == 0)
        #expect(slip.policyVersion == "p1")
        #expect(slip.warnings.isEmpty)
    }
}
