"""What kind of text a document is: a news **report**, an **opinion** piece (a column, an editorial) or an
**interview** — so that relation analysis can count what the news reports, not what a columnist argues.

Why: on the SaudiNewsNet store, five of the seven shift alerts that were not real shifts had an op-ed column or
an interview among their drivers (docs/RELATIONS.md). A column's sentences are coded like a report's — the
coder cannot and should not tell, sentence by sentence, a columnist's reading of a policy from a report of it —
but they are one writer's argument, not events a source tells. The genre is a property of the document, so it
is decided once, from what outlets mark it with, and carried on the document (``document.genre``) for the
store and the relation views to filter on; the coding itself does not change.

The signals, in order (data: ``data/reference/genre.yaml``):

1. **Interview** — a title announcing one (حوار، في مقابلة مع، *interview*, *entretien*), a question-and-answer
   layout (several short paragraphs that are questions), or a URL section (``/interviews/``).
2. **Opinion** — a URL section (``/opinion/``, ``/commentisfree/``, ``/مقالات/``), or a URL segment before the
   title slug that is a person's name (an author page: ``…/article/411136/سمير-عطا-الله/…``) or sits between the
   article's numeric id and the title slug (``…/418091/مشاري-الذايدي/…``: where the outlet puts its byline),
   unless the byline carries a dateline (``لندن: فلان``): a dateline is how a report is signed, a column has none.
3. Otherwise **report**: the default. The text alone rarely tells a column (first-person wording was measured
   on 2,783 SaudiNewsNet articles whose byline tells: it marks a quarter of the columns and 4 % of the reports),
   so a plain text with no URL, byline or interview layout is a report.

Each decision keeps its cues (``document.genre_cues``) so a user sees why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from marsad.errors import DataError
from marsad.kb.base import data_dir
from marsad.kb.loader import load_yaml_cached
from marsad.text.normalise import normalise_key

GENRES = ("report", "opinion", "interview")
REPORT = "report"
_SLUG_SPLIT = re.compile(r"[-_+\s]+")
_PARAGRAPHS = re.compile(r"\n\s*")
_DATELINE = re.compile(r"^[^:\n]{2,60}:\s*\S")  # "لندن: رنيم حنوش", "عدن، صنعاء: الوكالات", "Paris: AFP"


@dataclass(frozen=True)
class Genre:
    """A document's genre and the cues that decided it (empty for a report by default)."""

    value: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class GenreRules:
    sections: dict[str, frozenset[str]]
    titles: dict[str, tuple[re.Pattern[str], ...]]
    min_questions: int
    min_share: float
    max_chars: int
    name_titles: frozenset[str]
    author_words: tuple[int, int] = (0, 0)  # words of an author segment after the article id (0: rule off)


def _key(word: str) -> str:
    return normalise_key(word.lower())


def _load(data: Any, where: str) -> GenreRules:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise DataError([f"{where}: the top level must be a mapping"])
    sections: dict[str, frozenset[str]] = {}
    for genre, words in (data.get("url_sections") or {}).items():
        if genre not in GENRES or not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            problems.append(f"{where}: url_sections.{genre} must be a list of words under a genre "
                            f"({', '.join(GENRES[1:])})")
            continue
        sections[genre] = frozenset(_key(w) for w in words)
    titles: dict[str, tuple[re.Pattern[str], ...]] = {}
    for lang, patterns in (data.get("titles") or {}).items():
        compiled = []
        for p in patterns if isinstance(patterns, list) else [None]:
            try:
                compiled.append(re.compile(p))
            except (re.error, TypeError) as exc:
                problems.append(f"{where}: titles.{lang}: {p!r} is not a regular expression ({exc})")
        titles[lang] = tuple(compiled)
    q = data.get("questions") or {}
    try:
        min_q, share, max_chars = int(q["min_paragraphs"]), float(q["min_share"]), int(q["max_chars"])
    except (KeyError, TypeError, ValueError):
        problems.append(f"{where}: questions needs min_paragraphs, min_share and max_chars (numbers)")
        min_q, share, max_chars = 0, 0.0, 0
    names = data.get("name_titles") or []
    if not isinstance(names, list):
        problems.append(f"{where}: name_titles must be a list")
        names = []
    after = data.get("author_after_id") or {}
    try:
        author_words = (int(after.get("min_words", 0)), int(after.get("max_words", 0))) if after else (0, 0)
        if not isinstance(after, dict) or author_words[0] > author_words[1] or author_words[0] < 0:
            raise ValueError
    except (AttributeError, TypeError, ValueError):
        problems.append(f"{where}: author_after_id needs min_words <= max_words (whole numbers, 0 or more)")
        author_words = (0, 0)
    if problems:
        raise DataError(problems)
    return GenreRules(sections, titles, min_q, share, max_chars, frozenset(_key(str(n)) for n in names),
                      author_words)


@lru_cache(maxsize=1)
def rules() -> GenreRules:
    """The genre rules shipped with Marsad (validated; ``marsad check-data`` reports their problems)."""
    path = data_dir() / "reference" / "genre.yaml"
    try:
        data = load_yaml_cached(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataError([f"reference/{path.name}: cannot read: {str(exc).splitlines()[0]}"]) from None
    return _load(data, f"reference/{path.name}")


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from marsad.kb.persons import load_name_data

    names = load_name_data().given
    return frozenset().union(*names.values())


def _url_segments(url: str) -> list[str]:
    try:
        path = urlsplit(url).path
    except ValueError:
        return []
    return [unquote(s) for s in path.split("/") if s]


def _names_a_person(segment: str, r: GenreRules) -> bool:
    """A URL segment that reads as a person's name: 2–5 words, one of the first two a given name (or a title
    such as د before one). Compound given names (عبد الرحمن، ابو بكر) are tried as pairs."""
    words = [w for w in _SLUG_SPLIT.split(segment) if w]
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in segment):
        return False
    keys = [_key(w) for w in words]
    if keys[0] in r.name_titles:
        keys = keys[1:]
    given = _given_names()
    return bool(keys) and (keys[0] in given or (len(keys) > 1 and (keys[1] in given
                                                                   or f"{keys[0]} {keys[1]}" in given)))


def _from_url(url: str | None, r: GenreRules) -> tuple[str, str] | None:
    """(genre, cue) the URL tells: a section word, or an author segment before the title slug."""
    segs = _url_segments(url or "")
    for s in segs[:-1] if len(segs) > 1 else segs:
        k = _key(s)
        for genre in ("interview", "opinion"):
            if k in r.sections.get(genre, ()):
                return genre, f"url section: {s}"
    for i, s in enumerate(segs[1:-1], 1):
        if _names_a_person(s, r) or _author_after_id(segs, i, r):
            return "opinion", f"url author: {_SLUG_SPLIT.sub(' ', s)}"
    return None


def _author_after_id(segs: list[str], i: int, r: GenreRules) -> bool:
    """Segment ``i`` sits between the article's numeric id and the title slug and is a few words long: the
    outlet's byline in the URL (``author_after_id`` in genre.yaml), names outside the given-name list too."""
    lo, hi = r.author_words
    if hi == 0 or i != len(segs) - 2 or not segs[i - 1].isdigit() or any(ch.isdigit() for ch in segs[i]):
        return False
    return lo <= len([w for w in _SLUG_SPLIT.split(segs[i]) if w]) <= hi


def _questions(text: str, r: GenreRules) -> tuple[int, int]:
    paragraphs = [p.strip() for p in _PARAGRAPHS.split(text) if p.strip()]
    asked = sum(1 for p in paragraphs if len(p) <= r.max_chars and p.rstrip("\"'»”) ").endswith(("?", "؟")))
    return asked, len(paragraphs)


def classify(text: str, lang: str, title: str | None = None, url: str | None = None,
             byline: str | None = None) -> Genre:
    """The genre of one document (see the module docstring for the order of the signals)."""
    r = rules()
    for pattern in r.titles.get(lang, ()):
        if title and (m := pattern.search(title)):
            return Genre("interview", (f"title: {m.group(0).strip()}",))
    asked, paragraphs = _questions(text, r)
    if r.min_questions and asked >= r.min_questions and asked >= r.min_share * paragraphs:
        return Genre("interview", (f"questions: {asked} of {paragraphs} paragraphs",))
    found = _from_url(url, r)
    dateline = bool(byline and _DATELINE.match(byline.strip()))
    if found and not (dateline and found[1].startswith("url author")):
        return Genre(found[0], (found[1],))
    if dateline:
        return Genre(REPORT, (f"byline dateline: {(byline or '').strip().split(':')[0].strip()}",))
    return Genre(REPORT)
