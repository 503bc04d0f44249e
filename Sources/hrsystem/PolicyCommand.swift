import ArgumentParser
import Foundation
import HRDomain
import HRStore
import HRSystem
import TimeSource
import Yams

/// `hrsystem policy apply|export`: the company policy as a YAML or JSON file.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Import or export the company policy (YAML or JSON, by file extension).",
        subcommands: [Apply.self, Export.self])

    static func isYAML(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }

    /// The operator running the command, as the audit log names CLI actors.
    static var actor: AuditActor {
        AuditActor(id: "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? NSUserName()), requestID: nil)
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a policy file and store it as the version in force from a date (a bad key is named).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The policy document (.json, .yaml or .yml).") var file: String
        @Option(help: "The first day the policy applies (YYYY-MM-DD); default: today in the company's zone.") var effectiveFrom: String?

        func run() async throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            var data = Data(text.utf8)
            if PolicyCommand.isYAML(file) {
                guard let object = try Yams.load(yaml: text) else { throw CLIError("\(file) is empty") }
                data = try JSONSerialization.data(withJSONObject: object)
            }
            let policy: CompanyPolicy
            do {
                policy = try CompanyPolicy.parse(data)
            } catch {
                switch error {
                case .validationFailed(let errors):
                    throw CLIError("\(file) is not a valid policy:\n" + errors.map { "  \($0.pointer.isEmpty ? "/" : $0.pointer): \($0.message)" }.joined(separator: "\n"))
                case .malformedJSON(let message):
                    throw CLIError("\(file): \(message)")
                default:
                    throw error
                }
            }
            var date: LocalDate?
            if let effectiveFrom {
                guard let parsed = LocalDate(effectiveFrom) else { throw ValidationError("--effective-from must be YYYY-MM-DD") }
                date = parsed
            }
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let zone = TimeZone(identifier: policy.companyTimeZone) ?? .gmt
                let from = date ?? LocalDate(clamping: core.clock.now(), in: zone)
                _ = try await core.workRules.setPolicy(policy, effectiveFrom: from, actor: PolicyCommand.actor)
                print("Policy in force from \(from)")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the policy in force on a date to a file.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Where to write (.json, .yaml or .yml).") var file: String
        @Option(help: "The date whose policy to export (YYYY-MM-DD); default: today.") var date: String?

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, _ in
                let day = try date.map { text in
                    guard let parsed = LocalDate(text) else { throw ValidationError("--date must be YYYY-MM-DD") }
                    return parsed
                } ?? LocalDate(clamping: core.clock.now(), in: TimeZone(identifier: core.configuration.companyTimeZone) ?? .gmt)
                let version = try await core.workRules.policy(on: day)
                let text: String
                if PolicyCommand.isYAML(file) {
                    text = try YAMLEncoder().encode(version.policy)
                } else {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    text = String(decoding: try encoder.encode(version.policy), as: UTF8.self) + "\n"
                }
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                print("Wrote the policy in force on \(day) (version \(version.id)) to \(file)")
            }
        }
    }
}
