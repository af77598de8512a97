"""Trigger and cue lexicons (format: ``docs/LEXICON_FORMAT.md``), validated and compiled
into one automaton per language.

Verb entries are expanded into their inflected forms by the language module
(``text/ar.py`` etc.: ``verb_forms``), so the YAML stays a list of lemmas an
analyst can read, and the matcher still sees every surface form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from marsad.coding.ontology import Ontology, get_ontology
from marsad.errors import DataError
from marsad.kb.base import data_dir
from marsad.kb.loader import load_yaml_cached
from marsad.text import ar, en, fr
from marsad.text.normalise import normalise_key

_LANG_MODULES = {"ar": ar, "en": en, "fr": fr}
CUE_CLASSES = ("reporting", "speculation", "hedge", "denial", "negation", "future", "light_verbs", "background")
# Cue classes read only over the parse (``coding/roles.py``, NON_EVENT): a trigger related to one is no event.
CONTEXT_CLASSES = ("topic", "name_part", "necessity", "capacity", "natural_force")
# Cue phrases that only mask the trigger word inside them (تلبية لدعوة): a circumstance of another event.
MASK_CLASSES = ("circumstance",)
# ``target``: what a protest stands against or in front of (أمام السفارة، ضد الحكومة, outside, devant): its
# recipient when the rules found none (coder.SentenceCoder.protest_target).
PREP_CLASSES = ("recipient", "source", "location", "target")
# The keys of a trigger entry (docs/LEXICON_FORMAT.md): any other is a typo, reported, never ignored.
TRIGGER_KEYS = frozenset({"lemma", "event", "mode", "cameo", "verbs", "forms", "passive", "nouns", "passive_nouns",
                          "phrases", "recipient_preps", "context", "objects", "reciprocal", "weak", "agent",
                          "obligation"})


@dataclass(frozen=True)
class Trigger:
    lemma: str
    event: str
    mode: str | None
    cameo: str
    context: tuple[str, ...]
    reciprocal: bool
    weak: bool
    recipient_preps: tuple[str, ...]
    # Nouns one of which must follow the trigger as what it takes (تلقى مساعدات, not تلقى رسالة): a verb of
    # receiving is aid only when what is received is; empty for most triggers.
    objects: frozenset[str] = frozenset()
    # A noun that names those who act (متظاهرون، protesters): the participants' own mention is the actor, and
    # the article does not make it a reference back to an event told before (المتظاهرون is no "the protest").
    agent: bool = False
    # A modal of obligation (must): "X said Y must withdraw" is X's demand to Y, read off the parse alone
    # (coding/roles.py: obligation) — the speaker is the actor, the modal's subject the recipient.
    obligation: bool = False


@dataclass(frozen=True)
class Item:
    """What one surface form means: a trigger (with its part of speech) or a cue."""

    role: str  # "trigger", a CUE_CLASSES name, or "prep:<class>"
    pos: str  # verb, passive, noun, phrase, word
    trigger: Trigger | None = None
    construct: bool = False  # an Arabic noun in ة written with ت: needs an enclitic (زيارته)

    @property
    def is_noun(self) -> bool:
        return self.pos in ("noun", "passive_noun")

    def fits(self, m: Any) -> bool:
        """Whether this item may be read at a scan match: the indefinite accusative's alif (``Match.accusative``,
        اجتماعًا) ends a noun only — after a short verb form it is another word (بينها is no ينه + ا)."""
        return not m.accusative or self.is_noun


@dataclass
class Lexicon:
    lang: str
    automaton: Any
    triggers: list[Trigger] = field(default_factory=list)
    question_marks: tuple[str, ...] = ("?",)
    forms: int = 0
    short: dict[str, tuple[Item, ...]] = field(default_factory=dict)

    @property
    def lemma_count(self) -> int:
        return len({t.lemma for t in self.triggers})


def _lists(ck: list[str], where: str, entry: dict[str, Any], key: str) -> list[str]:
    v = entry.get(key)
    if v is None:
        return []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        ck.append(f"{where}: '{key}' must be a list of non-empty strings")
        return []
    return [x.strip() for x in v]


def _yaml(path: Path, ck: list[str]) -> dict[str, Any]:
    try:
        data = load_yaml_cached(path)
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        ck.append(f"{path}: cannot read: {str(exc).splitlines()[0]}")
        return {}
    if not isinstance(data, dict):
        ck.append(f"{path}: the top level must be a mapping")
        return {}
    return data


def user_lexicon_lang(path: Path) -> str:
    """The ``lang:`` of a user lexicon file (``docs/LEXICON_FORMAT.md``); DataError if it has none."""
    ck: list[str] = []
    data = _yaml(Path(path), ck)
    if ck:
        raise DataError(ck)
    lang = data.get("lang")
    if lang not in _LANG_MODULES:
        raise DataError([f"{path}: a user lexicon needs a top-level 'lang:' (ar, en or fr), not {lang!r}"])
    return str(lang)


def _user_triggers(path: Path, lang: str, ck: list[str]) -> list[Any]:
    """The ``triggers`` of a user lexicon file, after checking its ``lang`` and top-level keys."""
    data = _yaml(path, ck)
    if not data:
        return []
    if data.get("lang") != lang:
        ck.append(f"{path}: 'lang' is {data.get('lang')!r}, but the file was given for the '{lang}' lexicon")
    for key in data:
        if key not in ("lang", "triggers"):
            ck.append(f"{path}: unknown top-level key '{key}' (a user lexicon has 'lang' and 'triggers')")
    entries = data.get("triggers")
    if not isinstance(entries, list) or not entries:
        ck.append(f"{path}: 'triggers' must be a non-empty list")
        return []
    return entries


def load_lexicon(lang: str, folder: Path | None = None, ontology: Ontology | None = None,
                 extra: tuple[Path, ...] = ()) -> Lexicon:
    """Read, validate and compile the lexicon of ``lang``; raise DataError listing every problem.

    ``extra``: user lexicon files (``lang:`` plus ``triggers:``) whose triggers are added to the
    built-in ones and validated the same way. Where a user trigger and a built-in one share a
    surface form, the user's comes first, so the coder prefers it.
    """
    onto = ontology or get_ontology()
    folder = folder or data_dir() / "lexicon" / lang
    mod = _LANG_MODULES[lang]
    ck: list[str] = []
    table: dict[str, list[Item]] = {}

    def add(form: str, item: Item) -> None:
        key = normalise_key(form)
        if len(key) < 2 and key not in ("?", "؟") and not item.role.startswith("prep"):
            return
        if item.role == "trigger" and key in mod.STOPWORDS:
            return
        bucket = table.setdefault(key, [])
        if item not in bucket:
            bucket.append(item)

    triggers: list[Trigger] = []
    files = sorted(folder.glob("triggers*.yaml"))
    if not files:
        ck.append(f"{folder}: no triggers*.yaml file")
    sources: list[tuple[Path, str, list[Any] | None]] = [
        (Path(p), f"{p}", _user_triggers(Path(p), lang, ck)) for p in extra]
    sources += [(p, f"lexicon/{lang}/{p.name}", None) for p in files]
    for path, label, user_entries in sources:
        entries = user_entries if user_entries is not None else _yaml(path, ck).get("triggers") or []
        for i, e in enumerate(entries):
            where = f"{label}: triggers[{i}]"
            if not isinstance(e, dict):
                ck.append(f"{where}: must be a mapping")
                continue
            lemma = e.get("lemma")
            where = f"{where} ({lemma})"
            for key in sorted(set(e) - TRIGGER_KEYS, key=str):
                ck.append(f"{where}: unknown key '{key}' (one of {', '.join(sorted(TRIGGER_KEYS))})")
            event, mode, cameo = e.get("event"), e.get("mode"), e.get("cameo")
            cameo = str(cameo) if cameo is not None else None
            bad = False
            if not isinstance(lemma, str) or not lemma.strip():
                ck.append(f"{where}: 'lemma' is required")
                bad = True
            if event not in onto.modes:
                ck.append(f"{where}: event '{event}' is not a PLOVER type")
                bad = True
            elif mode is not None and mode not in onto.modes[event]:
                ck.append(f"{where}: mode '{mode}' is not a mode of {event} ({', '.join(onto.modes[event])})")
                bad = True
            if cameo not in onto.cameo:
                ck.append(f"{where}: CAMEO '{cameo}' is not in reference/cameo-eventcodes.tsv")
                bad = True
            verbs = _lists(ck, where, e, "verbs")
            forms = _lists(ck, where, e, "forms")
            passive = _lists(ck, where, e, "passive")
            nouns = _lists(ck, where, e, "nouns")
            passive_nouns = _lists(ck, where, e, "passive_nouns")
            phrases = _lists(ck, where, e, "phrases")
            preps = _lists(ck, where, e, "recipient_preps")
            context = _lists(ck, where, e, "context")
            objects = _lists(ck, where, e, "objects")
            if bad:
                continue
            t = Trigger(str(lemma), str(event), mode, str(cameo), tuple(context), bool(e.get("reciprocal")),
                        bool(e.get("weak")), tuple(normalise_key(p) for p in preps),
                        frozenset(normalise_key(o) for o in objects), bool(e.get("agent")),
                        bool(e.get("obligation")))
            triggers.append(t)
            for f in mod.verb_forms(verbs) | set(forms):
                add(f, Item("trigger", "verb", t))
            for f in mod.verb_forms(passive) if lang == "ar" else passive:
                add(f, Item("trigger", "passive", t))
            for n in nouns:
                add(n, Item("trigger", "noun", t))
                key = normalise_key(n)
                if lang == "ar" and key.endswith("ه"):
                    add(key[:-1] + "ت", Item("trigger", "noun", t, construct=True))
            for p in phrases:
                add(p, Item("trigger", "phrase", t))
            for n in passive_nouns:  # حصول X على Y من Z: the noun's genitive is the recipient
                add(n, Item("trigger", "passive_noun", t))
    cues = _yaml(folder / "cues.yaml", ck) if (folder / "cues.yaml").exists() else {}
    for cls in CUE_CLASSES + CONTEXT_CLASSES + MASK_CLASSES:
        block = cues.get(cls) or {}
        if not isinstance(block, dict):
            ck.append(f"lexicon/{lang}/cues.yaml: '{cls}' must be a mapping")
            continue
        where = f"lexicon/{lang}/cues.yaml: {cls}"
        for f in mod.verb_forms(_lists(ck, where, block, "verbs")) | set(_lists(ck, where, block, "forms")):
            add(f, Item(cls, "verb"))
        for key in ("nouns", "phrases", "words"):
            for w in _lists(ck, where, block, key):
                add(w, Item(cls, key.rstrip("s")))
    preps = cues.get("prepositions") or {}
    for cls in PREP_CLASSES:
        for w in _lists(ck, f"lexicon/{lang}/cues.yaml: prepositions", preps, cls):
            add(w, Item(f"prep:{cls}", "word"))
    qmarks = tuple(cues.get("question_marks") or ("?",))
    if ck:
        raise DataError(ck)
    automaton = ahocorasick.Automaton()
    short: dict[str, tuple[Item, ...]] = {}
    for key, items in table.items():
        if len(key) <= 2 and " " not in key:
            short[key] = tuple(items)  # looked up per word: see text.matching._short_matches
        else:
            automaton.add_word(key, (len(key), tuple(items)))
    automaton.make_automaton()
    return Lexicon(lang, automaton, triggers, qmarks, len(table), short)


def get_lexicon(lang: str, extra: tuple[Path, ...] = ()) -> Lexicon:
    """The process-wide lexicon of ``lang`` plus the user files ``extra`` (loaded once per combination)."""
    return _cached_lexicon(lang, tuple(Path(p) for p in extra))


@lru_cache(maxsize=8)
def _cached_lexicon(lang: str, extra: tuple[Path, ...]) -> Lexicon:
    return load_lexicon(lang, extra=extra)
