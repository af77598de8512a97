"""`make test` leaves the machine as it found it: Debian packages installed with one line each, and the
PostgreSQL server it starts around pytest stopped afterwards, also when the tests fail."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"


def _fake_apt(folder: Path, installs: bool) -> dict[str, str]:
    """apt-get and dpkg-query stand-ins on PATH: apt-get prints dpkg-like noise, dpkg-query knows nothing."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    noise = "".join(f"echo 'Selecting previously unselected package lib{i}.'\n" for i in range(40))
    (bin_dir / "apt-get").write_text("#!/bin/sh\n" + noise + ("exit 0\n" if installs else 'case "$1" in update) '
                                     "exit 0;; *) echo 'E: Unable to locate package' >&2; exit 100;; esac\n"))
    (bin_dir / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "MARSAD_APT_LOG": str(folder / "apt.log")}


@pytest.mark.skipif(os.geteuid() != 0, reason="apt-quiet.sh as non-root goes through sudo")
def test_apt_packages_install_with_one_line_each(tmp_path: Path) -> None:
    env = _fake_apt(tmp_path, installs=True)
    r = subprocess.run(["bash", str(TOOLS / "apt-quiet.sh"), "pkg-one", "pkg-two"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr.splitlines() == ["apt: installed pkg-one ", "apt: installed pkg-two "]
    assert "Selecting previously" in (tmp_path / "apt.log").read_text()


@pytest.mark.skipif(os.geteuid() != 0, reason="apt-quiet.sh as non-root goes through sudo")
def test_apt_failure_is_one_line_naming_the_log(tmp_path: Path) -> None:
    env = _fake_apt(tmp_path, installs=False)
    r = subprocess.run(["bash", str(TOOLS / "apt-quiet.sh"), "nope"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [f"apt: could not install nope (log: {tmp_path / 'apt.log'})"]


def test_install_scripts_use_the_quiet_installer() -> None:
    for script in ("start-postgres.sh", "install-browser.sh"):
        text = (TOOLS / script).read_text("utf-8")
        assert "apt-quiet.sh" in text and "apt-get install" not in text, script


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else (Path(p).parent if (p := shutil.which("initdb")) else None)


def _running(data_dir: Path) -> bool:
    r = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True)
    return any(str(data_dir) in line and "postgres" in line for line in r.stdout.splitlines())


@pytest.mark.skipif(_pg_bin() is None, reason="PostgreSQL is not installed here (make test installs it)")
@pytest.mark.parametrize("status", [0, 3])
def test_with_postgres_stops_the_server_it_started(status: int) -> None:
    # Under /tmp itself: the server runs as the postgres user, who cannot enter pytest's private tmp_path.
    folder = Path(f"/tmp/marsad-pgtest-{os.getpid()}-{status}")
    env = {**os.environ, "MARSAD_PG_DIR": str(folder), "MARSAD_PG_PORT": str(56400 + status)}
    probe = f'test -n "$MARSAD_TEST_PG_URL" && test "$MARSAD_PG_STARTED" = 1 && ps -eo args | grep -q "{folder}/data"'
    r = subprocess.run(["bash", str(TOOLS / "with-postgres.sh"), "bash", "-c", f"{probe} && exit {status}"],
                       env=env, capture_output=True, text=True, timeout=180)
    try:
        assert r.returncode == status, r.stderr
        assert "stopped" in r.stderr
        assert not _running(folder) and not folder.exists()
    finally:
        if folder.exists():
            subprocess.run(["bash", str(TOOLS / "start-postgres.sh"), "stop"], env=env, capture_output=True)


def test_make_test_runs_pytest_inside_with_postgres() -> None:
    recipe = (ROOT / "Makefile").read_text("utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "with-postgres.sh $(BIN)/pytest" in recipe and "start-postgres.sh" not in recipe
