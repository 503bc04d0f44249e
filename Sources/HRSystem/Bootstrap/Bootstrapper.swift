import Foundation
import ServiceLifecycle
import Logging
import SQLKit
import HRDomain
import HRStore
import Storage
import TimeSource
import UserPool

/// What the bootstrap established, for the start-up summary and `bootstrap.json`.
public struct BootstrapReport: Sendable {
    public var poolID: String
    public var clientID: String
    public var issuer: String
    public var keyIDs: [String]
    public var adminUsername: String
    /// The admin's temporary password, only on the start that created the admin.
    public var adminTemporaryPassword: String?
    /// The steps this start applied (empty on a later start).
    public var appliedSteps: [String]
    /// The admin's first access key, only on the start that created it.
    public var accessKeyID: String? = nil
    public var secretAccessKey: String? = nil
}

/// One idempotent set-up step. Each is recorded in `bootstrap_steps` once applied; a later
/// release appends steps and existing installations run just the new ones on their next start.
/// Steps are also idempotent by themselves, so one interrupted before it was recorded is safe to rerun.
struct BootstrapStep: Sendable {
    let id: String
    let run: @Sendable (HRSystemCore, inout BootstrapState) async throws -> Void
}

struct BootstrapState: Sendable {
    var adminTemporaryPassword: String?
    var accessKey: (id: String, secret: String)?
    /// Whether the secrets above are on disk in `bootstrap.json`.
    var secretsWritten = false
    var hasUnwrittenSecrets: Bool { (adminTemporaryPassword != nil || accessKey != nil) && !secretsWritten }
}

/// Runs the bootstrap steps: pool, signing keys, the `hr-web` client, the three groups, the admin.
public struct Bootstrapper: Sendable {
    public static let groups = [("hr_admin", "HR administrators", 1), ("manager", "People managers", 2), ("employee", "Employees", 3)]
    public static let clientName = "hr-web"
    public static let adminUsername = "admin"

    static let steps: [BootstrapStep] = [
        BootstrapStep(id: "0001-user-pool") { core, _ in
            if try await core.settings.value(for: SystemSettings.defaultPoolID) != nil { return }
            let pool = try await core.directory.createPool(
                name: "hrsystem", region: core.configuration.region, srpEnabled: core.configuration.srpVerifiers)
            try await core.settings.set(pool.id, for: SystemSettings.defaultPoolID)
        },
        BootstrapStep(id: "0002-signing-keys") { core, _ in
            let poolID = try await requiredPool(core)
            for use in [TokenUse.id, .access] {
                let existing = await core.keyring.publishedKeys(poolID: poolID).filter { $0.tokenUse == use }
                if existing.isEmpty { try await core.keyring.createKey(poolID: poolID, tokenUse: use) }
            }
        },
        BootstrapStep(id: "0003-app-client-hr-web") { core, _ in
            if try await core.settings.value(for: SystemSettings.defaultClientID) != nil { return }
            let poolID = try await requiredPool(core)
            let client = try await core.directory.createClient(
                poolID: poolID, name: clientName, flows: [.userPasswordAuth, .userSRPAuth, .refreshTokenAuth],
                generateSecret: false, preventUserExistenceErrors: true)
            try await core.settings.set(client.id, for: SystemSettings.defaultClientID)
        },
        BootstrapStep(id: "0004-groups") { core, _ in
            let poolID = try await requiredPool(core)
            let existing = Set(try await core.directory.groupNames(poolID: poolID))
            for (name, description, precedence) in groups where !existing.contains(name) {
                try await core.directory.createGroup(poolID: poolID, name: name, description: description, precedence: precedence)
            }
        },
        BootstrapStep(id: "0005-admin-user") { core, state in
            let poolID = try await requiredPool(core)
            let password = UserAdministration.generateTemporaryPassword()
            if try await core.directory.storedUser(poolID: poolID, username: adminUsername) != nil {
                // Created by a start that stopped before recording this step: its password was never
                // shown, so give it a new temporary one and make sure it is an hr_admin.
                try await core.administration.setPassword(poolID: poolID, username: adminUsername, password: password, permanent: false)
                try await core.directory.addUserToGroup(poolID: poolID, username: adminUsername, group: "hr_admin")
            } else {
                _ = try await core.administration.createUser(
                    poolID: poolID, username: adminUsername, email: nil, password: password, permanent: false, groups: ["hr_admin"])
            }
            try await core.settings.set(adminUsername, for: SystemSettings.adminUsername)
            state.adminTemporaryPassword = password
        },
        BootstrapStep(id: "0006-hr-defaults") { core, _ in
            // A Vietnamese company's defaults: the VN holiday calendar and a Mon–Fri 480-minute schedule.
            let actor = AuditActor(id: "system:bootstrap", requestID: nil)
            let calendars = try await core.workRules.calendars()
            let calendar: HolidayCalendar
            if let existing = calendars.first(where: { $0.code == "VN" }) {
                calendar = existing
            } else {
                let year = LocalDate(clamping: core.clock.now(), in: TimeZone(identifier: core.configuration.companyTimeZone) ?? .gmt).year
                calendar = try await core.workRules.saveCalendar(
                    HolidayCalendar(
                        id: UUID().uuidString.lowercased(), code: "VN", name: "Vietnam public holidays",
                        holidays: vietnamFixedHolidays(years: year...(year + 1)), version: 1, createdAt: core.clock.now(),
                        updatedAt: core.clock.now()),
                    expectedVersion: nil, actor: actor)
            }
            if try await core.workRules.schedules().contains(where: { $0.code == "STD" }) { return }
            let standard = ScheduleVersion(effectiveFrom: LocalDate(year: 2000, month: 1, day: 1) ?? .first, minutesByWeekday: [480, 480, 480, 480, 480, 0, 0])
            _ = try await core.workRules.saveSchedule(
                WorkSchedule(
                    id: UUID().uuidString.lowercased(), code: "STD", name: "Standard Mon–Fri", holidayCalendarID: calendar.id,
                    versions: [standard], version: 1, createdAt: core.clock.now(), updatedAt: core.clock.now()),
                newVersion: standard, expectedVersion: nil, actor: actor)
        },
        BootstrapStep(id: "0007-admin-access-key") { core, state in
            // An access key for the admin, so that AWS CLI and SDK credentials work at once.
            let owner = try await core.settings.value(for: SystemSettings.adminUsername) ?? adminUsername
            let (key, secret) = try await core.accessKeys.create(owner: owner)
            state.accessKey = (key.accessKeyId, secret)
            try await core.auditIdentity(
                "access_key_created", entityType: "access_key", entityID: key.accessKeyId,
                changes: [FieldChange(field: "owner", from: nil, to: owner)], actor: AuditActor(id: "system:bootstrap", requestID: nil))
        },
    ]

    /// Vietnam's fixed-date public holidays; lunar-calendar holidays (Tết, Hùng Kings) change date
    /// each year and are added by HR.
    static func vietnamFixedHolidays(years: ClosedRange<Int>) -> [HolidayCalendar.Holiday] {
        years.flatMap { year in
            [(1, 1, "New Year's Day"), (4, 30, "Reunification Day"), (5, 1, "International Labour Day"), (9, 2, "National Day")]
                .compactMap { month, day, name in LocalDate(year: year, month: month, day: day).map { HolidayCalendar.Holiday(date: $0, name: name) } }
        }
    }

    static func requiredPool(_ core: HRSystemCore) async throws -> String {
        guard let poolID = try await core.settings.value(for: SystemSettings.defaultPoolID) else {
            throw ConfigurationError.invalid("the user pool step has not run")
        }
        return poolID
    }

    let core: HRSystemCore

    public init(core: HRSystemCore) {
        self.core = core
    }

    /// Applies the steps not yet recorded, then writes `bootstrap.json` if anything was applied.
    public func run() async throws -> BootstrapReport {
        let core = self.core
        // Instances starting together on one PostgreSQL take turns; the second finds the steps done.
        let (applied, state) = try await core.database.withExclusiveLock("hrsystem-bootstrap") {
            let done = Set(
                try await core.database.read { db in
                    try await db.raw("SELECT id FROM bootstrap_steps").all(decodingColumn: "id", as: String.self)
                })
            var state = BootstrapState()
            var applied: [String] = []
            for step in Self.steps where !done.contains(step.id) {
                try await step.run(core, &state)
                if state.hasUnwrittenSecrets {
                    // A new secret must be on disk before the step is recorded: a crash in between
                    // reruns the step, which then issues a new one.
                    try await core.keyring.reload()
                    try BootstrapFile.write(try await Self.report(core, state: state, applied: []), configuration: core.configuration)
                    state.secretsWritten = true
                }
                let now = core.clock.now().epochMicroseconds
                try await core.database.write { db in
                    try await db.raw("INSERT INTO bootstrap_steps (id, applied_at) VALUES (\(bind: step.id), \(bind: now))").run()
                }
                applied.append(step.id)
                core.logger.info("bootstrap step applied", metadata: ["step": "\(step.id)"])
            }
            return (applied, state)
        }
        try await core.keyring.reload()
        let report = try await Self.report(core, state: state, applied: applied)
        if !applied.isEmpty {
            try BootstrapFile.write(report, configuration: core.configuration)
        }
        try await BootstrapFile.dropChangedPassword(core)
        return report
    }

    static func report(_ core: HRSystemCore, state: BootstrapState, applied: [String]) async throws -> BootstrapReport {
        let (poolID, clientID) = try await core.defaultPool()
        return BootstrapReport(
            poolID: poolID, clientID: clientID, issuer: core.tokenIssuer.issuer(poolID: poolID),
            keyIDs: await core.keyring.publishedKeys(poolID: poolID).map(\.kid),
            adminUsername: try await core.settings.value(for: SystemSettings.adminUsername) ?? Self.adminUsername,
            adminTemporaryPassword: state.adminTemporaryPassword, appliedSteps: applied, accessKeyID: state.accessKey?.id,
            secretAccessKey: state.accessKey?.secret)
    }
}

/// `bootstrap.json` in the data directory (mode 0600): what a newcomer needs to sign in.
enum BootstrapFile {
    struct Contents: Codable {
        struct Admin: Codable {
            var username: String
            var temporaryPassword: String?
        }
        var region: String
        var userPoolId: String
        var issuer: String
        var endpoint: String
        var jwksUri: String
        var clientId: String
        var clientName: String
        var groups: [String]
        var signingKeyIds: [String]
        var admin: Admin
        /// The admin's access key, for AWS CLI and SDK credentials.
        var accessKeyId: String?
        var secretAccessKey: String?
    }

    static func read(_ path: String) -> Contents? {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap { try? JSONDecoder().decode(Contents.self, from: $0) }
    }

    /// Rewrites the file without the admin's temporary password once the admin no longer has to
    /// change it (they chose their own, or the user is gone); the file then holds no secret.
    /// - Returns: whether the file still holds a temporary password.
    @discardableResult
    static func dropChangedPassword(_ core: HRSystemCore) async throws -> Bool {
        let path = core.configuration.bootstrapPath
        guard var contents = read(path), contents.admin.temporaryPassword != nil else { return false }
        let (poolID, _) = try await core.defaultPool()
        let admin = try await core.directory.storedUser(poolID: poolID, username: contents.admin.username)
        if let admin, admin.user.status == .forceChangePassword { return true }
        contents.admin.temporaryPassword = nil
        try save(contents, to: path)
        core.logger.info("the admin's temporary password was changed; removed it from bootstrap.json")
        return false
    }

    static func save(_ contents: Contents, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(contents)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]),
            rename(temporary, path) == 0
        else { throw ConfigurationError.invalid("cannot write \(path)") }
    }

    static func write(_ report: BootstrapReport, configuration: HRSystemConfiguration) throws {
        let path = configuration.bootstrapPath
        let previous = read(path)
        let contents = Contents(
            region: configuration.region, userPoolId: report.poolID, issuer: report.issuer,
            endpoint: configuration.effectivePublicURL, jwksUri: report.issuer + "/.well-known/jwks.json",
            clientId: report.clientID, clientName: Bootstrapper.clientName, groups: Bootstrapper.groups.map(\.0),
            signingKeyIds: report.keyIDs,
            admin: .init(
                username: report.adminUsername,
                temporaryPassword: report.adminTemporaryPassword ?? previous?.admin.temporaryPassword),
            accessKeyId: report.accessKeyID ?? previous?.accessKeyId, secretAccessKey: report.secretAccessKey ?? previous?.secretAccessKey)
        try save(contents, to: path)
    }
}

/// Watches `bootstrap.json` while it holds the admin's temporary password and removes it within a
/// minute of the admin choosing their own (on whichever instance that happened).
struct BootstrapPasswordWatcher: Service {
    let core: HRSystemCore
    let interval: Duration

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                guard try await cancelWhenGracefulShutdown({ try await BootstrapFile.dropChangedPassword(core) }) else { break }
            } catch {
                core.logger.warning("cannot check bootstrap.json", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        // A service that returns early would stop the whole server: stay until shutdown.
        try? await gracefulShutdown()
    }
}
