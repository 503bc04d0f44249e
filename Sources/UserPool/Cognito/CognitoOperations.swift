/// Every operation of the Amazon Cognito user pools API (cognito-idp 2016-04-18), so an operation
/// we do not implement is answered `UnsupportedOperationException` rather than as unknown.
enum CognitoOperations {
    static let modelled: Set<String> = [
        "AddCustomAttributes", "AddUserPoolClientSecret", "AdminAddUserToGroup", "AdminConfirmSignUp",
        "AdminCreateUser", "AdminDeleteUser", "AdminDeleteUserAttributes", "AdminDisableProviderForUser",
        "AdminDisableUser", "AdminEnableUser", "AdminForgetDevice", "AdminGetDevice", "AdminGetUser",
        "AdminInitiateAuth", "AdminLinkProviderForUser", "AdminListDevices", "AdminListGroupsForUser",
        "AdminListUserAuthEvents", "AdminRemoveUserFromGroup", "AdminResetUserPassword",
        "AdminRespondToAuthChallenge", "AdminSetUserMFAPreference", "AdminSetUserPassword", "AdminSetUserSettings",
        "AdminUpdateAuthEventFeedback", "AdminUpdateDeviceStatus", "AdminUpdateUserAttributes",
        "AdminUserGlobalSignOut", "AssociateSoftwareToken", "ChangePassword", "CompleteWebAuthnRegistration",
        "ConfirmDevice", "ConfirmForgotPassword", "ConfirmSignUp", "CreateGroup", "CreateIdentityProvider",
        "CreateManagedLoginBranding", "CreateResourceServer", "CreateTerms", "CreateUserImportJob", "CreateUserPool",
        "CreateUserPoolClient", "CreateUserPoolDomain", "DeleteGroup", "DeleteIdentityProvider",
        "DeleteManagedLoginBranding", "DeleteResourceServer", "DeleteTerms", "DeleteUser", "DeleteUserAttributes",
        "DeleteUserPool", "DeleteUserPoolClient", "DeleteUserPoolClientSecret", "DeleteUserPoolDomain",
        "DeleteWebAuthnCredential", "DescribeIdentityProvider", "DescribeManagedLoginBranding",
        "DescribeManagedLoginBrandingByClient", "DescribeResourceServer", "DescribeRiskConfiguration",
        "DescribeTerms", "DescribeUserImportJob", "DescribeUserPool", "DescribeUserPoolClient",
        "DescribeUserPoolDomain", "ForgetDevice", "ForgotPassword", "GetCSVHeader", "GetDevice", "GetGroup",
        "GetIdentityProviderByIdentifier", "GetLogDeliveryConfiguration", "GetSigningCertificate",
        "GetTokensFromRefreshToken", "GetUICustomization", "GetUser", "GetUserAttributeVerificationCode",
        "GetUserAuthFactors", "GetUserPoolMfaConfig", "GlobalSignOut", "InitiateAuth", "ListDevices", "ListGroups",
        "ListIdentityProviders", "ListResourceServers", "ListTagsForResource", "ListTerms", "ListUserImportJobs",
        "ListUserPoolClientSecrets", "ListUserPoolClients", "ListUserPools", "ListUsers", "ListUsersInGroup",
        "ListWebAuthnCredentials", "ResendConfirmationCode", "RespondToAuthChallenge", "RevokeToken",
        "SetLogDeliveryConfiguration", "SetRiskConfiguration", "SetUICustomization", "SetUserMFAPreference",
        "SetUserPoolMfaConfig", "SetUserSettings", "SignUp", "StartUserImportJob", "StartWebAuthnRegistration",
        "StopUserImportJob", "TagResource", "UntagResource", "UpdateAuthEventFeedback", "UpdateDeviceStatus",
        "UpdateGroup", "UpdateIdentityProvider", "UpdateManagedLoginBranding", "UpdateResourceServer", "UpdateTerms",
        "UpdateUserAttributes", "UpdateUserPool", "UpdateUserPoolClient", "UpdateUserPoolDomain",
        "VerifySoftwareToken", "VerifyUserAttribute",
    ]

    /// The operations Cognito answers without IAM signatures (authorised by a client id, a session
    /// or a user's access token); every other modelled operation must be signed.
    static let unsigned: Set<String> = [
        "AssociateSoftwareToken", "ChangePassword", "CompleteWebAuthnRegistration", "ConfirmDevice", "ConfirmForgotPassword",
        "ConfirmSignUp", "DeleteUser", "DeleteUserAttributes", "DeleteWebAuthnCredential", "ForgetDevice", "ForgotPassword",
        "GetDevice", "GetTokensFromRefreshToken", "GetUser", "GetUserAttributeVerificationCode", "GetUserAuthFactors",
        "GlobalSignOut", "InitiateAuth", "ListDevices", "ListWebAuthnCredentials", "ResendConfirmationCode",
        "RespondToAuthChallenge", "RevokeToken", "SetUserMFAPreference", "SetUserSettings", "SignUp",
        "StartWebAuthnRegistration", "UpdateAuthEventFeedback", "UpdateDeviceStatus", "UpdateUserAttributes",
        "VerifySoftwareToken", "VerifyUserAttribute",
    ]
}
