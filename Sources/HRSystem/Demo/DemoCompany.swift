import Foundation
import HRDomain
import HRStore
import Logging
import TimeSource
import UserPool

/// A login the demo company created, for the walkthrough.
public struct DemoLogin: Sendable, Equatable {
    public var username: String
    public var groups: [String]
    public var displayName: String
    public var jobTitle: String
}

/// What ``DemoCompany`` created.
public struct DemoSummary: Sendable {
    public var employees: Int
    public var records: Int
    /// The pay period the seed closed, `YYYY-MM`.
    public var closedPeriod: String
    /// The password of every demo login.
    public var password: String
    /// An employee, a manager and the HR administrator to sign in as.
    public var sampleLogins: [DemoLogin]

    /// The lines `hrsystem serve --demo` prints.
    public var text: String {
        var lines = [
            "Demo company: \(employees) employees, \(records) attendance records, payroll \(closedPeriod) closed.",
            "Sign in as any of them with the password \(password), for example:",
        ]
        let width = sampleLogins.map(\.username.count).max() ?? 0
        for login in sampleLogins {
            let padded = login.username + String(repeating: " ", count: width - login.username.count)
            lines.append("  \(padded)  \(login.groups.joined(separator: ", ")) — \(login.displayName), \(login.jobTitle)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Why the demo company was not seeded.
public enum DemoCompanyError: Error, CustomStringConvertible {
    case databaseNotEmpty(employees: Int)
    case missingHolidayCalendar

    public var description: String {
        switch self {
        case .databaseNotEmpty(let employees):
            "--demo needs an empty database: this one already holds \(employees) employee(s)"
        case .missingHolidayCalendar:
            "--demo needs the VN holiday calendar the bootstrap creates"
        }
    }
}

/// Seeds an empty installation with a small Vietnamese company for demos and walkthroughs:
/// five departments, three schedules, fifty employees with logins, attendance for the last two
/// full months and the current month up to yesterday, and the older full month's payroll closed.
///
/// Names, pay and attendance come from fixed seeds, so two runs on the same day give the same
/// company (record ids and creation times aside). Every record is written through the
/// repositories, one audited transaction each, so the rules that guard the API guard the demo too.
public enum DemoCompany {
    /// The password of every demo login.
    public static let password = "Demo-Passw0rd!"
    static let auditActor = AuditActor(id: "demo", requestID: nil)
    static let timeZone = "Asia/Ho_Chi_Minh"
    static let emailDomain = "demo.example"
    static let epoch = LocalDate(year: 2000, month: 1, day: 1)!

    /// The company's policy: the defaults, plus the employee's statutory contributions in Vietnam
    /// (social 8 %, health 1.5 %, unemployment 1 % of the insurance base; insurance bases above
    /// 20 × the 2,340,000 đồng base salary are capped, so the deductions are capped accordingly).
    static var policy: CompanyPolicy {
        var policy = CompanyPolicy()
        policy.deductions = [
            .init(code: "BHXH", name: "Social insurance (employee)", basis: "insurance", percent: "8", capMinor: 3_744_000),
            .init(code: "BHYT", name: "Health insurance (employee)", basis: "insurance", percent: "1.5", capMinor: 702_000),
            .init(code: "BHTN", name: "Unemployment insurance (employee)", basis: "insurance", percent: "1", capMinor: 468_000),
        ]
        return policy
    }

    /// Seeds the company as of the company's current local date.
    public static func seed(_ system: HRSystemApplication, logger: Logger) async throws -> DemoSummary {
        let zone = TimeZone(identifier: system.core.configuration.companyTimeZone) ?? .gmt
        return try await seed(system, today: LocalDate(clamping: system.core.clock.now(), in: zone), logger: logger)
    }

    /// Seeds the company, treating `today` as the first date without attendance.
    /// - Throws: ``DemoCompanyError/databaseNotEmpty(employees:)`` when any employee exists.
    public static func seed(_ system: HRSystemApplication, today: LocalDate, logger: Logger) async throws -> DemoSummary {
        let core = system.core
        try await requireNoEmployees(core)
        let window = DemoWindow(today: today)
        let calendars = try await core.workRules.calendars()
        guard let vietnam = calendars.first(where: { $0.code == "VN" }) else { throw DemoCompanyError.missingHolidayCalendar }
        let schedules = try await createSchedules(core, calendarID: vietnam.id)
        _ = try await core.workRules.setPolicy(policy, effectiveFrom: epoch, actor: auditActor)
        let departments = try await createDepartments(core)
        logger.info("demo: hiring the roster")
        let hires = try await hireRoster(
            core, poolID: system.bootstrap.poolID, issuer: system.bootstrap.issuer, schedules: schedules,
            departments: departments, window: window)
        logger.info("demo: writing attendance", metadata: ["from": "\(window.first)", "to": "\(window.last)"])
        let holidays = Dictionary(uniqueKeysWithValues: calendars.map { ($0.id, Set($0.holidays.map(\.date))) })
        let records = try await writeAttendance(core, hires: hires, schedules: schedules, holidays: holidays, window: window)
        _ = try await core.payroll.close(window.closed, actor: auditActor)
        let summary = DemoSummary(
            employees: hires.count, records: records, closedPeriod: window.closed.description, password: password,
            sampleLogins: sampleLogins(hires))
        logger.info(
            "demo company seeded",
            metadata: ["employees": "\(summary.employees)", "records": "\(summary.records)", "closedPeriod": "\(summary.closedPeriod)"])
        return summary
    }

    /// Refuses a database that holds any employee, terminated ones included.
    static func requireNoEmployees(_ core: HRSystemCore) async throws {
        var query = EmployeeQuery()
        query.includeTerminated = true
        query.limit = 1
        let total = try await core.employees.list(query, visibility: .all).total
        guard total == 0 else { throw DemoCompanyError.databaseNotEmpty(employees: total) }
    }

    // MARK: Work rules and departments

    static let scheduleSpecs: [(code: String, name: String, minutes: [Int])] = [
        ("OFFICE", "Office, Mon–Fri", [480, 480, 480, 480, 480, 0, 0]),
        ("SATAM", "Mon–Fri and Saturday mornings", [480, 480, 480, 480, 480, 240, 0]),
        ("PART", "Part-time mornings, Mon–Fri", [240, 240, 240, 240, 240, 0, 0]),
    ]

    /// The three demo schedules by code, all starting at 08:00 on the VN calendar; a schedule
    /// already stored under one of the codes is used as it is.
    static func createSchedules(_ core: HRSystemCore, calendarID: String) async throws -> [String: WorkSchedule] {
        let existing = try await core.workRules.schedules()
        let now = core.clock.now()
        var result: [String: WorkSchedule] = [:]
        for spec in scheduleSpecs {
            if let stored = existing.first(where: { $0.code == spec.code }) {
                result[spec.code] = stored
                continue
            }
            let version = ScheduleVersion(effectiveFrom: epoch, minutesByWeekday: spec.minutes, startTime: "08:00")
            let schedule = WorkSchedule(
                id: UUID().uuidString.lowercased(), code: spec.code, name: spec.name, holidayCalendarID: calendarID,
                versions: [version], version: 1, createdAt: now, updatedAt: now)
            result[spec.code] = try await core.workRules.saveSchedule(schedule, newVersion: version, expectedVersion: nil, actor: auditActor)
        }
        return result
    }

    /// The demo departments by code; one already stored under a code is used as it is.
    static func createDepartments(_ core: HRSystemCore) async throws -> [String: Department] {
        let existing = try await core.departments.list()
        let now = core.clock.now()
        var result: [String: Department] = [:]
        for team in DemoRoster.teams {
            if let stored = existing.first(where: { $0.code == team.code }) {
                result[team.code] = stored
                continue
            }
            let department = Department(
                id: UUID().uuidString.lowercased(), code: team.code, name: team.name, parentID: nil, version: 1, createdAt: now, updatedAt: now)
            result[team.code] = try await core.departments.create(department, actor: auditActor)
        }
        return result
    }

    // MARK: People

    /// Creates each planned person's login, then the employee linked to it, managers first.
    static func hireRoster(
        _ core: HRSystemCore, poolID: String, issuer: String, schedules: [String: WorkSchedule],
        departments: [String: Department], window: DemoWindow
    ) async throws -> [DemoHire] {
        var hires: [DemoHire] = []
        var directorID: String?
        var heads: [String: String] = [:]
        for (index, plan) in DemoRoster.plan(window: window).enumerated() {
            let username = try await unusedUsername(plan.username, core: core, poolID: poolID)
            let groups = plan.position.role.groups
            let user = try await core.administration.createUser(
                poolID: poolID, username: username, email: "\(username)@\(emailDomain)", password: password, permanent: true,
                groups: groups)
            let managerID: String? =
                switch plan.position.role {
                case .director: nil
                case .head: directorID
                case .hr, .staff: plan.position.department.flatMap { heads[$0] }
                }
            let employee = try await core.employees.create(
                employeeRecord(
                    plan, number: index + 1, username: username, login: LoginLink(issuer: issuer, subject: user.sub),
                    departmentID: plan.position.department.flatMap { departments[$0]?.id },
                    scheduleID: schedules[plan.position.schedule]?.id, managerID: managerID, now: core.clock.now()),
                actor: auditActor)
            switch plan.position.role {
            case .director: directorID = employee.id
            case .head: if let department = plan.position.department { heads[department] = employee.id }
            case .hr, .staff: break
            }
            hires.append(DemoHire(index: index, plan: plan, employee: employee, username: username, groups: groups))
        }
        return hires
    }

    /// `candidate`, or it with the first numeric suffix no pool user has.
    static func unusedUsername(_ candidate: String, core: HRSystemCore, poolID: String) async throws -> String {
        var username = candidate
        var suffix = 1
        while try await core.directory.storedUser(poolID: poolID, username: username) != nil {
            suffix += 1
            username = candidate + String(suffix)
        }
        return username
    }

    /// The employment record of a planned person.
    static func employeeRecord(
        _ plan: DemoPlan, number: Int, username: String, login: LoginLink, departmentID: String?, scheduleID: String?,
        managerID: String?, now: Date
    ) -> Employee {
        let name = plan.name
        let digits = String(number)
        var employee = Employee(
            id: UUID().uuidString.lowercased(), employeeNumber: "NV" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits,
            login: login, firstName: name.given, middleName: name.middle, lastName: name.family,
            displayName: Employee.displayName(first: name.given, middle: name.middle, last: name.family, order: .familyFirst),
            nameOrder: .familyFirst, workEmail: "\(username)@\(emailDomain)", phone: plan.phone, jobTitle: plan.position.title,
            departmentID: departmentID, scheduleID: scheduleID, managerID: managerID, employmentType: plan.position.employmentType,
            status: .active, hireDate: plan.hireDate, terminationDate: nil, terminationReason: nil, timeZone: timeZone, version: 1,
            createdAt: now, updatedAt: now)
        employee.compensation = plan.compensation
        return employee
    }

    /// The walkthrough's logins: an employee (the one with the forgotten check-out), the head of
    /// Engineering and the HR administrator.
    static func sampleLogins(_ hires: [DemoHire]) -> [DemoLogin] {
        let picks = [
            hires.first { $0.plan.position.trait == .sampleEmployee },
            hires.first { $0.plan.position.role == .head && $0.plan.position.department == "ENG" },
            hires.first { $0.plan.position.role == .hr },
        ]
        return picks.compactMap { hire in
            hire.map {
                DemoLogin(
                    username: $0.username, groups: $0.groups, displayName: $0.employee.displayName,
                    jobTitle: $0.employee.jobTitle ?? "")
            }
        }
    }

    // MARK: Attendance

    /// Writes every hire's records, one audited transaction per hire.
    /// - Returns: the number of records written.
    static func writeAttendance(
        _ core: HRSystemCore, hires: [DemoHire], schedules: [String: WorkSchedule], holidays: [String: Set<LocalDate>],
        window: DemoWindow
    ) async throws -> Int {
        var count = 0
        let now = core.clock.now()
        for hire in hires {
            guard let schedule = schedules[hire.plan.position.schedule] else { continue }
            let records = DemoAttendance.records(
                for: hire, schedule: schedule, holidays: schedule.holidayCalendarID.flatMap { holidays[$0] } ?? [], window: window,
                now: now)
            try await core.attendance.importRecords(records, reason: "demo data", actor: auditActor)
            count += records.count
        }
        return count
    }
}

/// The dates the demo covers: the two full months before today's month, and today's month up to
/// yesterday.
struct DemoWindow: Sendable {
    /// The older full month, closed by the seed.
    let closed: PayPeriod
    /// The newer full month, left open.
    let recent: PayPeriod
    /// Today's month.
    let current: PayPeriod
    let first: LocalDate
    let last: LocalDate

    init(today: LocalDate) {
        current = PayPeriod(containing: today)
        // The demo runs on the real clock, far from either end of the calendar.
        recent = current.previous ?? current
        closed = recent.previous ?? recent
        first = closed.start
        last = (try? today.adding(days: -1)) ?? today
    }

    var dates: [LocalDate] {
        guard first <= last else { return [] }
        return LocalDate.days(in: first...last)
    }

    /// The last Saturday of the recent month: the night shift's date.
    var nightShiftDate: LocalDate {
        var date = recent.end
        while date.weekdayIndex != 5, let earlier = try? date.adding(days: -1) { date = earlier }
        return date
    }

    /// The first Monday–Friday date on or after `date`.
    static func weekday(onOrAfter date: LocalDate) -> LocalDate {
        var day = date
        while day.weekdayIndex >= 5, let later = day.next { day = later }
        return day
    }
}

/// A person the seed stored, with where they came from in the plan.
struct DemoHire: Sendable {
    let index: Int
    let plan: DemoPlan
    let employee: Employee
    let username: String
    let groups: [String]
}

// MARK: - Roster

/// Where a person sits, which decides their manager and their login's groups.
enum DemoRole: Sendable, Equatable {
    case director, head, hr, staff

    var groups: [String] {
        switch self {
        case .director, .head: ["manager", "employee"]
        case .hr: ["hr_admin", "employee"]
        case .staff: ["employee"]
        }
    }
}

/// Something particular the demo shows through one person.
enum DemoTrait: Sendable, Equatable {
    /// A walkthrough login; forgets to check out on their last working day.
    case sampleEmployee
    /// Works one Saturday night, 22:00–06:00.
    case nightShift
    /// Hired in the middle of the closed month (a prorated payslip).
    case joinsInClosedMonth
    /// Hired at the start of the recent month.
    case joinsInRecentMonth
}

/// One position of the roster.
struct DemoPosition: Sendable {
    var role: DemoRole
    /// A department code; nil for the director.
    var department: String?
    var title: String
    /// A schedule code.
    var schedule: String
    var employmentType: EmploymentType
    var hourly: Bool
    var trait: DemoTrait?
}

/// A person as planned, before anything is stored.
struct DemoPlan: Sendable {
    var position: DemoPosition
    var name: DemoName
    /// `given.family` in ASCII, unique within the roster.
    var username: String
    var phone: String
    var hireDate: LocalDate
    var compensation: [CompensationEntry]
}

/// A Vietnamese name, with the ASCII spellings the username is made of.
struct DemoName: Sendable {
    var family: String
    var middle: String
    var given: String
    var familyASCII: String
    var givenASCII: String
}

/// The demo company's shape and the deterministic choice of names, hire dates and pay.
enum DemoRoster {
    /// `count` people with the same title, schedule and engagement; `traits[i]` marks the i-th.
    struct Slot: Sendable {
        var count: Int
        var title: String
        var schedule: String
        var employmentType: EmploymentType = .fullTime
        var role: DemoRole = .staff
        var hourly = false
        var traits: [DemoTrait] = []
    }

    /// A department and its staff (its head is added to each).
    struct Team: Sendable {
        var code: String
        var name: String
        var slots: [Slot]
    }

    /// 1 director, 5 heads and 44 staff: 5 part-timers, 8 on Saturday mornings, 2 hourly contractors.
    static let teams: [Team] = [
        Team(code: "ENG", name: "Engineering", slots: [
            Slot(count: 12, title: "Software Engineer", schedule: "OFFICE", traits: [.sampleEmployee, .joinsInClosedMonth]),
            Slot(count: 2, title: "Contract Developer", schedule: "OFFICE", employmentType: .contract, hourly: true),
        ]),
        Team(code: "SALES", name: "Sales", slots: [
            Slot(count: 6, title: "Account Executive", schedule: "OFFICE", traits: [.joinsInRecentMonth]),
            Slot(count: 2, title: "Field Sales Representative", schedule: "SATAM"),
            Slot(count: 2, title: "Sales Assistant", schedule: "PART", employmentType: .partTime),
        ]),
        Team(code: "OPS", name: "Operations", slots: [
            Slot(count: 3, title: "Operations Coordinator", schedule: "OFFICE", traits: [.nightShift]),
            Slot(count: 6, title: "Warehouse Associate", schedule: "SATAM"),
            Slot(count: 2, title: "Operations Assistant", schedule: "PART", employmentType: .partTime),
        ]),
        Team(code: "FIN", name: "Finance", slots: [
            Slot(count: 4, title: "Accountant", schedule: "OFFICE"),
        ]),
        Team(code: "PEOPLE", name: "People", slots: [
            Slot(count: 1, title: "HR Specialist", schedule: "OFFICE", role: .hr),
            Slot(count: 2, title: "Recruiter", schedule: "OFFICE"),
            Slot(count: 1, title: "Office Administrator", schedule: "OFFICE"),
            Slot(count: 1, title: "Receptionist", schedule: "PART", employmentType: .partTime),
        ]),
    ]

    /// Every position, the director first and each head before their staff.
    static func positions() -> [DemoPosition] {
        var result = [
            DemoPosition(
                role: .director, department: nil, title: "Managing Director", schedule: "OFFICE", employmentType: .fullTime, hourly: false)
        ]
        for team in teams {
            result.append(
                DemoPosition(
                    role: .head, department: team.code, title: "Head of \(team.name)", schedule: "OFFICE", employmentType: .fullTime,
                    hourly: false))
            for slot in team.slots {
                for index in 0..<slot.count {
                    result.append(
                        DemoPosition(
                            role: slot.role, department: team.code, title: slot.title, schedule: slot.schedule,
                            employmentType: slot.employmentType, hourly: slot.hourly,
                            trait: index < slot.traits.count ? slot.traits[index] : nil))
                }
            }
        }
        return result
    }

    /// The whole roster. Names depend on the seed alone, so usernames are the same whatever `window`.
    static func plan(window: DemoWindow) -> [DemoPlan] {
        var names = SplitMix64(seed: 0x4E41_4D45_5F56_4E00)
        var terms = SplitMix64(seed: 0x5445_524D_535F_564E)
        var usernames: Set<String> = []
        var plans: [DemoPlan] = []
        for position in positions() {
            let (name, username) = uniqueName(&names, taken: &usernames)
            let hired = hireDate(for: position, window: window, rng: &terms)
            let phone = "+849" + String(terms.int(in: 10_000_000...99_999_999))
            let pay = compensation(for: position, from: hired, rng: &terms)
            plans.append(DemoPlan(position: position, name: name, username: username, phone: phone, hireDate: hired, compensation: pay))
        }
        return plans
    }

    /// A name whose username is not taken yet; after a few tries a numeric suffix decides.
    static func uniqueName(_ rng: inout SplitMix64, taken: inout Set<String>) -> (DemoName, String) {
        var name = DemoNames.random(&rng)
        var attempts = 1
        while taken.contains(name.username), attempts < 20 {
            name = DemoNames.random(&rng)
            attempts += 1
        }
        var username = name.username
        var suffix = 1
        while taken.contains(username) {
            suffix += 1
            username = name.username + String(suffix)
        }
        taken.insert(username)
        return (name, username)
    }

    /// The director since January 2020, heads from 2020–2021, staff from 2020 until before the
    /// window (or until 2025), and two staff hired inside the window.
    static func hireDate(for position: DemoPosition, window: DemoWindow, rng: inout SplitMix64) -> LocalDate {
        let start = LocalDate(year: 2020, month: 1, day: 1)!
        let latest = min(LocalDate(year: 2025, month: 12, day: 31) ?? .last, (try? window.first.adding(days: -1)) ?? window.first)
        func between(_ from: LocalDate, _ to: LocalDate) -> LocalDate {
            let upper = max(from, to)
            return LocalDate(daysSinceEpoch: rng.int(in: from.daysSinceEpoch...upper.daysSinceEpoch)) ?? from
        }
        switch (position.role, position.trait) {
        case (_, .joinsInClosedMonth?): return DemoWindow.weekday(onOrAfter: (try? window.closed.start.adding(days: 14)) ?? window.closed.start)
        case (_, .joinsInRecentMonth?): return DemoWindow.weekday(onOrAfter: window.recent.start)
        case (.director, _): return min(LocalDate(year: 2020, month: 1, day: 6)!, latest)
        case (.head, _): return between(start, min(LocalDate(year: 2021, month: 12, day: 31)!, latest))
        case (.hr, _), (.staff, _): return between(start, latest)
        }
    }

    /// One compensation entry from the hire date, in VND: an hourly rate for contractors, else a
    /// monthly base (9–45 million) with the lunch allowance for most full-timers and an insurance
    /// base for all of them.
    static func compensation(for position: DemoPosition, from hireDate: LocalDate, rng: inout SplitMix64) -> [CompensationEntry] {
        if position.hourly {
            let rate = Int64(rng.int(in: 14...17)) * 10_000
            return [
                CompensationEntry(
                    effectiveFrom: hireDate, payType: .hourly, currency: "VND",
                    components: [PayComponent(code: "BASE", kind: .base, amountMinor: rate)])
            ]
        }
        let fullTime = position.employmentType == .fullTime
        let base: Int64 =
            switch position.role {
            case .director: 45_000_000
            case .head: Int64(rng.int(in: 60...80)) * 500_000
            case .hr, .staff: Int64(fullTime ? rng.int(in: 90...280) : rng.int(in: 90...120)) * 100_000
            }
        var components = [PayComponent(code: "BASE", kind: .base, amountMinor: base)]
        if fullTime, position.role != .staff || rng.chance(0.7) {
            components.append(PayComponent(code: "LUNCH", kind: .allowance, amountMinor: 730_000))
        }
        if fullTime {
            components.append(PayComponent(code: "INSURANCE", kind: .insuranceBase, amountMinor: base))
        }
        return [CompensationEntry(effectiveFrom: hireDate, payType: .monthly, currency: "VND", components: components)]
    }
}

/// Common Vietnamese family, middle and given names (family names weighted by frequency).
enum DemoNames {
    static let families: [(String, String)] = [
        ("Nguyễn", "nguyen"), ("Nguyễn", "nguyen"), ("Nguyễn", "nguyen"), ("Nguyễn", "nguyen"), ("Trần", "tran"), ("Trần", "tran"),
        ("Lê", "le"), ("Lê", "le"), ("Phạm", "pham"), ("Phạm", "pham"), ("Hoàng", "hoang"), ("Huỳnh", "huynh"), ("Phan", "phan"),
        ("Vũ", "vu"), ("Võ", "vo"), ("Đặng", "dang"), ("Bùi", "bui"), ("Đỗ", "do"), ("Hồ", "ho"), ("Ngô", "ngo"), ("Dương", "duong"),
        ("Lý", "ly"),
    ]
    static let maleMiddles = ["Văn", "Đức", "Quang", "Hữu", "Thành", "Công", "Gia"]
    static let femaleMiddles = ["Thị", "Thu", "Thanh", "Kim", "Mỹ", "Bảo", "Khánh"]
    static let maleGivens: [(String, String)] = [
        ("An", "an"), ("Bảo", "bao"), ("Cường", "cuong"), ("Dũng", "dung"), ("Đạt", "dat"), ("Hải", "hai"), ("Hiếu", "hieu"),
        ("Hùng", "hung"), ("Huy", "huy"), ("Khoa", "khoa"), ("Khánh", "khanh"), ("Long", "long"), ("Minh", "minh"), ("Nam", "nam"),
        ("Phong", "phong"), ("Phúc", "phuc"), ("Quân", "quan"), ("Sơn", "son"), ("Tâm", "tam"), ("Thắng", "thang"),
        ("Trung", "trung"), ("Tuấn", "tuan"), ("Việt", "viet"), ("Vinh", "vinh"),
    ]
    static let femaleGivens: [(String, String)] = [
        ("Anh", "anh"), ("Chi", "chi"), ("Diệp", "diep"), ("Giang", "giang"), ("Hà", "ha"), ("Hằng", "hang"), ("Hạnh", "hanh"),
        ("Hoa", "hoa"), ("Hương", "huong"), ("Lan", "lan"), ("Linh", "linh"), ("Mai", "mai"), ("My", "my"), ("Ngân", "ngan"),
        ("Nhung", "nhung"), ("Phương", "phuong"), ("Quỳnh", "quynh"), ("Thảo", "thao"), ("Trang", "trang"), ("Uyên", "uyen"),
        ("Vân", "van"), ("Yến", "yen"),
    ]

    static func random(_ rng: inout SplitMix64) -> DemoName {
        let family = rng.element(of: families)
        let female = rng.chance(0.5)
        let middle = rng.element(of: female ? femaleMiddles : maleMiddles)
        let given = rng.element(of: female ? femaleGivens : maleGivens)
        return DemoName(family: family.0, middle: middle, given: given.0, familyASCII: family.1, givenASCII: given.1)
    }
}

extension DemoName {
    /// `given.family`, e.g. `an.nguyen`.
    var username: String { "\(givenASCII).\(familyASCII)" }
}

// MARK: - Attendance

/// The deterministic attendance of one demo employee.
enum DemoAttendance {
    /// One stretch of work (seconds after the work date's local midnight) or one leave entry.
    enum Entry {
        case work(start: Int, end: Int)
        case leave(DayFraction)
    }

    /// The employee's records over the window, oldest first: scheduled days outside holidays, from
    /// the hire date, nothing ending after `now`; the sample employee's last work record in the
    /// current month is left open (a forgotten check-out).
    static func records(for hire: DemoHire, schedule: WorkSchedule, holidays: Set<LocalDate>, window: DemoWindow, now: Date) -> [AttendanceRecord] {
        var rng = SplitMix64(seed: 0x4154_5445_4E44_0000 &+ UInt64(hire.index))
        let stamp = Date(epochMicroseconds: now.epochMicroseconds)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: hire.employee.timeZone) ?? .gmt
        let position = hire.plan.position
        var result: [AttendanceRecord] = []
        for date in window.dates where date >= hire.employee.hireDate {
            var entries: [Entry] = []
            let scheduled = schedule.scheduledMinutes(on: date) ?? 0
            if scheduled > 0, !holidays.contains(date) {
                entries = day(scheduled: scheduled, halfDays: !position.hourly, rng: &rng)
            }
            if position.trait == .nightShift, date == window.nightShiftDate {
                entries.append(.work(start: 22 * 3600, end: 30 * 3600))
            }
            guard let midnight = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) else { continue }
            result += entries.map {
                record($0, on: date, midnight: midnight, employee: hire.employee, hourly: position.hourly, stamp: stamp)
            }
        }
        if position.trait == .sampleEmployee,
            let index = result.lastIndex(where: { $0.type == .work && $0.workDate >= window.current.start })
        {
            result[index].checkOutAt = nil
            result[index].state = .open
        }
        return result.filter { ($0.checkOutAt ?? $0.checkInAt ?? .distantPast) <= now }
    }

    /// One scheduled day: ~3% absent (no record), ~4% a day of leave, ~1.5% half a day of leave
    /// with a 08:00–12:00 morning, else work from about 08:00 to the schedule's end (plus the
    /// hour's break on a full day), ~10% arriving 5–40 minutes late (most of them making the time up)
    /// and ~8% of full days running until 19:00–20:30.
    static func day(scheduled: Int, halfDays: Bool, rng: inout SplitMix64) -> [Entry] {
        let roll = rng.unit()
        let fullDay = scheduled > 360
        if roll < 0.03 { return [] }
        if roll < 0.07 { return [.leave(.full)] }
        if roll < 0.085, fullDay, halfDays {
            return [.leave(.half), .work(start: 8 * 3600 + rng.int(in: -600...180), end: 12 * 3600 + rng.int(in: 0...300))]
        }
        var start = 8 * 3600 + rng.int(in: -720...240)
        var end = (8 * 60 + scheduled + (fullDay ? 60 : 0)) * 60 + rng.int(in: 0...900)
        if rng.chance(0.10) {
            let late = rng.int(in: 5...40) * 60
            start = 8 * 3600 + late + rng.int(in: 0...59)
            if rng.chance(0.75) { end += late }
        }
        if fullDay, rng.chance(0.08) {
            end = rng.int(in: 76...82) * 900 + rng.int(in: 0...59)
        }
        return [.work(start: start, end: end)]
    }

    /// The closed record of one entry, created at `stamp`; leave is paid, or unpaid for hourly contractors.
    static func record(_ entry: Entry, on date: LocalDate, midnight: Date, employee: Employee, hourly: Bool, stamp: Date) -> AttendanceRecord {
        func make(_ type: AttendanceType, _ workDate: LocalDate, _ checkIn: Date?, _ checkOut: Date?, _ fraction: DayFraction?, _ note: String?)
            -> AttendanceRecord
        {
            AttendanceRecord(
                id: UUID().uuidString.lowercased(), employeeID: employee.id, type: type, workDate: workDate, checkInAt: checkIn,
                checkOutAt: checkOut, timeZone: employee.timeZone, dayFraction: fraction, state: .closed, source: .import, note: note,
                location: nil, version: 1, createdBy: DemoCompany.auditActor.id, updatedBy: DemoCompany.auditActor.id, createdAt: stamp,
                updatedAt: stamp)
        }
        switch entry {
        case .work(let start, let end):
            let checkIn = midnight.addingTimeInterval(TimeInterval(start))
            return make(
                .work, AttendanceRules.workDate(checkIn: checkIn, timeZone: employee.timeZone), checkIn,
                midnight.addingTimeInterval(TimeInterval(end)), nil, nil)
        case .leave(let fraction):
            let note = hourly ? "Unpaid day off" : fraction == .full ? "Annual leave" : "Annual leave, afternoon"
            return make(hourly ? .unpaidLeave : .paidLeave, date, nil, nil, fraction, note)
        }
    }
}

// MARK: - Random numbers

/// SplitMix64: a tiny seeded generator, so the demo is the same on every machine and run.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) / 9_007_199_254_740_992
    }

    /// An integer in `range` (the modulo bias is negligible at these sizes).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % span)
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func element<T>(of items: [T]) -> T {
        items[int(in: 0...(items.count - 1))]
    }
}
