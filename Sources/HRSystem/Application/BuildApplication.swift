import Foundation
import Gateway
import HRDomain
import HRService
import HRStore
import Hummingbird
import Logging
import ServiceLifecycle
import Storage
import Synchronization
import TimeSource
import UserPool

/// The running system: the HTTP application and what was opened to build it.
public struct HRSystemApplication: Sendable {
    public let application: Application<RouterResponder<GatewayRequestContext>>
    public let core: HRSystemCore
    public let bootstrap: BootstrapReport
    /// The background service that carries out scheduled terminations (tests drive it by hand).
    public let terminations: TerminationService

    /// Serves until SIGTERM or SIGINT, then drains requests and closes the database. When the
    /// server cannot start (the port is taken), the database is closed before the error is thrown.
    public func run() async throws {
        do {
            try await application.runService()
        } catch {
            await core.shutdown()
            throw error
        }
    }
}

/// Builds the whole system from its configuration: opens and migrates the database, runs the
/// bootstrap, and assembles the router — system routes first (Cognito's `POST /`, the
/// well-known documents, health), then the HR API behind the JWT authorizer.
///
/// Used by `hrsystem serve` and by the tests, which drive the same application through
/// HummingbirdTesting.
/// - Parameter onServerRunning: called once the port is bound, with what the bootstrap established.
public func buildApplication(
    _ configuration: HRSystemConfiguration, clock: any WallClock = SystemClock(), logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (BootstrapReport) async -> Void = { _ in }
) async throws -> HRSystemApplication {
    var logger = logger ?? Logger(label: "hrsystem")
    logger.logLevel = configuration.logLevel
    let core = try await HRSystemCore.open(configuration, clock: clock, logger: logger)
    do {
        let report = try await Bootstrapper(core: core).run()
        try await core.settings.set(core.tokenIssuer.publicURL, for: SystemSettings.publicURL)
        let (router, hr) = try await buildRouter(core: core, poolID: report.poolID, logger: logger)
        let terminations = TerminationService(hr: hr, interval: configuration.terminationCheckInterval, logger: logger)
        let sweeper = StorageSweeper(
            idempotency: IdempotencyStore(database: core.database, clock: core.clock),
            refreshTokens: RefreshTokenStore(database: core.database, clock: core.clock), directory: core.directory, outbox: core.outbox,
            interval: configuration.sweepInterval, logger: logger)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "hrsystem"),
            // Services stop in reverse order: the database closes last, after the background work.
            services: [
                ShutdownService(core: core), terminations, sweeper, BootstrapPasswordWatcher(core: core, interval: .seconds(60)),
                KeyringRefresher(keyring: core.keyring, interval: .seconds(60), logger: logger),
            ],
            onServerRunning: { _ in await onServerRunning(report) },
            logger: logger)
        return HRSystemApplication(application: application, core: core, bootstrap: report, terminations: terminations)
    } catch {
        await core.shutdown()
        throw error
    }
}

func buildRouter(core: HRSystemCore, poolID: String, logger: Logger) async throws -> (Router<GatewayRequestContext>, HRContext) {
    var accessLog = logger
    accessLog[metadataKey: "component"] = "access-log"
    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: RequestIDMiddleware(accessLog: accessLog))

    router.get("/health") { _, _ in
        GatewayResponses.json(.ok, #"{"status":"ok"}"#)
    }
    let engine = core.database.engine.rawValue
    router.get("/ready") { _, _ in
        if await databaseAnswers(core.database, within: .seconds(2)) {
            return GatewayResponses.json(.ok, #"{"status":"ready","database":{"engine":"\#(engine)","reachable":true}}"#)
        }
        return GatewayResponses.json(
            .serviceUnavailable, #"{"status":"unavailable","database":{"engine":"\#(engine)","reachable":false}}"#)
    }
    let openAPI = try HROpenAPI.json(serverURL: core.tokenIssuer.publicURL)
    router.get("/openapi.json") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
    }
    WellKnownEndpoint(directory: core.directory, keyring: core.keyring, issuer: core.tokenIssuer).addRoutes(to: router)

    let trust = LocalPoolTrust(poolID: poolID, keyring: core.keyring, directory: core.directory, clock: core.clock)
    let revocations = LocalRevocationList(database: core.database, clock: core.clock, logger: logger)
    let issuer = core.tokenIssuer.issuer(poolID: poolID)
    let authorizer = JWTAuthorizer(
        issuers: [TrustedIssuer(issuer: issuer, keys: trust, audiences: trust, clockSkew: 5, revocation: revocations)],
        clock: core.clock)
    CognitoEndpoint(
        signIn: core.signIn, administration: core.administration, accessKeys: core.accessKeys, clock: core.clock,
        audit: { event in
            try await core.auditIdentity(
                event.action, entityType: event.entityType, entityID: event.entityID,
                changes: event.changes.sorted { $0.key < $1.key }.map { FieldChange(field: $0.key, from: nil, to: $0.value) },
                actor: AuditActor(id: event.actor, requestID: nil))
            // A disabled, deleted or signed-out user is refused here at once, elsewhere within a poll;
            // so is a deleted client, and a new one's tokens are accepted at once.
            try? await revocations.refresh()
            if event.entityType == "app_client" { try? await trust.reloadAudiences() }
        },
        accessTokens: { token in try await authorizer.authorize(authorization: "Bearer \(token)") },
        consoleClientID: try await core.defaultPool().clientID, outbox: core.outbox,
        logger: logger
    ).addRoutes(
        to: router,
        throttle: SignInThrottle(ratePerSecond: core.configuration.signInRatePerSecond, burst: core.configuration.signInBurst))
    let hr = HRContext(
        employees: core.employees, departments: core.departments, accounts: PoolLoginAccounts(localIssuer: issuer),
        clock: core.clock, companyTimeZone: core.configuration.companyTimeZone,
        loginsChanged: { try? await revocations.refresh() })
    router.group("api/v1")
        .add(middleware: AuthorizerMiddleware(authorizer: authorizer))
        .add(middleware: ProblemMiddleware())
        .add(
            middleware: IdempotencyMiddleware(
                store: IdempotencyStore(database: core.database, clock: core.clock, maximumKeysPerHour: core.configuration.idempotencyKeysPerHour)))
        .addRoutes(EmployeeController<GatewayRequestContext>(hr: hr).endpoints)
        .addRoutes(DepartmentController<GatewayRequestContext>(hr: hr).endpoints)
        .addRoutes(WorkRulesController<GatewayRequestContext>(hr: hr, rules: core.workRules).endpoints)
        .addRoutes(AttendanceController<GatewayRequestContext>(hr: hr, attendance: core.attendance, rules: core.workRules).endpoints)
        .addRoutes(PayrollController<GatewayRequestContext>(hr: hr, payroll: core.payroll).endpoints)
    return (router, hr)
}

/// Whether the database answers a ping within `limit`; a lost or saturated database answers no
/// at the deadline instead of holding the readiness probe.
///
/// The ping runs in a task of its own, cancelled at the deadline (waiting for a connection stops
/// there) and not awaited past it: a query already sent to an unreachable server may not stop at
/// cancellation, and the probe must not wait for it.
func databaseAnswers(_ database: any DatabaseClient, within limit: Duration) async -> Bool {
    let answer = FirstAnswer()
    let ping = Task {
        do {
            try await database.ping()
            answer.finish(true)
        } catch {
            answer.finish(false)
        }
    }
    let deadline = Task {
        try? await Task.sleep(for: limit)
        answer.finish(false)
    }
    let ready = await answer.value
    ping.cancel()
    deadline.cancel()
    return ready
}

/// The first of several answers, awaited once.
private final class FirstAnswer: Sendable {
    private struct State {
        var value: Bool?
        var waiter: CheckedContinuation<Bool, Never>?
    }

    private let state = Mutex(State())

    var value: Bool {
        get async {
            await withCheckedContinuation { continuation in
                let known: Bool? = state.withLock { state in
                    if let value = state.value { return value }
                    state.waiter = continuation
                    return nil
                }
                if let known { continuation.resume(returning: known) }
            }
        }
    }

    func finish(_ value: Bool) {
        let waiter: CheckedContinuation<Bool, Never>? = state.withLock { state in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }
}

/// Closes the database and the hashing pool once the server has drained on graceful shutdown.
struct ShutdownService: Service {
    let core: HRSystemCore

    func run() async throws {
        try? await gracefulShutdown()
        await core.shutdown()
    }
}
