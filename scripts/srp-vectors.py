#!/usr/bin/env python3
"""Fixed test vectors for Cognito's USER_SRP_AUTH exchange, computed with pycognito.

The Swift server's SRP code (Sources/UserPool/Passwords/SRPGroup.swift, SRPServer.swift) is
hand-written; these vectors come from an independent client implementation, pycognito's
``pycognito.aws_srp`` (the version pinned in clients/python/requirements.txt), so that the Swift
tests check the server against what a real SDK computes rather than against itself.

Everything is fixed below (no randomness, no clock), so the output is the same on every run:

    clients/python/.venv/bin/python scripts/srp-vectors.py \
        > Tests/UserPoolTests/Fixtures/srp-exchange-vectors.json

For each case:
  inputs   poolId, username (also USER_ID_FOR_SRP), password, saltHex (as the server sends SALT:
           lower-case hex without leading zeros), aHex (client secret exponent), bHex (server secret
           exponent), secretBlock (base64 SECRET_BLOCK), timestamp (TIMESTAMP)
  outputs  verifierHex  v = g^x mod N, x = H(padHex(salt) || H(poolSuffix username ":" password))
           AHex         A = g^a mod N                       (pycognito AWSSRP.calculate_a)
           BHex         B = (k*v + g^b) mod N               (pycognito's N, g, k)
           uHex         u = H(padHex(A) || padHex(B))       (aws_srp.calculate_u)
           hkdfKeyHex   HKDF(padHex(S), salt padHex(u))     (AWSSRP.get_password_authentication_key)
           signatureBase64  PASSWORD_CLAIM_SIGNATURE        (AWSSRP.process_challenge)
  extras   xHex, kHex, SHex and which values needed a sign byte in padHex, to help debugging.
All hex is lower-case without leading zeros. Before printing, the script asserts that the server's
S = (A * v^u)^b mod N equals the client's S = (B - k*g^x)^(a + u*x) mod N and that the key and
signature derived from the server's S are the ones pycognito produced.
"""

import base64
import datetime
import hashlib
import hmac
import json
from importlib.metadata import version

from pycognito.aws_srp import (
    AWSSRP,
    G_HEX,
    N_HEX,
    calculate_u,
    compute_hkdf,
    hash_sha256,
    hex_hash,
    hex_to_long,
    long_to_hex,
    pad_hex,
)

CASES = [
    {
        "name": "salt with the top bit set (padHex adds a 00 byte)",
        "poolId": "ap-southeast-1_AbCdEfGhI",
        "username": "alice",
        "password": "Sup3r!Secret-pass",
        "saltHex": "8c2b7f1e5d6a4b3c9e0f1a2b3c4d5e6f",
        "aHex": "3b6d1f0c9e8a7b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"
        "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e",
        "bHex": "a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00",
        "secretBlockBytes": bytes(range(64)),
        "datetime": datetime.datetime(2026, 12, 8, 0, 9, 42),
    },
    {
        "name": "salt without the top bit (padHex adds nothing)",
        "poolId": "eu-west-1_Zx9Yw8Vu7",
        "username": "hr.admin",
        "password": "Correct-Horse-7-Battery",
        "saltHex": "3f0e9d8c7b6a59483726150413f2e1d0",
        "aHex": "7f3e2d1c0b0a09080706050403020100ffeeddccbbaa99887766554433221100"
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "bHex": "1c2d3e4f5a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e01",
        "secretBlockBytes": hashlib.sha256(b"hrsystem srp vector 2").digest() * 3,
        "datetime": datetime.datetime(2026, 3, 15, 13, 5, 7),
    },
    {
        "name": "salt whose first byte is below 0x10 (odd-length hex, padHex adds one 0 digit); UTF-8 password",
        "poolId": "us-east-1_Q1w2E3r4T",
        "username": "bob",
        "password": "Pässwörd-Ünïcode-9",
        "saltHex": "5a1b2c3d4e5f60718293a4b5c6d7e8f",
        "aHex": "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0"
        "5566778899aabbccddeeff00112233445566778899aabbccddeeff0011223344",
        "bHex": "e0d1c2b3a4958677685949a3b2c1d0e0f1a2b3c4d5e6f708192a3b4c5d6e7f00",
        "secretBlockBytes": b"opaque secret block \x00\xff\x80 with bytes of every kind",
        "datetime": datetime.datetime(2027, 1, 1, 23, 59, 59),
    },
]


class NoNetwork:
    """Stands in for the boto3 client AWSSRP wants; the vectors never call the network."""


def needs_sign_byte(value: int) -> bool:
    """Whether padHex(value) starts with an added 00 byte (the value's top bit is set)."""
    return pad_hex(value).startswith("00") and value != 0


def vector(case: dict) -> dict:
    pool_id, username, password = case["poolId"], case["username"], case["password"]
    salt_hex = case["saltHex"]
    assert salt_hex == salt_hex.lower() and not salt_hex.startswith("0")
    secret_block = base64.standard_b64encode(case["secretBlockBytes"]).decode()
    timestamp = AWSSRP.get_cognito_formatted_timestamp(case["datetime"])

    srp = AWSSRP(username, password, pool_id, "vector-client", client=NoNetwork())
    # Fix the client's secret exponent instead of pycognito's random one.
    srp.small_a_value = hex_to_long(case["aHex"])
    srp.large_a_value = srp.calculate_a()
    big_n, g, k = srp.big_n, srp.val_g, srp.val_k
    a, big_a = srp.small_a_value, srp.large_a_value

    # The verifier the server stores: the same steps as get_password_authentication_key.
    pool_suffix = pool_id.split("_")[1]
    inner = hash_sha256(f"{pool_suffix}{username}:{password}".encode("utf-8"))
    x = hex_to_long(hex_hash(pad_hex(salt_hex) + inner))
    v = pow(g, x, big_n)

    # The server's ephemeral.
    b = hex_to_long(case["bHex"])
    big_b = (k * v + pow(g, b, big_n)) % big_n
    u = calculate_u(big_a, big_b)
    assert u != 0

    # pycognito's own key and signature (process_challenge with the fixed timestamp).
    key = srp.get_password_authentication_key(username, password, big_b, salt_hex)
    srp.get_cognito_formatted_timestamp = lambda _now: timestamp
    response = srp.process_challenge(
        {
            "USERNAME": username,
            "USER_ID_FOR_SRP": username,
            "SALT": salt_hex,
            "SRP_B": long_to_hex(big_b),
            "SECRET_BLOCK": secret_block,
        },
        {"USERNAME": username},
    )
    assert response["TIMESTAMP"] == timestamp
    assert response["PASSWORD_CLAIM_SECRET_BLOCK"] == secret_block
    signature = response["PASSWORD_CLAIM_SIGNATURE"]

    # Both sides agree on S, and the server's S yields pycognito's key and signature.
    s_client = pow(big_b - k * pow(g, x, big_n), a + u * x, big_n)
    s_server = pow(big_a * pow(v, u, big_n) % big_n, b, big_n)
    assert s_client == s_server, case["name"]
    server_key = compute_hkdf(bytearray.fromhex(pad_hex(s_server)), bytearray.fromhex(pad_hex(u)))
    assert server_key == key, case["name"]
    message = f"{pool_suffix}{username}".encode("utf-8") + case["secretBlockBytes"] + timestamp.encode("utf-8")
    server_signature = base64.standard_b64encode(hmac.new(server_key, message, hashlib.sha256).digest()).decode()
    assert server_signature == signature, case["name"]

    return {
        "name": case["name"],
        "poolId": pool_id,
        "username": username,
        "password": password,
        "saltHex": salt_hex,
        "aHex": long_to_hex(a),
        "bHex": long_to_hex(b),
        "secretBlock": secret_block,
        "timestamp": timestamp,
        "verifierHex": long_to_hex(v),
        "AHex": long_to_hex(big_a),
        "BHex": long_to_hex(big_b),
        "uHex": long_to_hex(u),
        "hkdfKeyHex": key.hex(),
        "signatureBase64": signature,
        "xHex": long_to_hex(x),
        "kHex": long_to_hex(k),
        "SHex": long_to_hex(s_server),
        "padHexAddsSignByte": {
            "salt": needs_sign_byte(hex_to_long(salt_hex)),
            "A": needs_sign_byte(big_a),
            "B": needs_sign_byte(big_b),
            "u": needs_sign_byte(u),
            "S": needs_sign_byte(s_server),
        },
    }


def main() -> None:
    assert hex_to_long(N_HEX) and G_HEX == "2"
    document = {
        "comment": (
            f"Computed with pycognito {version('pycognito')} (pycognito.aws_srp) by scripts/srp-vectors.py; "
            "hex is lower-case without leading zeros. The server must derive the same B, u, key and "
            "signature from verifierHex and bHex, and accept signatureBase64 for the inputs as they stand."
        ),
        "vectors": [vector(case) for case in CASES],
    }
    print(json.dumps(document, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
