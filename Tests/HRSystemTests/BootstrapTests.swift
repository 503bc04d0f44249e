import Foundation
import HRSystem
import SQLKit
import Storage
import Testing
import TestSupport
import UserPool
import _CryptoExtras

@Suite("Bootstrap")
struct BootstrapTests {
    @Test("the first start bootstraps pool, client, groups, keys and admin; a second start re-creates and resets nothing", arguments: TestDatabases.engines)
    func idempotent(engine: DatabaseEngine) async throws {
        try await TestSystem.with(engine) { test in
        let first = try await test.build()
        let report = first.bootstrap
        #expect(report.appliedSteps.count == 7)
        let accessKeyID = try #require(report.accessKeyID)
        #expect(accessKeyID.count == 20 && accessKeyID.hasPrefix("AKIA"))
        #expect(report.secretAccessKey?.count == 40)
        let keys = try await first.core.accessKeys.list()
        #expect(keys.map(\.accessKeyId) == [accessKeyID])
        #expect(keys.first?.owner == "admin" && keys.first?.status == .active)
        #expect(report.poolID.hasPrefix("ap-southeast-1_") && report.poolID.count == "ap-southeast-1_".count + 9)
        #expect(report.clientID.count == 26 && report.clientID.allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(report.keyIDs.count == 2)
        let password = try #require(report.adminTemporaryPassword)
        let groups = try await first.core.directory.groupNames(poolID: report.poolID)
        #expect(groups == ["employee", "hr_admin", "manager"])
        let admin = try #require(try await first.core.directory.storedUser(poolID: report.poolID, username: "admin"))
        #expect(admin.user.status == .forceChangePassword)
        #expect(admin.user.groups == ["hr_admin"])
        let client = try #require(try await first.core.directory.client(id: report.clientID))
        #expect(client.name == "hr-web")
        #expect(client.secret == nil)
        #expect(client.explicitAuthFlows == [.userPasswordAuth, .userSRPAuth, .refreshTokenAuth])
        #expect(client.preventUserExistenceErrors)
        let file = try Data(contentsOf: URL(fileURLWithPath: test.configuration.bootstrapPath))
        let mode = try FileManager.default.attributesOfItem(atPath: test.configuration.bootstrapPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let contents = try #require(try JSONSerialization.jsonObject(with: file) as? [String: Any])
        #expect(contents["userPoolId"] as? String == report.poolID)
        #expect((contents["admin"] as? [String: Any])?["temporaryPassword"] as? String == password)
        await first.core.shutdown()

        let second = try await test.build()
        #expect(second.bootstrap.appliedSteps.isEmpty)
        #expect(second.bootstrap.poolID == report.poolID)
        #expect(second.bootstrap.clientID == report.clientID)
        #expect(second.bootstrap.keyIDs == report.keyIDs)
        #expect(second.bootstrap.adminTemporaryPassword == nil)
        let adminAgain = try #require(try await second.core.directory.storedUser(poolID: report.poolID, username: "admin"))
        #expect(adminAgain.passwordHash == admin.passwordHash)
        #expect(try await second.core.directory.listUsers(poolID: report.poolID).count == 1)
        #expect(try await second.core.directory.clients(poolID: report.poolID).count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: test.configuration.bootstrapPath)) == file)
        await second.core.shutdown()
        }
    }

    @Test("no secret appears in plain text in the database", arguments: TestDatabases.engines)
    func noPlaintextSecrets(engine: DatabaseEngine) async throws {
        try await TestSystem.with(engine) { test in
        let system = try await test.build()
        let withSecret = try await system.core.directory.createClient(
            poolID: system.bootstrap.poolID, name: "backend", flows: [.userPasswordAuth], generateSecret: true)
        let clientSecret = try #require(withSecret.secret)
        let signingKeys = await system.core.keyring.publishedKeys(poolID: system.bootstrap.poolID)
        var secrets: [(String, Data)] = [
            ("client secret", Data(clientSecret.utf8)),
            ("admin temporary password", Data(try #require(system.bootstrap.adminTemporaryPassword).utf8)),
            ("master key (base64)", Data(system.core.masterKey.base64.utf8)),
            ("master key (raw)", try #require(Data(base64Encoded: system.core.masterKey.base64))),
            ("PEM header", Data("PRIVATE KEY".utf8)),
        ]
        for key in signingKeys {
            let pemBody = key.privateKey.pemRepresentation.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
            secrets.append(("signing key \(key.kid)", Data(pemBody.utf8)))
            secrets.append(("signing key DER \(key.kid)", key.privateKey.derRepresentation.prefix(64)))
        }
        var stored = Data()
        if engine == .postgres {
            stored = try await postgresDump(system.core.database)
        }
        await system.core.shutdown()
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: test.configuration.sqlitePath + suffix) { stored.append(data) }
        }
        #expect(stored.count > 1000)
        for (name, secret) in secrets {
            #expect(stored.range(of: secret) == nil, "\(name) found in the database in plain text")
            let hex = Data(secret.map { String(format: "%02x", $0) }.joined().utf8)
            #expect(stored.range(of: hex) == nil, "\(name) found in the database in hex")
        }
        }
    }

    /// Every row of every table, as PostgreSQL's text form of the row.
    func postgresDump(_ database: any DatabaseClient) async throws -> Data {
        try await database.read { db in
            let tables = try await db.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                .all(decodingColumn: "tablename", as: String.self)
            var dump = Data()
            for table in tables {
                let rows = try await db.raw("SELECT t::text AS row FROM \(ident: table) t").all(decodingColumn: "row", as: String.self)
                for row in rows { dump.append(Data(row.utf8)) }
            }
            return dump
        }
    }

    @Test("every migration is recorded once", arguments: TestDatabases.engines)
    func migrationsRecorded(engine: DatabaseEngine) async throws {
        try await TestSystem.with(engine) { test in
            let system = try await test.build()
            let ids = try await system.core.database.read { db in
                try await db.raw("SELECT id FROM schema_migrations ORDER BY id").all(decodingColumn: "id", as: String.self)
            }
            #expect(ids.count == HRSystemCore.migrations.count)
            #expect(Set(ids) == Set(HRSystemCore.migrations.map(\.id)))
            await system.core.shutdown()
        }
    }
}
