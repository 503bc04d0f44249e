import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Testing

@testable import Storage

@Suite("PostgreSQL TLS modes")
struct PostgresTLSTests {
    static func mode(_ url: String) throws -> String {
        _ = try PostgresDatabaseClient.configuration(from: url)
        return switch try PostgresDatabaseClient.tlsSettings(from: url).0 {
        case .disable: "disable"
        case .prefer: "prefer"
        case .require: "require"
        }
    }

    @Test("sslmode follows libpq: require and verify-* refuse a plain connection; unknown modes are refused")
    func modes() throws {
        #expect(try Self.mode("postgres://u@db:5432/hr?sslmode=disable") == "disable")
        #expect(try Self.mode("postgres://u@db:5432/hr") == "prefer")
        #expect(try Self.mode("postgres://u@db:5432/hr?sslmode=prefer") == "prefer")
        #expect(try Self.mode("postgres://u@db:5432/hr?sslmode=require") == "require")
        #expect(try Self.mode("postgres://u@db:5432/hr?sslmode=verify-ca") == "require")
        #expect(try Self.mode("postgres://u@db:5432/hr?sslmode=verify-full") == "require")
        #expect(throws: StorageError.self) { try PostgresDatabaseClient.configuration(from: "postgres://u@db/hr?sslmode=always") }
    }

    @Test("require encrypts without checking the certificate; verify-ca checks the chain; verify-full also the host name")
    func verification() throws {
        func verification(_ mode: String) throws -> CertificateVerification? {
            let url = "postgres://u@db:5432/hr?sslmode=\(mode)"
            return try PostgresDatabaseClient.tlsSettings(from: url).1?.certificateVerification
        }
        #expect(try verification("require") == CertificateVerification.none)
        #expect(try verification("verify-ca") == .noHostnameVerification)
        #expect(try verification("verify-full") == .fullVerification)
        #expect(try verification("disable") == nil)
    }

    @Test("sslmode=require against a server without TLS fails instead of falling back to plain text", .enabled(if: ProcessInfo.processInfo.environment["HRSYSTEM_TEST_POSTGRES_URL"] != nil))
    func requireRefusesPlainServer() async throws {
        let base = try #require(ProcessInfo.processInfo.environment["HRSYSTEM_TEST_POSTGRES_URL"])
        let url = base.replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")
        let database = try PostgresDatabaseClient(url: url, logger: Logger(label: "test"))
        // The pool keeps retrying a connection it cannot make; give it a few seconds, then cancel the wait.
        let answered = await withTaskGroup(of: Bool?.self) { group in
            group.addTask { (try? await database.ping()) != nil }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(answered != true, "no query may run over a plain connection when TLS is required")
        await database.shutdown()
        let plain = try PostgresDatabaseClient(url: base, logger: Logger(label: "test"))
        try await plain.ping()
        await plain.shutdown()
    }
}
