import Foundation
import HRSystem
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Storage
import TestSupport
import TimeSource
import UserPool

/// A whole system on a temporary data directory and a real database (a SQLite file, or a fresh
/// PostgreSQL database), with a manual clock and bcrypt cost 4.
struct TestSystem: Sendable {
    let engine: DatabaseEngine
    let directory: URL
    var configuration: HRSystemConfiguration
    let clock: ManualClock
    let postgresDatabase: String?

    static func make(_ engine: DatabaseEngine) async throws -> TestSystem {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hrsystem-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = HRSystemConfiguration()
        configuration.dataDirectory = directory.appendingPathComponent("data").path
        configuration.bcryptCost = 4
        // No test here signs in with SRP; the verifiers' exponentiations would dominate the run.
        configuration.srpVerifiers = false
        configuration.port = 18080
        configuration.logLevel = .warning
        // The background check runs once at start; tests call runOnce() after moving the clock.
        configuration.terminationCheckInterval = .seconds(365 * 86400)
        var postgresDatabase: String?
        if engine == .postgres {
            let (url, name) = try await TestDatabases.createPostgresDatabase()
            configuration.databaseURL = url
            configuration.masterKey = MasterKey.generate().base64
            configuration.publicURL = "http://127.0.0.1:18080"
            postgresDatabase = name
        }
        return TestSystem(
            engine: engine, directory: directory, configuration: configuration, clock: ManualClock(Date()),
            postgresDatabase: postgresDatabase)
    }

    /// Makes a test system, runs `body`, and removes the data directory and database.
    static func with<T>(_ engine: DatabaseEngine, _ body: (TestSystem) async throws -> T) async throws -> T {
        let test = try await make(engine)
        do {
            let result = try await body(test)
            await test.cleanup()
            return result
        } catch {
            await test.cleanup()
            throw error
        }
    }

    /// Makes a test system, builds it, runs `body` against its router, and tears everything down.
    /// - Parameter start: the clock's reading when the system is built (keys and tokens are issued from it).
    static func run<T: Sendable>(
        _ engine: DatabaseEngine, at start: Date? = nil,
        _ body: @escaping @Sendable (TestSystem, HRSystemApplication, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        try await with(engine) { test in
            if let start { test.clock.set(start) }
            return try await test.run { system, client in try await body(test, system, client) }
        }
    }

    func cleanup() async {
        try? FileManager.default.removeItem(at: directory)
        if let postgresDatabase { await TestDatabases.dropPostgresDatabase(postgresDatabase) }
    }

    func build() async throws -> HRSystemApplication {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try await buildApplication(configuration, clock: clock, logger: logger)
    }

    /// Builds the system, runs `body` against its router, and tears everything down.
    func run<T: Sendable>(_ body: @escaping @Sendable (HRSystemApplication, any TestClientProtocol) async throws -> T) async throws -> T {
        let system = try await build()
        do {
            let result = try await system.application.test(.router) { client in try await body(system, client) }
            await system.core.shutdown()
            return result
        } catch {
            await system.core.shutdown()
            throw error
        }
    }
}

/// Small helpers for calling the router.
extension TestClientProtocol {
    func cognito(_ operation: String, _ body: [String: Any]) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = HTTPFields()
        headers[.init("X-Amz-Target")!] = "AWSCognitoIdentityProviderService.\(operation)"
        headers[.contentType] = "application/x-amz-json-1.1"
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try await execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(bytes: data))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
        return (response.status, json)
    }

    func api(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: Any? = nil, rawBody: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: Any?, headers: HTTPFields) {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let rawBody {
            headers[.contentType] = "application/json"
            body = ByteBuffer(string: rawBody)
        }
        let response = try await execute(uri: uri, method: method, headers: headers, body: body)
        let parsed = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView), options: [.fragmentsAllowed])
        return (response.status, parsed, response.headers)
    }
}

extension HRSystemApplication {
    /// Creates a user with a permanent password in the given groups and signs them in.
    func signedInUser(_ username: String, groups: [String], password: String = "Passw0rd!") async throws -> (user: PoolUser, accessToken: String, idToken: String) {
        let user = try await core.administration.createUser(
            poolID: bootstrap.poolID, username: username, email: "\(username)@example.com", password: password, permanent: true,
            groups: groups)
        guard case .authenticated(let tokens) = try await core.signIn.passwordAuth(
            clientID: bootstrap.clientID, username: username, password: password, secretHash: nil)
        else { throw TestFailure("\(username) did not get tokens") }
        return (user, tokens.accessToken, tokens.idToken)
    }

    /// Signs an existing user in again (after the clock moved past their token's expiry).
    func freshToken(_ username: String, password: String = "Passw0rd!") async throws -> String {
        guard case .authenticated(let tokens) = try await core.signIn.passwordAuth(
            clientID: bootstrap.clientID, username: username, password: password, secretHash: nil)
        else { throw TestFailure("\(username) did not get tokens") }
        return tokens.accessToken
    }

    var issuer: String { bootstrap.issuer }

    /// Today in the company's zone, as `YYYY-MM-DD`, by the system's clock.
    var todayString: String { todayString(plusDays: 0) }

    func todayString(plusDays days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: core.configuration.companyTimeZone)!
        let date = calendar.date(byAdding: .day, value: days, to: core.clock.now())!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
