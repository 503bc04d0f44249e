import ArgumentParser
import Configuration
import Foundation
import HRSystem
import HRDomain
import Logging

/// `hrsystem`: runs the server and administers an installation.
@main
struct HRSystemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hrsystem",
        abstract: "A self-hosted HR system with a Cognito-compatible user pool and an API-Gateway-style front.",
        subcommands: [Serve.self, Migrate.self, UserCommand.self, GroupCommand.self, KeyCommand.self, ClientCommand.self, OutboxCommand.self, SigningKeysCommand.self, TokenCommand.self, PolicyCommand.self, Seed.self])
}

/// Options every command shares. Each falls back to its `HRSYSTEM_*` variable, then the default.
struct CommonOptions: ParsableArguments {
    @Option(help: "Address to listen on (HRSYSTEM_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (HRSYSTEM_PORT, default 8080).") var port: Int?
    @Option(help: "Data directory (HRSYSTEM_DATA_DIR, default ./hrsystem-data).") var dataDir: String?
    @Option(help: "postgres:// URL (HRSYSTEM_DATABASE_URL); default: SQLite in the data directory.") var database: String?
    @Option(help: "Public base URL, the issuer's prefix (HRSYSTEM_PUBLIC_URL, default http://<host>:<port>).") var publicUrl: String?
    @Option(help: "AWS region for pool ids (HRSYSTEM_REGION, default ap-southeast-1).") var region: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (HRSYSTEM_LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "bcrypt cost 4-31 (HRSYSTEM_BCRYPT_COST, default 10).") var bcryptCost: Int?

    /// The configuration: flags first, then the environment, then defaults.
    func configuration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> HRSystemConfiguration {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func put(_ key: String, _ value: ConfigContent?) {
            if let value { values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = ConfigValue(value, isSecret: false) }
        }
        put("hrsystem.host", host.map { .string($0) })
        put("hrsystem.port", port.map { .int($0) })
        put("hrsystem.dataDir", dataDir.map { .string($0) })
        put("hrsystem.databaseUrl", database.map { .string($0) })
        put("hrsystem.publicUrl", publicUrl.map { .string($0) })
        put("hrsystem.region", region.map { .string($0) })
        put("hrsystem.logLevel", logLevel.map { .string($0) })
        put("hrsystem.bcryptCost", bcryptCost.map { .int($0) })
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "arguments", values: values),
            EnvironmentVariablesProvider(
                environmentVariables: environment,
                secretsSpecifier: .specific(["HRSYSTEM_DATABASE_URL", "HRSYSTEM_MASTER_KEY"])),
        ])
        var configuration = HRSystemConfiguration()
        configuration.host = reader.string(forKey: "hrsystem.host") ?? configuration.host
        configuration.port = reader.int(forKey: "hrsystem.port") ?? configuration.port
        configuration.dataDirectory = reader.string(forKey: "hrsystem.dataDir") ?? configuration.dataDirectory
        configuration.databaseURL = reader.string(forKey: "hrsystem.databaseUrl", isSecret: true)
        configuration.publicURL = reader.string(forKey: "hrsystem.publicUrl")
        configuration.region = reader.string(forKey: "hrsystem.region") ?? configuration.region
        configuration.masterKey = reader.string(forKey: "hrsystem.masterKey", isSecret: true)
        configuration.bcryptCost = reader.int(forKey: "hrsystem.bcryptCost") ?? configuration.bcryptCost
        configuration.idempotencyKeysPerHour = reader.int(forKey: "hrsystem.idempotencyKeysPerHour") ?? configuration.idempotencyKeysPerHour
        configuration.signInRatePerSecond = reader.int(forKey: "hrsystem.signinRate") ?? configuration.signInRatePerSecond
        configuration.signInBurst = reader.int(forKey: "hrsystem.signinBurst") ?? configuration.signInBurst
        if let level = reader.string(forKey: "hrsystem.logLevel") {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw ValidationError("log level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            configuration.logLevel = parsed
        }
        configuration.preferRecordedPublicURL =
            configuration.publicURL == nil && reader.string(forKey: "hrsystem.host") == nil
            && reader.int(forKey: "hrsystem.port") == nil
        try configuration.validate()
        return configuration
    }

    /// A logger writing to standard error, so standard output carries only command output.
    func logger(_ configuration: HRSystemConfiguration) -> Logger {
        var logger = Logger(label: "hrsystem") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = configuration.logLevel
        return logger
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (migrates and bootstraps on first start).")
    @OptionGroup var options: CommonOptions
    @Flag(help: "Seed a demo company (empty database only): departments, ~50 employees with logins, two months of attendance, one closed month.")
    var demo = false
    @Flag(help: "Allow --demo on an address other computers can reach (its users share one well-known password).")
    var allowDemoOnNetwork = false

    func run() async throws {
        var configuration = try options.configuration()
        configuration.preferRecordedPublicURL = false
        if demo, !configuration.listensOnLoopback, !allowDemoOnNetwork {
            throw ValidationError(
                "--demo creates logins with a well-known password; it listens on loopback only (--host 127.0.0.1). Add --allow-demo-on-network to serve it on \(configuration.host) anyway.")
        }
        let isTerminal = isatty(STDOUT_FILENO) == 1
        let settings = configuration
        let logger = options.logger(settings)
        let system = try await buildApplication(settings, logger: logger) { report in
            StartupSummary.print(report, configuration: settings, isTerminal: isTerminal)
        }
        if demo { try await seedDemo(system, logger: logger) }
        try await system.run()
    }

    /// Seeds the demo company before the server starts and prints the logins to try; closes the
    /// database when seeding fails.
    func seedDemo(_ system: HRSystemApplication, logger: Logger) async throws {
        do {
            let summary = try await DemoCompany.seed(system, logger: logger)
            print(summary.text)
        } catch {
            await system.core.shutdown()
            throw error
        }
    }
}

/// `hrsystem seed`: a large synthetic company for measuring payroll.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add N synthetic employees (no logins) with a month of attendance, for benchmarks and load tests.")
    @OptionGroup var options: CommonOptions
    @Option(help: "How many employees to add.") var employees: Int
    @Option(help: "The month of attendance to write (YYYY-MM).") var period: String

    func validate() throws {
        guard employees > 0, employees <= 1_000_000 else { throw ValidationError("--employees must be between 1 and 1000000") }
        guard PayPeriod(period) != nil else { throw ValidationError("--period must be a month such as 2026-10") }
    }

    func run() async throws {
        let configuration = try options.configuration()
        let logger = options.logger(configuration)
        let start = Date()
        try await withCore(configuration, logger: logger) { core, _ in
            guard let payPeriod = PayPeriod(period) else { throw ValidationError("--period must be a month such as 2026-10") }
            let summary = try await SyntheticCompany.seed(core, employees: employees, period: payPeriod, logger: logger)
            print(String(format: "Seeded %d employees and %d attendance records for %@ in %.1f s", summary.employees, summary.records, period, Date().timeIntervalSince(start)))
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and bootstrap steps, then exit.")
    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try options.configuration()
        try await withCore(configuration, logger: options.logger(configuration)) { core, report in
            print("Database is up to date; bootstrap steps applied now: \(report.appliedSteps.isEmpty ? "none" : report.appliedSteps.joined(separator: ", "))")
        }
    }
}

/// Opens the installation (migrating and bootstrapping as the server would), runs `body`, closes it.
func withCore<T: Sendable>(
    _ configuration: HRSystemConfiguration, logger: Logger, _ body: (HRSystemCore, BootstrapReport) async throws -> T
) async throws -> T {
    let core = try await HRSystemCore.open(configuration, logger: logger)
    do {
        let report = try await Bootstrapper(core: core).run()
        let result = try await body(core, report)
        await core.shutdown()
        return result
    } catch {
        await core.shutdown()
        throw error
    }
}
