import Foundation
import Testing
@testable import HRDomain

@Suite("Attendance intervals")
struct AttendanceIntervalTests {
    let now = instant("2026-11-02T10:00:00Z")

    func check(_ checkIn: Date, _ checkOut: Date?) -> String? {
        refusal { try AttendanceRules.checkInterval(checkIn: checkIn, checkOut: checkOut, now: now, skewSeconds: 120) }
    }

    @Test("a check-out before the check-in is refused")
    func checkoutBeforeCheckin() {
        #expect(throws: HRError.ruleViolation(code: "checkout_before_checkin", detail: "checkOutAt must be after checkInAt", field: "/checkOutAt")) {
            try AttendanceRules.checkInterval(
                checkIn: instant("2026-11-02T09:00:00Z"), checkOut: instant("2026-11-02T08:00:00Z"), now: now, skewSeconds: 120)
        }
    }

    @Test("a record without length is refused")
    func zeroLength() {
        let at = instant("2026-11-02T08:00:00Z")
        #expect(check(at, at) == "zero_length_record")
    }

    @Test("exactly 24 hours is accepted, a second more is refused")
    func tooLong() {
        let start = instant("2026-11-01T09:00:00Z")
        #expect(check(start, start.addingTimeInterval(24 * 3600)) == nil)
        #expect(check(start, start.addingTimeInterval(24 * 3600 + 1)) == "record_too_long")
    }

    @Test("an ordinary closed interval and an open record in the past are accepted")
    func ordinary() {
        #expect(check(instant("2026-11-02T01:00:00Z"), instant("2026-11-02T09:59:00Z")) == nil)
        #expect(check(instant("2026-11-02T01:00:00Z"), nil) == nil)
    }

    @Test("instants past the clock plus 120 s of skew are refused; within the skew they are accepted")
    func futureTimestamps() {
        #expect(check(now.addingTimeInterval(120), nil) == nil)
        #expect(throws: HRError.ruleViolation(code: "future_timestamp", detail: "checkInAt is in the future", field: "/checkInAt")) {
            try AttendanceRules.checkInterval(checkIn: now.addingTimeInterval(121), checkOut: nil, now: now, skewSeconds: 120)
        }
        let earlier = now.addingTimeInterval(-3600)
        #expect(check(earlier, now.addingTimeInterval(120)) == nil)
        #expect(throws: HRError.ruleViolation(code: "future_timestamp", detail: "checkOutAt is in the future", field: "/checkOutAt")) {
            try AttendanceRules.checkInterval(checkIn: earlier, checkOut: now.addingTimeInterval(121), now: now, skewSeconds: 120)
        }
    }
}

@Suite("Attendance conflicts")
struct AttendanceConflictTests {
    let morning = workRecord("a", "2026-11-02T08:00:00+07:00", "2026-11-02T12:00:00+07:00")

    func conflict(_ candidate: AttendanceRecord, _ others: [AttendanceRecord]) -> String? {
        refusal { try AttendanceRules.checkConflicts(candidate, with: others) }
    }

    @Test("touching intervals are fine: out at 12:00, next in at 12:00")
    func touching() {
        let afternoon = workRecord("b", "2026-11-02T12:00:00+07:00", "2026-11-02T17:00:00+07:00")
        #expect(conflict(afternoon, [morning]) == nil)
        #expect(conflict(morning, [afternoon]) == nil)
    }

    @Test("an overlapping interval is refused, naming the record it overlaps")
    func overlap() {
        let overlapping = workRecord("b", "2026-11-02T11:59:00+07:00", "2026-11-02T13:00:00+07:00")
        #expect(
            throws: HRError.conflictWithRecord(
                code: "overlapping_record", detail: "the interval overlaps another record of this employee", recordID: "a")
        ) {
            try AttendanceRules.checkConflicts(overlapping, with: [morning])
        }
        let inside = workRecord("c", "2026-11-02T09:00:00+07:00", "2026-11-02T10:00:00+07:00")
        #expect(conflict(inside, [morning]) == "overlapping_record")
    }

    @Test("an open record blocks any later interval, but not an earlier one")
    func openRecord() {
        let stillOpen = workRecord("open", "2026-11-02T08:00:00+07:00", nil)
        let later = workRecord("b", "2026-11-02T20:00:00+07:00", "2026-11-02T21:00:00+07:00")
        let nextDay = workRecord("c", "2026-11-03T09:00:00+07:00", "2026-11-03T10:00:00+07:00")
        let earlier = workRecord("d", "2026-11-02T06:00:00+07:00", "2026-11-02T07:00:00+07:00")
        #expect(throws: HRError.conflictWithRecord(
            code: "overlapping_record", detail: "the interval overlaps another record of this employee", recordID: "open")
        ) {
            try AttendanceRules.checkConflicts(later, with: [stillOpen])
        }
        #expect(conflict(nextDay, [stillOpen]) == "overlapping_record")
        #expect(conflict(earlier, [stillOpen]) == nil)
        let secondOpen = workRecord("e", "2026-11-02T09:00:00+07:00", nil)
        #expect(conflict(secondOpen, [stillOpen]) == "overlapping_record", "one open record at a time")
    }

    @Test("voided records are ignored, and a voided candidate clashes with nothing")
    func voided() {
        let voidedWork = workRecord("v", "2026-11-02T09:00:00+07:00", "2026-11-02T10:00:00+07:00", state: .voided)
        let replacement = workRecord("b", "2026-11-02T09:00:00+07:00", "2026-11-02T10:00:00+07:00")
        #expect(conflict(replacement, [voidedWork]) == nil)
        #expect(conflict(voidedWork, [morning]) == nil)
        let voidedLeave = leaveRecord("l", on: "2026-11-02", state: .voided)
        #expect(conflict(morning, [voidedLeave]) == nil)
    }

    @Test("a record is not compared with its own stored version when edited")
    func editing() {
        let moved = workRecord("a", "2026-11-02T08:30:00+07:00", "2026-11-02T12:30:00+07:00")
        #expect(conflict(moved, [morning]) == nil)
    }

    @Test("work on a full day of leave is refused either way round")
    func workOnFullLeave() {
        let leave = leaveRecord("leave", on: "2026-11-02")
        #expect(throws: HRError.conflictWithRecord(code: "overlapping_record", detail: "2026-11-02 is a full day of leave", recordID: "leave")) {
            try AttendanceRules.checkConflicts(morning, with: [leave])
        }
        #expect(
            throws: HRError.conflictWithRecord(
                code: "overlapping_record", detail: "work is recorded on 2026-11-02; a full day of leave cannot be", recordID: "a")
        ) {
            try AttendanceRules.checkConflicts(leave, with: [morning])
        }
        #expect(conflict(morning, [leaveRecord("u", on: "2026-11-02", .unpaidLeave)]) == "overlapping_record")
        #expect(conflict(morning, [leaveRecord("other-day", on: "2026-11-03")]) == nil)
    }

    @Test("half a day of leave leaves room for work")
    func workOnHalfLeave() {
        let half = leaveRecord("half", on: "2026-11-02", .paidLeave, .half)
        #expect(conflict(morning, [half]) == nil)
        #expect(conflict(half, [morning]) == nil)
    }

    @Test("two half days of leave make a day; a full and a half day are too much")
    func leaveTotals() {
        let morningOff = leaveRecord("h1", on: "2026-11-02", .paidLeave, .half)
        let afternoonOff = leaveRecord("h2", on: "2026-11-02", .unpaidLeave, .half)
        let fullDay = leaveRecord("f", on: "2026-11-02", .paidLeave, .full)
        #expect(conflict(afternoonOff, [morningOff]) == nil)
        #expect(throws: HRError.conflictWithRecord(code: "overlapping_record", detail: "leave on 2026-11-02 would exceed one day", recordID: "f")) {
            try AttendanceRules.checkConflicts(morningOff, with: [fullDay])
        }
        #expect(conflict(fullDay, [morningOff]) == "overlapping_record")
        #expect(conflict(fullDay, [leaveRecord("f2", on: "2026-11-03")]) == nil)
    }
}

@Suite("Attendance and employment")
struct AttendanceEmploymentTests {
    func check(_ employee: Employee, _ date: String, selfService: Bool) -> String? {
        refusal { try AttendanceRules.checkEmployment(employee, workDate: localDate(date), selfService: selfService) }
    }

    @Test("records must fall between hire and termination, both days included")
    func employmentWindow() {
        let leaver = makeEmployee(hired: "2026-01-05", terminated: "2026-11-30")
        #expect(check(leaver, "2026-01-04", selfService: true) == "outside_employment")
        #expect(check(leaver, "2026-01-05", selfService: true) == nil)
        #expect(check(leaver, "2026-11-30", selfService: true) == nil)
        #expect(check(leaver, "2026-12-01", selfService: true) == "outside_employment")
        #expect(check(leaver, "2026-12-01", selfService: false) == "outside_employment")
    }

    @Test("an inactive employee cannot clock in, but HR may record their days")
    func inactive() {
        let suspended = makeEmployee(status: .inactive)
        #expect(throws: HRError.ruleViolation(code: "employee_not_active", detail: "the employee is inactive", field: nil)) {
            try AttendanceRules.checkEmployment(suspended, workDate: localDate("2026-11-02"), selfService: true)
        }
        #expect(check(suspended, "2026-11-02", selfService: false) == nil)
        #expect(check(suspended, "2026-01-04", selfService: false) == "outside_employment")
    }

    @Test("a leaver's last weeks can be entered by HR, not by the leaver")
    func terminated() {
        let leaver = makeEmployee(status: .terminated, terminated: "2026-11-20")
        #expect(check(leaver, "2026-11-20", selfService: true) == "employee_not_active")
        #expect(check(leaver, "2026-11-20", selfService: false) == nil)
    }
}

@Suite("Work dates and time zones")
struct WorkDateTests {
    func clock(_ moment: Date, _ zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let parts = calendar.dateComponents([.hour, .minute], from: moment)
        func pad(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "??" }
        return pad(parts.hour) + ":" + pad(parts.minute)
    }

    @Test("a 06:30 check-in in Ho Chi Minh City is on its local date, not the UTC one")
    func localDateOfCheckIn() {
        let checkIn = instant("2026-11-01T23:30:00Z")
        #expect(AttendanceRules.workDate(checkIn: checkIn, timeZone: "Asia/Ho_Chi_Minh") == localDate("2026-11-02"))
        #expect(AttendanceRules.workDate(checkIn: checkIn, timeZone: "UTC") == localDate("2026-11-01"))
    }

    @Test("a night shift across midnight keeps the check-in's date")
    func nightShift() {
        let shift = WorkInterval(start: instant("2026-11-02T22:00:00+07:00"), end: instant("2026-11-03T06:00:00+07:00"))
        #expect(AttendanceRules.workDate(checkIn: shift.start, timeZone: "Asia/Ho_Chi_Minh") == localDate("2026-11-02"))
        #expect(shift.seconds == 8 * 3600)
    }

    @Test("a night shift across the month boundary belongs to the month it started in")
    func monthBoundary() {
        let shift = WorkInterval(start: instant("2026-11-30T22:00:00+07:00"), end: instant("2026-12-01T06:00:00+07:00"))
        #expect(AttendanceRules.workDate(checkIn: shift.start, timeZone: "Asia/Ho_Chi_Minh") == localDate("2026-11-30"))
        #expect(shift.seconds == 8 * 3600)
    }

    @Test("22:00 to 06:00 on the New York fall-back night is 9 hours")
    func fallBack() {
        let shift = WorkInterval(start: instant("2026-10-31T22:00:00-04:00"), end: instant("2026-11-01T06:00:00-05:00"))
        #expect(clock(shift.start, "America/New_York") == "22:00" && clock(shift.end, "America/New_York") == "06:00")
        #expect(AttendanceRules.workDate(checkIn: shift.start, timeZone: "America/New_York") == localDate("2026-10-31"))
        #expect(shift.seconds == 9 * 3600)
    }

    @Test("22:00 to 06:00 on the Berlin spring-forward night is 7 hours")
    func springForward() {
        let shift = WorkInterval(start: instant("2026-03-28T22:00:00+01:00"), end: instant("2026-03-29T06:00:00+02:00"))
        #expect(clock(shift.start, "Europe/Berlin") == "22:00" && clock(shift.end, "Europe/Berlin") == "06:00")
        #expect(AttendanceRules.workDate(checkIn: shift.start, timeZone: "Europe/Berlin") == localDate("2026-03-28"))
        #expect(shift.seconds == 7 * 3600)
    }

    @Test("record zones are IANA names: offsets are refused, UTC is kept")
    func zoneNames() {
        #expect(TimeZoneName.canonical("UTC+7") == nil)
        #expect(TimeZoneName.canonical("UTC") == "UTC")
        #expect(TimeZoneName.canonical("Asia/Saigon") == "Asia/Ho_Chi_Minh")
    }
}

@Suite("Notes and reasons")
struct AttendanceTextTests {
    @Test("a required reason may not be missing or blank")
    func required() {
        let missing = HRError.validationFailed([FieldError("/reason", "is required: say why the record is entered or changed")])
        #expect(throws: missing) { try AttendanceRules.text(nil, field: "/reason", required: true) }
        #expect(throws: missing) { try AttendanceRules.text("  \n ", field: "/reason", required: true) }
    }

    @Test("text is trimmed; blank optional text is nil")
    func trimming() throws {
        #expect(try AttendanceRules.text("  forgot to clock in \n", field: "/reason", required: true) == "forgot to clock in")
        #expect(try AttendanceRules.text("   ", field: "/note", required: false) == nil)
        #expect(try AttendanceRules.text(nil, field: "/note", required: false) == nil)
    }

    @Test("250 characters are accepted, 251 are refused (counted after trimming)")
    func length() throws {
        let longest = String(repeating: "a", count: 250)
        #expect(try AttendanceRules.text(longest, field: "/note", required: false) == longest)
        #expect(try AttendanceRules.text("  " + longest + "  ", field: "/note", required: false) == longest)
        #expect(throws: HRError.validationFailed([FieldError("/note", "must be at most 250 characters")])) {
            try AttendanceRules.text(longest + "a", field: "/note", required: false)
        }
    }
}
