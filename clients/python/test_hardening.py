"""Start-up refusals that keep an installation's secrets private.

- a data directory or a `master.key` that other users can read is refused, naming the chmod that fixes it;
- `serve --demo` (logins with a well-known password) listens on loopback only unless forced.

These start `hrsystem serve` on the embedded SQLite default with data directories of their own.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
from pathlib import Path

import pytest

from conftest import free_port, hrsystem_binary, hrsystem_env

START_TIMEOUT_SECONDS = 60.0


def serve(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Runs `hrsystem serve` expecting it to refuse to start; a server that does start is killed."""
    command = [str(hrsystem_binary()), "serve", "--data-dir", str(data_dir), "--port", str(free_port()), *extra]
    try:
        return subprocess.run(command, capture_output=True, text=True, env=hrsystem_env(),
                              timeout=START_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as expired:
        pytest.fail(f"the server started instead of refusing: {expired.stderr!r}")


def test_data_directory_readable_by_others_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "open-data"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    result = serve(data_dir, "--host", "127.0.0.1")
    assert result.returncode != 0
    assert "chmod 700" in result.stderr, result.stderr
    assert not (data_dir / "master.key").exists(), "nothing is written into a refused directory"


def test_master_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    key = data_dir / "master.key"
    key.write_text(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    os.chmod(key, 0o644)
    result = serve(data_dir, "--host", "127.0.0.1")
    assert result.returncode != 0
    assert "chmod 600" in result.stderr and "master.key" in result.stderr, result.stderr
    assert not (data_dir / "hrsystem.sqlite").exists(), "no database is opened"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_demo_refuses_a_non_loopback_address(tmp_path: Path, host: str) -> None:
    data_dir = tmp_path / "demo"
    result = serve(data_dir, "--demo", "--host", host, "--public-url", "http://hr.example.com")
    assert result.returncode != 0
    assert "--allow-demo-on-network" in result.stderr, result.stderr
    assert not (data_dir / "hrsystem.sqlite").exists(), "nothing is created before the refusal"
