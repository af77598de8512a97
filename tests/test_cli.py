"""The ``marsad`` command: output contract, formats, standard input, bad input, multi-file runs, --kb errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner, Result

from marsad import __version__
from marsad.cli import app, main

EN_TEXT = "Mali signed a defence agreement with Russia in Moscow on Monday, officials said.\n"
FR_TEXT = "Le Mali a signé un accord de défense avec la Russie à Moscou lundi, selon des responsables.\n"

# bad inputs, one per class, with the reason the multi-file run reports
BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\t\n  ", "empty"),
    "binary": (bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010000000100806000000"), "binary"),
    "undecodable": (b"\xef\xbb\xbfMali \xff\xfe signed", "undecodable"),
    "unknown-language": ("Президент Мали подписал соглашение с Россией.".encode(), "unknown-language"),
}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _run(runner: CliRunner, args: list[str], stdin: bytes | None = None) -> Result:
    result = runner.invoke(app, args, input=stdin)
    # never a traceback: the command exits on purpose, or not at all
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    return result


def _check_document(doc: dict[str, Any], original: str, validator: Draft202012Validator) -> None:
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors[:5]]
    for m in doc["mentions"]:
        assert m["text"] == original[m["span"][0]:m["span"][1]]
    for e in doc["events"]:
        assert e["text"] == original[e["span"][0]:e["span"][1]]


@pytest.fixture
def text_files(tmp_path: Path) -> dict[str, Path]:
    files = {"en": tmp_path / "en.txt", "fr": tmp_path / "fr.txt"}
    files["en"].write_text(EN_TEXT, encoding="utf-8")
    files["fr"].write_text(FR_TEXT, encoding="utf-8")
    for name, (data, _) in BAD_INPUTS.items():
        files[name] = tmp_path / f"{name}.txt"
        files[name].write_bytes(data)
    return files


# --- good runs -----------------------------------------------------------------------------------------------

def test_version(runner: CliRunner) -> None:
    result = _run(runner, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"marsad {__version__}"


def test_version_through_the_console_script() -> None:
    result = subprocess.run([sys.executable, "-c", "from marsad.cli import main; main()", "--version"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"marsad {__version__}"


def test_code_demo_prints_one_valid_json_line(runner: CliRunner, demo_path: Path, demo_text: str,
                                              validator: Draft202012Validator) -> None:
    result = _run(runner, ["code", str(demo_path), "--format", "json", "--published", "2025-07-01"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert "\\u0645" not in lines[0]  # Arabic is not escaped
    doc = json.loads(lines[0])
    _check_document(doc, demo_text, validator)
    assert doc["document"]["language"] == "ar"
    assert doc["document"]["published"] == "2025-07-01"
    assert doc["document"]["title"].startswith("أسلحة")
    assert doc["mentions"]


def test_code_several_files_gives_one_line_each(runner: CliRunner, text_files: dict[str, Path],
                                                validator: Draft202012Validator) -> None:
    result = _run(runner, ["code", str(text_files["en"]), str(text_files["fr"])])
    assert result.exit_code == 0
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["document"]["language"] for d in docs] == ["en", "fr"]
    _check_document(docs[0], EN_TEXT, validator)
    _check_document(docs[1], FR_TEXT, validator)


def test_table_format(runner: CliRunner, demo_path: Path) -> None:
    result = _run(runner, ["code", str(demo_path), "--format", "table"])
    assert result.exit_code == 0
    assert "event" in result.stdout
    assert "evidence" in result.stdout
    assert not result.stdout.lstrip().startswith("{")
    # the speaker, like the parties, is named in the document's script (the Arabic demo: غويتا, not Goïta)
    assert "غويتا" in result.stdout and "Goïta" not in result.stdout


def test_stdin(runner: CliRunner, demo_text: str, validator: Draft202012Validator) -> None:
    result = _run(runner, ["code", "-"], stdin=demo_text.encode("utf-8"))
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    _check_document(json.loads(line), demo_text, validator)


def test_stdin_in_windows_1256(runner: CliRunner) -> None:
    text = "وقّع الرئيس المالي اتفاقًا مع روسيا في موسكو يوم الاثنين، وقال إن التعاون سيتعزز.\n"
    result = _run(runner, ["code", "-"], stdin=text.encode("cp1256"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["language"] == "ar"


def test_forced_language(runner: CliRunner, text_files: dict[str, Path]) -> None:
    result = _run(runner, ["code", str(text_files["en"]), "--lang", "fr"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["language"] == "fr"


def test_evidence_with_brackets_in_the_table(runner: CliRunner, tmp_path: Path) -> None:
    # Rich would read "[/b]" as markup and crash, and swallow "[sic]"
    path = tmp_path / "brackets [b].txt"
    # the brackets sit inside the evidence span (actor … trigger), so the table must print them as text
    path.write_text("Mali [/i] deal\n\nMali [/b] [sic] signed a defence agreement with Russia in Moscow on Monday.\n",
                    encoding="utf-8")
    result = _run(runner, ["code", str(path), "--format", "table"])
    assert result.exit_code == 0
    assert "Mali [/i] deal" in result.stdout
    assert "[/b]" in result.stdout
    assert "[sic]" in result.stdout
    assert "مالي" not in result.stdout and "Mali" in result.stdout  # an English text's parties in English


# --- bad input ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_single_bad_file_fails_with_one_line(runner: CliRunner, text_files: dict[str, Path], kind: str) -> None:
    result = _run(runner, ["code", str(text_files[kind])])
    assert result.exit_code == 1
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("error:")
    assert "\n" not in message
    assert f"{kind}.txt" in message


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_bad_stdin_fails_with_one_line(runner: CliRunner, kind: str) -> None:
    result = _run(runner, ["code", "-"], stdin=BAD_INPUTS[kind][0])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "\n" not in result.stderr.strip()
    assert "<stdin>" in result.stderr


def test_too_large(runner: CliRunner, text_files: dict[str, Path]) -> None:
    result = _run(runner, ["code", str(text_files["en"]), "--max-bytes", "20"])
    assert result.exit_code == 1
    assert "larger than the limit" in result.stderr
    assert "\n" not in result.stderr.strip()
    result = _run(runner, ["code", "-", "--max-bytes", "20"], stdin=EN_TEXT.encode())
    assert result.exit_code == 1
    assert "larger than the limit" in result.stderr


@pytest.mark.parametrize(("name", "needle"), [("missing.txt", "no such file"), ("folder", "folder"),
                                              ("odd[/b] name.txt", "no such file")])
def test_missing_file_and_folder(runner: CliRunner, tmp_path: Path, name: str, needle: str) -> None:
    (tmp_path / "folder").mkdir()
    result = _run(runner, ["code", str(tmp_path / name)])
    assert result.exit_code == 1
    assert needle in result.stderr
    assert name in result.stderr
    assert "\n" not in result.stderr.strip()


def test_unreadable_file(runner: CliRunner, text_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = _run(runner, ["code", str(text_files["en"])])
    assert result.exit_code == 1
    assert "cannot be read" in result.stderr
    assert "Permission denied" in result.stderr


def test_multi_file_run_skips_bad_files(runner: CliRunner, text_files: dict[str, Path],
                                        validator: Draft202012Validator) -> None:
    order = ["en", *BAD_INPUTS, "fr"]
    result = _run(runner, ["code", *(str(text_files[k]) for k in order)])
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["document"]["language"] for d in docs] == ["en", "fr"]
    _check_document(docs[0], EN_TEXT, validator)
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == len(BAD_INPUTS)
    for kind, (_, reason) in BAD_INPUTS.items():
        (line,) = [s for s in skipped if f"{kind}.txt" in s]
        assert f": {reason}:" in line
    assert f"{len(BAD_INPUTS)} of {len(order)} input(s) skipped" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "xml"], "--format"),
        (["--lang", "de"], "--lang"),
        (["--published", "01/07/2025"], "--published"),
        (["--published", "2025-02-30"], "--published"),
    ],
)
def test_bad_options_are_usage_errors(runner: CliRunner, text_files: dict[str, Path], args: list[str],
                                      needle: str) -> None:
    result = _run(runner, ["code", str(text_files["en"]), *args])
    assert result.exit_code == 2
    assert needle in result.stderr
    assert result.stdout == ""


def test_bad_input_through_the_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("   \n")
    monkeypatch.setattr(sys, "argv", ["marsad", "code", str(path)])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    assert captured.err.strip().count("\n") == 0
    assert "blank.txt" in captured.err


# --- other commands ----------------------------------------------------------------------------------------

def test_check_data(runner: CliRunner) -> None:
    result = _run(runner, ["check-data"])
    assert result.exit_code == 0, result.stderr
    assert "all data valid" in result.stderr


def test_demo(runner: CliRunner) -> None:
    result = _run(runner, ["demo"])
    assert result.exit_code == 0
    assert "event" in result.stdout and "evidence" in result.stdout
    assert "--format json" in result.stderr


# --- --kb files --------------------------------------------------------------------------------------------

def test_malformed_kb_names_file_entry_and_field(runner: CliRunner, tmp_path: Path, demo_path: Path) -> None:
    kb = tmp_path / "my-kb.yaml"
    kb.write_text("organisations:\n  - id: sahel-watch\n    type: organisation\n    names: {en: [Sahel Watch]}\n"
                  "    country: MLI\n    sector: WATCHERS\n", encoding="utf-8")
    for args in (["code", str(demo_path), "--kb", str(kb)], ["check-data", "--kb", str(kb)], ["demo", "--kb", str(kb)]):
        result = _run(runner, args)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert "my-kb.yaml" in result.stderr
        assert "organisations[0] (sahel-watch)" in result.stderr
        assert "'sector'" in result.stderr and "WATCHERS" in result.stderr


def test_kb_that_is_not_yaml_or_not_utf8(runner: CliRunner, tmp_path: Path, demo_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("states: [\n", encoding="utf-8")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("roles:\n  - id: envoy\n    names: {fr: [envoyé]}\n".encode("latin-1"))
    for kb in (broken, latin):
        result = _run(runner, ["code", str(demo_path), "--kb", str(kb)])
        assert result.exit_code == 1
        assert kb.name in result.stderr
        assert "not valid YAML" in result.stderr


def test_missing_kb_file_is_a_usage_error(runner: CliRunner, tmp_path: Path, demo_path: Path) -> None:
    result = _run(runner, ["code", str(demo_path), "--kb", str(tmp_path / "nowhere.yaml")])
    assert result.exit_code == 2
    assert "nowhere.yaml" in result.stderr


def test_good_kb_file_is_used(runner: CliRunner, tmp_path: Path, validator: Draft202012Validator) -> None:
    kb = tmp_path / "extra.yaml"
    kb.write_text("organisations:\n  - id: sahel-watch\n    type: organisation\n    names: {en: [Sahel Watch]}\n"
                  "    country: MLI\n    sector: NGO\n", encoding="utf-8")
    text = "Sahel Watch accused Russia of supplying weapons to Mali.\n"
    doc_file = tmp_path / "doc.txt"
    doc_file.write_text(text, encoding="utf-8")
    result = _run(runner, ["code", str(doc_file), "--kb", str(kb)])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    _check_document(doc, text, validator)
    assert any(m["entity"]["id"] == "sahel-watch" for m in doc["mentions"])


def test_kb_lookup_explains_a_composed_role() -> None:
    from typer.testing import CliRunner

    from marsad.cli import app

    result = CliRunner().invoke(app, ["kb", "lookup", "الرئيس الروسي", "--date", "2025-07-01"])
    assert result.exit_code == 0
    assert "vladimir-putin" in result.output and "role" in result.output


def test_code_takes_one_articles_title_url_and_byline(runner: CliRunner, tmp_path: Path) -> None:
    """The genre reads a URL, title and byline; `marsad code` passes them for one file and refuses a bad one."""
    f = tmp_path / "a.txt"
    f.write_text("زار وزير الخارجية المصري الخرطوم أمس.", encoding="utf-8")
    r = _run(runner, ["code", str(f), "--url", "http://example.com/a/12/سمير-عطا-الله/عنوان"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)["document"]
    assert doc["genre"] == "opinion" and doc["genre_cues"] == ["url author: سمير عطا الله"]
    r = _run(runner, ["code", str(f), "--url", "http://example.com/a/12/سمير-عطا-الله/عنوان",
                            "--byline", "لندن: سمير عطا الله"])
    assert json.loads(r.stdout)["document"]["genre"] == "report"
    r = _run(runner, ["code", str(f), "--url", "example.com/a"])
    assert r.exit_code == 2 and "--url must be an http" in r.output
    r = _run(runner, ["code", str(f), str(f), "--title", "حوار مع الوزير"])
    assert r.exit_code == 2 and "exactly one file" in r.output
