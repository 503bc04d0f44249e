import ArgumentParser
import Foundation
import HRDomain
import HRStore
import HRSystem
import UserPool

/// `hrsystem key …`: the access keys that sign administrative Cognito calls (AWS CLI, boto3).
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Manage the access keys that sign administrative user-pool calls.",
        subcommands: [Create.self, List.self, Deactivate.self, Activate.self, Delete.self])

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an access key; its secret is printed once.")
        @OptionGroup var options: CommonOptions
        @Option(help: "The operator the key acts for (audited as the actor of every call it signs); default: the admin.") var owner: String?
        @Flag(help: "Print JSON (AccessKeyId, SecretAccessKey, Owner, Status).") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                let (key, secret) = try await core.accessKeys.create(owner: owner ?? report.adminUsername)
                try await core.auditIdentity(
                    "access_key_created", entityType: "access_key", entityID: key.accessKeyId,
                    changes: [FieldChange(field: "owner", from: nil, to: key.owner)], actor: PolicyCommand.actor)
                if json {
                    try KeyCommand.printJSON(["AccessKeyId": key.accessKeyId, "SecretAccessKey": secret, "Owner": key.owner, "Status": key.status.rawValue])
                } else {
                    print("AccessKeyId: \(key.accessKeyId)\nSecretAccessKey: \(secret)\nOwner: \(key.owner)")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List access keys (never their secrets).")
        @OptionGroup var options: CommonOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let keys = try await core.accessKeys.list()
                if json {
                    try KeyCommand.printJSON(["AccessKeys": keys])
                } else {
                    for key in keys {
                        print("\(key.accessKeyId)\t\(key.status.rawValue)\t\(key.owner)\t\(key.lastUsedAt.map { "last used \($0)" } ?? "never used")")
                    }
                }
            }
        }
    }

    /// Deactivate, activate and delete: one key id, one change, audited.
    static func change(_ options: CommonOptions, _ id: String, action: String, _ body: @escaping @Sendable (AccessKeyStore) async throws -> Void)
        async throws
    {
        let configuration = try options.configuration()
        try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
            do {
                try await body(core.accessKeys)
            } catch let error as AccessKeyError {
                throw ValidationError(error.description)
            }
            try await core.auditIdentity("access_key_\(action)", entityType: "access_key", entityID: id, changes: [], actor: PolicyCommand.actor)
            print("\(id) \(action)")
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deactivate a key: every instance refuses it at once.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The access key id.") var accessKeyId: String

        func run() async throws {
            let id = accessKeyId
            try await KeyCommand.change(options, id, action: "deactivated") { try await $0.setStatus(id, .inactive) }
        }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Activate a deactivated key.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The access key id.") var accessKeyId: String

        func run() async throws {
            let id = accessKeyId
            try await KeyCommand.change(options, id, action: "activated") { try await $0.setStatus(id, .active) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key for good.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The access key id.") var accessKeyId: String

        func run() async throws {
            let id = accessKeyId
            try await KeyCommand.change(options, id, action: "deleted") { try await $0.delete(id) }
        }
    }
}
