import Foundation
import Testing
@testable import HRDomain

// DESIGN §6 worked by hand, one rule at a time. November 2026 unless told: the 1st is a Sunday,
// 21 weekdays (2–6, 9–13, 16–20, 23–27, 30), 4 Saturdays (7, 14, 21, 28). Mon–Fri 480 minutes is
// 21 scheduled days and 10,080 minutes = 168 h. Amounts are exact fractions, each line rounded
// once, half away from zero. Default policy: break 60 after 360, overtime from 30 minutes in steps
// of 15, capped at 240 a day; multipliers 1.5 / 2.0 / 3.0.

@Suite("Payroll calculator")
struct PayrollCalculatorTests {
    // MARK: Builders (kept inside the suite: the shared fixtures own the global names)

    static func schedule(_ minutes: [Int]) -> WorkSchedule {
        WorkSchedule(
            id: "s", code: "S", name: "Schedule", holidayCalendarID: nil,
            versions: [ScheduleVersion(effectiveFrom: localDate("2000-01-01"), minutesByWeekday: minutes)],
            version: 1, createdAt: fixtureTimestamp, updatedAt: fixtureTimestamp)
    }

    /// Monday–Friday 480 minutes.
    static let weekdays = schedule([480, 480, 480, 480, 480, 0, 0])

    static let novemberWeekdays = [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30]

    /// `YYYY-MM-DD` of `day` in `month`.
    static func date(_ day: Int, _ month: String = "2026-11") -> String {
        "\(month)-" + (day < 10 ? "0\(day)" : "\(day)")
    }

    /// A closed work record on `day` of November 2026, local times in Ho Chi Minh City.
    static func work(_ day: Int, _ from: String = "08:00", _ to: String = "17:00") -> AttendanceRecord {
        let text = date(day)
        return workRecord("w\(day)-\(from)", "\(text)T\(from):00+07:00", "\(text)T\(to):00+07:00")
    }

    /// 08:00–17:00 (540 elapsed − 60 break = 480 worked) on each of `days` not in `except`.
    static func fullDays(_ days: [Int] = PayrollCalculatorTests.novemberWeekdays, except: Set<Int> = []) -> [AttendanceRecord] {
        days.filter { !except.contains($0) }.map { work($0) }
    }

    static func monthly(
        _ amount: Int64, from: String = "2026-01-05", currency: String = "VND", with more: [PayComponent] = []
    ) -> CompensationEntry {
        CompensationEntry(
            effectiveFrom: localDate(from), payType: .monthly, currency: currency,
            components: [PayComponent(code: "BASE", kind: .base, amountMinor: amount)] + more)
    }

    static func hourly(_ rate: Int64, from: String = "2026-01-05", currency: String = "VND") -> CompensationEntry {
        CompensationEntry(
            effectiveFrom: localDate(from), payType: .hourly, currency: currency,
            components: [PayComponent(code: "RATE", kind: .base, amountMinor: rate)])
    }

    static func policy(deductions: [CompanyPolicy.Deduction] = [], workday: String = "1.5", currency: String = "VND") -> CompanyPolicy {
        var policy = CompanyPolicy()
        policy.deductions = deductions
        policy.overtime.multipliers.workday = workday
        policy.currency = currency
        return policy
    }

    static func input(
        hired: String = "2026-01-05", terminated: String? = nil, compensation: [CompensationEntry],
        schedule: WorkSchedule = PayrollCalculatorTests.weekdays, holidays: Set<LocalDate> = [],
        policy: CompanyPolicy = CompanyPolicy(), policies: [PolicyTimeline.Entry] = [], records: [AttendanceRecord],
        period: String = "2026-11", asOf: String? = nil, status: String = "draft"
    ) -> PayrollCalculator.Input {
        var employee = makeEmployee(hired: hired, terminated: terminated)
        employee.compensation = compensation
        let single = PolicyTimeline.Entry(id: "p1", effectiveFrom: localDate("2026-01-01"), policy: policy)
        let timeline = PolicyTimeline(policies.isEmpty ? [single] : policies)
        let days = EmployeeDays(employee: employee, schedule: schedule, holidays: holidays, policies: timeline, records: records)
        return PayrollCalculator.Input(days: days, period: PayPeriod(period)!, asOf: asOf.map(localDate), status: status)
    }

    static func warning(_ code: String, _ date: String? = nil) -> Payslip.Warning {
        Payslip.Warning(code: code, date: date.map(localDate))
    }

    // MARK: Joining and leaving

    @Test("hired on Monday the 16th: 11 eligible days, BASE over the month's 21, contractual basis prorated 11/21")
    func midMonthHire() throws {
        // Window 16–30: weekdays 16–20, 23–27, 30 = 11 eligible; the 18th unmarked → unpaid 1.
        // BASE = 15,000,000 × (11 − 1) / 21 = 150,000,000 / 21 = 7,142,857.142… → 7,142,857
        // SI 8 % of contractual 15,000,000 × 11/21 = 13,200,000 / 21 = 628,571.428… → 628,571
        // (the basis is prorated by eligible days, not reduced by the unpaid day)
        let slip = try PayrollCalculator.payslip(
            Self.input(
                hired: "2026-11-16", compensation: [Self.monthly(15_000_000, from: "2026-11-16")],
                policy: Self.policy(deductions: [.init(code: "SI", name: "Social insurance", basis: "contractual", percent: "8")]),
                records: Self.fullDays([16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 30], except: [18])))
        #expect(slip.employmentWindow.from == localDate("2026-11-16"))
        #expect(slip.employmentWindow.to == localDate("2026-11-30"))
        #expect(slip.days.scheduled == 21)
        #expect(slip.days.eligible == 11)
        #expect(slip.days.present == 10)
        #expect(slip.days.unmarked == 1)
        #expect(slip.days.unpaid == "1")
        #expect(slip.days.payable == "10")
        #expect(slip.earnings.map(\.code) == ["BASE"])
        #expect(slip.earnings.map(\.amountMinor) == [7_142_857])
        #expect(slip.earnings.first?.quantity == "10")
        #expect(slip.deductions.map(\.amountMinor) == [628_571])
        #expect(slip.grossMinor == 7_142_857)
        #expect(slip.totalDeductionsMinor == 628_571)
        #expect(slip.netMinor == 6_514_286)  // 7,142,857 − 628,571
        #expect(slip.warnings.isEmpty)
    }

    @Test("terminated Wednesday the 11th, inclusive: 8 eligible days")
    func midMonthTermination() throws {
        // Window 1–11: weekdays 2–6, 9, 10, 11 = 8 eligible (the termination date counts), all worked.
        // BASE = 15,000,000 × 8 / 21 = 120,000,000 / 21 = 5,714,285.714… → 5,714,286
        // SI 8 % of 15,000,000 × 8/21 = 9,600,000 / 21 = 457,142.857… → 457,143
        let slip = try PayrollCalculator.payslip(
            Self.input(
                terminated: "2026-11-11", compensation: [Self.monthly(15_000_000)],
                policy: Self.policy(deductions: [.init(code: "SI", name: "Social insurance", basis: "contractual", percent: "8")]),
                records: Self.fullDays([2, 3, 4, 5, 6, 9, 10, 11])))
        #expect(slip.employmentWindow.from == localDate("2026-11-01"))
        #expect(slip.employmentWindow.to == localDate("2026-11-11"))
        #expect(slip.days.scheduled == 21)
        #expect(slip.days.eligible == 8)
        #expect(slip.days.present == 8)
        #expect(slip.days.unpaid == "0")
        #expect(slip.days.payable == "8")
        #expect(slip.earnings.map(\.amountMinor) == [5_714_286])
        #expect(slip.deductions.map(\.amountMinor) == [457_143])
        #expect(slip.netMinor == 5_257_143)  // 5,714,286 − 457,143
    }

    @Test("an employee not employed in the period is refused with no_employment_in_period")
    func notEmployed() {
        let later = Self.input(hired: "2026-12-01", compensation: [Self.monthly(15_000_000, from: "2026-12-01")], records: [])
        #expect(refusal { _ = try PayrollCalculator.payslip(later) } == "no_employment_in_period")
        let left = Self.input(terminated: "2026-10-31", compensation: [Self.monthly(15_000_000)], records: [])
        #expect(refusal { _ = try PayrollCalculator.payslip(left) } == "no_employment_in_period")
    }

    // MARK: Compensation

    @Test("a raise from the 16th: one BASE line per segment, each with its own overtime rate")
    func salaryChangeMidMonth() throws {
        // Segment 1–15: 10 eligible (2–6, 9–13); segment 16–30: 11 eligible. All worked.
        // BASE₁ = 15,000,000 × 10 / 21 = 7,142,857.142… → 7,142,857
        // BASE₂ = 18,000,000 × 11 / 21 = 9,428,571.428… → 9,428,571
        // 5th and 19th 08:00–18:00 = 600 − 60 = 540 worked → 60 min overtime each:
        // OT₁ = 1 h × 1.5 × 15,000,000 / 168 h = 22,500,000 / 168 = 133,928.571… → 133,929
        // OT₂ = 1 h × 1.5 × 18,000,000 / 168 h = 27,000,000 / 168 = 160,714.285… → 160,714
        // gross = 7,142,857 + 133,929 + 9,428,571 + 160,714 = 16,866,071
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(15_000_000), Self.monthly(18_000_000, from: "2026-11-16")],
                records: Self.fullDays(except: [5, 19]) + [Self.work(5, "08:00", "18:00"), Self.work(19, "08:00", "18:00")]))
        #expect(slip.earnings.map(\.code) == ["BASE", "OT150", "BASE", "OT150"])
        #expect(slip.earnings.map(\.amountMinor) == [7_142_857, 133_929, 9_428_571, 160_714])
        #expect(slip.earnings.map(\.quantity) == ["10", "1", "11", "1"])
        #expect(slip.grossMinor == 16_866_071)
        #expect(slip.compensation.count == 2)
        #expect(slip.warnings == [Self.warning("compensation_changed_mid_period", "2026-11-16")])
        #expect(slip.minutes.overtime == [Payslip.OvertimeMinutes(dayType: .workday, minutes: 120, multiplier: "1.5")])
    }

    @Test("allowances: each its own line, prorated like BASE, outside the overtime rate and the contractual basis")
    func allowances() throws {
        // The 3rd unmarked → payable 20 of 21. The 5th 08:00–19:00 = 660 − 60 = 600 → 120 min overtime.
        // BASE  = 15,000,000 × 20 / 21 = 14,285,714.285… → 14,285,714
        // OT150 = 2 h × 1.5 × 15,000,000 / 168 = 45,000,000 / 168 = 267,857.142… → 267,857
        //         (with the allowances in the rate it would be 3 × 15,930,000 / 168 = 284,464)
        // LUNCH = 730,000 × 20 / 21 = 14,600,000 / 21 = 695,238.095… → 695,238
        // PHONE = 200,000 × 20 / 21 = 4,000,000 / 21 = 190,476.190… → 190,476
        // gross = 14,285,714 + 267,857 + 695,238 + 190,476 = 15,439,285
        // SI 8 % of contractual 15,000,000 (base only) = 1,200,000; net = 14,239,285
        let extras = [
            PayComponent(code: "LUNCH", kind: .allowance, amountMinor: 730_000),
            PayComponent(code: "PHONE", kind: .allowance, amountMinor: 200_000),
            PayComponent(code: "INS", kind: .insuranceBase, amountMinor: 5_000_000),
        ]
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(15_000_000, with: extras)],
                policy: Self.policy(deductions: [.init(code: "SI", name: "Social insurance", basis: "contractual", percent: "8")]),
                records: Self.fullDays(except: [3, 5]) + [Self.work(5, "08:00", "19:00")]))
        #expect(slip.earnings.map(\.code) == ["BASE", "OT150", "LUNCH", "PHONE"])
        #expect(slip.earnings.map(\.amountMinor) == [14_285_714, 267_857, 695_238, 190_476])
        #expect(slip.earnings.first { $0.code == "LUNCH" }?.quantity == "20")
        #expect(slip.grossMinor == 15_439_285)
        #expect(slip.deductions.map(\.amountMinor) == [1_200_000])
        #expect(slip.netMinor == 14_239_285)
    }

    @Test("hourly staff: REGULAR = rate × regular minutes / 60, paid leave at the schedule, overtime at rate × multiplier")
    func hourlyStaff() throws {
        // Rate 50,000 VND/h. 17 weekdays 480; the 3rd paid leave (480 regular); the 4th 08:00–13:10 = 310
        // (no break, half day); the 5th 08:00–18:00 = 540 (480 regular + 60 overtime); the 6th unmarked (0).
        // regular = 17 × 480 + 480 + 310 + 480 + 0 = 9,430 min
        // REGULAR = 50,000 × 9,430 / 60 = 471,500,000 / 60 = 7,858,333.333… → 7,858,333
        // OT150   = 1 h × 1.5 × 50,000 = 75,000
        // SI 8 % of contractual (the hourly base pay 7,858,333) = 628,666.64 → 628,667
        // net = 7,933,333 − 628,667 = 7,304,666
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.hourly(50_000)],
                policy: Self.policy(deductions: [.init(code: "SI", name: "Social insurance", basis: "contractual", percent: "8")]),
                records: Self.fullDays(except: [3, 4, 5, 6])
                    + [leaveRecord("l3", on: "2026-11-03"), Self.work(4, "08:00", "13:10"), Self.work(5, "08:00", "18:00")]))
        #expect(slip.earnings.map(\.code) == ["REGULAR", "OT150"])
        #expect(slip.earnings.map(\.amountMinor) == [7_858_333, 75_000])
        #expect(slip.earnings.first?.quantity == "943/6")  // 9,430 / 60 h, never rounded
        #expect(slip.earnings.first?.rate == "50000")
        #expect(slip.minutes.regular == 9_430)
        #expect(slip.minutes.worked == 9_010)  // 17 × 480 + 310 + 540
        #expect(slip.days.present == 18)
        #expect(slip.days.halfDay == 1)
        #expect(slip.days.unmarked == 1)
        #expect(slip.days.paidLeave == "1")
        #expect(slip.grossMinor == 7_933_333)
        #expect(slip.deductions.map(\.amountMinor) == [628_667])
        #expect(slip.netMinor == 7_304_666)
    }

    // MARK: Schedules and holidays

    @Test("a part-timer on 240 minutes who works 240 is present; the overtime rate is over 84 h")
    func partTimer() throws {
        // Mon–Fri 240: 21 days, 5,040 min = 84 h. 08:00–12:00 = 240 (no break) → present, unpaid 0.
        // The 5th 08:00–13:00 = 300 → 60 min overtime: 1 × 1.5 × 6,000,000 / 84 = 107,142.857… → 107,143
        var records: [AttendanceRecord] = Self.novemberWeekdays.filter { $0 != 5 }.map { Self.work($0, "08:00", "12:00") }
        records.append(Self.work(5, "08:00", "13:00"))
        let slip = try PayrollCalculator.payslip(
            Self.input(compensation: [Self.monthly(6_000_000)], schedule: Self.schedule([240, 240, 240, 240, 240, 0, 0]), records: records))
        #expect(slip.days.scheduled == 21)
        #expect(slip.days.present == 21)
        #expect(slip.days.halfDay == 0)
        #expect(slip.days.unpaid == "0")
        #expect(slip.earnings.map(\.code) == ["BASE", "OT150"])
        #expect(slip.earnings.map(\.amountMinor) == [6_000_000, 107_143])
        #expect(slip.grossMinor == 6_107_143)
    }

    @Test("Saturday mornings: scheduled days include Saturdays, a Saturday worked 240 is present")
    func saturdayMornings() throws {
        // Mon–Fri 480 + Sat 240: 21 + 4 = 25 days; 21 × 480 + 4 × 240 = 11,040 min = 184 h.
        // Sat 7 and 21: 08:00–12:00 = 240 → present. Sat 14: 08:00–13:00 = 300 → 60 min overtime.
        // Sat 28: nothing → unmarked, unpaid 1.
        // BASE  = 15,000,000 × 24 / 25 = 14,400,000
        // OT150 = 1 × 1.5 × 15,000,000 / 184 = 22,500,000 / 184 = 122,282.608… → 122,283
        let saturdays: [AttendanceRecord] = [Self.work(7, "08:00", "12:00"), Self.work(14, "08:00", "13:00"), Self.work(21, "08:00", "12:00")]
        let records = Self.fullDays() + saturdays
        let slip = try PayrollCalculator.payslip(
            Self.input(compensation: [Self.monthly(15_000_000)], schedule: Self.schedule([480, 480, 480, 480, 480, 240, 0]), records: records))
        #expect(slip.days.scheduled == 25)
        #expect(slip.days.eligible == 25)
        #expect(slip.days.present == 24)
        #expect(slip.days.unmarked == 1)
        #expect(slip.days.unpaid == "1")
        #expect(slip.earnings.map(\.code) == ["BASE", "OT150"])
        #expect(slip.earnings.map(\.amountMinor) == [14_400_000, 122_283])
        #expect(slip.grossMinor == 14_522_283)
        #expect(slip.minutes.worked == 10_860)  // 21 × 480 + 2 × 240 + 300
    }

    @Test("holidays are off, not scheduled; work on one is holiday overtime ×3.0 (OT300)")
    func holidays() throws {
        // Thu 19 and Fri 20 are holidays: 19 scheduled days, 19 × 480 = 9,120 min = 152 h.
        // The 20th worked 08:00–12:00 = 240 → all of it overtime at 3.0, not a present day.
        // BASE  = 15,000,000 × 19 / 19 = 15,000,000
        // OT300 = 4 h × 3.0 × 15,000,000 / 152 = 180,000,000 / 152 = 1,184,210.526… → 1,184,211
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(15_000_000)], holidays: [localDate("2026-11-19"), localDate("2026-11-20")],
                records: Self.fullDays(except: [19, 20]) + [Self.work(20, "08:00", "12:00")]))
        #expect(slip.days.scheduled == 19)
        #expect(slip.days.eligible == 19)
        #expect(slip.days.holidays == 2)
        #expect(slip.days.present == 19)
        #expect(slip.days.unmarked == 0)
        #expect(slip.days.unpaid == "0")
        #expect(slip.earnings.map(\.code) == ["BASE", "OT300"])
        #expect(slip.earnings.map(\.amountMinor) == [15_000_000, 1_184_211])
        #expect(slip.minutes.overtime == [Payslip.OvertimeMinutes(dayType: .holiday, minutes: 240, multiplier: "3.0")])
        #expect(slip.grossMinor == 16_184_211)
    }

    // MARK: Worked time and overtime

    @Test("08:00–17:00 on a 480 day is 480 worked after the lunch break: no overtime line")
    func lunchBreakIsNotOvertime() throws {
        // Every weekday 08:00–17:00 (540 − 60); the 2nd as 08:00–12:00 + 13:00–17:00 (the gap is the break).
        let records = Self.fullDays(except: [2]) + [Self.work(2, "08:00", "12:00"), Self.work(2, "13:00", "17:00")]
        let slip = try PayrollCalculator.payslip(Self.input(compensation: [Self.monthly(15_000_000)], records: records))
        #expect(slip.earnings.map(\.code) == ["BASE"])
        #expect(slip.earnings.map(\.amountMinor) == [15_000_000])
        #expect(slip.minutes.overtime.isEmpty)
        #expect(slip.minutes.worked == 10_080)  // 21 × 480
        #expect(slip.minutes.regular == 10_080)
        #expect(slip.days.present == 21)
    }

    @Test("20 minutes over the schedule is below the 30-minute block: no overtime")
    func overtimeBelowBlock() throws {
        // The 5th 08:00–17:20 = 560 − 60 = 500 worked → 20 over < 30 → 0 credited.
        let slip = try PayrollCalculator.payslip(
            Self.input(compensation: [Self.monthly(15_000_000)], records: Self.fullDays(except: [5]) + [Self.work(5, "08:00", "17:20")]))
        #expect(slip.earnings.map(\.code) == ["BASE"])
        #expect(slip.minutes.overtime.isEmpty)
        #expect(slip.minutes.worked == 10_100)  // 20 × 480 + 500
        #expect(slip.grossMinor == 15_000_000)
        #expect(slip.warnings.isEmpty)
    }

    @Test("400 minutes over is capped at 240 a day, with overtime_capped on that date")
    func overtimeCapped() throws {
        // The 5th 08:00–23:40 = 940 − 60 = 880 worked → 400 over → floored to 390 → capped at 240.
        // OT150 = 4 h × 1.5 × 15,000,000 / 168 = 90,000,000 / 168 = 535,714.285… → 535,714
        let slip = try PayrollCalculator.payslip(
            Self.input(compensation: [Self.monthly(15_000_000)], records: Self.fullDays(except: [5]) + [Self.work(5, "08:00", "23:40")]))
        #expect(slip.earnings.map(\.code) == ["BASE", "OT150"])
        #expect(slip.earnings.map(\.amountMinor) == [15_000_000, 535_714])
        #expect(slip.minutes.overtime == [Payslip.OvertimeMinutes(dayType: .workday, minutes: 240, multiplier: "1.5")])
        #expect(slip.warnings == [Self.warning("overtime_capped", "2026-11-05")])
        #expect(slip.grossMinor == 15_535_714)
    }

    @Test("open records are excluded from worked time, with open_record_excluded on their date")
    func openRecordExcluded() throws {
        // The 5th has only an open record: 0 worked → absent, unpaid 1.
        // BASE = 15,000,000 × 20 / 21 = 14,285,714.285… → 14,285,714
        let open = workRecord("open5", "2026-11-05T08:00:00+07:00", nil)
        let slip = try PayrollCalculator.payslip(
            Self.input(compensation: [Self.monthly(15_000_000)], records: Self.fullDays(except: [5]) + [open]))
        #expect(slip.warnings == [Self.warning("open_record_excluded", "2026-11-05")])
        #expect(slip.days.present == 20)
        #expect(slip.days.absent == 1)
        #expect(slip.days.unmarked == 0)
        #expect(slip.days.unpaid == "1")
        #expect(slip.minutes.worked == 9_600)  // 20 × 480
        #expect(slip.earnings.map(\.amountMinor) == [14_285_714])
    }

    // MARK: Leave

    @Test("half-day paid leave with nothing worked leaves half a day unpaid")
    func halfDayLeaveAlone() throws {
        // The 3rd: paid 0.5, credit 0 → unpaid 0.5.  BASE = 12,000,000 × 20.5 / 21 = 11,714,285.714… → 11,714,286
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(12_000_000)],
                records: Self.fullDays(except: [3]) + [leaveRecord("l3", on: "2026-11-03", .paidLeave, .half)]))
        #expect(slip.days.unpaid == "0.5")
        #expect(slip.days.paidLeave == "0.5")
        #expect(slip.days.payable == "20.5")
        #expect(slip.earnings.map(\.amountMinor) == [11_714_286])
    }

    @Test("half-day paid leave plus half a day worked (240 of 480) is a whole paid day")
    func halfDayLeaveAndHalfWorked() throws {
        // The 3rd: paid 0.5 + credit 0.5 (240 ≥ 480 / 2) → unpaid 0.  BASE = 12,000,000.
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(12_000_000)],
                records: Self.fullDays(except: [3]) + [leaveRecord("l3", on: "2026-11-03", .paidLeave, .half), Self.work(3, "08:00", "12:00")]))
        #expect(slip.days.unpaid == "0")
        #expect(slip.days.paidLeave == "0.5")
        #expect(slip.days.halfDay == 1)
        #expect(slip.earnings.map(\.amountMinor) == [12_000_000])
        #expect(slip.warnings.isEmpty)
    }

    @Test("a full day of unpaid leave is a whole unpaid day")
    func fullUnpaidLeave() throws {
        // The 3rd: unpaid leave 1 → unpaid 1.  BASE = 12,000,000 × 20 / 21 = 11,428,571.428… → 11,428,571
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(12_000_000)],
                records: Self.fullDays(except: [3]) + [leaveRecord("l3", on: "2026-11-03", .unpaidLeave)]))
        #expect(slip.days.unpaid == "1")
        #expect(slip.days.unpaidLeave == "1")
        #expect(slip.days.paidLeave == "0")
        #expect(slip.days.absent == 0)
        #expect(slip.earnings.map(\.amountMinor) == [11_428_571])
    }

    // MARK: Policy versions

    @Test("a policy change on the 16th: overtime before and after at its own multiplier; deductions from the last day's version")
    func policyChangeMidMonth() throws {
        // p1 (workday 1.5, fixed OLD) until the 15th; p2 (workday 2.0, SI 8 % contractual) from the 16th.
        // The 5th and the 19th 08:00–19:00 = 600 worked → 120 min overtime each.
        // OT150 = 2 × 1.5 × 15,000,000 / 168 = 45,000,000 / 168 = 267,857.142… → 267,857
        // OT200 = 2 × 2.0 × 15,000,000 / 168 = 60,000,000 / 168 = 357,142.857… → 357,143
        // gross = 15,000,000 + 267,857 + 357,143 = 15,625,000; SI (p2) = 1,200,000; net 14,425,000
        let p1 = Self.policy(deductions: [.init(code: "OLD", name: "Old fixed", basis: "fixed", amountMinor: 100_000)])
        let p2 = Self.policy(deductions: [.init(code: "SI", name: "Social insurance", basis: "contractual", percent: "8")], workday: "2.0")
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(15_000_000)],
                policies: [
                    .init(id: "p1", effectiveFrom: localDate("2026-01-01"), policy: p1),
                    .init(id: "p2", effectiveFrom: localDate("2026-11-16"), policy: p2),
                ],
                records: Self.fullDays(except: [5, 19]) + [Self.work(5, "08:00", "19:00"), Self.work(19, "08:00", "19:00")]))
        #expect(slip.earnings.map(\.code) == ["BASE", "OT150", "OT200"])
        #expect(slip.earnings.map(\.amountMinor) == [15_000_000, 267_857, 357_143])
        #expect(
            slip.minutes.overtime == [
                Payslip.OvertimeMinutes(dayType: .workday, minutes: 120, multiplier: "1.5"),
                Payslip.OvertimeMinutes(dayType: .workday, minutes: 120, multiplier: "2.0"),
            ])
        #expect(slip.policyVersions == ["p1", "p2"])
        #expect(slip.policyVersion == "p2")
        #expect(slip.deductions.map(\.code) == ["SI"])
        #expect(slip.deductions.map(\.amountMinor) == [1_200_000])
        #expect(slip.grossMinor == 15_625_000)
        #expect(slip.netMinor == 14_425_000)
    }

    // MARK: Deductions

    @Test("a fixed deduction larger than gross floors net at 0 with deductions_exceed_gross")
    func deductionsExceedGross() throws {
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(15_000_000)],
                policy: Self.policy(deductions: [.init(code: "ADV", name: "Advance repayment", basis: "fixed", amountMinor: 20_000_000)]),
                records: Self.fullDays()))
        #expect(slip.grossMinor == 15_000_000)
        #expect(slip.deductions.map(\.amountMinor) == [20_000_000])
        #expect(slip.totalDeductionsMinor == 20_000_000)
        #expect(slip.netMinor == 0)
        #expect(slip.warnings == [Self.warning("deductions_exceed_gross")])
    }

    @Test("percentage deductions on contractual, insurance and gross bases; a cap limits the amount")
    func percentageDeductions() throws {
        // The 3rd unmarked: BASE = gross = 15,000,000 × 20 / 21 = 14,285,714.285… → 14,285,714
        // SI  8 % of contractual 15,000,000 (21/21 eligible)      = 1,200,000
        // HI  1.5 % of insurance_base 5,300,000                   = 79,500
        // UI  1 % of insurance 5,300,000 = 53,000, cap 50,000    → 50,000
        // PIT 5 % of gross 14,285,714 = 714,285.7                 → 714,286
        // CAP 10 % of gross = 1,428,571.4, cap 1,000,000         → 1,000,000
        // total = 3,043,786; net = 14,285,714 − 3,043,786 = 11,241,928
        let deductions: [CompanyPolicy.Deduction] = [
            .init(code: "SI", name: "Social insurance", basis: "contractual", percent: "8"),
            .init(code: "HI", name: "Health insurance", basis: "insurance", percent: "1.5"),
            .init(code: "UI", name: "Unemployment insurance", basis: "insurance", percent: "1", capMinor: 50_000),
            .init(code: "PIT", name: "Income tax", basis: "gross", percent: "5"),
            .init(code: "CAP", name: "Capped levy", basis: "gross", percent: "10", capMinor: 1_000_000),
        ]
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(15_000_000, with: [PayComponent(code: "INS", kind: .insuranceBase, amountMinor: 5_300_000)])],
                policy: Self.policy(deductions: deductions), records: Self.fullDays(except: [3])))
        #expect(slip.earnings.map(\.code) == ["BASE"])
        #expect(slip.grossMinor == 14_285_714)
        #expect(slip.deductions.map(\.code) == ["SI", "HI", "UI", "PIT", "CAP"])
        #expect(slip.deductions.map(\.amountMinor) == [1_200_000, 79_500, 50_000, 714_286, 1_000_000])
        #expect(slip.totalDeductionsMinor == 3_043_786)
        #expect(slip.netMinor == 11_241_928)
        #expect(slip.warnings.isEmpty)
    }

    // MARK: Rounding and range

    @Test("VND: a BASE of exactly x.5 đồng rounds up")
    func roundingHalfVND() throws {
        // 10,500,021 = 21 × 500,001. The 4th 08:00–13:00 = 300 → half day → payable 20.5.
        // BASE = 10,500,021 × 20.5 / 21 = 500,001 × 41 / 2 = 20,500,041 / 2 = 10,250,020.5 → 10,250,021
        let slip = try PayrollCalculator.payslip(
            Self.input(compensation: [Self.monthly(10_500_021)], records: Self.fullDays(except: [4]) + [Self.work(4, "08:00", "13:00")]))
        #expect(slip.currencyExponent == 0)
        #expect(slip.days.payable == "20.5")
        #expect(slip.earnings.map(\.amountMinor) == [10_250_021])
        #expect(slip.earnings.first?.calculation.hasSuffix("= 10250020.5 → 10250021") == true)
    }

    @Test("USD: amounts in cents; a line on exactly half a cent rounds away from zero")
    func roundingHalfUSD() throws {
        // $4,200.21 = 420,021 cents = 21 × 20,001. Half day on the 4th → payable 20.5.
        // BASE = 420,021 × 20.5 / 21 = 20,001 × 41 / 2 = 820,041 / 2 = 410,020.5 → 410,021 ($4,100.21)
        // TAX 10 % of gross 410,021 = 41,002.1 → 41,002; net 369,019
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(420_021, currency: "USD")],
                policy: Self.policy(deductions: [.init(code: "TAX", name: "Tax", basis: "gross", percent: "10")], currency: "USD"),
                records: Self.fullDays(except: [4]) + [Self.work(4, "08:00", "13:00")]))
        #expect(slip.currency == "USD")
        #expect(slip.currencyExponent == 2)
        #expect(slip.earnings.map(\.amountMinor) == [410_021])
        #expect(slip.earnings.first?.calculation.hasSuffix("= 410020.5 → 410021") == true)
        #expect(slip.deductions.map(\.amountMinor) == [41_002])
        #expect(slip.netMinor == 369_019)
    }

    @Test("amounts past Rational.maxAmountMinor are refused with amount_out_of_range, not trapped")
    func amountsOutOfRange() throws {
        let tooLarge = Rational.maxAmountMinor + 1
        func attempt(_ entry: CompensationEntry, _ policy: CompanyPolicy = CompanyPolicy()) -> String? {
            let input = Self.input(compensation: [entry], policy: policy, records: Self.fullDays())
            return refusal { _ = try PayrollCalculator.payslip(input) }
        }
        #expect(attempt(Self.monthly(tooLarge)) == "amount_out_of_range")
        #expect(attempt(Self.monthly(Int64.max)) == "amount_out_of_range")
        #expect(attempt(Self.monthly(-1)) == "amount_out_of_range")
        let bigAllowance = PayComponent(code: "BIG", kind: .allowance, amountMinor: tooLarge)
        #expect(attempt(Self.monthly(15_000_000, with: [bigAllowance])) == "amount_out_of_range")
        let bigInsurance = PayComponent(code: "INS", kind: .insuranceBase, amountMinor: Int64.max)
        #expect(attempt(Self.monthly(15_000_000, with: [bigInsurance])) == "amount_out_of_range")
        // An hourly rate at the maximum for 168 h is 1.68 × 10^17, past the line bound (10^17).
        #expect(attempt(Self.hourly(Rational.maxAmountMinor)) == "amount_out_of_range")
        // A fixed deduction of Int64.max does not fit a payslip line either.
        let huge = Self.policy(deductions: [.init(code: "X", name: "Huge", basis: "fixed", amountMinor: Int64.max)])
        #expect(attempt(Self.monthly(15_000_000), huge) == "amount_out_of_range")

        // Exactly the maximum is still paid: BASE and an allowance of 10^15 each, every day worked.
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [
                    Self.monthly(Rational.maxAmountMinor, with: [PayComponent(code: "ALW", kind: .allowance, amountMinor: Rational.maxAmountMinor)])
                ],
                records: Self.fullDays()))
        #expect(slip.earnings.map(\.amountMinor) == [Rational.maxAmountMinor, Rational.maxAmountMinor])
        #expect(slip.grossMinor == 2 * Rational.maxAmountMinor)
    }

    // MARK: Provisional payslips

    @Test("provisional as of Friday the 13th: later scheduled days are pending and payable")
    func provisionalAsOf() throws {
        // Judged 1–13: 10 weekdays, the 10th unmarked (unpaid 1). Pending: 16–20, 23–27, 30 = 11.
        // BASE = 15,000,000 × (21 − 1) / 21 = 14,285,714.285… → 14,285,714
        let slip = try PayrollCalculator.payslip(
            Self.input(
                compensation: [Self.monthly(15_000_000)], records: Self.fullDays([2, 3, 4, 5, 6, 9, 10, 11, 12, 13], except: [10]),
                asOf: "2026-11-13", status: "provisional"))
        #expect(slip.status == "provisional")
        #expect(slip.asOf == localDate("2026-11-13"))
        #expect(slip.days.pending == 11)
        #expect(slip.days.present == 9)
        #expect(slip.days.unmarked == 1)
        #expect(slip.days.absent == 0)
        #expect(slip.days.unpaid == "1")
        #expect(slip.days.payable == "20")
        #expect(slip.minutes.regular == 9_600)  // 9 × 480 worked + 11 × 480 pending
        #expect(slip.earnings.map(\.amountMinor) == [14_285_714])
    }

    @Test("a past period's payslip is as of its last day")
    func pastPeriodAsOf() throws {
        let slip = try PayrollCalculator.payslip(Self.input(compensation: [Self.monthly(15_000_000)], records: Self.fullDays()))
        #expect(slip.asOf == localDate("2026-11-30"))
        #expect(slip.days.pending == 0)
        #expect(slip.earnings.map(\.amountMinor) == [15_000_000])
        #expect(slip.policyVersions == ["p1"])
    }

    // MARK: Pay periods

    @Test("PayPeriod parses YYYY-MM only")
    func payPeriodParsing() throws {
        let period = try #require(PayPeriod("2026-11"))
        #expect(period.year == 2026)
        #expect(period.month == 11)
        #expect(period.description == "2026-11")
        for text in ["2026-13", "26-11", "2026-1", "2026-00", "202611", "2026-11-01", "", "2026/11"] {
            #expect(PayPeriod(text) == nil, "\(text)")
        }
    }

    @Test("PayPeriod refuses signed numbers (Int parsing accepts a leading +)")
    func payPeriodSigns() {
        // Int("+1") == 1, so these pass the digit-count checks unless digits are checked explicitly.
        for text in ["2026-+1", "+026-11"] {
            #expect(PayPeriod(text) == nil, "\(text)")
        }
    }

    @Test("PayPeriod start and end: February 2028 is a leap month, 2026 is not")
    func payPeriodBounds() throws {
        let leap = try #require(PayPeriod("2028-02"))
        #expect(leap.start == localDate("2028-02-01"))
        #expect(leap.end == localDate("2028-02-29"))
        #expect(leap.dates.count == 29)
        let plain = try #require(PayPeriod("2026-02"))
        #expect(plain.end == localDate("2026-02-28"))
        let november = try #require(PayPeriod("2026-11"))
        #expect(november.end == localDate("2026-11-30"))
        #expect(november.dates.count == 30)
        #expect(PayPeriod("2026-01")?.previous == PayPeriod("2025-12"))
    }
}
