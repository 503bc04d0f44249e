import ArgumentParser
import Foundation
import HRDomain
import HRStore
import HRSystem
import UserPool

/// `hrsystem keys …`: the pool's token-signing keys (not the access keys of `hrsystem key`).
struct SigningKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "List and rotate the keys that sign id and access tokens.", subcommands: [List.self, Rotate.self])

    struct Row: Encodable {
        var kid: String
        var tokenUse: String
        var signsFrom: Date
        var retiredAt: Date?
    }

    static func rows(_ keys: [SigningKey]) -> [Row] {
        keys.map { Row(kid: $0.kid, tokenUse: $0.tokenUse.rawValue, signsFrom: $0.signsFrom, retiredAt: $0.retiredAt) }
    }

    static func print(_ keys: [SigningKey], json: Bool) throws {
        if json {
            try KeyCommand.printJSON(["Keys": rows(keys)])
        } else {
            for key in keys {
                Swift.print("\(key.kid)\t\(key.tokenUse.rawValue)\tsigns from \(key.signsFrom)\t\(key.retiredAt.map { "published until \($0)" } ?? "published")")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The keys the JWKS publishes now.")
        @OptionGroup var options: CommonOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let (poolID, _) = try await core.defaultPool()
                try SigningKeysCommand.print(await core.keyring.publishedKeys(poolID: poolID), json: json)
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish new id and access keys now; they sign after the lead time, and the old ones stay published until their last token has expired.")
        @OptionGroup var options: CommonOptions
        @Option(help: "Minutes between publishing the new keys and signing with them (0–10080, default 60).") var leadMinutes = 60
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            guard (0...10080).contains(leadMinutes) else { throw ValidationError("--lead-minutes must be between 0 and 10080") }
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let (poolID, _) = try await core.defaultPool()
                let created = try await core.keyring.rotate(poolID: poolID, lead: TimeInterval(leadMinutes * 60))
                for key in created {
                    try await core.auditIdentity(
                        "signing_key_rotated", entityType: "signing_key", entityID: key.kid,
                        changes: [FieldChange(field: "signs_from", from: nil, to: "\(key.signsFrom)")], actor: PolicyCommand.actor)
                }
                try SigningKeysCommand.print(await core.keyring.publishedKeys(poolID: poolID), json: json)
            }
        }
    }
}
