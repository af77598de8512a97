"""``marsad parse``: dependency parses as CoNLL-U or JSON, from raw text or from the words of a CoNLL-U file.

Kept beside the syntax stage and imported only when ``parse`` runs (``marsad.clihelp``); spaCy is imported only
when a parse is asked for, so every other command starts as fast as before. Two uses:

- ``marsad parse FILE...`` reads news text, splits sentences and words as the coder does, and parses every
  sentence (``--format conllu`` writes ``# text`` and each word's span in MISC as ``TokenRange=START:END``, the
  offsets into the file's text, as UDPipe writes it);
- ``marsad parse --conllu GOLD.conllu`` keeps the gold words (and multi-word token lines) and writes the
  predicted lemma, UPOS, features, head and relation, so ``conll18_ud_eval.py`` scores the parser alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.errors import InputError, MarsadError
from marsad.output import check_format, fail, for_each_input, usage

LANGS = ("ar", "en", "fr")


def _read_text(path: str) -> tuple[str, str]:
    from marsad.text.decode import DEFAULT_MAX_BYTES, decode_bytes

    if path == "-":
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>", DEFAULT_MAX_BYTES), "<stdin>"
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file" if not p.exists() else f"{path}: is a folder, not a file",
                         "missing")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})", "unreadable") from None
    return decode_bytes(data, path, DEFAULT_MAX_BYTES), path


def parse_text(text: str, lang: str | None, name: str) -> tuple[str, list[Any]]:
    """Split ``text`` into sentences and tokens as the coder does and parse every sentence."""
    from marsad.syntax.parse import parse_sentences
    from marsad.text import check_text, identify, normalise, split_sentences, tokenise

    check_text(text, name)
    lang = lang or identify(text, name)[0]
    norm = normalise(text)
    sentences = split_sentences(text, lang)
    for s in sentences:
        s.tokens = tokenise(norm, norm.map.to_norm(s.start), norm.map.to_norm(s.end))
    for s, words in zip(sentences, parse_sentences(lang, text, sentences, norm), strict=True):
        s.words = words
    return lang, sentences


def _misc(space_after: bool, extra: str | None = None) -> str:
    parts = [p for p in (extra, None if space_after else "SpaceAfter=No") if p]
    return "|".join(parts) or "_"


def conllu_of(text: str, sentences: list[Any], name: str) -> str:
    out: list[str] = []
    for s in sentences:
        if not s.words:
            continue
        out.append(f"# sent_id = {Path(name).name}-{s.index + 1}")
        out.append("# text = " + " ".join(text[s.start:s.end].split()))
        for i, w in enumerate(s.words):
            nxt = s.words[i + 1].start if i + 1 < len(s.words) else None
            space = nxt is None or nxt > w.end
            out.append("\t".join([str(w.id), w.form, w.lemma, w.upos, "_", w.feats or "_", str(w.head), w.deprel,
                                  "_", _misc(space, f"TokenRange={w.start}:{w.end}")]))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def _gold_blocks(path: Path) -> list[list[str]]:
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def reparse_conllu(path: Path, lang: str) -> str:
    """The CoNLL-U file with its words kept and their analyses predicted (see the module docstring)."""
    from marsad.syntax.parse import parse_words

    blocks = _gold_blocks(path)
    words: list[list[str]] = []
    for b in blocks:
        ws = []
        for line in b:
            cols = line.split("\t")
            if line.startswith("#"):
                continue
            if len(cols) != 10:
                raise InputError(f"{path}: not CoNLL-U (a line without 10 tab-separated columns)", "bad-conllu")
            if cols[0].isdigit():
                ws.append(cols[1])
        words.append(ws)
    parsed = parse_words(lang, [w for w in words if w])
    it = iter(parsed)
    out: list[str] = []
    for b, ws in zip(blocks, words, strict=True):
        an = next(it) if ws else []
        k = 0
        for line in b:
            cols = line.split("\t")
            if line.startswith("#") or "-" in cols[0]:  # comments and multi-word token lines, as they are
                out.append(line)
                continue
            if not cols[0].isdigit():  # empty nodes (enhanced graphs) are not words: left out
                continue
            a = an[k]
            k += 1
            out.append("\t".join([cols[0], cols[1], a["lemma"], a["upos"], "_", a["feats"] or "_", str(a["head"]),
                                  a["deprel"], "_", cols[9]]))
        out.append("")
    return "\n".join(out) + "\n"


def parse(
    files: Annotated[list[str] | None, typer.Argument(help="Text files to parse, or - for standard input.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="conllu or json (JSON Lines, one line per file).")] = "conllu",
    lang: Annotated[str | None, typer.Option(help="ar, en or fr (default: detected; for --conllu: from the "
                                                  "file name's ar_/en_/fr_ prefix).")] = None,
    conllu: Annotated[Path | None, typer.Option("--conllu", help="Re-parse the words of this CoNLL-U file "
                                                "(scoring from gold words); writes CoNLL-U.",
                                                exists=True, dir_okay=False)] = None,
) -> None:
    """Dependency-parse texts (UD words, lemmas, UPOS, features, heads, relations)."""
    fmt = check_format(fmt, ("conllu", "json"))
    if lang is not None and lang not in LANGS:
        raise usage(f"--lang must be ar, en or fr, not '{lang}'")
    if conllu is not None:
        if files:
            raise usage("give either FILE... or --conllu, not both")
        lang = lang or conllu.name[:2]
        if lang not in LANGS:
            raise usage(f"{conllu.name}: say which language with --lang (ar, en or fr)")
        try:
            sys.stdout.write(reparse_conllu(conllu, lang))
        except (UnicodeDecodeError, OSError) as exc:
            raise fail(InputError(f"{conllu}: cannot be read as UTF-8 CoNLL-U ({exc})", "bad-conllu")) from None
        except MarsadError as exc:
            raise fail(exc) from None
        return
    if not files:
        raise usage("give FILE... to parse (or --conllu GOLD.conllu)")
    def parse_one(path: str) -> None:
        text, name = _read_text(path)
        flang, sentences = parse_text(text, lang, name)
        if fmt == "conllu":
            sys.stdout.write(conllu_of(text, sentences, name))
        else:
            rec = {"file": name, "language": flang,
                   "sentences": [{**s.to_dict(), "text": text[s.start:s.end]} for s in sentences]}
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")

    for_each_input(files, parse_one)

