"""Measure which gazetteer place names are used as ordinary words in a news corpus; write the list.

Why: GeoNames has a town for many common Arabic words (أطار "Atar" is إطار "framework", بورصة "Bursa" is
"stock exchange"), and a locative preposition does not help (في إطار is "within the framework of"). The
words a name collides with behave like nouns, and names do not: a common noun takes the article (الإطار),
an enclitic pronoun (إطاره) and heads a genitive (إطار التعاون, بورصة الكويت); a town name does none of
this, and is introduced by a place noun (مدينة، بلدة) as often as a news text needs to say what it is.
So for every Arabic gazetteer name the tool counts, over the corpus:

- ``n``: occurrences as a word (after any proclitic: و، ف، ب، ل، ك and their sequences);
- ``morph``: occurrences with the article (when the name has none of its own) or an enclitic pronoun;
- ``head``: occurrences followed by a definite word (a genitive or adjective: the head of a noun phrase;
  names are followed by one too — دبي الدولي — so this signal needs a larger share);
- ``place``: occurrences right after a place noun (مدينة، بلدة، قرية، محافظة، ولاية، إقليم، منطقة، حي).

A name is listed when ``n >= MIN_COUNT``, ``morph / n >= MORPH_SHARE`` or ``head / n >= HEAD_SHARE``,
and ``place / n < PLACE_SHARE``; state names are never listed. Capitals are measured too (ماليه, Malé, is
"financial"; سيول, Seoul, is "floods") and listed as ``capital:ISO3``, except where the article is the
name's own (القاهرة). The matcher (``kb/matcher.py``) then takes a listed name as a place only after a
place noun, and a listed capital as its government only when the document names that state plainly.

Glued readings are measured too (:func:`glued_words`): a proclitic + name that is a word of its own — it
takes the article (الولاية) — is listed as ``glued:NAME`` (ولاية is no و +
لاية, Lae; بلاد no ب + لاد, Lod), and the matcher refuses that name reading.

Run (the corpus is read-only research data; only gazetteer names and counts are written):
    python tools/place_collisions.py ../shared/eval/saudinewsnet/politics_subset.jsonl.gz
which rewrites ``src/marsad/data/kb/place_collisions.tsv``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.kb.base import get_kb  # noqa: E402
from marsad.text.ar import PLACE_NOUNS  # noqa: E402
from marsad.text.normalise import normalise_key  # noqa: E402

OUT = ROOT / "src" / "marsad" / "data" / "kb" / "place_collisions.tsv"
MIN_COUNT = 5
MORPH_SHARE = 0.10
HEAD_SHARE = 0.50
PLACE_SHARE = 0.10
PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
ARTICLE = ("ال", "وال", "فال", "بال", "كال", "وبال", "لل", "ولل", "فلل")
# Not ه (taa marbuta folds to it: قمة is not Qom + "his") nor ي / ك (nisba adjectives, word-final letters).
ENCLITICS = ("ها", "هم", "هما", "هن", "نا", "كم")
_WORD = re.compile(r"\w+")


def place_noun(word: str) -> bool:
    return any(word.startswith(p) and word[len(p):] in PLACE_NOUNS for p in ("", "و", "ب", "وب", "ف", "ل"))


def measure(corpus: Path, names: set[str]) -> dict[str, Counter[str]]:
    """Per name (normalised key): n, noun, place counts over the corpus."""
    first = {}
    for k in names:
        first.setdefault(k.split()[0], []).append(k)
    stats: dict[str, Counter[str]] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            words = _WORD.findall(normalise_key(f"{rec.get('title') or ''} {rec.get('content') or ''}"))
            for i, w in enumerate(words):
                for pre in ARTICLE + PROCLITICS:
                    if not w.startswith(pre):
                        continue
                    stem, article = w[len(pre):], pre in ARTICLE
                    enclitic = False
                    cands = first.get(stem)
                    if not cands:
                        base = next((stem[:-len(s)] for s in ENCLITICS if stem.endswith(s) and stem[:-len(s)]
                                     in first), None)
                        if base is None:
                            continue
                        stem, enclitic, cands = base, True, first[base]
                    for key in sorted(cands, key=len, reverse=True):
                        parts = key.split()
                        if parts[1:] and words[i + 1:i + len(parts)] != parts[1:]:
                            continue
                        after = words[i + len(parts)] if i + len(parts) < len(words) else ""
                        if enclitic and len(parts) > 1:
                            continue
                        c = stats.setdefault(key, Counter())
                        c["n"] += 1
                        own_article = key.startswith("ال")
                        c["morph"] += enclitic or (article and not own_article)
                        c["head"] += not enclitic and after.startswith(("ال", "لل"))
                        c["place"] += i > 0 and place_noun(words[i - 1])
                        break
                    break
    return stats


LETTER_PROCLITICS = ("و", "ب", "ل", "ف", "ك")


def glued_words(corpus: Path, names: set[str]) -> dict[str, tuple[str, int, int]]:
    """Proclitic + name readings that are words of their own: ولاية (province) is no و + لاية (Lae).

    For every one-word name and letter proclitic p, the glued form p+name is counted as a token, and so are
    the forms that only a word has: with the article (الولاية، بالولاية).
    A glued form seen at least ``MIN_COUNT`` times with those marks on a share of at least ``MORPH_SHARE`` of
    its uses is a word: its name reading is refused. Returns glued form → (name, uses, marked uses)."""
    single = {k for k in names if " " not in k and len(k) >= 3}
    glued = {p + k: k for k in single for p in LETTER_PROCLITICS}
    uses: Counter[str] = Counter()
    marked: Counter[str] = Counter()
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            for w in _WORD.findall(normalise_key(f"{rec.get('title') or ''} {rec.get('content') or ''}")):
                if w in glued:
                    uses[w] += 1
                # only the article marks a word: a further proclitic (ولحكومة، بلجنة) is an ordinary sequence
                for pre in ("ال", "وال", "بال", "فال", "كال"):
                    if w.startswith(pre) and w[len(pre):] in glued:
                        marked[w[len(pre):]] += 1
                        break
    out = {}
    for w, n in uses.items():
        total = n + marked[w]
        if marked[w] >= MIN_COUNT and marked[w] / total >= MORPH_SHARE:
            out[w] = (glued[w], total, marked[w])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="a JSON-lines.gz news corpus with title/content fields")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    kb = get_kb()
    capitals: dict[str, str] = {}
    for e in kb.states.values():
        for n in (e.capital or {}).get("names", {}).get("ar", []):
            key = normalise_key(n)
            # القاهرة is matched as قاهره after لل too: that form is the name with its own article
            capitals[key[2:] if key.startswith("ال") and len(key) > 4 else key] = e.id
    names = {k for k in kb.places_by_name if re.search("[\u0621-\u064a]", k)}
    stats = measure(args.corpus, names | set(capitals))
    rows = []
    for key, c in sorted(stats.items(), key=lambda kv: -kv[1]["n"]):
        n = c["n"]
        nounish = c["morph"] / n >= MORPH_SHARE or c["head"] / n >= HEAD_SHARE
        if not (n >= MIN_COUNT and nounish and c["place"] / n < PLACE_SHARE):
            continue
        if key in capitals:
            if "ال" + key in capitals or any(normalise_key(x).startswith("ال") and normalise_key(x)[2:] == key
                                            for x in kb.states[capitals[key]].capital["names"].get("ar", [])):
                continue  # القاهرة: the article is the name's own
            rows.append((key, n, c["morph"], c["head"], c["place"], f"capital:{capitals[key]}"))
        elif key in names and not any(a.section == "states" for a in kb.lookup(key)):
            places = kb.places_by_name[key]
            rows.append((key, n, c["morph"], c["head"], c["place"], ",".join(sorted({p.name for p in places}))))
    # glued readings: names and KB aliases with a letter proclitic that are words of their own (ولاية)
    aliases = {k for k in kb._aliases if re.search("[\u0621-\u064a]", k)}
    for w, (name, n, marked) in sorted(glued_words(args.corpus, names | aliases).items(),
                                       key=lambda kv: -kv[1][1]):
        rows.append((w, n, marked, 0, 0, f"glued:{name}"))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Gazetteer names used as ordinary words (tools/place_collisions.py; counts over the corpus it was "
                f"run on; rule: n >= {MIN_COUNT}, morph/n >= {MORPH_SHARE} or head/n >= {HEAD_SHARE}, "
                f"place/n < {PLACE_SHARE}, state names never; capitals as capital:ISO3)\n"
                "name\tn\tmorph\thead\tplace\tgazetteer\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"{len(rows)} names listed of {len(stats)} seen ({len(names)} Arabic gazetteer names) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
