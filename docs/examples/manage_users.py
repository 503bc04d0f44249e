"""Onboard a team into an Amazon Cognito user pool and offboard a leaver, with nothing but boto3.

The script is written for Amazon Cognito's user pools API. It manages hrsystem's built-in user pool
unchanged: only the endpoint the client connects to and the credentials that sign its calls differ.

What it does, for a team described in a JSON file:
  1. creates each team group that does not exist yet (CreateGroup);
  2. creates each member (AdminCreateUser) with their email (verified), name and, if given, a temporary
     password, and adds them to their groups (AdminAddUserToGroup); a member who already exists is only
     added to their groups;
  3. disables the leaver, if there is one, and signs them out everywhere (AdminDisableUser,
     AdminUserGlobalSignOut);
  4. lists the team with a ListUsers filter on the username prefix and prints it as JSON.

The team file:

    {"prefix": "sales.",
     "groups": {"sales": "Sales team"},
     "members": [{"username": "sales.lan", "email": "lan@example.com", "name": "Lan Nguyen",
                  "groups": ["employee", "sales"]}],
     "leaver": "sales.minh"}

Against Amazon Cognito (credentials from the usual AWS chain: environment, profile, instance role):

    python manage_users.py --region eu-west-1 --user-pool-id eu-west-1_AbCdEf123 team.json

Against hrsystem: `bootstrap.json`, in the server's data directory, holds the region, the pool id and an
access key of the admin (`hrsystem key create` makes more). Pass the server's URL as the endpoint:

    export AWS_ACCESS_KEY_ID=$(jq -r .accessKeyId hrsystem-data/bootstrap.json)
    export AWS_SECRET_ACCESS_KEY=$(jq -r .secretAccessKey hrsystem-data/bootstrap.json)
    python manage_users.py --endpoint-url http://127.0.0.1:8080 \\
        --region "$(jq -r .region hrsystem-data/bootstrap.json)" \\
        --user-pool-id "$(jq -r .userPoolId hrsystem-data/bootstrap.json)" team.json

From Python, build the client the same way and call `sync_team`:

    cognito = boto3.client("cognito-idp", region_name=region, endpoint_url="http://127.0.0.1:8080",
                           aws_access_key_id=key_id, aws_secret_access_key=secret)
    sync_team(cognito, user_pool_id, members, prefix="sales.", leaver="sales.minh")

hrsystem sends no invitation messages: give members a `temporary_password` (or set one later with
AdminSetUserPassword) and hand it over yourself. Amazon Cognito emails the invitation.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Iterable

import boto3


def cognito_client(region: str, endpoint_url: str | None = None) -> Any:
    """A `cognito-idp` client; with `endpoint_url` None it talks to Amazon Cognito in `region`."""
    return boto3.client("cognito-idp", region_name=region, endpoint_url=endpoint_url)


def ensure_groups(cognito: Any, user_pool_id: str, groups: dict[str, str]) -> list[str]:
    """Creates the groups that do not exist yet; returns the names it created."""
    created = []
    for name, description in groups.items():
        try:
            cognito.create_group(UserPoolId=user_pool_id, GroupName=name, Description=description)
            created.append(name)
        except cognito.exceptions.GroupExistsException:
            pass
    return created


def onboard(cognito: Any, user_pool_id: str, members: Iterable[dict[str, Any]]) -> list[str]:
    """Creates the members who do not exist yet and adds every member to their groups; returns the
    usernames it created."""
    created = []
    for member in members:
        attributes = [
            {"Name": "email", "Value": member["email"]},
            {"Name": "email_verified", "Value": "true"},
        ]
        if member.get("name"):
            attributes.append({"Name": "name", "Value": member["name"]})
        request: dict[str, Any] = {
            "UserPoolId": user_pool_id,
            "Username": member["username"],
            "UserAttributes": attributes,
            "DesiredDeliveryMediums": ["EMAIL"],
        }
        if member.get("temporary_password"):
            request["TemporaryPassword"] = member["temporary_password"]
        try:
            cognito.admin_create_user(**request)
            created.append(member["username"])
        except cognito.exceptions.UsernameExistsException:
            pass
        for group in member.get("groups", []):
            cognito.admin_add_user_to_group(UserPoolId=user_pool_id, Username=member["username"], GroupName=group)
    return created


def offboard(cognito: Any, user_pool_id: str, username: str) -> None:
    """Disables a user and ends every session they have."""
    cognito.admin_disable_user(UserPoolId=user_pool_id, Username=username)
    cognito.admin_user_global_sign_out(UserPoolId=user_pool_id, Username=username)


def list_team(cognito: Any, user_pool_id: str, prefix: str) -> list[dict[str, Any]]:
    """Every user whose username starts with `prefix`, with their status and groups."""
    team = []
    pages = cognito.get_paginator("list_users").paginate(
        UserPoolId=user_pool_id, Filter=f'username ^= "{prefix}"', PaginationConfig={"PageSize": 10})
    for page in pages:
        for user in page["Users"]:
            attributes = {item["Name"]: item["Value"] for item in user.get("Attributes", [])}
            groups = cognito.admin_list_groups_for_user(UserPoolId=user_pool_id, Username=user["Username"])["Groups"]
            team.append({
                "username": user["Username"],
                "email": attributes.get("email"),
                "name": attributes.get("name"),
                "status": user["UserStatus"],
                "enabled": user["Enabled"],
                "groups": sorted(group["GroupName"] for group in groups),
            })
    return sorted(team, key=lambda member: member["username"])


def sync_team(cognito: Any, user_pool_id: str, members: list[dict[str, Any]], *, prefix: str,
              groups: dict[str, str] | None = None, leaver: str | None = None) -> dict[str, Any]:
    """Groups, members, the leaver, then the team as it now stands."""
    created_groups = ensure_groups(cognito, user_pool_id, groups or {})
    created = onboard(cognito, user_pool_id, members)
    if leaver:
        offboard(cognito, user_pool_id, leaver)
    return {
        "createdGroups": created_groups,
        "created": created,
        "disabled": [leaver] if leaver else [],
        "team": list_team(cognito, user_pool_id, prefix),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("team_file", help="the team, as JSON (see the top of this script)")
    parser.add_argument("--user-pool-id", required=True)
    parser.add_argument("--region", required=True)
    parser.add_argument("--endpoint-url", help="a Cognito-compatible endpoint, such as hrsystem's URL")
    args = parser.parse_args(argv)
    with open(args.team_file, encoding="utf-8") as file:
        team = json.load(file)
    cognito = cognito_client(args.region, args.endpoint_url)
    report = sync_team(cognito, args.user_pool_id, team["members"], prefix=team["prefix"],
                       groups=team.get("groups"), leaver=team.get("leaver"))
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
