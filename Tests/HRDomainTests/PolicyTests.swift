import Foundation
import Testing
@testable import HRDomain

@Suite("Company policy")
struct PolicyTests {
    func parse(_ json: String) throws(HRError) -> CompanyPolicy {
        try CompanyPolicy.parse(Data(json.utf8))
    }

    func pointers(_ json: String) -> [String] {
        do {
            _ = try parse(json)
            return []
        } catch {
            if case .validationFailed(let errors) = error { return errors.map(\.pointer) }
            return ["(\(error))"]
        }
    }

    @Test("an empty document gives the defaults of a Vietnamese company")
    func defaults() throws {
        let policy = try parse("{}")
        #expect(policy.currency == "VND")
        #expect(policy.companyTimeZone == "Asia/Ho_Chi_Minh")
        #expect(policy.attendance.unpaidBreakMinutes == 60 && policy.attendance.breakAfterMinutes == 360)
        #expect(policy.attendance.lateGraceMinutes == 10 && policy.attendance.earlyExitGraceMinutes == 10)
        #expect(policy.overtime.minimumBlockMinutes == 30 && policy.overtime.roundingStepMinutes == 15 && policy.overtime.dailyCapMinutes == 240)
        #expect(policy.overtime.multipliers == .init())
        #expect(policy.overtime.multipliers.holiday == "3.0")
    }

    @Test("given keys override defaults, the rest keep them")
    func partialOverride() throws {
        let policy = try parse(#"{"overtime": {"multipliers": {"workday": "1.75"}}, "deductions": [{"code": "SI", "name": "Social insurance", "basis": "insurance", "percent": "8", "capMinor": 3744000}]}"#)
        #expect(policy.overtime.multipliers.workday == "1.75")
        #expect(policy.overtime.multipliers.restDay == "2.0")
        #expect(policy.overtime.dailyCapMinutes == 240)
        #expect(policy.deductions.first?.capMinor == 3_744_000)
    }

    @Test("validation names the bad key", arguments: [
        (#"{"overtime": {"multiplier": {}}}"#, "/overtime/multiplier"),
        (#"{"attendance": {"lateGraceMinutes": "ten"}}"#, "/attendance/lateGraceMinutes"),
        (#"{"attendance": {"lateGraceMinutes": 500}}"#, "/attendance/lateGraceMinutes"),
        (#"{"companyTimeZone": "UTC+7"}"#, "/companyTimeZone"),
        (#"{"currency": "XYZ"}"#, "/currency"),
        (#"{"overtime": {"multipliers": {"holiday": 3}}}"#, "/overtime/multipliers/holiday"),
        (#"{"overtime": {"multipliers": {"holiday": "0.5"}}}"#, "/overtime/multipliers/holiday"),
        (#"{"attendance": {"unmarkedCountsAs": "maybe"}}"#, "/attendance/unmarkedCountsAs"),
        (#"{"deductions": [{"code": "X", "name": "X", "basis": "gross"}]}"#, "/deductions/0/percent"),
        (#"{"deductions": [{"code": "X", "name": "X", "basis": "fixed", "amountMinor": -1}]}"#, "/deductions/0/amountMinor"),
        (#"{"deductions": [{"code": "X", "name": "X", "basis": "gross", "percent": "1", "extra": 1}]}"#, "/deductions/0/extra"),
        (#"{"deductions": [{"code": "X", "name": "X", "basis": "weekly"}]}"#, "/deductions/0/basis"),
    ])
    func namesBadKey(json: String, pointer: String) {
        #expect(pointers(json).contains(pointer), "\(json) → \(pointers(json))")
    }

    @Test("not JSON, or not an object, is malformed")
    func malformed() {
        #expect(throws: HRError.self) { try parse("nope") }
        #expect(throws: HRError.malformedJSON("the policy must be a JSON object")) { try parse("[1]") }
    }

    @Test("decimal text", arguments: [("1.5", true), ("10", true), ("0.000001", true), ("1e3", false), ("-1", false), ("1.", false), ("", false)])
    func decimals(text: String, valid: Bool) {
        #expect(DecimalText.isValid(text, within: 0...1000) == valid)
    }
}

@Suite("Work schedules")
struct WorkScheduleTests {
    @Test("weekday index: Monday is 0", arguments: [("2026-11-23", 0), ("2026-11-25", 2), ("2026-11-29", 6), ("1970-01-01", 3), ("2024-02-29", 3)])
    func weekdays(date: String, index: Int) throws {
        #expect(try #require(LocalDate(date)).weekdayIndex == index)
    }

    @Test("day arithmetic across months, leap days and years")
    func dayArithmetic() throws {
        let date = try #require(LocalDate("2024-02-28"))
        #expect(try date.adding(days: 1).description == "2024-02-29")
        #expect(try date.adding(days: 2).description == "2024-03-01")
        #expect(try #require(LocalDate("2026-12-31")).adding(days: 1).description == "2027-01-01")
        #expect(LocalDate(daysSinceEpoch: date.daysSinceEpoch) == date)
    }

    @Test("arithmetic past either end of years 1–9999 throws instead of trapping")
    func dayArithmeticAtTheEnds() throws {
        #expect(throws: DateOutOfRange.self) { try LocalDate.last.adding(days: 1) }
        #expect(throws: DateOutOfRange.self) { try LocalDate.first.adding(days: -1) }
        #expect(throws: DateOutOfRange.self) { try LocalDate.last.adding(days: Int.max) }
        #expect(throws: DateOutOfRange.self) { try LocalDate.first.adding(days: Int.min) }
        #expect(throws: DateOutOfRange.self) { try LocalDate.last.adding(years: 1) }
        #expect(LocalDate.last.next == nil)
        #expect(LocalDate(daysSinceEpoch: LocalDate.last.daysSinceEpoch + 1) == nil)
        #expect(LocalDate(daysSinceEpoch: LocalDate.first.daysSinceEpoch - 1) == nil)
        #expect(LocalDate(daysSinceEpoch: Int.max) == nil)
        #expect(try LocalDate.last.adding(days: -1).description == "9999-12-30")
        #expect(try #require(LocalDate("2024-02-29")).adding(years: 1).description == "2025-02-28")
        let lastMonth = try #require(PayPeriod("9999-12"))
        #expect(lastMonth.dates.count == 31)
        #expect(lastMonth.dates.last == LocalDate.last)
        #expect(lastMonth.next == nil)
        #expect(try #require(PayPeriod("0001-01")).previous == nil)
        #expect(LocalDate.days(in: LocalDate.last...LocalDate.last) == [LocalDate.last])
    }

    @Test("an instant outside years 1–9999 in its zone has no local date; clamping holds it to the ends")
    func instantsAtTheEnds() throws {
        // Two years before 0001-01-01 (the calendar's Julian dates before 1582 do not shift it back in).
        let tooEarly = Date(timeIntervalSince1970: -62_135_596_800 - 2 * 366 * 86_400)
        #expect(LocalDate(tooEarly, in: .gmt) == nil)
        #expect(LocalDate(clamping: tooEarly, in: .gmt) == LocalDate.first)
        let tooLate = Date(timeIntervalSince1970: 253_402_300_800 + 3600)
        #expect(LocalDate(tooLate, in: .gmt) == nil)
        #expect(LocalDate(clamping: tooLate, in: .gmt) == LocalDate.last)
    }

    @Test("API dates: 1900 to a year ahead; periods from the first hire's month to the current month")
    func dateLimits() throws {
        let today = try #require(LocalDate("2026-12-04"))
        func code(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as HRError {
                if case .ruleViolation(let code, _, _) = error { return code }
                return "other"
            } catch { return "other" }
            return nil
        }
        let date = { (text: String) in LocalDate(text) ?? .first }
        #expect(code { try DateLimits.check(date("1900-01-01"), field: "/hireDate", today: today) } == nil)
        #expect(code { try DateLimits.check(date("1899-12-31"), field: "/hireDate", today: today) } == "date_out_of_range")
        #expect(code { try DateLimits.check(date("2027-12-04"), field: "/hireDate", today: today) } == nil)
        #expect(code { try DateLimits.check(date("2027-12-05"), field: "/hireDate", today: today) } == "date_out_of_range")
        #expect(code { try DateLimits.check(.last, field: "/workDate", today: today) } == "date_out_of_range")
        #expect(code { try DateLimits.check(.first, field: "/workDate", today: today) } == "date_out_of_range")
        #expect(DateLimits.latestHoliday(today: today).description == "2028-12-31")
        #expect(DateLimits.latest(today: .last) == .last)
        let hire = date("2020-03-15")
        let period = { (text: String) in PayPeriod(text) ?? PayPeriod(containing: today) }
        #expect(code { try DateLimits.check(period: period("2020-03"), firstHire: hire, today: today, field: "/period") } == nil)
        #expect(code { try DateLimits.check(period: period("2020-02"), firstHire: hire, today: today, field: "/period") } == "period_out_of_range")
        #expect(code { try DateLimits.check(period: period("0001-01"), firstHire: hire, today: today, field: "/period") } == "period_out_of_range")
        #expect(code { try DateLimits.check(period: period("2026-12"), firstHire: hire, today: today, field: "/period") } == nil)
        #expect(code { try DateLimits.check(period: period("2027-01"), firstHire: hire, today: today, field: "/period") } == "period_out_of_range")
        #expect(code { try DateLimits.check(period: period("2026-12"), firstHire: nil, today: today, field: "/period") } == nil)
        #expect(code { try DateLimits.check(period: period("2026-11"), firstHire: nil, today: today, field: "/period") } == "period_out_of_range")
        #expect(code { try DateLimits.check(instant: DateLimits.earliestInstant, field: "/checkInAt") } == nil)
        #expect(code { try DateLimits.check(instant: DateLimits.earliestInstant.addingTimeInterval(-1), field: "/checkInAt") } == "date_out_of_range")
    }

    @Test("the version in force on a date is the latest effective on or before it")
    func effectiveDated() throws {
        let first = ScheduleVersion(effectiveFrom: LocalDate("2026-01-01")!, minutesByWeekday: [480, 480, 480, 480, 480, 0, 0])
        let second = ScheduleVersion(effectiveFrom: LocalDate("2026-06-01")!, minutesByWeekday: [480, 480, 480, 480, 480, 240, 0])
        let schedule = WorkSchedule(
            id: "s", code: "STD", name: "Standard", holidayCalendarID: nil, versions: [first, second], version: 2,
            createdAt: Date(), updatedAt: Date())
        #expect(schedule.scheduledMinutes(on: LocalDate("2025-12-31")!) == nil)
        #expect(schedule.scheduledMinutes(on: LocalDate("2026-05-30")!) == 0, "a Saturday before June")
        #expect(schedule.scheduledMinutes(on: LocalDate("2026-06-06")!) == 240, "a Saturday from June")
        #expect(schedule.scheduledMinutes(on: LocalDate("2026-06-01")!) == 480)
        #expect(ScheduleVersion.check([480, 480]) != nil)
        #expect(ScheduleVersion.check([480, 480, 480, 480, 480, 0, 1441]) != nil)
    }
}

@Suite("Termination rules")
struct TerminationRulesTests {
    func employee(hired: String = "2026-01-05", terminated: String? = nil) -> Employee {
        Employee(
            id: "e", employeeNumber: "E1", login: nil, firstName: "A", middleName: nil, lastName: "B", displayName: "A B",
            nameOrder: .givenFirst, workEmail: "a@example.com", phone: nil, jobTitle: nil, managerID: nil, employmentType: .fullTime,
            status: .active, hireDate: LocalDate(hired)!, terminationDate: terminated.flatMap(LocalDate.init), terminationReason: nil,
            timeZone: "UTC", version: 1, createdAt: Date(), updatedAt: Date())
    }

    let today = LocalDate("2026-11-25")!

    func decide(_ e: Employee, _ date: String, caller: String? = nil) throws(HRError) -> TerminationDecision {
        try TerminationRules.decide(employee: e, request: .init(date: LocalDate(date)!, reason: nil, reassignTo: nil), today: today, callerEmployeeID: caller)
    }

    @Test("today or earlier terminates now; later is scheduled; up to 90 days ahead")
    func timing() throws {
        #expect(try decide(employee(), "2026-11-25") == .terminateNow)
        #expect(try decide(employee(), "2026-11-01") == .terminateNow)
        #expect(try decide(employee(), "2026-11-26") == .schedule)
        #expect(try decide(employee(), "2027-02-23") == .schedule)
        #expect(throws: HRError.self) { try decide(employee(), "2027-02-24") }
    }

    @Test("before the hire date, self, and a different date for a recorded termination are refused; the same date is unchanged")
    func refusals() throws {
        #expect(throws: HRError.self) { try decide(employee(), "2026-01-04") }
        #expect(throws: HRError.self) { try decide(employee(), "2026-11-25", caller: "e") }
        #expect(try decide(employee(terminated: "2026-12-01"), "2026-12-01") == .unchanged)
        #expect(throws: HRError.self) { try decide(employee(terminated: "2026-12-01"), "2026-12-02") }
    }
}
