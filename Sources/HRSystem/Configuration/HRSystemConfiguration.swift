import Foundation
import Logging

/// Everything `hrsystem` is configured with (DESIGN §2). The CLI fills it from flags,
/// `HRSYSTEM_*` variables and defaults; tests build it directly.
///
/// | key | flag | environment | default |
/// |---|---|---|---|
/// | host / port | `--host` `--port` | `HRSYSTEM_HOST` `HRSYSTEM_PORT` | 127.0.0.1 / 8080 |
/// | data directory | `--data-dir` | `HRSYSTEM_DATA_DIR` | `./hrsystem-data` |
/// | database | `--database` | `HRSYSTEM_DATABASE_URL` (secret) | SQLite file in the data dir |
/// | public URL | `--public-url` | `HRSYSTEM_PUBLIC_URL` | `http://<host>:<port>` |
/// | region | `--region` | `HRSYSTEM_REGION` | `ap-southeast-1` |
/// | master key | — | `HRSYSTEM_MASTER_KEY` (secret) | generated `master.key` for SQLite |
/// | log level | `--log-level` | `HRSYSTEM_LOG_LEVEL` | info |
/// | bcrypt cost | `--bcrypt-cost` | `HRSYSTEM_BCRYPT_COST` | 10 |
/// | sign-in rate per address | — | `HRSYSTEM_SIGNIN_RATE` / `HRSYSTEM_SIGNIN_BURST` | 20 a second / 200 |
public struct HRSystemConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var dataDirectory: String = "./hrsystem-data"
    /// A `postgres://` URL; nil selects the SQLite file in the data directory.
    public var databaseURL: String?
    public var publicURL: String?
    public var region: String = "ap-southeast-1"
    /// The base64 master key; nil reads or creates `master.key` in the data directory.
    public var masterKey: String?
    public var logLevel: Logger.Level = .info
    public var bcryptCost: Int = 10
    /// The zone of the company and the default for new employees.
    public var companyTimeZone: String = "Asia/Ho_Chi_Minh"
    /// For admin commands: when neither a public URL nor an address is given, issue tokens for
    /// the public URL the server last recorded, so `hrsystem token` matches the running server.
    public var preferRecordedPublicURL = false
    /// How often scheduled terminations are checked (tests drive them by hand instead).
    public var terminationCheckInterval: Duration = .seconds(60)
    /// How many `Idempotency-Key`s one caller may use an hour (1–1,000,000).
    public var idempotencyKeysPerHour: Int = 1_000
    /// Unauthenticated sign-in calls (`InitiateAuth`, `RespondToAuthChallenge`, `ForgotPassword`, …) one
    /// client address may make per second, sustained (1–10,000), and at once after a quiet spell (1–100,000).
    public var signInRatePerSecond: Int = 20
    public var signInBurst: Int = 200
    /// Whether a new installation's pool keeps SRP verifiers (needed for `USER_SRP_AUTH`). Only
    /// tests that never sign in with SRP turn it off: each verifier is a 3072-bit modular
    /// exponentiation, which dominates the run time of an unoptimised test build.
    public var srpVerifiers = true
    /// How often expired idempotency keys and refresh tokens are deleted.
    public var sweepInterval: Duration = .seconds(600)

    /// Whether the listen address is a loopback address (only this machine can connect).
    public var listensOnLoopback: Bool {
        ["localhost", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    public init() {}

    /// The issuer base URL: the configured public URL, else derived from host and port.
    public var effectivePublicURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "http://\(host):\(port)"
    }

    /// The SQLite database file.
    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("hrsystem.sqlite") }
    public var masterKeyPath: String { (dataDirectory as NSString).appendingPathComponent("master.key") }
    public var bootstrapPath: String { (dataDirectory as NSString).appendingPathComponent("bootstrap.json") }

    /// Checks combinations the table above rules out.
    public func validate() throws {
        guard (1...65535).contains(port) else { throw ConfigurationError.invalid("port must be 1-65535, got \(port)") }
        guard (1...1_000_000).contains(idempotencyKeysPerHour) else {
            throw ConfigurationError.invalid("idempotency keys per hour must be 1-1000000, got \(idempotencyKeysPerHour)")
        }
        guard (1...10_000).contains(signInRatePerSecond), (1...100_000).contains(signInBurst) else {
            throw ConfigurationError.invalid(
                "sign-in rate must be 1-10000 a second and burst 1-100000, got \(signInRatePerSecond) and \(signInBurst)")
        }
        guard (4...31).contains(bcryptCost) else { throw ConfigurationError.invalid("bcrypt cost must be 4-31, got \(bcryptCost)") }
        if publicURL == nil, ["0.0.0.0", "::", "[::]"].contains(host) {
            throw ConfigurationError.invalid("--public-url is required when listening on a wildcard address")
        }
        if let url = databaseURL {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigurationError.invalid("--database must be a postgres:// URL")
            }
            // Several instances share one PostgreSQL: they must agree on the key that seals the
            // stored secrets and on the issuer their tokens carry.
            guard masterKey != nil else {
                throw ConfigurationError.invalid("HRSYSTEM_MASTER_KEY is required with PostgreSQL (32 random bytes, base64)")
            }
            guard publicURL != nil else {
                throw ConfigurationError.invalid("--public-url is required with PostgreSQL")
            }
        }
        guard region.range(of: "^[a-z]{2}(-[a-z]+)+-[0-9]+$", options: .regularExpression) != nil else {
            throw ConfigurationError.invalid("region must look like ap-southeast-1, got \(region)")
        }
    }
}

/// A configuration that cannot be served.
public enum ConfigurationError: Error, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
