import ArgumentParser
import Foundation
import HRDomain
import HRStore
import HRSystem
import UserPool

/// `hrsystem client …`: the app clients of the installation's pool, through the same directory
/// the signed `*UserPoolClient` operations use.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Manage the app clients of the user pool.",
        subcommands: [Create.self, List.self, Show.self, Update.self, Delete.self])

    /// The settings `create` and `update` share; on `update`, only those given change.
    struct Settings: ParsableArguments {
        @Option(name: .customLong("flow"), help: "An allowed auth flow (repeat; e.g. ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH).")
        var flows: [String] = []
        @Option(help: "Access-token lifetime in minutes (5–1440).") var accessTokenMinutes: Int?
        @Option(help: "ID-token lifetime in minutes (5–1440).") var idTokenMinutes: Int?
        @Option(help: "Refresh-token lifetime in days (1–3650).") var refreshTokenDays: Int?
        @Option(help: "PreventUserExistenceErrors: ENABLED (an unknown user looks like a wrong password) or LEGACY.")
        var userExistenceErrors: String?

        func apply(to client: inout AppClient) throws {
            if !flows.isEmpty {
                client.explicitAuthFlows = Set(try flows.map { name in
                    guard let flow = AuthFlow(rawValue: name) else {
                        throw ValidationError("unknown flow \(name); one of \(AuthFlow.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    return flow
                })
            }
            if let minutes = accessTokenMinutes {
                guard (5...1440).contains(minutes) else { throw ValidationError("--access-token-minutes must be between 5 and 1440") }
                client.accessTokenValidity = TimeInterval(minutes * 60)
            }
            if let minutes = idTokenMinutes {
                guard (5...1440).contains(minutes) else { throw ValidationError("--id-token-minutes must be between 5 and 1440") }
                client.idTokenValidity = TimeInterval(minutes * 60)
            }
            if let days = refreshTokenDays {
                guard (1...3650).contains(days) else { throw ValidationError("--refresh-token-days must be between 1 and 3650") }
                client.refreshTokenValidity = TimeInterval(days * 86400)
            }
            if let setting = userExistenceErrors {
                guard ["ENABLED", "LEGACY"].contains(setting) else { throw ValidationError("--user-existence-errors must be ENABLED or LEGACY") }
                client.preventUserExistenceErrors = setting == "ENABLED"
            }
        }
    }

    /// What `show`, `create` and `update` print: the client, its secret only when asked.
    static func describe(_ client: AppClient, json: Bool, showSecret: Bool) throws {
        let flows = client.explicitAuthFlows.map(\.rawValue).sorted()
        if json {
            var output: [String: String] = [
                "ClientId": client.id, "ClientName": client.name, "UserPoolId": client.poolID,
                "ExplicitAuthFlows": flows.joined(separator: " "),
                "AccessTokenValiditySeconds": "\(Int(client.accessTokenValidity))", "IdTokenValiditySeconds": "\(Int(client.idTokenValidity))",
                "RefreshTokenValiditySeconds": "\(Int(client.refreshTokenValidity))",
                "PreventUserExistenceErrors": client.preventUserExistenceErrors ? "ENABLED" : "LEGACY",
                "HasSecret": client.secret == nil ? "false" : "true",
            ]
            if showSecret, let secret = client.secret { output["ClientSecret"] = secret }
            try KeyCommand.printJSON(output)
        } else {
            print("ClientId: \(client.id)\nClientName: \(client.name)\nExplicitAuthFlows: \(flows.joined(separator: " "))")
            print("AccessToken: \(Int(client.accessTokenValidity) / 60) min, IdToken: \(Int(client.idTokenValidity) / 60) min, RefreshToken: \(Int(client.refreshTokenValidity) / 86400) days")
            print("PreventUserExistenceErrors: \(client.preventUserExistenceErrors ? "ENABLED" : "LEGACY")")
            if let secret = client.secret { print("ClientSecret: \(showSecret ? secret : "(hidden; --show-secret prints it)")") }
        }
    }

    static func audit(_ core: HRSystemCore, _ action: String, _ client: AppClient) async throws {
        try await core.auditIdentity(
            "client_\(action)", entityType: "app_client", entityID: client.id,
            changes: [FieldChange(field: "name", from: nil, to: client.name)], actor: PolicyCommand.actor)
    }

    /// The client with this id in the installation's pool.
    static func client(_ core: HRSystemCore, _ id: String) async throws -> AppClient {
        let (poolID, _) = try await core.defaultPool()
        guard let client = try await core.directory.client(id: id), client.poolID == poolID else {
            throw ValidationError("app client \(id) does not exist")
        }
        return client
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an app client (flows default to SRP, refresh and custom auth).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The client's name.") var name: String
        @OptionGroup var settings: Settings
        @Flag(help: "Give the client a secret (SECRET_HASH is then required); it is printed once.") var generateSecret = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let (poolID, _) = try await core.defaultPool()
                var client = AppClient.new(poolID: poolID, name: name, generateSecret: generateSecret)
                try settings.apply(to: &client)
                let created: AppClient
                do {
                    created = try await core.directory.insert(client)
                } catch let error as UserPoolError {
                    throw ValidationError(error.description)
                }
                try await ClientCommand.audit(core, "created", created)
                try ClientCommand.describe(created, json: json, showSecret: true)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the pool's app clients.")
        @OptionGroup var options: CommonOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let (poolID, consoleID) = try await core.defaultPool()
                let clients = try await core.directory.clients(poolID: poolID)
                if json {
                    try KeyCommand.printJSON(["UserPoolClients": clients.map { ["ClientId": $0.id, "ClientName": $0.name] }])
                } else {
                    for client in clients {
                        print("\(client.id)\t\(client.name)\(client.id == consoleID ? "\t(web console)" : "")")
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an app client.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The client id.") var clientId: String
        @Flag(help: "Print the client secret too.") var showSecret = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                try ClientCommand.describe(try await ClientCommand.client(core, clientId), json: json, showSecret: showSecret)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an app client's name, flows or token lifetimes (only what is given).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The client id.") var clientId: String
        @Option(help: "A new name.") var name: String?
        @OptionGroup var settings: Settings
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                var client = try await ClientCommand.client(core, clientId)
                if let name { client.name = name }
                try settings.apply(to: &client)
                let updated: AppClient
                do {
                    updated = try await core.directory.updateClient(client)
                } catch let error as UserPoolError {
                    throw ValidationError(error.description)
                }
                try await ClientCommand.audit(core, "updated", updated)
                try ClientCommand.describe(updated, json: json, showSecret: false)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an app client; its tokens stop working (not the web console's client).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The client id.") var clientId: String

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let client = try await ClientCommand.client(core, clientId)
                guard client.id != (try await core.defaultPool().clientID) else {
                    throw ValidationError("\(client.id) is the web console's client and cannot be deleted")
                }
                try await core.directory.deleteClient(poolID: client.poolID, id: client.id)
                try await ClientCommand.audit(core, "deleted", client)
                print("\(client.id) deleted")
            }
        }
    }
}
