import ArgumentParser
import Foundation
import HRDomain
import HRStore
import HRSystem
import UserPool

/// `hrsystem outbox …`: the messages the pool would have e-mailed (password-reset codes), for the
/// operator to pass on while no mail relay is configured.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Read the messages (codes) the user pool would send.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List messages, newest first, without their text.")
        @OptionGroup var options: CommonOptions
        @Option(help: "How many (1–1000).") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let messages = try await core.outbox.list(limit: limit)
                if json {
                    try KeyCommand.printJSON(["Messages": messages])
                } else {
                    for message in messages {
                        let state = message.deliveredAt.map { "delivered \($0)" } ?? "waiting"
                        print("\(message.id)\t\(message.createdAt)\t\(message.purpose)\t\(message.destination)\t\(state)")
                    }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one message with its text (the code), mark it delivered, and audit the reading.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The message id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                guard let message = try await core.outbox.message(id: id) else { throw ValidationError("message \(id) does not exist") }
                try await core.outbox.markDelivered(id: id)
                try await core.auditIdentity(
                    "outbox_message_read", entityType: "outbox_message", entityID: id,
                    changes: [FieldChange(field: "destination", from: nil, to: message.destination)], actor: PolicyCommand.actor)
                if json {
                    try KeyCommand.printJSON(message)
                } else {
                    print("To: \(message.destination)\nPurpose: \(message.purpose)\nCreated: \(message.createdAt)\n\n\(message.body ?? "")")
                }
            }
        }
    }
}
