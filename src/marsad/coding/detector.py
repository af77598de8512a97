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

import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from marsad.errors import DataError
from marsad.kb.base import data_dir
from marsad.model import PLOVER_TYPES
from marsad.text.hashing import hashed
from marsad.text.normalise import normalise_key

if TYPE_CHECKING:
    from marsad.coding.coder import Draft, SentenceView
    from marsad.coding.lexicon import Trigger

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


_AR_PROCLITICS = ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "فال", "لل", "ولل")


@lru_cache(maxsize=3)
def _governor_index(lang: str) -> dict[str, tuple[str, ...]]:
    """word → governor classes, for one-word governors (normalised as the text is); Arabic words also with
    their proclitics (و، ب، ال…), so that reading a sentence is one look-up per word."""
    out: dict[str, list[str]] = {}
    for cls, words in GOVERNORS[lang].items():
        for w in words:
            key = normalise_key(w) if lang == "ar" else w.lower()
            if " " in key:
                continue
            for pre in (_AR_PROCLITICS if lang == "ar" else ("",)):
                classes = out.setdefault(pre + key, [])
                if cls not in classes:
                    classes.append(cls)
    return {k: tuple(v) for k, v in out.items()}


def _bucket(n: int, edges: Sequence[int]) -> int:
    for i, e in enumerate(edges):
        if n <= e:
            return i
    return len(edges)


class _SentenceInfo:
    """What every candidate of one sentence shares, computed once: its words, the governor classes of each
    word, its properties, and its bag of words conjoined with a candidate type (built per type on need)."""

    def __init__(self, view: SentenceView) -> None:
        lang = view.lang
        self.view = view
        lower = lang != "ar"
        self.words = [t.text.lower() if lower else t.text for t in view.toks]
        gov = _governor_index(lang)
        self.gov: list[tuple[str, ...]] = [gov.get(w, ()) for w in self.words]
        text = view.text[view.ns:view.ne]
        props = [f"mentions={_bucket(len(view.mentions), (0, 1, 3))}", f"places={_bucket(len(view.places), (0, 1))}",
                 f"hits={_bucket(len(view.hits), (1, 2, 4))}", f"len={_bucket(len(self.words), (10, 20, 40, 80))}"]
        if _DIGIT_RE.search(text):
            props.append("has_number")
        if any(ch in _QUOTES for ch in text):
            props.append("has_quote")
        if "?" in text or "؟" in text:
            props.append("question")
        self.props = props
        self.bag = sorted(set(self.words))
        # character 4-grams of the sentence's words: an Arabic word's stem apart from its clitics (وبقصف،
        # للهجوم), which whole words spell apart; a set, so a sentence costs a few hundred strings at most
        self.grams = sorted({f"<{w}>"[i:i + 4] for w in self.words if len(w) >= 3 and w[0].isalpha()
                             for i in range(len(w) - 1)})
        self.by_type: dict[str, list[str]] = {}

    def words_for(self, event: str) -> list[str]:
        """The sentence's words conjoined with the candidate's type, marked ``S|``: what makes a sentence tell
        an attack is not what makes it tell a visit, and the sentence-level gold (the Arabic GSR) speaks
        only for its own types (the type head does not read these)."""
        got = self.by_type.get(event)
        if got is None:
            pre = f"S|{self.view.lang}:{event}:"
            got = self.by_type[event] = [f"{pre}w={w}" for w in self.bag] + [f"{pre}c={g}" for g in self.grams]
        return got


_INFO: dict[int, _SentenceInfo] = {}


def _info(view: SentenceView) -> _SentenceInfo:
    got = _INFO.get(id(view))
    if got is None or got.view is not view:
        if len(_INFO) > 64:
            _INFO.clear()
        got = _INFO[id(view)] = _SentenceInfo(view)
    return got


def features(view: SentenceView, d: Draft, n_sentences: int) -> list[str]:
    """The candidate's features as strings (hashed later): trigger, morphology, window words and the
    trigger's character n-grams, governing words, cues the lexicon found, what the rules decided, what the
    sentence holds and where it stands in the article. Lexical features carry the language; structural ones
    are shared, so one model serves ar/en/fr and what it learns of one language's structure carries over.
    Kept to about a hundred strings per candidate: the detector's cost is mostly building and hashing them."""
    lang = view.lang
    hit = d.hit
    t = hit.trigger
    info = _info(view)
    words = info.words
    n = len(words)
    ev = t.event
    trig_words = view.text[hit.start:hit.end].split()
    trig_form = " ".join(trig_words).lower() if lang != "ar" else " ".join(trig_words)
    f: list[str] = [
        "bias", f"T={ev}", f"pos={hit.pos}", f"T|pos={ev}|{hit.pos}", f"{lang}:lem={t.lemma}",
        f"{lang}:form={trig_form}", f"{lang}:lem|T={t.lemma}|{ev}", f"lang={lang}",
    ]
    if t.weak:
        f.append("weak")
    if t.mode:
        f.append(f"mode={ev}.{t.mode}")
    if hit.prefix:
        f.append(f"{lang}:pre={hit.prefix}")
        if lang == "ar" and "س" in hit.prefix:
            f.append("ar:sa_future")
    if hit.suffix:
        f.append(f"{lang}:suf={hit.suffix}")
    head = trig_words[0].lower() if trig_words else ""
    if lang == "ar" and hit.pos in ("verb", "passive", "phrase") and head:
        core = head[len(hit.prefix):] if head.startswith(hit.prefix) else head
        f.append(f"ar:impf={core[:1] in _AR_IMPERFECT}")
        f.append(f"ar:ending={core[-2:]}")
    elif head:
        f.append(f"{lang}:suffix3={head[-3:]}")
        f.append(f"{lang}:suffix2={head[-2:]}")
    # the trigger's character n-grams: forms and clitics the lexicon spells apart
    w = f"<{head}>"
    for size in (3, 4):
        for i in range(len(w) - size + 1):
            f.append(f"{lang}:ct={w[i:i + size]}")
    # the window: positional words near the trigger, bags further out, the left bigram
    for k in (1, 2, 3):
        j = hit.tok - k
        f.append(f"{lang}:w-{k}={words[j] if j >= 0 else '<s>'}")
        j = hit.tok_end + k
        f.append(f"{lang}:w+{k}={words[j] if j < n else '</s>'}")
    if hit.tok >= 2:
        f.append(f"{lang}:bi-={words[hit.tok - 2]}_{words[hit.tok - 1]}")
    for j in range(max(0, hit.tok - 8), max(0, hit.tok - 3)):
        f.append(f"{lang}:wl={words[j]}")
    for j in range(hit.tok_end + 4, min(n, hit.tok_end + 9)):
        f.append(f"{lang}:wr={words[j]}")
    # governing words before the trigger (by distance) and anywhere else in the sentence
    seen: set[str] = set()
    for j in range(max(0, hit.tok - 10), hit.tok):
        for c in info.gov[j]:
            dist = _bucket(hit.tok - j, (1, 3, 6))
            f.append(f"gov={c}@{dist}")
            f.append(f"gov={c}|T={ev}")
            seen.add(c)
    for j, classes in enumerate(info.gov):
        for c in classes:
            if c not in seen and not hit.tok <= j <= hit.tok_end:
                f.append(f"govs={c}")
                seen.add(c)
    # the pluperfect كان قد / had + participle before the trigger
    for j in range(max(0, hit.tok - 4), hit.tok - 1):
        if (lang == "ar" and words[j + 1] == "قد" and words[j].lstrip("وف") in ("كان", "كانت", "كانوا")) or \
                (lang == "en" and words[j] == "had"):
            f.append("pluperfect")
    # lexicon cues in the clause
    ca, cb = view.clause(hit.tok)
    for c in view.cues:
        if not c.role.startswith("prep"):
            f.append(f"cue={c.role}@{'b' if c.end <= hit.start else 'a'}{'c' if ca <= c.tok <= cb else 's'}")
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
        f.append(f"T|actor={ev}|{m.entity.type}|{m.entity.sector}")
    for m in d.recipients[:2]:
        f.append(f"recip={m.entity.type}")
        f.append(f"recip_sector={m.entity.sector}")
        f.append(f"T|recip={ev}|{m.entity.type}|{m.entity.sector}")
    f.append(f"date={d.date.precision}|{d.date.text is not None}")
    if d.location is not None:
        f.append("located")
    # what the sentence holds, and where it stands in the article
    f.extend(info.props)
    f.extend(info.words_for(ev))
    f.append(f"at={_bucket(hit.tok, (2, 5, 10, 20))}")
    f.append(f"clause_at={_bucket(hit.tok - ca, (0, 2, 5))}")
    idx = view.sent.index
    f.append(f"sent={_bucket(idx, (0, 1, 3, 7, 15))}")
    if n_sentences > 1:
        f.append(f"relpos={min(4, int(5 * idx / n_sentences))}")
    if view.sent.is_title or view.sent.is_heading:
        f.append("title")
    return f


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
        self.meta = meta
        self.n_features = int(meta["n_features"])
        self.heads: dict[str, tuple[np.ndarray, np.ndarray, tuple[str, ...]]] = {}
        for name in ("event", "reading", "type"):
            classes = tuple(meta["heads"][name]["classes"])
            idx, val, bias = arrays[f"{name}_index"], arrays[f"{name}_value"], arrays[f"{name}_bias"]
            k = len(bias)
            w = np.zeros((self.n_features, k), dtype=np.float32)
            w.reshape(-1)[idx.astype(np.int64)] = val.astype(np.float32)
            self.heads[name] = (w, bias.astype(np.float32), classes)
        self.threshold = float(meta["threshold"])
        # per lexicon type, where training chose one apart (detector_train.DEFAULTS); else the threshold above
        self.type_threshold: dict[str, float] = {k: float(v) for k, v in (meta.get("type_threshold") or {}).items()}
        self.type_margin = float(meta["type_margin"])
        self.reading_threshold = float(meta["reading_threshold"])
        self.cameo_of: dict[str, str] = dict(meta.get("type_cameo") or {})
        # lemmas the training labels show with several types, and those types (a bit mask over PLOVER_TYPES)
        self.ambiguous: dict[int, int] = dict(zip(arrays["ambiguous_lemma"].tolist(),
                                                  arrays["ambiguous_types"].tolist(), strict=True))

    def scores(self, feats: list[list[str]]) -> dict[str, np.ndarray]:
        """Per head, an (n candidates × classes) array of probabilities."""
        x = hashed(feats, self.n_features)  # a lone surrogate is hashed as U+FFFD (marsad.text.hashing)
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
        """Drop what is no reported event (but keep what the rules flagged as background), re-type and flag
        what is. Candidates without features pass unchanged (nothing to judge them by)."""
        _INFO.clear()  # the document's sentences are done: let their views go (a long-lived cache slows GC)
        todo = [d for d in drafts if d.features]
        if not todo:
            return drafts
        dropped: set[int] = set()
        decisions = self.judge([d.features for d in todo])
        lemmas = {id(d): next((f for f in d.features[3:6] if ":lem=" in f), "") for d in todo}
        for d in todo:
            d.features = []
        for d, dec in zip(todo, decisions, strict=True):
            if dec.p_event < self.type_threshold.get(d.hit.trigger.event, self.threshold) and not d.background:
                # A candidate the rules already read as background (بعد انسحاب, after the withdrawal) stays,
                # flagged: it dates the story, and detection figures count it as no reported event anyway.
                dropped.add(id(d))
                continue
            t = d.hit.trigger
            if dec.event_type != t.event and dec.p_type - dec.types.get(t.event, 0.0) >= self.type_margin and \
                    self._may_be(lemmas[id(d)], dec.event_type):
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


    def _may_be(self, lemma_feature: str, event: str) -> bool:
        """Whether the training labels show this trigger lemma with ``event``: only an ambiguous entry is
        re-typed, and only into a type it was seen with."""
        from sklearn.utils import murmurhash3_32

        mask = self.ambiguous.get(int(murmurhash3_32(lemma_feature, seed=0, positive=True)), 0)
        return event in PLOVER_TYPES and bool(mask >> PLOVER_TYPES.index(event) & 1)


# -- files -------------------------------------------------------------------------------------
def model_dir() -> Path:
    return data_dir() / "models" / "detector"


def save(folder: Path, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    """Write ``detector.json`` and ``weights.npz`` (no pickle: plain arrays)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "detector.json").write_text(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    # an .npz written entry by entry with a fixed timestamp, so that the same training gives the same bytes
    # (numpy.savez stamps the time of writing); numpy.load reads it as any .npz
    with zipfile.ZipFile(folder / "weights.npz", "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            z.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(2020, 1, 1, 0, 0, 0)), buf.getvalue(),
                       compress_type=zipfile.ZIP_DEFLATED)


def load(folder: Path | None = None) -> Detector:
    """Read and check a detector; every problem is a :class:`DataError` naming the file."""
    folder = folder or model_dir()
    problems: list[str] = []
    meta_path, npz_path = folder / "detector.json", folder / "weights.npz"
    if not meta_path.exists() or not npz_path.exists():
        raise DataError([f"{folder}: detector.json and weights.npz are needed (train a model with `marsad train "
                          "detector`; the shipped one is rebuilt by tools/train_detector.py)"])
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
    by_type = meta.get("type_threshold", {})
    if not isinstance(by_type, dict) or any(k not in PLOVER_TYPES or not isinstance(v, int | float)
                                            for k, v in by_type.items()):
        problems.append(f"{meta_path}: 'type_threshold' must map PLOVER types to numbers")
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
    amb = (arrays.get("ambiguous_lemma"), arrays.get("ambiguous_types"))
    if amb[0] is None or amb[1] is None or amb[0].shape != amb[1].shape or amb[0].ndim != 1:
        problems.append(f"{npz_path}: arrays ambiguous_lemma and ambiguous_types (of one length) are needed")
    if tuple((heads.get("reading") or {}).get("classes") or ()) != READINGS:
        problems.append(f"{meta_path}: heads.reading.classes must be {', '.join(READINGS)}")
    if problems:
        raise DataError(problems)
    return Detector(meta, arrays)


@lru_cache(maxsize=4)
def get_detector(folder: str | None = None) -> Detector:
    """The detector, loaded once per process (and so once per Dask worker)."""
    return load(Path(folder) if folder else None)


def type_cameo(triggers: Iterable[Trigger]) -> dict[str, str]:
    """A CAMEO code for each PLOVER type, for a re-typed candidate: the code the lexicons give that type's
    triggers most often (ACCUSE → 111 "criticise or denounce", not 09 "investigate")."""
    counts: dict[str, Counter[str]] = {}
    for t in triggers:
        counts.setdefault(t.event, Counter())[t.cameo] += 1
    return {e: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for e, c in sorted(counts.items())}
