import Foundation

/// An administrative change to audit: what was done to which user or group, by the owner of the
/// access key that signed the call (`access-key:<owner>`) or the user acting on themselves (`user:<sub>`).
public struct AdminAuditEvent: Sendable, Equatable {
    public var action: String
    public var entityType: String
    public var entityID: String
    public var changes: [String: String]
    public var actor: String
}

/// The signed (IAM) user-pool operations: users, groups and the pool, with the request and
/// response shapes of botocore's service model. Every member is validated, worded as AWS words
/// validation errors; unknown members are ignored, as AWS does.
struct AdminOperations: Sendable {
    let administration: UserAdministration
    let audit: @Sendable (AdminAuditEvent) async throws -> Void
    /// The app client the web console signs in with; it cannot be deleted.
    let protectedClientID: String?
    /// Where password-reset codes go (`AdminResetUserPassword`, `ForgotPassword`).
    let outbox: Outbox?
    var directory: UserPoolDirectory { administration.directory }

    /// The operations this type answers.
    static let names: Set<String> = Set([
        "AdminCreateUser", "AdminGetUser", "AdminDeleteUser", "AdminEnableUser", "AdminDisableUser", "AdminSetUserPassword",
        "AdminUpdateUserAttributes", "AdminDeleteUserAttributes", "AdminAddUserToGroup", "AdminRemoveUserFromGroup",
        "AdminListGroupsForUser", "AdminUserGlobalSignOut", "ListUsers", "ListUsersInGroup", "CreateGroup", "GetGroup",
        "UpdateGroup", "DeleteGroup", "ListGroups", "DescribeUserPool", "ListUserPools", "AdminResetUserPassword",
    ]).union(settingsNames)

    typealias JSON = [String: Any]

    func perform(_ operation: String, body: Data, actor: String) async throws -> Data {
        let input = try Self.object(body)
        let output: JSON
        switch operation {
        case "AdminCreateUser": output = try await adminCreateUser(input, actor: actor)
        case "AdminGetUser": output = try await adminGetUser(input)
        case "AdminDeleteUser":
            let (pool, username) = try await userTarget(input)
            try await directory.deleteUser(poolID: pool, username: username)
            try await audit(.init(action: "user_deleted", entityType: "user", entityID: username, changes: [:], actor: actor))
            output = [:]
        case "AdminEnableUser", "AdminDisableUser":
            let (pool, username) = try await userTarget(input)
            let enabled = operation == "AdminEnableUser"
            try await directory.setEnabled(poolID: pool, username: username, enabled: enabled)
            try await audit(
                .init(action: enabled ? "user_enabled" : "user_disabled", entityType: "user", entityID: username, changes: ["enabled": "\(enabled)"], actor: actor))
            output = [:]
        case "AdminSetUserPassword":
            let (pool, username) = try await userTarget(input)
            let password = try Self.string(input, "Password", required: true, max: 256) ?? ""
            let permanent = try Self.bool(input, "Permanent") ?? false
            guard try await directory.storedUser(poolID: pool, username: username) != nil else { throw UserPoolError.userNotFound(username) }
            try await administration.setPassword(poolID: pool, username: username, password: password, permanent: permanent)
            try await audit(
                .init(action: "password_set", entityType: "user", entityID: username, changes: ["permanent": "\(permanent)"], actor: actor))
            output = [:]
        case "AdminUpdateUserAttributes":
            let (pool, username) = try await userTarget(input)
            let attributes = try Self.attributes(input, "UserAttributes", required: true)
            try await directory.updateAttributes(poolID: pool, username: username, set: attributes, delete: [])
            try await audit(.init(action: "attributes_updated", entityType: "user", entityID: username, changes: attributes, actor: actor))
            output = [:]
        case "AdminDeleteUserAttributes":
            let (pool, username) = try await userTarget(input)
            let names = try Self.stringList(input, "UserAttributeNames", required: true)
            if names.contains("sub") { throw CognitoError.invalidParameter("Cannot modify the non-mutable attribute sub") }
            try await directory.updateAttributes(poolID: pool, username: username, set: [:], delete: names)
            try await audit(
                .init(action: "attributes_deleted", entityType: "user", entityID: username, changes: ["deleted": names.joined(separator: ",")], actor: actor))
            output = [:]
        case "AdminAddUserToGroup", "AdminRemoveUserFromGroup":
            let (pool, username) = try await userTarget(input)
            let group = try Self.string(input, "GroupName", required: true, max: 128) ?? ""
            if operation == "AdminAddUserToGroup" {
                try await directory.addUserToGroup(poolID: pool, username: username, group: group)
            } else {
                try await directory.removeUserFromGroup(poolID: pool, username: username, group: group)
            }
            try await audit(
                .init(
                    action: operation == "AdminAddUserToGroup" ? "group_added" : "group_removed", entityType: "user", entityID: username,
                    changes: ["group": group], actor: actor))
            output = [:]
        case "AdminListGroupsForUser":
            let (pool, username) = try await userTarget(input)
            guard let user = try await directory.storedUser(poolID: pool, username: username)?.user else { throw UserPoolError.userNotFound(username) }
            let groups = try await directory.groups(poolID: pool).filter { user.groups.contains($0.name) }
            output = try Self.page(groups.map(Self.group), input: input, limitMember: "Limit", tokenMember: "NextToken", outputMember: "Groups")
        case "AdminUserGlobalSignOut":
            let (pool, username) = try await userTarget(input)
            try await directory.signOutEverywhere(poolID: pool, username: username)
            try await audit(.init(action: "signed_out_everywhere", entityType: "user", entityID: username, changes: [:], actor: actor))
            output = [:]
        case "ListUsers": output = try await listUsers(input)
        case "ListUsersInGroup":
            let pool = try await poolID(input)
            let group = try Self.string(input, "GroupName", required: true, max: 128) ?? ""
            let users = try await directory.usersInGroup(poolID: pool, group: group)
            output = try Self.page(users.map { Self.user($0, attributesMember: "Attributes") }, input: input, limitMember: "Limit", tokenMember: "NextToken", outputMember: "Users")
        case "CreateGroup":
            let pool = try await poolID(input)
            let name = try Self.groupName(input)
            let description = try Self.string(input, "Description", required: false, max: 2048)
            let precedence = try Self.integer(input, "Precedence", range: 0...Int(Int32.max))
            try await directory.createGroup(poolID: pool, name: name, description: description, precedence: precedence)
            try await audit(.init(action: "group_created", entityType: "group", entityID: name, changes: [:], actor: actor))
            output = ["Group": Self.group(try await requireGroup(pool, name))]
        case "GetGroup":
            let pool = try await poolID(input)
            output = ["Group": Self.group(try await requireGroup(pool, try Self.groupName(input)))]
        case "UpdateGroup":
            let pool = try await poolID(input)
            let name = try Self.groupName(input)
            let description = try Self.string(input, "Description", required: false, max: 2048)
            let precedence = try Self.integer(input, "Precedence", range: 0...Int(Int32.max))
            try await directory.updateGroup(poolID: pool, name: name, description: description, precedence: precedence)
            try await audit(.init(action: "group_updated", entityType: "group", entityID: name, changes: [:], actor: actor))
            output = ["Group": Self.group(try await requireGroup(pool, name))]
        case "DeleteGroup":
            let pool = try await poolID(input)
            let name = try Self.groupName(input)
            try await directory.deleteGroup(poolID: pool, name: name)
            try await audit(.init(action: "group_deleted", entityType: "group", entityID: name, changes: [:], actor: actor))
            output = [:]
        case "ListGroups":
            let pool = try await poolID(input)
            output = try Self.page(try await directory.groups(poolID: pool).map(Self.group), input: input, limitMember: "Limit", tokenMember: "NextToken", outputMember: "Groups")
        case "DescribeUserPool":
            let pool = try await poolID(input)
            guard let record = try await directory.pool(id: pool) else { throw UserPoolError.poolNotFound(pool) }
            let count = try await directory.listUsers(poolID: pool).count
            output = ["UserPool": Self.pool(record, estimatedUsers: count)]
        case "ListUserPools":
            guard let maxResults = try Self.integer(input, "MaxResults", range: 1...60) else {
                throw CognitoError.invalidParameter(
                    "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null")
            }
            var pools: [JSON] = []
            for id in try await directory.poolIDs() {
                if let record = try await directory.pool(id: id) {
                    pools.append(["Id": record.id, "Name": record.name, "CreationDate": Self.seconds(record.createdAt), "LastModifiedDate": Self.seconds(record.updatedAt)])
                }
            }
            var paged = input
            paged["Limit"] = maxResults
            output = try Self.page(pools, input: paged, limitMember: "Limit", tokenMember: "NextToken", outputMember: "UserPools")
        case "AdminResetUserPassword":
            let (pool, username) = try await userTarget(input)
            guard let user = try await directory.storedUser(poolID: pool, username: username)?.user else { throw UserPoolError.userNotFound(username) }
            guard user.email != nil && user.emailVerified || user.extraAttributes["phone_number_verified"] == "true" else {
                throw CognitoError.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
            }
            guard try await directory.requirePasswordReset(poolID: pool, username: username) else { throw UserPoolError.userNotFound(username) }
            if let email = user.email, user.emailVerified { try await sendResetCode(to: email, user: user) }
            try await audit(
                .init(action: "password_reset_required", entityType: "user", entityID: username, changes: ["status": UserStatus.resetRequired.rawValue], actor: actor))
            output = [:]
        default:
            output = try await performSettings(operation, input: input, actor: actor)
        }
        return try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    // MARK: Users

    /// Queues a password-reset code for `user` in the outbox (answered by `ConfirmForgotPassword`).
    func sendResetCode(to email: String, user: PoolUser) async throws {
        guard let outbox else { throw CognitoError("UnsupportedOperationException", "This server keeps no outbox.") }
        do {
            try await outbox.sendCode(to: email, userSub: user.sub, purpose: "forgot_password") { code in
                "Your password reset code is \(code). It is valid for one hour."
            }
        } catch VerificationCodeError.limitExceeded {
            throw CognitoError("LimitExceededException", "Attempt limit exceeded, please try after some time.")
        }
    }

    func adminCreateUser(_ input: JSON, actor: String) async throws -> JSON {
        let pool = try await poolID(input)
        let username = try Self.username(input)
        var attributes = try Self.attributes(input, "UserAttributes", required: false)
        let action = try Self.enumeration(input, "MessageAction", ["RESEND", "SUPPRESS"])
        if let mediums = input["DesiredDeliveryMediums"], !(mediums is [Any]) {
            throw CognitoError("SerializationException", "Unexpected value type for DesiredDeliveryMediums")
        }
        let temporary = try Self.string(input, "TemporaryPassword", required: false, max: 256)
        let password = temporary ?? UserAdministration.generateTemporaryPassword()
        if action == "RESEND" {
            guard let existing = try await directory.storedUser(poolID: pool, username: username) else { throw UserPoolError.userNotFound(username) }
            guard existing.user.status == .forceChangePassword else {
                throw CognitoError("UnsupportedUserStateException", "Resend not possible. \(username) status is not FORCE_CHANGE_PASSWORD.")
            }
            try await administration.setPassword(poolID: pool, username: username, password: password, permanent: false)
            try await audit(.init(action: "invitation_resent", entityType: "user", entityID: username, changes: [:], actor: actor))
        } else {
            let email = attributes.removeValue(forKey: "email")
            _ = try await administration.createUser(poolID: pool, username: username, email: email, password: password, permanent: false)
            if email != nil && attributes["email_verified"] == nil { attributes["email_verified"] = "false" }
            if !attributes.isEmpty { try await directory.updateAttributes(poolID: pool, username: username, set: attributes, delete: []) }
            try await audit(
                .init(action: "user_created", entityType: "user", entityID: username, changes: ["status": UserStatus.forceChangePassword.rawValue], actor: actor))
        }
        guard let user = try await directory.storedUser(poolID: pool, username: username)?.user else { throw UserPoolError.userNotFound(username) }
        return ["User": Self.user(user, attributesMember: "Attributes")]
    }

    func adminGetUser(_ input: JSON) async throws -> JSON {
        let (pool, username) = try await userTarget(input)
        guard let user = try await directory.storedUser(poolID: pool, username: username)?.user else { throw UserPoolError.userNotFound(username) }
        var output = Self.user(user, attributesMember: "UserAttributes")
        output["UserMFASettingList"] = [String]()
        return output
    }

    /// `Filter` attributes ListUsers searches, as Cognito lists them.
    static let filterable: Set<String> = [
        "username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username", "cognito:user_status",
        "status", "sub",
    ]

    func listUsers(_ input: JSON) async throws -> JSON {
        let pool = try await poolID(input)
        let filter = try Self.string(input, "Filter", required: false, max: 256).flatMap { $0.isEmpty ? nil : $0 }
        let wanted = input["AttributesToGet"] == nil ? nil : Set(try Self.stringList(input, "AttributesToGet", required: false))
        var users = try await directory.listUsers(poolID: pool)
        if let filter {
            let (attribute, prefix, value) = try Self.parseFilter(filter)
            users = users.filter { user in
                guard let actual = Self.attributeValue(attribute, of: user) else { return false }
                return prefix ? actual.hasPrefix(value) : actual == value
            }
        }
        let items = users.map { user -> JSON in
            var item = Self.user(user, attributesMember: "Attributes")
            if let wanted, let attributes = item["Attributes"] as? [JSON] {
                item["Attributes"] = attributes.filter { wanted.contains($0["Name"] as? String ?? "") }
            }
            return item
        }
        return try Self.page(items, input: input, limitMember: "Limit", tokenMember: "PaginationToken", outputMember: "Users")
    }

    static func parseFilter(_ filter: String) throws -> (attribute: String, prefix: Bool, value: String) {
        let invalid = CognitoError.invalidParameter("Error while parsing filter.")
        let text = filter.trimmingCharacters(in: .whitespaces)
        let prefix = text.contains("^=")
        let separator = prefix ? "^=" : "="
        guard let range = text.range(of: separator) else { throw invalid }
        let attribute = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        var value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { throw invalid }
        value = String(value.dropFirst().dropLast())
        guard filterable.contains(attribute) else {
            throw CognitoError.invalidParameter("Invalid search attribute: \(attribute)")
        }
        return (attribute, prefix, value)
    }

    static func attributeValue(_ name: String, of user: PoolUser) -> String? {
        switch name {
        case "username": user.username
        case "sub": user.sub
        case "email": user.email
        case "given_name": user.givenName
        case "family_name": user.familyName
        case "cognito:user_status": user.status.rawValue
        case "status": user.enabled ? "Enabled" : "Disabled"
        default: user.extraAttributes[name]
        }
    }

    // MARK: Shapes

    static func seconds(_ date: Date) -> Double { (date.timeIntervalSince1970 * 1000).rounded() / 1000 }

    static func user(_ user: PoolUser, attributesMember: String) -> JSON {
        var attributes: [(String, String)] = [("sub", user.sub)]
        if let email = user.email { attributes += [("email", email), ("email_verified", user.emailVerified ? "true" : "false")] }
        if let given = user.givenName { attributes.append(("given_name", given)) }
        if let family = user.familyName { attributes.append(("family_name", family)) }
        attributes += user.extraAttributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return [
            "Username": user.username, attributesMember: attributes.map { ["Name": $0.0, "Value": $0.1] },
            "UserCreateDate": seconds(user.createdAt), "UserLastModifiedDate": seconds(user.updatedAt), "Enabled": user.enabled,
            "UserStatus": user.status.rawValue,
        ]
    }

    static func group(_ group: PoolGroup) -> JSON {
        var output: JSON = [
            "GroupName": group.name, "UserPoolId": group.poolID, "CreationDate": seconds(group.createdAt),
            "LastModifiedDate": seconds(group.updatedAt),
        ]
        if let description = group.description { output["Description"] = description }
        if let precedence = group.precedence { output["Precedence"] = precedence }
        return output
    }

    static func pool(_ pool: UserPoolRecord, estimatedUsers: Int) -> JSON {
        let policy = pool.passwordPolicy
        return [
            "Id": pool.id, "Name": pool.name, "CreationDate": seconds(pool.createdAt), "LastModifiedDate": seconds(pool.updatedAt),
            "EstimatedNumberOfUsers": estimatedUsers, "MfaConfiguration": "OFF",
            "Policies": ["PasswordPolicy": [
                "MinimumLength": policy.minimumLength, "RequireUppercase": policy.requireUppercase,
                "RequireLowercase": policy.requireLowercase, "RequireNumbers": policy.requireNumbers,
                "RequireSymbols": policy.requireSymbols, "TemporaryPasswordValidityDays": policy.temporaryPasswordValidityDays,
            ]],
            "AdminCreateUserConfig": ["AllowAdminCreateUserOnly": pool.allowAdminCreateUserOnly],
            "Arn": "arn:aws:cognito-idp:\(pool.region):000000000000:userpool/\(pool.id)",
        ]
    }

    /// One page of `items`: the token is the base64 of the next item's index.
    static func page(_ items: [JSON], input: JSON, limitMember: String, tokenMember: String, outputMember: String) throws -> JSON {
        let limit = try integer(input, limitMember, range: 0...60) ?? 60
        var start = 0
        if let token = try string(input, tokenMember, required: false, max: 2048) {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), let index = Int(text), index >= 0
            else { throw CognitoError.invalidParameter("The pagination token is invalid.") }
            start = index
        }
        let effective = limit == 0 ? 60 : limit
        let end = min(items.count, start + effective)
        var output: JSON = [outputMember: start < end ? Array(items[start..<end]) : []]
        if end < items.count { output[tokenMember] = Data(String(end).utf8).base64EncodedString() }
        return output
    }

    // MARK: Members

    func poolID(_ input: JSON) async throws -> String {
        guard let id = try Self.string(input, "UserPoolId", required: true, max: 55) else { return "" }
        guard id.range(of: #"^[\w-]+_[0-9a-zA-Z]+$"#, options: .regularExpression) != nil else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value '\(id)' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+")
        }
        guard try await directory.pool(id: id) != nil else { throw UserPoolError.poolNotFound(id) }
        return id
    }

    func userTarget(_ input: JSON) async throws -> (String, String) {
        (try await poolID(input), try Self.username(input))
    }

    func requireGroup(_ pool: String, _ name: String) async throws -> PoolGroup {
        guard let group = try await directory.group(poolID: pool, name: name) else { throw UserPoolError.groupNotFound(name) }
        return group
    }

    static func object(_ body: Data) throws -> JSON {
        guard !body.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? JSON else {
            throw CognitoError("SerializationException", "The request body is not a JSON object")
        }
        return object
    }

    static func lowerFirst(_ member: String) -> String { member.prefix(1).lowercased() + member.dropFirst() }

    static func missing(_ member: String) -> CognitoError {
        CognitoError.invalidParameter(
            "1 validation error detected: Value null at '\(lowerFirst(member))' failed to satisfy constraint: Member must not be null")
    }

    static func string(_ input: JSON, _ member: String, required: Bool, max: Int) throws -> String? {
        guard let raw = input[member], !(raw is NSNull) else {
            if required { throw missing(member) }
            return nil
        }
        guard let value = raw as? String else { throw CognitoError("SerializationException", "Unexpected value type for \(member)") }
        guard value.count <= max, !(required && value.isEmpty) else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value at '\(lowerFirst(member))' failed to satisfy constraint: Member must have length between 1 and \(max)")
        }
        return value
    }

    static func username(_ input: JSON) throws -> String {
        let username = try string(input, "Username", required: true, max: 128) ?? ""
        guard username.unicodeScalars.allSatisfy({ !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.controlCharacters.contains($0) })
        else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+")
        }
        return username
    }

    static func groupName(_ input: JSON) throws -> String {
        let name = try string(input, "GroupName", required: true, max: 128) ?? ""
        guard name.unicodeScalars.allSatisfy({ !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.controlCharacters.contains($0) })
        else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+")
        }
        return name
    }

    static func bool(_ input: JSON, _ member: String) throws -> Bool? {
        guard let raw = input[member], !(raw is NSNull) else { return nil }
        guard let value = raw as? Bool else { throw CognitoError("SerializationException", "Unexpected value type for \(member)") }
        return value
    }

    static func integer(_ input: JSON, _ member: String, range: ClosedRange<Int>) throws -> Int? {
        guard let raw = input[member], !(raw is NSNull) else { return nil }
        guard let number = raw as? NSNumber, let value = Int(exactly: number.doubleValue) else {
            throw CognitoError("SerializationException", "Unexpected value type for \(member)")
        }
        guard range.contains(value) else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value '\(value)' at '\(lowerFirst(member))' failed to satisfy constraint: Member must have value between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    static func enumeration(_ input: JSON, _ member: String, _ allowed: [String]) throws -> String? {
        guard let value = try string(input, member, required: false, max: 64) else { return nil }
        guard allowed.contains(value) else {
            throw CognitoError.invalidParameter(
                "1 validation error detected: Value '\(value)' at '\(lowerFirst(member))' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
        }
        return value
    }

    static func stringList(_ input: JSON, _ member: String, required: Bool) throws -> [String] {
        guard let raw = input[member], !(raw is NSNull) else {
            if required { throw missing(member) }
            return []
        }
        guard let list = raw as? [Any], let strings = list as? [String] else {
            throw CognitoError("SerializationException", "Unexpected value type for \(member)")
        }
        return strings
    }

    /// `[{Name, Value}]`: names 1–32 characters of a standard attribute (or `custom:`), values at most 2048.
    static func attributes(_ input: JSON, _ member: String, required: Bool) throws -> [String: String] {
        guard let raw = input[member], !(raw is NSNull) else {
            if required { throw missing(member) }
            return [:]
        }
        guard let list = raw as? [Any] else { throw CognitoError("SerializationException", "Unexpected value type for \(member)") }
        var attributes: [String: String] = [:]
        for item in list {
            guard let entry = item as? JSON, let name = entry["Name"] as? String else {
                throw CognitoError("SerializationException", "Unexpected value type for \(member)")
            }
            let value = entry["Value"] as? String ?? ""
            guard (1...32).contains(name.count) else {
                throw CognitoError.invalidParameter(
                    "1 validation error detected: Value '\(name)' at '\(lowerFirst(member)).1.member.name' failed to satisfy constraint: Member must have length less than or equal to 32")
            }
            guard value.count <= 2048 else {
                throw CognitoError.invalidParameter(
                    "1 validation error detected: Value at '\(lowerFirst(member)).1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048")
            }
            guard standardAttributes.contains(name) || name.hasPrefix("custom:") else {
                throw CognitoError.invalidParameter("Attribute does not exist in the schema: \(name)")
            }
            guard name != "sub" else { throw CognitoError.invalidParameter("Cannot modify the non-mutable attribute sub") }
            if name == "email_verified" || name == "phone_number_verified", value != "true", value != "false" {
                throw CognitoError.invalidParameter("Invalid value for \(name): must be true or false")
            }
            attributes[name] = value
        }
        return attributes
    }

    /// The standard attributes of a Cognito pool.
    static let standardAttributes: Set<String> = [
        "sub", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website",
        "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address",
        "updated_at",
    ]
}
