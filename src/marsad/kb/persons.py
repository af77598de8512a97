"""People who are not in the knowledge base: given name + name tokens, or title + name tokens.

The KB knows a few hundred political figures; news names many more. This module recognises a person from
the shape of the name, using the language data in ``data/kb/given_names.yaml`` (given names, particles,
titles, and words that stop a name):

- a given name (محمد، عبد العزيز، Kofi, Jean-Pierre) followed by up to three name tokens — words that are not
  function words, trigger or cue words, KB country/role/organisation words or common nouns; particles
  (بن، أبو، ولد; ben, ould, al-) are allowed inside a name; Arabic proclitics و ف ب ل before it are left out;
- a title (الرئيس، اللواء، السيد; President, Dr; M., le général), optionally followed by a country adjective
  or a modifier (السابق), followed by name tokens: the title is not part of the mention;
- a nationality adjective followed by exactly two name tokens (الكاميروني X Y), and a kunya (أبو مازن);
- elsewhere in the document, a bare surname of a person found in full refers to the same person.

Given names that are also ordinary words (أمل، سعيد، علي ~ على) start a name only before another given name or
a particle or a nisba, or after a title. Each person is ``Actor(id="person:<normalised name>", type="person")``
with no country or sector (the KB does not know them), unless a role with a country stands right before the
name (الرئيس المصري + name): that post gives its country and sector.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.errors import DataError
from marsad.kb.base import _FUNCTION_WORDS, KnowledgeBase, data_dir
from marsad.model import Actor, Mention, Sentence
from marsad.text import ar
from marsad.text.matching import is_arabic
from marsad.text.normalise import NormalisedText, normalise_key

SECTIONS: dict[str, tuple[str, ...]] = {
    "given": ("ar", "latin"),
    "ambiguous": ("ar", "latin"),
    "particles": ("ar", "latin"),
    "titles": ("ar", "en", "fr"),
    "not_names": ("ar", "latin"),
}
_KUNYA = frozenset({"ابو", "ام"})
_TANWEEN_RE = re.compile("[\u064b\u064c\u064d]")  # ً ٌ ٍ
_MAX_NAME_TOKENS = 3  # after the given name or the title
_RELATIVE_PRONOUNS = frozenset(normalise_key(w) for w in ar.RELATIVE_PRONOUNS)
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Before a name: a conjunction and/or the prepositions ب ل (not the future marker س, not ك).
_PROCLITICS = sorted((p for p in ar.PROCLITIC_SEQUENCES_NO_ARTICLE - {""} if "س" not in p and "ك" not in p),
                     key=len, reverse=True)
_PROCLITIC_SET = frozenset(_PROCLITICS)
_PROCLITIC_LENGTHS = sorted({len(p) for p in _PROCLITICS}, reverse=True)


@dataclass(frozen=True)
class NameData:
    """Normalised keys of the name lists; ``script`` is "ar" or "latin"."""

    given: dict[str, frozenset[str]]
    ambiguous: dict[str, frozenset[str]]
    particles: dict[str, frozenset[str]]
    titles: dict[str, frozenset[str]]
    not_names: dict[str, frozenset[str]]
    max_given_words: int
    max_title_words: int


def _script_ok(value: str, script: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    if not letters:
        return False
    arabic = all(is_arabic(c) for c in letters)
    return arabic if script == "ar" else not any(is_arabic(c) for c in letters)


def load_name_data(path: Path | None = None) -> NameData:
    """Read and validate the given-names file; raise :class:`DataError` listing every problem
    as ``file: section.lang[i] ('value'): problem``."""
    from marsad.kb.loader import load_yaml_cached

    path = path or data_dir() / "kb" / "given_names.yaml"
    problems: list[str] = []
    try:
        data: Any = load_yaml_cached(path)
    except DataError as exc:
        raise DataError([f"{path.name}: cannot read: {p}" for p in exc.problems]) from None
    except Exception as exc:  # any YAML or I/O problem, reported with the file name
        raise DataError([f"{path.name}: cannot read: {str(exc).splitlines()[0]}"]) from None
    if not isinstance(data, dict):
        raise DataError([f"{path.name}: the top level must be a mapping with sections {', '.join(SECTIONS)}"])
    for key in data:
        if key not in SECTIONS:
            problems.append(f"{path.name}: unknown section '{key}' (expected one of {', '.join(SECTIONS)})")
    out: dict[str, dict[str, frozenset[str]]] = {}
    for section, langs in SECTIONS.items():
        body = data.get(section)
        out[section] = {}
        if body is None:
            problems.append(f"{path.name}: section '{section}' is missing")
            continue
        if not isinstance(body, dict):
            problems.append(f"{path.name}: section '{section}' must be a mapping of {'/'.join(langs)} to lists")
            continue
        for lang in body:
            if lang not in langs:
                problems.append(f"{path.name}: {section}: unknown language '{lang}' (expected {'/'.join(langs)})")
        for lang in langs:
            values = body.get(lang) or []
            if not isinstance(values, list):
                problems.append(f"{path.name}: {section}.{lang}: must be a list of strings")
                continue
            keys: set[str] = set()
            for i, v in enumerate(values):
                where = f"{path.name}: {section}.{lang}[{i}]"
                if not isinstance(v, str) or not v.strip():
                    problems.append(f"{where}: must be a non-empty string, not {v!r}")
                    continue
                if any(0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFE for c in v):
                    problems.append(f"{where} ('{v}'): presentation-form letters (U+FB50–U+FEFF)")
                    continue
                script = "ar" if lang == "ar" else "latin"
                if not _script_ok(v, script):
                    problems.append(f"{where} ('{v}'): must be written in {'Arabic' if script == 'ar' else 'Latin'} "
                                    "script")
                    continue
                key = normalise_key(v)
                if section == "titles":
                    key = " ".join(w.rstrip(".") for w in key.split())  # M. Dr. د. : the word without its dot
                keys.add(key)
                if section == "given" and " " in key:
                    keys.add(key.replace(" ", ""))  # عبد الله is also written عبدالله
            out[section][lang] = frozenset(keys)
    if problems:
        raise DataError(problems)
    for lang in ("ar", "latin"):
        out["given"][lang] = out["given"][lang] | out["ambiguous"][lang]
    return NameData(out["given"], out["ambiguous"], out["particles"], out["titles"], out["not_names"],
                    max(len(k.split()) for ks in out["given"].values() for k in ks),
                    max(len(k.split()) for ks in out["titles"].values() for k in ks))


@lru_cache(maxsize=1)
def get_name_data() -> NameData:
    """The process-wide given-names data (loaded and validated once)."""
    return load_name_data()


@lru_cache(maxsize=3)
def _lexicon_words(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """The lexicon's single-word trigger and cue forms (a name token is never one of them) and the first words of
    its multi-word forms (وقف of وقف إطلاق النار: words of the event vocabulary, so ل/ب/ك + one of them — لوقف —
    is a preposition and a noun, no name)."""
    from marsad.coding.lexicon import get_lexicon

    try:
        forms = list(get_lexicon(lang).automaton)
    except DataError:
        return frozenset(), frozenset()
    return (frozenset(k for k in forms if " " not in k), frozenset(k.split()[0] for k in forms if " " in k))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Function words in matching form (حتى → حتي), as the normalised text spells them."""
    return frozenset(normalise_key(w) for w in _FUNCTION_WORDS | ar.PREPOSITIONAL_WORDS | ar.STOPWORDS)


@lru_cache(maxsize=3)
def _heads(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """First words of titles and of given names: most words start neither and are skipped at once."""
    data = get_name_data()
    script = "ar" if lang == "ar" else "latin"
    return (frozenset(t.split()[0] for t in data.titles[lang]),
            frozenset(g.split()[0] for g in data.given[script]))


@dataclass
class _Word:
    start: int  # normalised offsets of the word without its proclitic
    end: int
    text: str  # normalised, without proclitic
    full_start: int
    upper: bool  # Latin: written with a capital
    prefix: str
    taken: bool = False  # overlaps a mention already found
    tanween: bool = False  # Arabic: written with a tanween (اجتماعًا): an indefinite noun, never a name


class _Finder:
    def __init__(self, norm: NormalisedText, original: str, kb: KnowledgeBase, lang: str,
                 taken: list[Mention]) -> None:
        self.norm, self.original, self.kb, self.lang = norm, original, kb, lang
        self.data = get_name_data()
        self.script = "ar" if lang == "ar" else "latin"
        self.given = self.data.given[self.script]
        self.ambiguous = self.data.ambiguous[self.script]
        self.particles = self.data.particles[self.script]
        self.titles = self.data.titles[lang]
        self.title_heads, self.given_heads = _heads(lang)
        self.not_names = self.data.not_names[self.script]
        self.lexicon, self.phrase_heads = _lexicon_words(lang)
        self.stop = _stopwords()
        self.taken = sorted((m.start, m.end) for m in taken)
        self.taken_norm = sorted((norm.map.to_norm(ts), norm.map.to_norm(te)) for ts, te in self.taken)
        self.words = self._words()
        for w in self.words:  # once per word, not once per question about it
            w.taken = self._is_taken(w.start, w.end)

    # -- words ----------------------------------------------------------------------------------
    def _words(self) -> list[_Word]:
        out: list[_Word] = []
        text = self.norm.text
        # where the original writes a tanween, in normalised offsets (few per document: found once, not per word)
        marks = [] if self.script == "latin" else \
            sorted(self.norm.map.to_norm(m.start()) for m in _TANWEEN_RE.finditer(self.original))
        latin, arabic = self.script == "latin", self.lang == "ar"
        given, titles = self.given, self.titles
        for w in _WORD_RE.finditer(text):
            word, start, end = w.group(), w.start(), w.end()
            if latin and word[-2:-1] in ("'", "’") and word[-1:] == "s":
                word, end = word[:-2], end - 2  # Hussein's: the possessive is no part of the name
            prefix = ""
            if arabic and word not in given and word not in titles:
                for n in _PROCLITIC_LENGTHS:  # longest first; one proclitic of each length can fit
                    pro = word[:n]
                    if pro not in _PROCLITIC_SET or len(word) - n < 3:
                        continue
                    stem = word[n:]
                    known = (stem in self.given and stem not in self.ambiguous) or self._title_head(stem) \
                        or stem in self.particles or stem == "عبد"
                    if known:
                        prefix = pro
                        break
            upper = tanween = False
            if latin:  # case only matters for Latin script
                s, _ = self.norm.map.span_to_orig(start + len(prefix), end)
                upper = self.original[s:s + 1].isupper()
            elif marks:
                k = bisect_left(marks, start)
                tanween = k < len(marks) and marks[k] <= end
            out.append(_Word(start + len(prefix), end, word[len(prefix):], start, upper, prefix,
                             tanween=tanween))
        return out

    def _title_head(self, stem: str) -> bool:
        return stem in self.title_heads

    def _adjacent(self, i: int, j: int) -> bool:
        """Words i and j (j = i + 1) are separated by spaces only (a name never crosses punctuation)."""
        gap = self.norm.text[self.words[i].end:self.words[j].full_start]
        return gap.strip() == "" and "\n" not in gap

    def _is_taken(self, start: int, end: int) -> bool:
        """Whether normalised ``[start, end)`` overlaps a mention already found (compared in normalised
        offsets, converted once per document rather than once per word)."""
        k = bisect_right(self.taken_norm, (end, 10**12))
        return any(ts < end and start < te for ts, te in self.taken_norm[max(0, k - 6):k])

    def _kb_word(self, t: str) -> bool:
        """A country, role or organisation word of the KB (a KB person's name is already a mention)."""
        for cand in (t, t[2:] if t.startswith("ال") and len(t) > 3 else None):
            if cand and any(a.section != "people" for a in self.kb.lookup(cand)):
                return True
        return False

    # -- name tokens ----------------------------------------------------------------------------
    def _name_token(self, k: int, after_title: bool = False) -> str | None:
        """'given', 'name', 'article' (an Arabic ال-name, which ends the name) or None."""
        w = self.words[k]
        t = w.text
        if len(t) < 2 or t in self.not_names or t in self.stop or w.taken:
            return None
        if self.script == "latin":
            if not w.upper or w.prefix:
                return None
            if t in self.given:
                return "given"
            if self._kb_word(t) or t in self.lexicon or t in self.titles:
                return None
            return "name"
        if w.tanween:
            return None  # اجتماعًا موسعًا: names carry no tanween
        if w.prefix or t.startswith(("وال", "بال", "فال", "لل", "كال")):
            return None  # a proclitic inside a name: وأحمد is a new conjunct, not part of the name
        if t in ar.PREPOSITIONAL_WORDS or t in ar.STOPWORDS:
            return None
        if t in self.given and not t.startswith("ال"):
            return "given"
        if t[0] in "بلك" and (t[1:] in self.not_names or t[1:] in _FUNCTION_WORDS or t[1:] in self.lexicon
                              or t[1:] in self.phrase_heads
                              or (len(t) >= 5 and t.endswith("ه"))):
            return None  # بعدد، لحضور، لمحاولة: a preposition and a common word
        if t[0] in "يت" and 3 <= len(t) <= 5 and t[1] not in "اوي" and not t.startswith("تش"):
            return None  # يريد، يعيش، تلد: an imperfect verb (names in ي/ت are given names or foreign: توريس)
        if t[0] == "س" and len(t) >= 4 and t[1] in "يت" and t[2] not in "اوي":
            return None  # سيكون، ستبدأ: a future verb
        if t.endswith("ت") and not t.endswith("ات") and 4 <= len(t) <= 5:
            return None  # طرحت، أكدت: a perfect verb (رفعت، عزت are given names, checked above)
        if t.startswith("و"):  # واتبعها، وابلغه: the clause goes on (وليد، وائل are given names)
            return None
        if self._kb_word(t) or t in self.lexicon or self._title_head(t):
            return None
        if t.startswith("ال"):
            rest = t[2:]
            if len(rest) >= 3 and (t.endswith("ي") or rest in self.given or after_title):
                return "article"
            return None
        if t.endswith(tuple(ar.VERB_ENCLITICS)) and t[:-1] in self.lexicon:
            return None
        return "name"

    def _extend(self, i: int, limit: int, after_title: bool = False) -> int:
        """Index of the last word of the name whose first name token follows word ``i``; ``i`` if none."""
        last = i
        k = i + 1
        taken_tokens = 0
        while k < len(self.words) and taken_tokens < limit and self._adjacent(k - 1, k):
            t = self.words[k].text
            if t in self.particles and not self.words[k].prefix:
                # a particle needs a name after it: بن علي، أبو الغيط، ould Abdel Aziz
                if k + 1 < len(self.words) and self._adjacent(k, k + 1):
                    kind = (self._name_token(k + 1) or self._article_after_particle(k + 1)
                            or self._title_in_name(k + 1))
                    if kind:
                        g = self._given_at(k + 1) if kind == "given" or self.words[k + 1].text == "عبد" else None
                        if g is not None:
                            last, taken_tokens, k = g, taken_tokens + 1, g + 1
                            continue
                        last = k + 1
                        taken_tokens += 1
                        k += 2
                        if kind == "article":
                            break
                        continue
                break
            kind = self._name_token(k, after_title)
            if kind is None and self.words[k - 1].text in self.particles:
                kind = self._title_in_name(k)  # a name that opens with its particle: M. Ould Cheikh Ahmed
            if kind is None:
                break
            g = self._given_at(k)
            if g is not None:
                last = g
                k = g + 1
                taken_tokens += 1
                continue
            last = k
            taken_tokens += 1
            k += 1
            if kind == "article":
                break
        return last

    def _title_in_name(self, k: int) -> str | None:
        """A capitalised title word between a particle and another name word is part of the name (Ould Cheikh
        Ahmed, Ben Cheikh Ali: a family name made of a title, as الشيخ is after ولد in Arabic script)."""
        w = self.words[k]
        if self.script != "latin" or not w.upper or w.prefix or w.text not in self.titles:
            return None
        if k + 1 < len(self.words) and self._adjacent(k, k + 1) and self._name_token(k + 1):
            return "name"
        return None

    def _article_after_particle(self, k: int) -> str | None:
        w = self.words[k]
        t = w.text
        if (t.startswith("ال") and len(t) >= 4 and not w.prefix and t not in self.not_names
                and not self._kb_word(t) and not w.taken):
            return "article"
        return None

    def _given_at(self, i: int) -> int | None:
        """Last index of the given name (possibly compound: عبد العزيز) starting at word ``i``."""
        if self.words[i].text not in self.given_heads and self.words[i].text != "عبد":
            return None
        for n in range(self.data.max_given_words, 0, -1):
            if i + n > len(self.words):
                continue
            if n > 1 and not all(self._adjacent(j, j + 1) for j in range(i, i + n - 1)):
                continue
            if any(self.words[j].prefix for j in range(i + 1, i + n)):
                continue
            key = " ".join(self.words[j].text for j in range(i, i + n))
            if key in self.given:
                return i + n - 1
        w = self.words[i]
        # عبد + the article: عبد الرحمن and every other عبد compound
        if self.script == "ar" and w.text == "عبد" and i + 1 < len(self.words) and self._adjacent(i, i + 1):
            nxt = self.words[i + 1]
            if nxt.text.startswith("ال") and not nxt.prefix and len(nxt.text) >= 4:
                return i + 1
        return None

    def _title_at(self, i: int) -> int | None:
        """Last index of a title starting at word ``i``."""
        if self.words[i].text not in self.title_heads:
            return None
        for n in range(self.data.max_title_words, 0, -1):
            if i + n > len(self.words):
                continue
            if n > 1 and not all(self._adjacent(j, j + 1) for j in range(i, i + n - 1)):
                continue
            key = " ".join(self.words[j].text for j in range(i, i + n))
            if key in self.titles:
                return i + n - 1
        return None

    def _skip_modifiers(self, j: int) -> int:
        """After a title: skip a country adjective or a modifier (الرئيس المصري السابق) — index of the last."""
        k = j
        for _ in range(2):
            if k + 1 >= len(self.words) or not self._adjacent(k, k + 1):
                break
            w = self.words[k + 1]
            t = w.text
            arabic_modifier = (self.script == "ar" and t.startswith("ال") and not w.prefix
                               and (self._kb_word(t) or t in self.not_names) and self._given_at(k + 1) is None
                               and t not in _RELATIVE_PRONOUNS)  # الوزير الذي عين: a clause, not a modifier
            if arabic_modifier or (self.script == "latin" and self._kb_word(t) and w.upper):
                k += 1
            else:
                break
        return k

    # -- the scan -------------------------------------------------------------------------------
    def find(self) -> list[tuple[int, int, bool]]:
        """(first word, last word, certain) of each name, left to right, non-overlapping."""
        out: list[tuple[int, int, bool]] = []
        i = 0
        n = len(self.words)
        while i < n:
            if self._opens_relative_clause(i):
                i += 1  # التي أشرف عليها: after a relative pronoun comes the clause's verb, not a name
                continue
            found = (self._name_from_given(i) or self._name_after_title(i) or self._kunya(i)
                     or self._name_after_nationality(i))
            if found:
                out.append(found)
                i = found[1] + 1
            else:
                i += 1
        return out

    def _opens_relative_clause(self, i: int) -> bool:
        return (self.script == "ar" and i > 0 and self._adjacent(i - 1, i)
                and self.words[i - 1].text in _RELATIVE_PRONOUNS and not self.words[i].prefix)

    def _name_from_given(self, i: int) -> tuple[int, int, bool] | None:
        w = self.words[i]
        if self.script == "latin" and not w.upper:
            return None
        if w.taken:
            return None
        g = self._given_at(i)
        if g is None:
            return None
        key = " ".join(self.words[j].text for j in range(i, g + 1))
        if self.script == "ar" and key == "علي":
            s, e = self.norm.map.span_to_orig(w.start, w.end)
            if not self.original[s:e].endswith("ي"):  # على "on" folds to the same key
                return None
        if g + 1 < len(self.words) and self._adjacent(g, g + 1):
            nxt = self.words[g + 1]
            if nxt.taken:  # محمد + a KB person: the KB mention stands
                return None
        last = self._extend(g, _MAX_NAME_TOKENS)
        ambiguous = key in self.ambiguous
        if ambiguous:
            # needs a given name or a particle next: سعيد جليلي is not enough, حسن نصر الله is
            if last == g:
                return None
            nxt = self.words[g + 1].text
            nisba = nxt.startswith("ال") and nxt.endswith("ي") and len(nxt) >= 6  # سعيد الشرقاوي
            if nxt not in self.given and nxt not in self.particles and not nisba:
                return None
        if last == g and (self.script == "latin" or (g == i and len(key) < 4)):
            return None
        if i > 0 and self._adjacent(i - 1, i) and self.words[i - 1].text in _KUNYA and \
                not self.words[i - 1].taken:
            i -= 1  # أبو عبد الله: the kunya is part of the name
        return (i, last, last > g)

    def _kunya(self, i: int) -> tuple[int, int, bool] | None:
        """أبو مازن، أبو الغيط: أبو/أم + a name token."""
        w = self.words[i]
        if self.script != "ar" or w.text not in _KUNYA or i + 1 >= len(self.words) or not self._adjacent(i, i + 1):
            return None
        if w.taken:
            return None
        kind = self._name_token(i + 1) or self._article_after_particle(i + 1)
        if kind is None:
            return None
        g = self._given_at(i + 1)
        if g is None and kind == "article":
            return (i, i + 1, True)
        last = self._extend(g if g is not None else i + 1, _MAX_NAME_TOKENS - 1)
        return (i, last, True)

    def _is_nationality(self, i: int) -> bool:
        t = self.words[i].text
        if self.script == "ar":
            t = t[2:] if t.startswith("ال") else ""
        elif not self.words[i].upper:
            return False
        return bool(t) and any(a.section == "states" and a.kind == "adjective" for a in self.kb.lookup(t))

    def _name_after_nationality(self, i: int) -> tuple[int, int, bool] | None:
        """الكاميروني صامويل إيتو, the Cameroonian Samuel Eto'o: a nationality adjective and two name tokens."""
        if not self._is_nationality(i) or i + 2 >= len(self.words):
            return None
        if not (self._adjacent(i, i + 1) and self._adjacent(i + 1, i + 2)):
            return None
        for k in (i + 1, i + 2):
            t = self.words[k].text
            if self._name_token(k) not in ("name", "given") or len(t) < 3:
                return None
            if self.script == "ar" and t.endswith("ه"):  # حملة، مستعدة: a feminine noun, not a name
                return None
        if self.script == "ar" and i + 3 < len(self.words) and self._adjacent(i + 2, i + 3) and \
                self._name_token(i + 3) in ("name", "given"):
            return None  # three or more plain words: more likely a clause than a name
        return (i + 1, i + 2, False)

    def _name_after_title(self, i: int) -> tuple[int, int, bool] | None:
        t_end = self._title_at(i)
        if t_end is None:
            return None
        j = self._skip_modifiers(t_end)
        if j + 1 >= len(self.words):
            return None
        gap = self.norm.text[self.words[j].end:self.words[j + 1].full_start]
        if not (self._adjacent(j, j + 1) or (j == t_end and gap.strip() == "." and "\n" not in gap)):
            return None  # M. Traoré, د. محمد: the abbreviation's dot is part of the title
        kind = self._name_token(j + 1, after_title=True)
        if kind is None and self.script == "latin" and self.words[j + 1].text in self.particles and \
                j + 2 < len(self.words) and self._adjacent(j + 1, j + 2) and self._name_token(j + 2) == "name":
            return (j + 1, j + 2, True)  # le général de Gaulle
        if kind not in ("name", "given"):
            return None
        if self.script == "latin" and self.words[j + 1].text in self.titles:
            return None
        g = self._given_at(j + 1)
        last = self._extend(g if g is not None else j + 1, _MAX_NAME_TOKENS - 1, after_title=True)
        return (j + 1, last, True)


def _person_id(key: str) -> str:
    return "person:" + "-".join(key.split())


def find_person_names(norm: NormalisedText, original: str, sentences: list[Sentence], kb: KnowledgeBase,
                      lang: str, taken: list[Mention]) -> list[Mention]:
    """Person names not covered by ``taken`` (the KB mentions), with their bare surnames elsewhere."""
    if lang not in ("ar", "en", "fr"):
        return []
    f = _Finder(norm, original, kb, lang, taken)
    starts = [s.start for s in sentences]
    actors: dict[str, Actor] = {}
    surnames: dict[str, Actor] = {}
    out: list[Mention] = []
    covered: list[tuple[int, int]] = []

    def emit(a: int, b: int, actor: Actor) -> None:
        s, e = norm.map.span_to_orig(f.words[a].start, f.words[b].end)
        out.append(Mention(s, e, original[s:e], actor, "name", max(0, bisect_right(starts, s) - 1)))
        covered.extend((f.words[k].start, f.words[k].end) for k in range(a, b + 1))

    # A role with a country right before the name is the person's post, in apposition: "الرئيس المصري
    # حسني مبارك", "Ruritanian Prime Minister Jan Novak" — the person takes its country and sector.
    roles = {m.end: m for m in taken if m.how == "role" and m.entity.country}
    names = f.find()
    for a, b, _certain in names:
        key = " ".join(f.words[k].text for k in range(a, b + 1))
        pid = _person_id(key)
        s, e = norm.map.span_to_orig(f.words[a].start, f.words[b].end)
        gap = len(original[:s]) - len(original[:s].rstrip())
        post = roles.get(s - gap) if gap else None
        if pid not in actors or (post and actors[pid].country is None):
            written = original[s:e]
            actors[pid] = Actor(id=pid, name=written, name_ar=written if lang == "ar" else None,
                                country=post.entity.country if post else None,
                                sector=post.entity.sector if post else None, type="person")
        actor = actors[pid]
        if b > a:
            last = f.words[b].text
            if (len(last) >= 3 and last not in f.given and last not in f.particles and last not in f.stop
                    and last not in f.lexicon and last not in f.not_names
                    and (not last.startswith("ال") or (last.endswith("ي") and len(last) >= 6))
                    and (f.script == "ar" or f.words[b].upper)):
                surnames.setdefault(last, actor)
    # one-word names after a title that are a known surname: the same person
    for a, b, _certain in names:
        key = " ".join(f.words[k].text for k in range(a, b + 1))
        actor = surnames.get(key) if a == b else None
        emit(a, b, actor or actors[_person_id(key)])
    # a bare surname elsewhere in the document (also after a proclitic: ولمبارك)
    used = {k for a, b, _ in names for k in range(a, b + 1)}
    for k, w in enumerate(f.words):
        if k in used or w.taken:
            continue
        text, start = w.text, w.start
        if w.prefix == "" and f.script == "ar":
            for pro in _PROCLITICS:
                if text.startswith(pro) and text[len(pro):] in surnames:
                    text, start = text[len(pro):], start + len(pro)
                    break
        actor = surnames.get(text)
        if actor is None or (f.script == "latin" and not w.upper):
            continue
        s, e = norm.map.span_to_orig(start, w.end)
        out.append(Mention(s, e, original[s:e], actor, "name", max(0, bisect_right(starts, s) - 1)))
    out.sort(key=lambda m: m.start)
    return out
