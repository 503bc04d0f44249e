import ArgumentParser
import Foundation
import HRDomain
import HRSystem
import UserPool

/// A password given without putting it on the command line, where `ps` shows it.
struct PasswordInput {
    var passwordStdin: Bool

    /// The password from standard input, else `HRSYSTEM_PASSWORD`, else `fallback` (an argument, kept for scripts).
    func read(fallback: String?) throws -> String? {
        if passwordStdin {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin: standard input holds no password")
            }
            return line
        }
        return ProcessInfo.processInfo.environment["HRSYSTEM_PASSWORD"] ?? fallback
    }
}

extension UserCommand {
    /// One change to one user, audited with the CLI as actor.
    static func change(
        _ options: CommonOptions, _ username: String, action: String, changes: [FieldChange] = [],
        _ body: @escaping @Sendable (HRSystemCore, String) async throws -> Void
    ) async throws {
        let configuration = try options.configuration()
        try await withCore(configuration, logger: options.logger(configuration)) { core, report in
            try await body(core, report.poolID)
            try await core.auditIdentity(action, username: username, changes: changes, actor: PolicyCommand.actor)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The username.") var username: String
        @Flag(help: "Print JSON in the shape of Cognito's ListUsers.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                guard let user = try await core.directory.storedUser(poolID: report.poolID, username: username)?.user else {
                    throw ValidationError("no user \(username)")
                }
                try UserOutput.print([user], json: json)
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: sign-in is refused and every token is revoked at once.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The username.") var username: String

        func run() async throws {
            let name = username
            try await UserCommand.change(options, name, action: "user_disabled") { core, pool in
                try await core.directory.setEnabled(poolID: pool, username: name, enabled: false)
            }
            print("Disabled \(name)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The username.") var username: String

        func run() async throws {
            let name = username
            try await UserCommand.change(options, name, action: "user_enabled") { core, pool in
                try await core.directory.setEnabled(poolID: pool, username: name, enabled: true)
            }
            print("Enabled \(name)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a user; a linked employee record stays, without its login. Their tokens stop working at once.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The username.") var username: String

        func run() async throws {
            let name = username
            try await UserCommand.change(options, name, action: "user_deleted") { core, pool in
                try await core.directory.deleteUser(poolID: pool, username: name)
            }
            print("Deleted \(name)")
        }
    }

    struct RemoveFromGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-from-group", abstract: "Remove a user from a group; their next token shows it.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The username.") var username: String
        @Argument(help: "The group.") var group: String

        func run() async throws {
            let (name, group) = (username, group)
            try await UserCommand.change(options, name, action: "group_removed", changes: [FieldChange(field: "groups", from: group, to: nil)]) {
                core, pool in try await core.directory.removeUserFromGroup(poolID: pool, username: name, group: group)
            }
            print("Removed \(name) from \(group)")
        }
    }
}

/// `hrsystem group …`: the groups of the installation's pool.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Manage the groups of the user pool.", subcommands: [List.self, Create.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups.")
        @OptionGroup var options: CommonOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                let groups = try await core.directory.groups(poolID: report.poolID)
                if json {
                    let items = groups.map { ["GroupName": $0.name, "Description": $0.description ?? "", "Precedence": $0.precedence.map(String.init) ?? ""] }
                    try KeyCommand.printJSON(["Groups": items])
                } else {
                    for group in groups { print("\(group.name)\t\(group.precedence.map(String.init) ?? "-")\t\(group.description ?? "")") }
                }
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a group.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The group name.") var name: String
        @Option(help: "A description.") var description: String?
        @Option(help: "Precedence (lower wins when a user is in several groups).") var precedence: Int?

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                try await core.directory.createGroup(poolID: report.poolID, name: name, description: description, precedence: precedence)
                try await core.auditIdentity("group_created", entityType: "group", entityID: name, changes: [], actor: PolicyCommand.actor)
                print("Created group \(name)")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a group and its memberships.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The group name.") var name: String

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                try await core.directory.deleteGroup(poolID: report.poolID, name: name)
                try await core.auditIdentity("group_deleted", entityType: "group", entityID: name, changes: [], actor: PolicyCommand.actor)
                print("Deleted group \(name)")
            }
        }
    }
}
