"""A long fuzz of the whole coder (``Coder.code``), run by hand; prints figures.

    .venv/bin/python fuzz/fuzz_coder.py --cases 100000 --workers 2 --seed 1      # the long run
    .venv/bin/python fuzz/fuzz_coder.py --replay 1:4711                         # one case again
    .venv/bin/python fuzz/fuzz_coder.py --scaling                               # time per character
    .venv/bin/python fuzz/fuzz_coder.py --atheris -atheris_runs=20000           # coverage-guided

Each case is built by a structured generator from ``random.Random(seed * 10**9 + index)``, so any case is
reproducible from its seed and index. The generator mixes what scraped news really holds and what breaks
text code: Arabic, Latin and other scripts; stacked combining marks and diacritics; bidi controls and
zero-width characters; very long tokens and sentences; lines up to 1 MB; NUL bytes; lone surrogates; HTML
fragments; numbers and dates in odd forms; raw bytes through ``decode_bytes``; and the words the coder reacts
to (trigger forms and cue words from the shipped lexicons, names from the shipped KB, read at run time) so
that the rules fire, not only the tokenizer.

Invariants checked on every case:
- no exception except ``InputError`` with a documented reason;
- every mention, event and trigger span indexes the input exactly (``text[s:e] == field``);
- the output validates against ``src/marsad/data/schema/document.schema.json`` and serialises to JSON;
- time per character stays flat (``--scaling`` codes growing inputs and reports the ratio).

With ``--atheris`` the same generator draws its choices from atheris's FuzzedDataProvider, so the
coverage-guided fuzzer steers it (atheris is optional: ``pip install atheris``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from jsonschema import Draft202012Validator

from marsad.errors import InputError
from marsad.pipeline import Coder
from marsad.text.decode import decode_bytes

T = TypeVar("T")
DOCUMENTED_REASONS = {"empty", "binary", "undecodable", "too-large", "unknown-language", "bad-date", "too-slow"}
SCHEMA_PATH = Path(str(resources.files("marsad") / "data" / "schema" / "document.schema.json"))

# -- alphabets ------------------------------------------------------------------------------------------------
ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x064B)] + list("پچژگکیۀەڤ")
ARABIC_MARKS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]  # harakat, shadda, tatweel
LATIN_MARKS = [chr(c) for c in range(0x0300, 0x0370)]
CONTROLS = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060", "\ufeff", "\u00ad",
            *(chr(c) for c in range(0x202A, 0x202F)), *(chr(c) for c in range(0x2066, 0x206A))]
OTHER_SCRIPTS = ["Привет мир", "שלום עולם", "你好世界", "こんにちは", "안녕하세요", "नमस्ते", "Γειά σου",
                 "سلام دنیا", "ሰላም", "ᚠᚢᚦ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "🙂🔥🇲🇱", "ﷺ ﷻ ﻻ ﻷ ﹰ ﹶ ﹼ"]
PUNCT = [".", "،", "؟", "?", "!", "؛", ";", ":", ",", "«", "»", "“", "”", '"', "'", "’", "(", ")", "…", "..",
         "...", "-", "—", " . ", ". »", "؟!", "?!", "\u00a0", "\u202f", "\t", "\r\n", "\n", "\n\n", "\f"]
HTML = ["<p>", "</p>", "<br/>", "<div class=\"x\">", "</div>", "<script>alert(1)</script>", "&nbsp;", "&amp;",
        "&#1605;", "<a href='http://x.y/?a=1&b=2'>", "</a>", "<!-- c -->", "<![CDATA[", "]]>", "<img src=x onerror=y>"]
DIGITS_AR = "٠١٢٣٤٥٦٧٨٩"
DIGITS_FA = "۰۱۲۳۴۵۶۷۸۹"
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
          "ديسمبر", "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
          "January", "Feb.", "March", "septembre", "août", "décembre", "juillet"]
DATE_WORDS = ["أمس", "اليوم", "غدا", "الأسبوع الماضي", "الشهر المقبل", "أواخر", "مطلع", "منتصف", "الأخيرة",
              "yesterday", "last week", "on Monday", "hier", "lundi dernier", "la semaine prochaine", "في"]


class Vocabulary:
    """The words the coder reacts to, read from the shipped lexicons and KB at run time."""

    def __init__(self, coder: Coder) -> None:
        self.triggers: dict[str, list[str]] = {}
        for lang in ("ar", "en", "fr"):
            lex = coder.lexicon(lang)
            self.triggers[lang] = sorted(set(lex.automaton.keys()) | set(lex.short))
        self.names = sorted(coder.kb.automaton.keys())
        demo = resources.files("marsad") / "data" / "demo" / "mali-russia-weapons.ar.txt"
        self.demo_words = demo.read_text("utf-8").split()


# -- the generator --------------------------------------------------------------------------------------------
class Draw:
    """The choices a generator makes: from ``random.Random`` or, under atheris, from the fuzzer's bytes."""

    def __init__(self, rng: random.Random | None = None, fdp: Any = None) -> None:
        self.rng, self.fdp = rng, fdp

    def int(self, lo: int, hi: int) -> int:
        if self.fdp is not None:
            return int(self.fdp.ConsumeIntInRange(lo, hi))
        assert self.rng is not None
        return self.rng.randint(lo, hi)

    def chance(self, p: float) -> bool:
        if self.fdp is not None:
            return bool(self.fdp.ConsumeProbability() < p)
        assert self.rng is not None
        return self.rng.random() < p

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.int(0, len(seq) - 1)]


def _number(d: Draw) -> str:
    n = str(d.int(0, 10 ** d.int(1, 12)))
    kind = d.int(0, 9)
    if kind == 0:
        return n.translate(str.maketrans("0123456789", DIGITS_AR))
    if kind == 1:
        return n.translate(str.maketrans("0123456789", DIGITS_FA))
    if kind == 2:
        return f"{n[:3]},{n[3:]}.{d.int(0, 99)}" if len(n) > 3 else f"-{n}"
    if kind == 3:
        return f"{d.int(0, 40)}/{d.int(0, 13)}/{d.int(0, 3000)}"
    if kind == 4:
        return f"{d.int(-9999, 99999)}-{d.int(0, 19):02d}-{d.int(0, 39):02d}"
    if kind == 5:
        return f"{d.int(0, 35)} {d.pick(MONTHS)} {d.int(0, 9999)}"
    if kind == 6:
        return f"{d.pick(DATE_WORDS)} {d.pick(MONTHS)}"
    if kind == 7:
        return "1" * d.int(20, 400)  # a huge number
    if kind == 8:
        return f"{n}%" if d.chance(0.5) else f"{n}٪"
    return n


def _stack(d: Draw, base: str) -> str:
    marks = ARABIC_MARKS if d.chance(0.5) else LATIN_MARKS
    return base + "".join(d.pick(marks) for _ in range(d.int(1, 40)))


def _token(d: Draw, vocab: Vocabulary, lang: str) -> str:
    k = d.int(0, 99)
    if k < 30:
        return str(d.pick(vocab.triggers[lang if d.chance(0.8) else d.pick(("ar", "en", "fr"))]))
    if k < 45:
        return str(d.pick(vocab.names))
    if k < 55:
        return str(d.pick(vocab.demo_words))
    if k < 62:
        return d.pick(PUNCT)
    if k < 67:
        return _number(d)
    if k < 71:
        return _stack(d, d.pick(ARABIC_LETTERS) if d.chance(0.7) else d.pick("aeiouAEIOU"))
    if k < 75:  # a word with controls inside it
        w = str(d.pick(vocab.triggers[lang]))
        i = d.int(0, len(w))
        return w[:i] + "".join(d.pick(CONTROLS) for _ in range(d.int(1, 5))) + w[i:]
    if k < 78:
        return "".join(d.pick(CONTROLS) for _ in range(d.int(1, 8)))
    if k < 81:
        return d.pick(OTHER_SCRIPTS)
    if k < 84:
        return d.pick(HTML)
    if k < 86:  # a very long token
        alphabet = d.pick((ARABIC_LETTERS, list("abcdefghij"), ["ـ"], ARABIC_MARKS, ["x", "\u200d"]))
        return "".join(d.pick(alphabet) for _ in range(d.int(50, 3000) if d.chance(0.2) else d.int(50, 300)))
    if k < 87:
        return "\x00" * (d.int(1, 3) if d.chance(0.9) else d.int(4, 40))
    if k < 88:  # a lone surrogate
        return chr(d.int(0xD800, 0xDFFF))
    if k < 90:  # any code point but surrogates
        return "".join(chr(d.pick((d.int(0x20, 0x2FF), d.int(0x600, 0x6FF), d.int(0x2000, 0x2BFF),
                                   d.int(0xFB50, 0xFEFF), d.int(0x10000, 0x1FAFF), d.int(0, 0x1F))))
                       for _ in range(d.int(1, 8)))
    if k < 93:
        return str(d.pick(vocab.names)).upper() if d.chance(0.5) else str(d.pick(vocab.names)).title()
    return d.pick(("و", "ف", "ب", "ل", "ال", "وال", "بال", "لل")) + str(d.pick(vocab.triggers["ar"]))


def make_case(d: Draw, vocab: Vocabulary) -> tuple[str | bytes, str | None, str | None]:
    """One input: (text or raw bytes, lang override, published date)."""
    lang = d.pick(("ar", "ar", "en", "fr"))
    size = d.int(0, 9999)
    if size == 0 and d.chance(0.5):  # rare: one line of 64 KB to 1 MB, built from a repeated chunk
        n_tokens = 40
    elif size < 30:
        n_tokens = d.int(300, 5000)  # a long sentence or paragraph
    else:
        n_tokens = d.int(1, 50)
    sep = d.pick((" ", " ", " ", "", "\n", " \u200f"))
    toks = [_token(d, vocab, lang) for _ in range(n_tokens)]
    if size >= 30 and d.chance(0.5):  # sentences and paragraphs
        for i in range(d.int(0, 6)):
            toks.insert(d.int(0, len(toks)), d.pick((".", "؟", "\n", "\n\n", ". »", "!")))
            del i
    text = sep.join(toks)
    if n_tokens == 40 and size == 0:
        target = d.int(64 * 1024, 1024 * 1024)
        line = text.replace("\n", " ")
        text = (line * (target // max(1, len(line.encode("utf-8", "surrogatepass"))) + 1))[: target // 2]
    layout = d.int(0, 9)
    if layout == 0:
        text = f"<html><body><h1>{toks[0]}</h1><p>{text}</p></body></html>"
    elif layout == 1:
        text = f"{d.pick(vocab.demo_words)} {d.pick(vocab.triggers[lang])}\n\n{text}"  # a title line
    elif layout == 2:
        text = "\u202b" + text + "\u202c"
    elif layout == 3:
        text = " \n\t " * d.int(0, 3) + text + "\n" * d.int(0, 5)
    published = d.pick((None, "2025-07-01", "2025-07-01", "1999-12-31", "2024-02-29", "2026-01-15")) \
        if d.chance(0.95) else d.pick(("2025-13-45", "2023-02-29", "0000-00-00", "20250701", "", "x", "2025-7-1"))
    override = d.pick((None, None, lang, "ar", "en", "fr")) if d.chance(0.97) else "xx"
    if d.chance(0.08):  # raw bytes through decode_bytes: encodings, BOMs, NULs
        enc = d.pick(("utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1256", "latin-1", "cp1252", "utf-8-sig"))
        data = text.encode(enc, "replace") if enc not in ("utf-8", "utf-8-sig") else \
            text.encode(enc, "surrogatepass")
        if d.chance(0.3):
            i = d.int(0, len(data))
            data = data[:i] + bytes(d.int(0, 255) for _ in range(d.int(1, 64))) + data[i:]
        return data, override, published
    return text, override, published


# -- the invariants -------------------------------------------------------------------------------------------
class Checker:
    def __init__(self) -> None:
        self.coder = Coder()
        self.vocab = Vocabulary(self.coder)
        self.validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))

    def run(self, case: tuple[str | bytes, str | None, str | None]) -> tuple[str, int, int, int, float]:
        """Code one case and check it: (outcome, chars, mentions, events, seconds). Raises on a violation."""
        raw, lang, published = case
        t0 = time.perf_counter()
        try:
            text = decode_bytes(raw, "<fuzz>") if isinstance(raw, bytes) else raw
            cd = self.coder.code(text, published=published, lang=lang, name="<fuzz>")
        except InputError as exc:
            if exc.reason not in DOCUMENTED_REASONS:
                raise AssertionError(f"undocumented InputError reason {exc.reason!r}: {exc}") from exc
            if not str(exc) or "\n" in str(exc):
                raise AssertionError(f"InputError message is not one line: {exc!r}") from exc
            n = len(raw)
            return f"input-error:{exc.reason}", n, 0, 0, time.perf_counter() - t0
        dt = time.perf_counter() - t0
        d = cd.to_dict()
        errors = sorted(self.validator.iter_errors(d), key=lambda e: list(e.path))
        if errors:
            raise AssertionError(f"schema: {errors[0].message} at {list(errors[0].path)}")
        json.loads(json.dumps(d, ensure_ascii=False))
        for m in d["mentions"]:
            s, e = m["span"]
            assert 0 <= s < e <= len(text), f"mention span {m['span']} out of range"
            assert text[s:e] == m["text"], f"mention span {m['span']} is {text[s:e]!r}, not {m['text']!r}"
        for ev in d["events"]:
            s, e = ev["span"]
            assert 0 <= s < e <= len(text), f"event span {ev['span']} out of range"
            assert text[s:e] == ev["text"], f"event span {ev['span']} does not index its text"
            ts, te = ev["trigger"]["span"]
            assert s <= ts < te <= e, f"trigger {ev['trigger']['span']} outside event {ev['span']}"
            assert text[ts:te] == ev["trigger"]["text"], "trigger span does not index its text"
        return "coded", len(text), len(d["mentions"]), len(d["events"]), dt


_CHECKER: Checker | None = None


def _worker_init() -> None:
    global _CHECKER
    _CHECKER = Checker()


def _one(job: tuple[int, int]) -> dict[str, Any]:
    seed, index = job
    assert _CHECKER is not None
    case = make_case(Draw(random.Random(seed * 10**9 + index)), _CHECKER.vocab)
    try:
        outcome, n, nm, ne, dt = _CHECKER.run(case)
    except Exception as exc:  # any other exception is a finding
        return {"index": index, "outcome": "FAIL", "error": f"{type(exc).__name__}: {exc}",
                "trace": traceback.format_exc(limit=6), "chars": len(case[0])}
    return {"index": index, "outcome": outcome, "chars": n, "mentions": nm, "events": ne, "seconds": dt}


def long_run(cases: int, workers: int, seed: int, report_every: int) -> int:
    start = time.perf_counter()
    outcomes: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    chars = mentions = events = 0
    slowest: tuple[float, int, int] = (0.0, -1, 0)
    per_char_small: list[float] = []
    per_char_big: list[float] = []
    with mp.Pool(workers, initializer=_worker_init) as pool:
        for i, r in enumerate(pool.imap_unordered(_one, ((seed, k) for k in range(cases)), chunksize=16), 1):
            outcomes[r["outcome"]] += 1
            if r["outcome"] == "FAIL":
                failures.append(r)
                print(f"FAIL case {seed}:{r['index']}: {r['error']}\n{r['trace']}", flush=True)
            elif r["outcome"] == "coded":
                chars += r["chars"]
                mentions += r["mentions"]
                events += r["events"]
                if r["seconds"] > slowest[0]:
                    slowest = (r["seconds"], r["index"], r["chars"])
                if r["chars"] >= 50_000:
                    per_char_big.append(r["seconds"] / r["chars"])
                elif r["chars"] >= 2_000:
                    per_char_small.append(r["seconds"] / r["chars"])
            if i % report_every == 0 or i == cases:
                el = time.perf_counter() - start
                print(f"[{el:7.0f}s] {i:,}/{cases:,} cases ({i / el:.0f}/s) failures={len(failures)} "
                      f"coded={outcomes['coded']:,} events={events:,} mentions={mentions:,}", flush=True)
    el = time.perf_counter() - start
    print("\n== fuzz_coder summary ==")
    print(f"seed {seed}, {cases:,} cases in {el:.0f} s with {workers} workers")
    for k, v in sorted(outcomes.items()):
        print(f"  {k:32s} {v:8,}")
    print(f"coded {chars:,} characters, {mentions:,} mentions, {events:,} events")
    print(f"slowest case: {slowest[0]:.2f} s ({seed}:{slowest[1]}, {slowest[2]:,} chars)")
    if per_char_small and per_char_big:
        a = sorted(per_char_small)[len(per_char_small) // 2]
        b = sorted(per_char_big)[len(per_char_big) // 2]
        print(f"median time/char: {a * 1e6:.1f} us for 2k-50k chars ({len(per_char_small)} cases), "
              f"{b * 1e6:.1f} us for >= 50k chars ({len(per_char_big)} cases): ratio {b / a:.2f}")
    print(f"unexpected exceptions / invariant violations: {len(failures)}")
    return 1 if failures else 0


def scaling(seed: int) -> int:
    """Code growing inputs built the same way and report time per character (flat = linear)."""
    checker = Checker()
    d = Draw(random.Random(seed))
    lang = "ar"
    blocks: list[str] = []
    total = 0
    while total < 1_000_000:
        toks = [_token(d, checker.vocab, lang) for _ in range(60)]
        blocks.append(" ".join(t for t in toks if "\x00" not in t and not ("\ud800" <= t[:1] <= "\udfff")) + ".\n")
        total += len(blocks[-1])
    body = "".join(blocks)
    rows = []
    for n in (16_000, 64_000, 256_000, 1_000_000):
        text = body[:n]
        t0 = time.process_time()  # CPU time: the figure does not depend on what else the machine runs
        cd = checker.coder.code(text, published="2025-07-01", lang=lang, max_seconds=None)
        dt = time.process_time() - t0
        rows.append((n, dt))
        print(f"{n:>10,} chars  {dt:7.2f} s CPU  {dt / n * 1e6:6.2f} us/char  {len(cd.mentions):,} mentions "
              f"{len(cd.events):,} events", flush=True)
    ratio = (rows[-1][1] / rows[-1][0]) / (rows[0][1] / rows[0][0])
    print(f"time/char ratio, largest/smallest input ({rows[-1][0] // rows[0][0]}x larger): {ratio:.2f}")
    return 0


def replay(spec: str) -> int:
    seed, index = (int(x) for x in spec.split(":"))
    checker = Checker()
    case = make_case(Draw(random.Random(seed * 10**9 + index)), checker.vocab)
    print(f"case {spec}: {type(case[0]).__name__} of {len(case[0]):,}, lang={case[1]!r}, published={case[2]!r}")
    print(repr(case[0][:2000]))
    print(checker.run(case))
    return 0


def run_atheris(argv: list[str]) -> int:
    import atheris  # optional: pip install atheris

    checker = Checker()

    def test_one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        checker.run(make_case(Draw(fdp=fdp), checker.vocab))

    atheris.instrument_all()  # coverage of everything loaded, marsad included, to steer the mutations
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--report-every", type=int, default=2000)
    ap.add_argument("--replay", metavar="SEED:INDEX")
    ap.add_argument("--scaling", action="store_true")
    ap.add_argument("--atheris", action="store_true")
    args, rest = ap.parse_known_args()
    if args.atheris:
        return run_atheris([sys.argv[0], *rest])
    if args.replay:
        return replay(args.replay)
    if args.scaling:
        return scaling(args.seed)
    return long_run(args.cases, args.workers, args.seed, args.report_every)


if __name__ == "__main__":
    sys.exit(main())
