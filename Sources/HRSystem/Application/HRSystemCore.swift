import Foundation
import HRDomain
import HRStore
import Logging
import Storage
import TimeSource
import UserPool

/// The opened system: database, secrets and the services built on them, shared by the server,
/// the CLI commands and the tests.
public struct HRSystemCore: Sendable {
    public let configuration: HRSystemConfiguration
    public let database: any DatabaseClient
    public let masterKey: MasterKey
    public let clock: any WallClock
    public let logger: Logger
    public let directory: UserPoolDirectory
    public let keyring: SigningKeyring
    public let hasher: PasswordHasher
    public let tokenIssuer: TokenIssuer
    public let signIn: SignInService
    public let administration: UserAdministration
    /// The access keys that sign administrative Cognito calls.
    public let accessKeys: AccessKeyStore
    /// Messages (codes) the pool would send, for the operator or a relay to deliver.
    public let outbox: Outbox
    public let employees: any EmployeeRepository
    public let departments: DepartmentRepository
    public let workRules: WorkRulesRepository
    public let attendance: AttendanceRepository
    public let payroll: PayrollRepository
    /// The audit trail shared by HR changes and identity administration.
    public let audit: AuditLog
    public let settings: SystemSettings

    /// Every migration of the system, in order.
    public static let migrations = SystemMigrations.all + UserPoolMigrations.all + HRMigrations.all

    /// Creates the data directory if needed, loads the master key, opens the database and migrates it.
    public static func open(_ configuration: HRSystemConfiguration, clock: any WallClock = SystemClock(), logger: Logger) async throws -> HRSystemCore {
        try configuration.validate()
        try FileManager.default.createDirectory(
            atPath: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try PrivateFiles.requirePrivate(configuration.dataDirectory, what: "the data directory", fix: "700")
        try PrivateFiles.requirePrivate(configuration.masterKeyPath, what: "the master key", fix: "600")
        let masterKey: MasterKey
        if let base64 = configuration.masterKey {
            masterKey = try MasterKey(base64: base64)
        } else {
            let existingDatabase = (try? FileManager.default.attributesOfItem(atPath: configuration.sqlitePath)[.size] as? Int) ?? 0 > 0
            if existingDatabase, !FileManager.default.fileExists(atPath: configuration.masterKeyPath) {
                // A new key could not open the secrets already stored; never create one over existing data.
                throw ConfigurationError.invalid(
                    "\(configuration.sqlitePath) exists but \(configuration.masterKeyPath) does not: restore master.key or set HRSYSTEM_MASTER_KEY")
            }
            masterKey = try MasterKey.loadOrCreate(at: configuration.masterKeyPath).key
        }
        let database = try await openDatabase(configuration, logger: logger)
        do {
            try await Migrator(migrations: migrations, clock: clock, logger: logger).migrate(database)
            let settings = SystemSettings(database: database, clock: clock)
            var publicURL = configuration.effectivePublicURL
            if configuration.preferRecordedPublicURL, let recorded = try await settings.value(for: SystemSettings.publicURL) {
                publicURL = recorded
            }
            let secrets = SecretBox(masterKey: masterKey)
            let directory = UserPoolDirectory(database: database, secrets: secrets, clock: clock)
            let keyring = SigningKeyring(database: database, secrets: secrets, clock: clock)
            try await keyring.reload()
            let hasher = try PasswordHasher(
                pepper: masterKey.derivedKey(purpose: "password-pepper"), cost: configuration.bcryptCost)
            let tokenIssuer = TokenIssuer(keyring: keyring, clock: clock, publicURL: publicURL)
            let signIn = SignInService(
                directory: directory, hasher: hasher, issuer: tokenIssuer,
                sessionBox: SecretBox(masterKey: masterKey, purpose: "challenge-session"), clock: clock, logger: logger)
            let audit = AuditLog(secrets: secrets, clock: clock)
            return HRSystemCore(
                configuration: configuration, database: database, masterKey: masterKey, clock: clock, logger: logger,
                directory: directory, keyring: keyring, hasher: hasher, tokenIssuer: tokenIssuer, signIn: signIn,
                administration: UserAdministration(directory: directory, hasher: hasher),
                accessKeys: AccessKeyStore(database: database, secrets: secrets, clock: clock),
                outbox: Outbox(database: database, box: secrets, clock: clock, logger: logger),
                employees: SQLEmployeeRepository(database: database, audit: audit, clock: clock),
                departments: DepartmentRepository(database: database, audit: audit),
                workRules: WorkRulesRepository(database: database, audit: audit, clock: clock),
                attendance: AttendanceRepository(database: database, audit: audit, clock: clock),
                payroll: PayrollRepository(database: database, audit: audit, clock: clock), audit: audit, settings: settings)
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// Records an identity-administration change (users created, groups changed, passwords set).
    public func auditIdentity(_ action: String, username: String, changes: [FieldChange], actor: AuditActor) async throws {
        try await auditIdentity(action, entityType: "user", entityID: username, changes: changes, actor: actor)
    }

    /// Records an identity-administration change of a user, a group or an access key.
    public func auditIdentity(_ action: String, entityType: String, entityID: String, changes: [FieldChange], actor: AuditActor) async throws {
        let audit = self.audit
        try await database.write { db in
            try await audit.append(action, entityType: entityType, entityID: entityID, changes: changes, actor: actor, sealFor: nil, in: db)
        }
    }

    /// PostgreSQL when a URL is configured, else the SQLite file in the data directory.
    static func openDatabase(_ configuration: HRSystemConfiguration, logger: Logger) async throws -> any DatabaseClient {
        if let url = configuration.databaseURL {
            return try PostgresDatabaseClient(url: url, logger: logger)
        }
        if !FileManager.default.fileExists(atPath: configuration.sqlitePath) {
            // An empty file is a valid new database; creating it here makes it private (SQLite gives
            // its -wal and -shm files the same mode).
            _ = FileManager.default.createFile(atPath: configuration.sqlitePath, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        return try await SQLiteDatabaseClient(path: configuration.sqlitePath, logger: logger)
    }

    /// The installation's pool and app client, as the bootstrap recorded them.
    public func defaultPool() async throws -> (poolID: String, clientID: String) {
        guard let pool = try await settings.value(for: SystemSettings.defaultPoolID),
            let client = try await settings.value(for: SystemSettings.defaultClientID)
        else { throw ConfigurationError.invalid("the installation is not bootstrapped") }
        return (pool, client)
    }

    /// Closes the database and stops the hashing thread.
    public func shutdown() async {
        await hasher.shutdown()
        await database.shutdown()
    }
}
