import ArgumentParser
import Foundation
import HRSystem
import HRDomain
import UserPool

/// `hrsystem user …`: manage the users of the installation's pool.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users of the user pool.",
        subcommands: [Create.self, Show.self, List.self, AddToGroup.self, RemoveFromGroup.self, SetPassword.self, Disable.self, Enable.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user, with a temporary password unless --password gives a permanent one.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The username.") var username: String
        @Option(name: .customLong("group"), help: "A group to add the user to (repeatable).") var groups: [String] = []
        @Option(help: "The user's email address.") var email: String?
        @Option(help: "The temporary password; one is generated and printed when omitted.") var temporaryPassword: String?
        @Option(help: "A permanent password (the user need not change it); prefer --password-stdin or HRSYSTEM_PASSWORD.") var password: String?
        @Flag(help: "Read the permanent password from the first line of standard input.") var passwordStdin = false
        @Flag(help: "Print the user as JSON.") var json = false

        func run() async throws {
            let password = try PasswordInput(passwordStdin: passwordStdin).read(fallback: self.password)
            if temporaryPassword != nil && password != nil {
                throw ValidationError("give either --temporary-password or --password, not both")
            }
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                let generated = temporaryPassword == nil && password == nil ? UserAdministration.generateTemporaryPassword() : nil
                let secret = password ?? temporaryPassword ?? generated!
                let user = try await core.administration.createUser(
                    poolID: report.poolID, username: username, email: email, password: secret, permanent: password != nil,
                    groups: groups)
                try await core.auditIdentity(
                    "user_created", username: username,
                    changes: [FieldChange(field: "groups", from: nil, to: user.groups.joined(separator: ",")),
                              FieldChange(field: "status", from: nil, to: user.status.rawValue)],
                    actor: PolicyCommand.actor)
                try UserOutput.print([user], json: json)
                if let generated { print("Temporary password: \(generated)") }
            }
        }
    }

    struct AddToGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-to-group", abstract: "Add a user to a group.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The username.") var username: String
        @Argument(help: "The group: hr_admin, manager or employee.") var group: String

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                try await core.directory.addUserToGroup(poolID: report.poolID, username: username, group: group)
                try await core.auditIdentity(
                    "group_added", username: username, changes: [FieldChange(field: "groups", from: nil, to: group)], actor: PolicyCommand.actor)
                print("Added \(username) to \(group)")
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Set a user's password; temporary unless --permanent. Revokes the user's existing tokens.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The username.") var username: String
        @Option(help: "The new password; prefer --password-stdin or HRSYSTEM_PASSWORD, which ps does not show.") var password: String?
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
        @Flag(help: "Make the password permanent (no change required at next sign-in).") var permanent = false

        func run() async throws {
            guard let password = try PasswordInput(passwordStdin: passwordStdin).read(fallback: self.password) else {
                throw ValidationError("give the password with --password-stdin, HRSYSTEM_PASSWORD or --password")
            }
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                try await core.administration.setPassword(
                    poolID: report.poolID, username: username, password: password, permanent: permanent)
                try await core.auditIdentity(
                    "password_set", username: username,
                    changes: [FieldChange(field: "password", from: nil, to: permanent ? "permanent" : "temporary")], actor: PolicyCommand.actor)
                print("Password set for \(username) (\(permanent ? "permanent" : "temporary"))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: CommonOptions
        @Flag(help: "Print JSON in the shape of Cognito's ListUsers.") var json = false

        func run() async throws {
            let configuration = try options.configuration()
            try await withCore(configuration, logger: options.logger(configuration)) { core, report in
                try UserOutput.print(try await core.directory.listUsers(poolID: report.poolID), json: json)
            }
        }
    }
}

/// Prints users as a table or as Cognito-shaped JSON (`{"Users": [UserType]}`).
enum UserOutput {
    struct UserJSON: Encodable {
        struct Attribute: Encodable {
            var Name: String
            var Value: String
        }
        var Username: String
        var Attributes: [Attribute]
        var UserCreateDate: Double
        var UserLastModifiedDate: Double
        var Enabled: Bool
        var UserStatus: String
        var Groups: [String]
    }

    static func print(_ users: [PoolUser], json: Bool) throws {
        if json {
            let items = users.map { user in
                var attributes = [UserJSON.Attribute(Name: "sub", Value: user.sub)]
                if let email = user.email {
                    attributes.append(.init(Name: "email", Value: email))
                    attributes.append(.init(Name: "email_verified", Value: user.emailVerified ? "true" : "false"))
                }
                return UserJSON(
                    Username: user.username, Attributes: attributes, UserCreateDate: user.createdAt.timeIntervalSince1970,
                    UserLastModifiedDate: user.updatedAt.timeIntervalSince1970, Enabled: user.enabled,
                    UserStatus: user.status.rawValue, Groups: user.groups)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Swift.print(String(decoding: try encoder.encode(["Users": items]), as: UTF8.self))
            return
        }
        for user in users {
            let groups = user.groups.isEmpty ? "-" : user.groups.joined(separator: ",")
            Swift.print("\(user.username)\t\(user.sub)\t\(user.status.rawValue)\t\(user.enabled ? "enabled" : "disabled")\t\(groups)")
        }
    }
}
