"""The event detector: a trained model that reads each candidate event (a lexicon hit the rules have coded)
and decides whether it is a specific, reported event, which PLOVER type it is, and how it is told.

Why a learned stage after the lexicon: the lexicon finds nearly every event (recall ~0.9 on the Arabic GSR),
but the same words are used for background ("بعد اغتيال…"), generic statements, hypotheticals and orders,
other word senses (هاجم الصحف = criticised) and topics (الأزمة السورية). Rules written for these cases
either miss most of them or cut real events; a linear model over many small cues, trained on labelled
sentences, weighs them all at once. The lexicon stays the high-recall candidate generator; the detector
only removes, re-types and flags.

Three heads share one hashed feature vector per candidate (:func:`features`):

- ``event``: P(a specific event this text reports, incl. planned or denied ones) — below the threshold the
  candidate is dropped;
- ``reading``: P(reported, background, future, negated, generic, hypothetical) — feeds ``background``,
  ``future`` and ``negated`` where the model is sure and the rules said nothing;
- ``type``: P(PLOVER type) — a candidate is re-typed only when another type beats the lexicon's by a margin
  chosen by cross-validation (هاجم: ASSAULT or ACCUSE, ضربة: ASSAULT or other).

The model files (``data/models/detector/``) hold numbers only: weights indexed by hashed feature ids,
biases, class names, thresholds. They load with ``numpy.load(allow_pickle=False)`` and JSON, once per
process (:func:`get_detector`), so a Dask worker loads them once too. Training lives in
``tools/train_detector.py`` and ``marsad train detector`` (:mod:`marsad.coding.detector_train`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from marsad.errors import DataError
from marsad.kb.base import data_dir
from marsad.text.normalise import normalise_key

if TYPE_CHECKING:
    from marsad.coding.coder import Draft, SentenceView
    from marsad.coding.ontology import Ontology

READINGS = ("reported", "background", "future", "negated", "generic", "hypothetical")
FORMAT_VERSION = 1

# Governing words: a candidate under one of these is often no reported event (an order, a plan, a
# possibility, a condition, a call, a fear, a purpose, a question, a topic, an earlier time). Written by the
# project; the model learns how much each class weighs, and where. Normalised like the text on load.
GOVERNORS: dict[str, dict[str, tuple[str, ...]]] = {
    "ar": {
        "order": ("أوامر", "أمر", "أمرت", "أمرا", "الأوامر", "تعليمات", "أصدر"),
        "plan": ("خطة", "خطط", "مخطط", "يخطط", "تخطط", "يعتزم", "تعتزم", "ينوي", "تنوي", "نية", "مشروع", "برنامج"),
        "possible": ("احتمال", "احتمالات", "إمكانية", "ممكن", "يمكن", "قد", "ربما", "خطر", "مخاطر", "محتمل"),
        "condition": ("إذا", "إذ", "لو", "إن", "حال", "حالة", "لولا", "شرط"),
        "call": ("دعا", "دعت", "طالب", "طالبت", "يطالب", "مطالبة", "ناشد", "حث"),
        "fear": ("حذر", "حذرت", "يحذر", "خشية", "مخاوف", "تخوف", "قلق", "لمنع", "منع", "تجنب"),
        "purpose": ("لمنع", "بهدف", "من أجل", "لوقف", "للحد"),
        "question": ("هل", "كيف", "لماذا", "متى"),
        "generic": ("كل", "أي", "أية", "جميع", "عادة", "دائما", "ظاهرة", "أعمال", "ثقافة", "مكافحة", "ضد"),
        "topic": ("قضية", "ملف", "أزمة", "الأزمة", "مسألة", "موضوع", "بشأن", "حول", "إزاء", "ظل"),
        "past": ("بعد", "عقب", "إثر", "منذ", "سابقا", "الماضي", "الماضية", "ذكرى", "عام", "قبل", "سنوات"),
        "pluperfect": ("كان", "كانت", "كانوا"),
        "report": ("قال", "أعلن", "أكد", "ذكر", "أفاد", "أضاف", "مصدر", "مصادر", "بيان", "وكالة"),
        "now": ("أمس", "اليوم", "الليلة", "صباح", "مساء", "فجر", "السبت", "الأحد", "الاثنين", "الثلاثاء",
                "الأربعاء", "الخميس", "الجمعة"),
        "casualty": ("قتيل", "قتلى", "جريح", "جرحى", "مصرع", "مقتل", "إصابة", "أشخاص", "شخصا", "مدنيين"),
        "crowd": ("آلاف", "مئات", "العشرات", "متظاهرون", "المتظاهرين", "محتجون", "شوارع", "ساحة"),
    },
    "en": {
        "order": ("order", "orders", "ordered", "instructions", "instructed", "command"),
        "plan": ("plan", "plans", "planned", "planning", "intend", "intends", "intention", "project", "aims"),
        "possible": ("possible", "possibility", "may", "might", "could", "risk", "likely", "potential"),
        "condition": ("if", "unless", "whether", "case", "provided"),
        "call": ("called", "calls", "urged", "urges", "demanded", "appealed", "asked"),
        "fear": ("warned", "warns", "fear", "fears", "feared", "prevent", "avoid", "concern"),
        "purpose": ("to prevent", "in order", "aimed"),
        "question": ("why", "how", "whether", "when"),
        "generic": ("every", "any", "all", "always", "usually", "acts", "against", "culture", "fight"),
        "topic": ("issue", "crisis", "question", "matter", "about", "on", "over", "regarding"),
        "past": ("after", "since", "following", "ago", "former", "last", "anniversary", "previously", "earlier"),
        "pluperfect": ("had",),
        "report": ("said", "announced", "stated", "reported", "according", "told", "statement", "sources"),
        "now": ("yesterday", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday",
                "saturday", "sunday", "morning", "evening"),
        "casualty": ("killed", "dead", "wounded", "injured", "casualties", "people", "civilians", "soldiers"),
        "crowd": ("thousands", "hundreds", "dozens", "protesters", "demonstrators", "streets", "square"),
    },
    "fr": {
        "order": ("ordre", "ordres", "ordonné", "instructions", "consignes"),
        "plan": ("plan", "projet", "prévoit", "compte", "intention", "envisage", "vise"),
        "possible": ("possible", "possibilité", "pourrait", "pourraient", "risque", "peut", "probable"),
        "condition": ("si", "sauf", "cas", "condition"),
        "call": ("appelé", "appelle", "exhorté", "exigé", "demandé", "réclamé"),
        "fear": ("averti", "mis en garde", "crainte", "craint", "empêcher", "éviter", "inquiétude"),
        "purpose": ("pour empêcher", "afin", "visant"),
        "question": ("pourquoi", "comment", "quand"),
        "generic": ("tout", "toute", "tous", "chaque", "toujours", "actes", "contre", "lutte"),
        "topic": ("question", "crise", "dossier", "affaire", "sur", "concernant", "propos"),
        "past": ("après", "depuis", "suite", "ancien", "dernier", "anniversaire", "auparavant", "il y a"),
        "pluperfect": ("avait", "avaient", "était", "étaient"),
        "report": ("a déclaré", "déclaré", "annoncé", "affirmé", "selon", "indiqué", "communiqué", "sources"),
        "now": ("hier", "aujourd", "soir", "matin", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
                "dimanche"),
        "casualty": ("tués", "morts", "blessés", "victimes", "personnes", "civils", "soldats"),
        "crowd": ("milliers", "centaines", "dizaines", "manifestants", "rues", "place"),
    },
}
_QUOTES = frozenset("«»\"“”")
_DIGIT_RE = re.compile(r"\d")
_AR_IMPERFECT = "يتنا"  # first letters of an imperfect verb (present/future), after proclitics


@lru_cache(maxsize=3)
def _governor_index(lang: str) -> dict[str, tuple[str, ...]]:
    """word → governor classes, for one-word governors (normalised as the text is)."""
    out: dict[str, list[str]] = {}
    for cls, words in GOVERNORS[lang].items():
        for w in words:
            key = normalise_key(w) if lang == "ar" else w.lower()
            if " " not in key:
                out.setdefault(key, []).append(cls)
    return {k: tuple(v) for k, v in out.items()}


def _bucket(n: int, edges: Sequence[int]) -> int:
    for i, e in enumerate(edges):
        if n <= e:
            return i
    return len(edges)


def _strip_ar(word: str) -> str:
    """An Arabic word without one conjunction and one preposition/article: what the governor list holds."""
    for pre in ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل"):
        if word.startswith(pre) and len(word) - len(pre) >= 2:
            return word[len(pre):]
    return word


def features(view: SentenceView, d: Draft, n_sentences: int) -> list[str]:
    """The candidate's features as strings (hashed later): trigger, morphology, window words and character
    n-grams, governing words, cues the lexicon found, what the rules decided, what the sentence holds and
    where it stands in the article. Lexical features carry the language; structural ones are shared, so
    one model serves ar/en/fr and what it learns on one language's structure carries to the others."""
    lang = view.lang
    hit = d.hit
    t = hit.trigger
    toks = view.toks
    n = len(toks)
    lower = lang != "ar"

    def word(j: int) -> str:
        w = toks[j].text
        return w.lower() if lower else w

    trig_words = view.text[hit.start:hit.end].split()
    trig_form = (" ".join(trig_words)).lower() if lower else " ".join(trig_words)
    f: list[str] = [
        "bias", f"T={t.event}", f"pos={hit.pos}", f"T|pos={t.event}|{hit.pos}", f"{lang}:lem={t.lemma}",
        f"{lang}:form={trig_form}", f"{lang}:lem|T={t.lemma}|{t.event}", f"lang={lang}",
    ]
    if t.weak:
        f.append("weak")
    if t.mode:
        f.append(f"mode={t.event}.{t.mode}")
    if hit.prefix:
        f.append(f"{lang}:pre={hit.prefix}")
        if lang == "ar":
            f.append(f"ar:pre_def={'ال' in hit.prefix}")
            if "س" in hit.prefix:
                f.append("ar:sa_future")
    if hit.suffix:
        f.append(f"{lang}:suf={hit.suffix}")
    head = trig_words[0] if trig_words else ""
    if lang == "ar" and hit.pos in ("verb", "passive", "phrase") and head:
        core = head[len(hit.prefix):] if head.startswith(hit.prefix) else head
        f.append(f"ar:impf={core[:1] in _AR_IMPERFECT}")
        f.append(f"ar:ending={core[-2:]}")
    elif lower and head:
        f.append(f"{lang}:suffix3={head.lower()[-3:]}")
        f.append(f"{lang}:suffix2={head.lower()[-2:]}")
    # the window: positional words near the trigger, bags further out, left bigram
    for k in (1, 2, 3):
        j = hit.tok - k
        f.append(f"{lang}:w-{k}={word(j) if j >= 0 else '<s>'}")
        j = hit.tok_end + k
        f.append(f"{lang}:w+{k}={word(j) if j < n else '</s>'}")
    if hit.tok >= 2:
        f.append(f"{lang}:bi-={word(hit.tok - 2)}_{word(hit.tok - 1)}")
    for j in range(max(0, hit.tok - 8), max(0, hit.tok - 3)):
        f.append(f"{lang}:wl={word(j)}")
    for j in range(hit.tok_end + 4, min(n, hit.tok_end + 9)):
        f.append(f"{lang}:wr={word(j)}")
    # character n-grams of the trigger and its two neighbours: forms and clitics the lexicon spells apart
    for j in range(max(0, hit.tok - 2), min(n, hit.tok_end + 3)):
        w = f"<{word(j)}>"
        side = "t" if hit.tok <= j <= hit.tok_end else "c"
        for size in (3, 4):
            for i in range(len(w) - size + 1):
                f.append(f"{lang}:c{side}={w[i:i + size]}")
    # governing words before the trigger (by distance) and anywhere in the sentence
    gov = _governor_index(lang)
    seen: set[str] = set()
    for j in range(max(0, hit.tok - 10), hit.tok):
        w = word(j)
        classes = gov.get(w) or (gov.get(_strip_ar(w)) if lang == "ar" else None)
        if classes:
            dist = _bucket(hit.tok - j, (1, 3, 6))
            for c in classes:
                f.append(f"gov={c}@{dist}")
                f.append(f"gov={c}|T={t.event}")
                seen.add(c)
    for j in range(n):
        if hit.tok <= j <= hit.tok_end:
            continue
        w = word(j)
        for c in gov.get(w) or (gov.get(_strip_ar(w)) if lang == "ar" else ()) or ():
            if c not in seen:
                f.append(f"govs={c}")
                seen.add(c)
    # the pluperfect كان قد / had + participle before the trigger
    for j in range(max(0, hit.tok - 4), hit.tok - 1):
        if lang == "ar" and _strip_ar(word(j)) in ("كان", "كانت", "كانوا") and word(j + 1) == "قد":
            f.append("pluperfect")
        if lang == "en" and word(j) == "had":
            f.append("pluperfect")
    # lexicon cues in the clause
    ca, cb = view.clause(hit.tok)
    for c in view.cues:
        if c.role.startswith("prep"):
            continue
        where = "b" if c.end <= hit.start else "a"
        near = ca <= c.tok <= cb
        f.append(f"cue={c.role}@{where}{'c' if near else 's'}")
    # what the rules decided
    f.append(f"ev={d.attribution.evidentiality}")
    if d.negated:
        f.append("rule:negated")
    if d.future:
        f.append("rule:future")
    if d.background:
        f.append("rule:background")
    f.append(f"actors={min(len(d.actors), 2)}")
    f.append(f"recips={min(len(d.recipients), 2)}")
    f.append(f"roles={_bucket(round(d.role_certainty * 10), (3, 5, 7))}")
    for m in d.actors[:2]:
        f.append(f"actor={m.entity.type}")
        f.append(f"actor_sector={m.entity.sector}")
    for m in d.recipients[:2]:
        f.append(f"recip={m.entity.type}")
    f.append(f"date={d.date.precision}|{d.date.text is not None}")
    if d.location is not None:
        f.append("located")
    # what the sentence holds
    text = view.text[view.ns:view.ne]
    f.extend(_sentence_features(view, lang, t.event))
    if _DIGIT_RE.search(text):
        f.append("has_number")
    if any(ch in _QUOTES for ch in text):
        f.append("has_quote")
    if "?" in text or "؟" in text:
        f.append("question")
    f.append(f"mentions={_bucket(len(view.mentions), (0, 1, 3))}")
    f.append(f"places={_bucket(len(view.places), (0, 1))}")
    f.append(f"hits={_bucket(len(view.hits), (1, 2, 4))}")
    f.append(f"len={_bucket(n, (10, 20, 40, 80))}")
    f.append(f"at={_bucket(hit.tok, (2, 5, 10, 20))}")
    f.append(f"clause_at={_bucket(hit.tok - ca, (0, 2, 5))}")
    # where it stands in the article
    idx = view.sent.index
    f.append(f"sent={_bucket(idx, (0, 1, 3, 7, 15))}")
    if n_sentences > 1:
        f.append(f"relpos={min(4, int(5 * idx / n_sentences))}")
    if view.sent.is_title or view.sent.is_heading:
        f.append("title")
    return f


_SENT_CACHE: dict[tuple[int, str], tuple[object, list[str]]] = {}


def _sentence_features(view: SentenceView, lang: str, event: str) -> list[str]:
    """The sentence's words and character 3–5-grams (what a sentence classifier sees), conjoined with the
    candidate's type: what makes a sentence tell an attack is not what makes it tell a visit, and the
    sentence-level gold (the Arabic GSR) only speaks for its own types. Marked ``S|`` (the type head does
    not use them). Built once per sentence and type, shared by its candidates."""
    key = (id(view), event)
    got = _SENT_CACHE.get(key)
    if got is not None and got[0] is view:
        return got[1]
    text = view.text[view.ns:view.ne]
    if lang != "ar":
        text = text.lower()
    pre = f"S|{lang}:{event}:"
    out = [f"{pre}w={w}" for w in set(text.split())]
    padded = " ".join(text.split())
    for size in (3, 4, 5):
        out.extend({f"{pre}c={padded[i:i + size]}" for i in range(len(padded) - size + 1)})
    if len(_SENT_CACHE) > 64:
        _SENT_CACHE.clear()
    _SENT_CACHE[key] = (view, out)
    return out


@dataclass(frozen=True)
class Decision:
    """What the detector says about one candidate."""

    p_event: float
    reading: dict[str, float]
    event_type: str
    p_type: float
    types: dict[str, float]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


class Detector:
    """The trained heads, applied to the candidates of one document at once (one hashing call, one
    product per head: the per-candidate cost is a few microseconds beyond building the feature strings)."""

    def __init__(self, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        from sklearn.feature_extraction import FeatureHasher

        self.meta = meta
        self.n_features = int(meta["n_features"])
        self.hasher = FeatureHasher(n_features=self.n_features, input_type="string", alternate_sign=False)
        self.heads: dict[str, tuple[np.ndarray, np.ndarray, tuple[str, ...]]] = {}
        for name in ("event", "reading", "type"):
            classes = tuple(meta["heads"][name]["classes"])
            idx, val, bias = arrays[f"{name}_index"], arrays[f"{name}_value"], arrays[f"{name}_bias"]
            k = len(bias)
            w = np.zeros((self.n_features, k), dtype=np.float32)
            w.reshape(-1)[idx.astype(np.int64)] = val.astype(np.float32)
            self.heads[name] = (w, bias.astype(np.float32), classes)
        self.threshold = float(meta["threshold"])
        self.type_margin = float(meta["type_margin"])
        self.reading_threshold = float(meta["reading_threshold"])
        self.cameo_of: dict[str, str] = dict(meta.get("type_cameo") or {})

    def scores(self, feats: list[list[str]]) -> dict[str, np.ndarray]:
        """Per head, an (n candidates × classes) array of probabilities."""
        x = self.hasher.transform(feats)
        out: dict[str, np.ndarray] = {}
        for name, (w, b, classes) in self.heads.items():
            z = np.asarray(x @ w) + b
            if len(classes) == 1:  # binary head: one logit
                p = 1.0 / (1.0 + np.exp(-z))
                out[name] = p
            else:
                out[name] = _softmax(z)
        return out

    def judge(self, feats: list[list[str]]) -> list[Decision]:
        """One decision per candidate; ``type_p`` of the decision is the winning type's probability."""
        s = self.scores(feats)
        rclasses, tclasses = self.heads["reading"][2], self.heads["type"][2]
        out = []
        for i in range(len(feats)):
            r = {c: float(s["reading"][i, k]) for k, c in enumerate(rclasses)}
            types = {c: float(s["type"][i, k]) for k, c in enumerate(tclasses)}
            best = max(types, key=types.__getitem__)
            out.append(Decision(float(s["event"][i, 0]), r, best, types[best], types))
        return out

    def observe(self, view: SentenceView, d: Draft, n_sentences: int) -> None:
        """Called by the coder for each candidate while its sentence is in view: the features are built
        now (they need the tokens and cues) and scored later, with the whole document's."""
        d.features = features(view, d, n_sentences)

    def decide(self, drafts: list[Draft]) -> list[Draft]:
        """Drop what is no reported event, re-type and flag what is. Candidates without features pass
        unchanged (nothing to judge them by)."""
        todo = [d for d in drafts if d.features]
        if not todo:
            return drafts
        dropped: set[int] = set()
        for d, dec in zip(todo, self.judge([d.features for d in todo]), strict=True):
            if dec.p_event < self.threshold:
                dropped.add(id(d))
                continue
            t = d.hit.trigger
            if dec.event_type != t.event and dec.p_type - dec.types.get(t.event, 0.0) >= self.type_margin:
                new = replace(t, event=dec.event_type, mode=None, context=(),
                              cameo=self.cameo_of.get(dec.event_type, t.cameo))
                d.hit = replace(d.hit, trigger=new)
            r = dec.reading
            if not d.future and r.get("future", 0.0) >= self.reading_threshold:
                d.future = True
            if not d.negated and r.get("negated", 0.0) >= self.reading_threshold:
                d.negated = True
            if not d.background and r.get("background", 0.0) >= self.reading_threshold:
                d.background = True
            d.detector_p = dec.p_event
        return [d for d in drafts if id(d) not in dropped]


# -- files -------------------------------------------------------------------------------------
def model_dir() -> Path:
    return data_dir() / "models" / "detector"


def save(folder: Path, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    """Write ``detector.json`` and ``weights.npz`` (no pickle: plain arrays)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "detector.json").write_text(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    with open(folder / "weights.npz", "wb") as f:
        np.savez_compressed(f, **arrays)


def load(folder: Path | None = None) -> Detector:
    """Read and check a detector; every problem is a :class:`DataError` naming the file."""
    folder = folder or model_dir()
    problems: list[str] = []
    meta_path, npz_path = folder / "detector.json", folder / "weights.npz"
    if not meta_path.exists() or not npz_path.exists():
        raise DataError([f"{folder}: detector.json and weights.npz are needed (rebuild: tools/train_detector.py)"])
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError([f"{meta_path}: {exc}"]) from None
    if meta.get("format") != FORMAT_VERSION:
        problems.append(f"{meta_path}: format must be {FORMAT_VERSION}")
    try:
        with np.load(npz_path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        raise DataError([f"{npz_path}: {exc}"]) from None
    n = meta.get("n_features")
    if not isinstance(n, int) or n <= 0:
        problems.append(f"{meta_path}: n_features must be a positive integer")
    for key in ("threshold", "type_margin", "reading_threshold"):
        if not isinstance(meta.get(key), int | float):
            problems.append(f"{meta_path}: '{key}' must be a number")
    heads = meta.get("heads") or {}
    for name in ("event", "reading", "type"):
        classes = (heads.get(name) or {}).get("classes")
        if not isinstance(classes, list) or not classes:
            problems.append(f"{meta_path}: heads.{name}.classes must be a non-empty list")
            continue
        need = (f"{name}_index", f"{name}_value", f"{name}_bias")
        if any(k not in arrays for k in need):
            problems.append(f"{npz_path}: arrays {', '.join(need)} are needed")
            continue
        idx, val, bias = (arrays[k] for k in need)
        if len(bias) != len(classes) or idx.shape != val.shape or idx.ndim != 1:
            problems.append(f"{npz_path}: {name} weights do not match its {len(classes)} classes")
        elif isinstance(n, int) and len(idx) and (idx.min() < 0 or idx.max() >= n * len(classes)):
            problems.append(f"{npz_path}: {name} weight index out of range")
        elif not np.isfinite(val).all() or not np.isfinite(bias).all():
            problems.append(f"{npz_path}: {name} weights are not all finite")
    if tuple((heads.get("reading") or {}).get("classes") or ()) != READINGS:
        problems.append(f"{meta_path}: heads.reading.classes must be {', '.join(READINGS)}")
    if problems:
        raise DataError(problems)
    return Detector(meta, arrays)


@lru_cache(maxsize=4)
def get_detector(folder: str | None = None) -> Detector:
    """The detector, loaded once per process (and so once per Dask worker)."""
    return load(Path(folder) if folder else None)


def type_cameo(onto: Ontology) -> dict[str, str]:
    """A CAMEO code for each PLOVER type, for a re-typed candidate: the shortest crosswalk prefix of the type
    without a mode (its root), else the shortest with one."""
    best: dict[str, tuple[int, int, str]] = {}
    for code, (event, mode) in onto.crosswalk.items():
        key = (mode is not None, len(code), code)
        if event not in best or key < best[event]:
            best[event] = key
    return {e: v[2] for e, v in best.items()}
