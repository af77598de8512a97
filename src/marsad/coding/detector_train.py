"""Training the event detector (:mod:`marsad.coding.detector`): candidates, labels, the three heads.

Why training sees the coder's own candidates: the detector judges what the rules produced (a lexicon hit
with its roles, attribution, modality and date), so its training examples are exactly those candidates,
built by the same coder with a :class:`Recorder` in the detector's place; a label says which candidates are
reported events, of which type, read how. The learning is scikit-learn's ``LogisticRegression`` over a
``FeatureHasher`` (nothing hand-written); the fitted coefficients are stored as sparse (index, value)
arrays, so the shipped files are numbers only.

The user format (``docs/DETECTOR_TRAINING.md``) is JSON lines, one labelled sentence or passage a line::

    {"text": "...", "lang": "ar", "trigger": "هاجم", "event": "ACCUSE", "reading": "reported"}

``trigger`` (optional) picks the candidate(s) whose trigger text overlaps its first occurrence; without it
the label is for every candidate of the text. ``event`` is the PLOVER type of a reported event, or null
for no event to code; ``reading`` is one of ``detector.READINGS`` or ``other`` (another word sense, a
topic, an order), defaulting to ``reported`` with an event and ``other`` without.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from marsad.coding.detector import FORMAT_VERSION, READINGS, features
from marsad.errors import InputError
from marsad.model import PLOVER_TYPES
from marsad.text import normalise

if TYPE_CHECKING:
    from marsad.coding.coder import Draft, SentenceView
    from marsad.pipeline import Coder

N_FEATURES = 2 ** 18
USER_READINGS = (*READINGS, "other")
# Chosen by 5-fold cross-validation on the dev material (tools/train_detector.py --cv; docs/EVALUATION.md).
# A parameter ``threshold.TYPE`` (``--set threshold.ASSAULT=0.7``) gives candidates the lexicon types so their own
# event threshold; none is set by default (measured: docs/EVALUATION.md, the model card).
DEFAULTS: dict[str, float] = {"alpha": 0.0, "pos_weight": 1.0, "C_event": 0.5, "C_reading": 0.5, "C_type": 1.0,
                              "threshold": 0.15, "type_margin": 0.5, "reading_threshold": 0.6}


def check_param(key: str) -> str | None:
    """Why ``key`` is no training parameter (a typo must not train silently with the default), else None."""
    if key in DEFAULTS or (key.startswith("threshold.") and key.split(".", 1)[1] in PLOVER_TYPES):
        return None
    return f"unknown parameter '{key}': one of {', '.join(DEFAULTS)}, or threshold.TYPE with a PLOVER type"


class Recorder:
    """Stands where the detector stands in the coder, and keeps every candidate with its features."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []

    def observe(self, view: SentenceView, d: Draft, n_sentences: int) -> None:
        d.features = features(view, d, n_sentences)

    def decide(self, drafts: list[Draft]) -> list[Draft]:
        self.drafts = list(drafts)
        return drafts


@dataclass(frozen=True)
class Candidate:
    """One candidate event as the coder produced it (trigger span in the original text)."""

    features: tuple[str, ...]
    event: str
    start: int
    end: int
    sentence: int
    is_title: bool
    cameo: str = ""
    future: bool = False
    negated: bool = False


@dataclass
class Example:
    features: tuple[str, ...]
    event: int | None  # 1 a reported event to code, 0 not, None unknown
    reading: str | None = None
    type: str | None = None
    group: str = ""
    source: str = ""
    lexicon_type: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def candidates(coder: Coder, recorder: Recorder, text: str, lang: str,
               published: str | None = None) -> list[Candidate]:
    """The coder's candidates for ``text`` (``coder`` must have been built with ``recorder``); a text the
    coder refuses has none."""
    recorder.drafts = []
    try:
        coder.code(text, published=published, lang=lang)
    except InputError:
        return []
    norm = normalise(text)
    out = []
    for d in recorder.drafts:
        s, e = norm.map.span_to_orig(d.hit.start, d.hit.end)
        out.append(Candidate(tuple(d.features), d.hit.trigger.event, s, e, d.sentence.index, d.is_title,
                             d.hit.trigger.cameo, d.future, d.negated))
    return out


# -- the user format ---------------------------------------------------------------------------
def read_labelled(path: Path) -> list[dict[str, Any]]:
    """The records of a labelled JSONL file, checked; every problem is an :class:`InputError` with its line."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})", "bad-input") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{where}: not JSON ({exc.args[0]})", "bad-input") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
            raise InputError(f"{where}: each line must be an object with a non-empty 'text'", "bad-input")
        if rec.get("lang") not in ("ar", "en", "fr"):
            raise InputError(f"{where}: 'lang' must be ar, en or fr", "bad-input")
        ev = rec.get("event")
        if ev is not None and ev not in PLOVER_TYPES:
            raise InputError(f"{where}: 'event' must be a PLOVER type or null, not {ev!r}", "bad-input")
        reading = rec.get("reading", "reported" if ev else "other")
        if reading not in USER_READINGS:
            raise InputError(f"{where}: 'reading' must be one of {', '.join(USER_READINGS)}", "bad-input")
        if ev is None and reading in ("reported", "future", "negated"):
            raise InputError(f"{where}: a '{reading}' reading needs an 'event' type", "bad-input")
        trig = rec.get("trigger")
        if trig is not None and (not isinstance(trig, str) or trig not in rec["text"]):
            raise InputError(f"{where}: 'trigger' must be a substring of 'text'", "bad-input")
        pub = rec.get("published")
        if pub is not None and not isinstance(pub, str):
            raise InputError(f"{where}: 'published' must be YYYY-MM-DD", "bad-input")
        out.append({"text": rec["text"], "lang": rec["lang"], "event": ev, "reading": reading, "trigger": trig,
                    "published": pub, "where": where})
    return out


def labelled_examples(records: Iterable[dict[str, Any]], coder: Coder, recorder: Recorder,
                      source: str) -> tuple[list[Example], list[str]]:
    """Examples from checked records; the second list says which records had no candidate to label."""
    out: list[Example] = []
    missing: list[str] = []
    for rec in records:
        cands = candidates(coder, recorder, rec["text"], rec["lang"], rec.get("published"))
        if rec["trigger"]:
            a = rec["text"].index(rec["trigger"])
            b = a + len(rec["trigger"])
            cands = [c for c in cands if c.start < b and a < c.end]
        if not cands:
            missing.append(rec["where"])
            continue
        ev = rec["event"]
        reading = rec["reading"]
        for c in cands:
            out.append(Example(c.features, 1 if ev else 0, reading if reading in READINGS else None, ev,
                               rec["where"], source, c.event))
    return out, missing


def features_fingerprint(examples: Iterable[Example]) -> str:
    """A short hash of the candidates' features, in order. Stored with the shipped model for the project's own
    training sentences (``tools/train``): when a rule, the lexicon, the KB or the parse changes what the coder
    feeds the detector, the fingerprint no longer matches and a test says to retrain the detector."""
    import hashlib

    h = hashlib.sha256()
    for e in examples:
        h.update("\t".join(e.features).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:16]


def own_examples(folder: Path, coder: Coder, recorder: Recorder) -> tuple[list[Example], list[str]]:
    """The project's own labelled sentences (``folder/*.jsonl``, in name order) as examples."""
    out: list[Example] = []
    missing: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        ex, miss = labelled_examples(read_labelled(path), coder, recorder, "own")
        out += ex
        missing += miss
    return out, missing


# -- fitting -----------------------------------------------------------------------------------
def _hasher() -> Any:
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False, dtype=np.float32)


def _fit_lr(x: Any, y: Sequence[Any], c: float, weights: np.ndarray | None, balanced: bool = False) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear" if len(set(y)) == 2 else "lbfgs",
                               random_state=0, class_weight="balanced" if balanced else None)
    model.fit(x, y, sample_weight=weights)
    return model


@dataclass
class Fitted:
    """The three fitted heads as dense coefficient arrays (n_features × classes) and biases."""

    coef: dict[str, np.ndarray]
    bias: dict[str, np.ndarray]
    classes: dict[str, tuple[str, ...]]
    ambiguous: dict[int, int] = field(default_factory=dict)  # hashed lemma feature → bit mask of its types


def ambiguity(examples: Sequence[Example]) -> dict[int, int]:
    """The trigger lemmas the labels show with more than one type (هاجم: ASSAULT and ACCUSE), as
    ``murmurhash3_32(lemma feature) → bit mask over PLOVER_TYPES`` of every type seen (the lexicon's
    included): the detector re-types a candidate only into one of these. Numbers only, like the weights."""
    from sklearn.utils import murmurhash3_32

    seen: dict[str, set[str]] = {}
    for e in examples:
        if e.type is None or not e.features:
            continue
        lemma = next((f for f in e.features if ":lem=" in f), None)
        if lemma is not None:
            seen.setdefault(lemma, set()).update({e.type, e.lexicon_type} - {""})
    out: dict[int, int] = {}
    for lemma, types in sorted(seen.items()):
        if len(types) > 1:
            h = int(murmurhash3_32(lemma, seed=0, positive=True))
            out[h] = out.get(h, 0) | sum(1 << PLOVER_TYPES.index(t) for t in types if t in PLOVER_TYPES)
    return out


def fit_heads(examples: Sequence[Example], params: dict[str, float] | None = None) -> Fitted:
    """Fit the event, reading and type heads on the examples that carry each label."""
    p = {**DEFAULTS, **(params or {})}
    hasher = _hasher()
    coef: dict[str, np.ndarray] = {}
    bias: dict[str, np.ndarray] = {}
    classes: dict[str, tuple[str, ...]] = {}
    ev = [e for e in examples if e.event is not None]
    if len({e.event for e in ev}) < 2:
        raise InputError("training needs both events and non-events among the labelled candidates", "bad-input")
    # each source weighs by its size to the power -alpha (0.5: thousands of GSR sentences do not drown the rest)
    sizes: dict[str, int] = {}
    for e in ev:
        sizes[e.source] = sizes.get(e.source, 0) + 1
    w = np.array([sizes[e.source] ** -p["alpha"] * (p["pos_weight"] if e.event else 1.0) for e in ev])
    w *= len(ev) / w.sum()
    m = _fit_lr(hasher.transform([e.features for e in ev]), [e.event for e in ev], p["C_event"], w)
    coef["event"], bias["event"], classes["event"] = m.coef_.T.astype(np.float32), \
        m.intercept_.astype(np.float32), ("event",)
    allowed: tuple[str, ...]
    for name, key, allowed, c in (("reading", "reading", READINGS, p["C_reading"]),
                                  ("type", "type", PLOVER_TYPES, p["C_type"])):
        ex = [e for e in examples if getattr(e, key) is not None]
        labels = [getattr(e, key) for e in ex]
        present = sorted(set(labels), key=allowed.index)
        if name == "reading":
            present = list(READINGS)
        if len(set(labels)) < 2:  # nothing to tell apart: a flat head, which never re-types nor flags
            flat = list(present or allowed[:1]) if name == "type" else present
            coef[name] = np.zeros((N_FEATURES, len(flat)), dtype=np.float32)
            bias[name], classes[name] = np.zeros(len(flat), dtype=np.float32), tuple(flat)
            continue
        # the type head reads the trigger and its window, not the sentence-level features (``S|``): those
        # are conjoined with the lexicon's type, and would teach "Arabic GSR sentence → ASSAULT"
        feats = [e.features if name == "reading" else [f for f in e.features if not f.startswith("S|")]
                 for e in ex]
        m = _fit_lr(hasher.transform(feats), labels, c, None)
        got = [str(k) for k in m.classes_]
        full = np.full((N_FEATURES, len(present)), 0.0, dtype=np.float32)
        b = np.full(len(present), -30.0, dtype=np.float32)  # a class never seen is never predicted
        for k, cls in enumerate(got):
            j = present.index(cls)
            if len(got) == 2:  # liblinear's binary model: one row for the second class
                sign = 1.0 if k == 1 else -1.0
                full[:, j] = sign * m.coef_[0] / 2
                b[j] = sign * m.intercept_[0] / 2
            else:
                full[:, j] = m.coef_[k]
                b[j] = m.intercept_[k]
        coef[name], bias[name], classes[name] = full, b, tuple(present)
    return Fitted(coef, bias, classes, ambiguity(examples))


def to_files(fitted: Fitted, params: dict[str, float], extra: dict[str, Any]) -> tuple[dict[str, Any],
                                                                                       dict[str, np.ndarray]]:
    """The model as ``detector.json`` (numbers, class names, thresholds) and sparse arrays."""
    p = {**DEFAULTS, **params}
    arrays: dict[str, np.ndarray] = {}
    for name, coef in fitted.coef.items():
        flat = coef.reshape(-1)
        idx = np.flatnonzero(np.abs(flat) >= 1e-3)
        arrays[f"{name}_index"] = idx.astype(np.int32)
        arrays[f"{name}_value"] = flat[idx].astype(np.float16)
        arrays[f"{name}_bias"] = fitted.bias[name].astype(np.float32)
    keys = sorted(fitted.ambiguous)
    arrays["ambiguous_lemma"] = np.array(keys, dtype=np.int64)
    arrays["ambiguous_types"] = np.array([fitted.ambiguous[k] for k in keys], dtype=np.int64)
    meta = {"format": FORMAT_VERSION, "n_features": N_FEATURES, "hashing": "sklearn FeatureHasher, "
            "alternate_sign=False, input_type=string", "threshold": p["threshold"],
            "type_threshold": {k.split(".", 1)[1]: v for k, v in sorted(p.items()) if k.startswith("threshold.")},
            "type_margin": p["type_margin"], "reading_threshold": p["reading_threshold"],
            "heads": {k: {"classes": list(v)} for k, v in fitted.classes.items()}, **extra}
    return meta, arrays


def predict(fitted: Fitted, examples: Sequence[Example]) -> dict[str, np.ndarray]:
    """Head probabilities for examples (cross-validation uses this, the shipped model uses the Detector)."""
    from marsad.coding.detector import _softmax

    x = _hasher().transform([e.features for e in examples])
    z = np.asarray(x @ fitted.coef["event"]) + fitted.bias["event"]
    return {"event": 1 / (1 + np.exp(-z[:, 0])),
            "reading": _softmax(np.asarray(x @ fitted.coef["reading"]) + fitted.bias["reading"]),
            "type": _softmax(np.asarray(x @ fitted.coef["type"]) + fitted.bias["type"])}


def train_files(paths: Sequence[Path], out: Path, params: dict[str, float] | None = None) -> dict[str, Any]:
    """``marsad train detector``: fit the heads on the user's labelled files and write a model folder.
    Returns a summary (counts) for the command to print."""
    from marsad.coding.detector import save, type_cameo
    from marsad.coding.lexicon import get_lexicon
    from marsad.pipeline import Coder

    records = [r for p in paths for r in read_labelled(p)]
    if not records:
        raise InputError("no labelled lines in the given files", "bad-input")
    rec = Recorder()
    coder = Coder(detector=rec)
    examples, missing = labelled_examples(records, coder, rec, "user")
    fitted = fit_heads(examples, params)
    p = {**DEFAULTS, **(params or {})}
    events = sum(e.event == 1 for e in examples)
    summary = {"lines": len(records), "without_candidate": len(missing), "candidates": len(examples),
               "events": events, "non_events": len(examples) - events}
    cameo = type_cameo(t for lang in ("ar", "en", "fr") for t in get_lexicon(lang).triggers)
    meta, arrays = to_files(fitted, p, {"type_cameo": cameo, "training": summary})
    save(out, meta, arrays)
    return summary
