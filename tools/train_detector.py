"""Rebuild the event detector's model files (src/marsad/data/models/detector/) from dev material only.

    PYTHONPATH=src python tools/train_detector.py --data ../shared/eval            # train and write
    PYTHONPATH=src python tools/train_detector.py --data ../shared/eval --cv       # 5-fold CV figures only

Training data (all of it dev; test splits are never read here):
- Arabic event GSR ``*_gsr.csv`` dev split: candidates of the file's type in a ``yes`` sentence are events,
  in an ``easy no`` / ``difficult no`` sentence not; ``ambiguous`` is dropped;
- Arabic event GSR ``*_spans.json`` dev split: candidates of the file's type on the coders' verb words are events;
- PLOVER GSR dev: the candidates on the gold ``(EVT: …)`` words are events of the gold type;
- PETRARCH-2 suite dev (its dictionaries as a user KB and lexicon): candidates of the gold CAMEO's PLOVER
  type are events; in a ``noevents`` record every candidate is a non-event;
- news-gold (all dev): a candidate inside a gold event's evidence is an event (of that type), one inside a
  trap's quoted passage or outside every evidence is not;
- ``tools/train/*.jsonl``: sentences the project wrote (ar/en/fr), in the user format of
  docs/DETECTOR_TRAINING.md — every PLOVER type and the negative readings.

Deterministic: inputs are read in a fixed order, the learners have fixed seeds, nothing is shuffled at
random. The files hold hashed-feature weights only (no text from the data).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from marsad.coding import detector_train as dt
from marsad.coding.detector import model_dir, save, type_cameo
from marsad.coding.lexicon import get_lexicon
from marsad.coding.ontology import get_ontology, quad_class
from marsad.evaluation.common import in_split
from marsad.evaluation.plover import gsr_type
from marsad.pipeline import Coder

ROOT = Path(__file__).resolve().parent.parent
OWN = ROOT / "tools" / "train"
OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
_EVT = re.compile(r"\(EVT: ([^)]*)\)")
_QUOTED = re.compile(r"'([^']{6,})'")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _text_key(text: str) -> str:
    """One key per sentence however often the GSR files repeat it (spaces normalised)."""
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:16]


@lru_cache(maxsize=2)
def gsr_test_texts(data: Path) -> frozenset[str]:
    """The keys of every sentence that is test material in any Arabic GSR file. The files repeat sentences
    under different ids (a span record's text is a csv row's; some protest sentences appear twice in the
    csv), and the split rule is per id, so a dev record can carry a test sentence: the trainer skips those, so
    that no test sentence is trained on."""
    keys: set[str] = set()
    folder = data / "arabic-event-gsr"
    for et in ("assault", "protest"):
        with open(folder / f"{et}_gsr.csv", encoding="utf-8", newline="") as f:
            keys |= {_text_key(r["text"]) for r in csv.DictReader(f) if not in_split(r["id"], "dev")}
        for r in json.loads((folder / f"{et}_spans.json").read_text("utf-8")):
            if r.get("text") and not in_split(str(r.get("source")), "dev"):
                keys.add(_text_key(r["text"]))
    return frozenset(keys)


def gsr(data: Path, coder: Coder, rec: dt.Recorder) -> list[dt.Example]:
    """The GSR csv dev rows; the group (the CV fold) is the sentence, not the id, so that a sentence the
    span file repeats never sits in two folds."""
    out: list[dt.Example] = []
    test = gsr_test_texts(data)
    skipped = 0
    for et in ("assault", "protest"):
        with open(data / "arabic-event-gsr" / f"{et}_gsr.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            label = (row.get("label") or "").strip()
            if label not in ("yes", "easy no", "difficult no") or not in_split(row["id"], "dev"):
                continue
            if _text_key(row["text"]) in test:
                skipped += 1
                continue
            yes = label == "yes"
            cands = dt.candidates(coder, rec, row["text"], "ar")
            group = f"gsr-{_text_key(row['text'])}"
            mine = [c for c in cands if c.event == et.upper()]
            for c in mine:
                out.append(dt.Example(c.features, int(yes), "reported" if yes else None, et.upper() if yes else None,
                                      group, "gsr", c.event, {"gsr": et.upper(), "id": row["id"], "yes": yes}))
            if not mine:  # kept for the sentence-level figure: no candidate of the type, predicted negative
                out.append(dt.Example((), None, None, None, group, "gsr", "", {"gsr": et.upper(), "id": row["id"],
                                                                               "yes": yes, "empty": True}))
    if skipped:
        log(f"gsr: {skipped} dev row(s) skipped: their sentence is test material in a GSR file")
    return out


def gsr_spans(data: Path, coder: Coder, rec: dt.Recorder) -> list[dt.Example]:
    """The Arabic GSR span files (dev split by the record's ``source``, as the data README says): every record
    tells an event of the file's type, its coders marked the verb; a candidate of that type on a marked verb
    word is an event. Other candidates are left unlabelled (the span coders judged one event per record)."""
    out: list[dt.Example] = []
    test = gsr_test_texts(data)
    skipped = 0
    for et in ("assault", "protest"):
        records = json.loads((data / "arabic-event-gsr" / f"{et}_spans.json").read_text("utf-8"))
        for i, r in enumerate(records):
            if not in_split(str(r.get("source")), "dev") or not r.get("text"):
                continue
            if _text_key(r["text"]) in test:
                skipped += 1
                continue
            text = r["text"]
            verbs = {w for sp in r.get("spans") or [] for w in sp.get("verb") or [] if len(w) >= 2}
            marked = [(m.start(), m.end()) for w in sorted(verbs) for m in re.finditer(re.escape(w), text)]
            for c in dt.candidates(coder, rec, text, "ar"):
                if c.event == et.upper() and any(c.start < b and a < c.end for a, b in marked):
                    out.append(dt.Example(c.features, 1, "reported", c.event, f"gsr-{_text_key(text)}", "gsrspan",
                                          c.event, {"gsrspan": et.upper(), "rec": f"{et}-{i}"}))
    if skipped:
        log(f"gsrspan: {skipped} dev record(s) skipped: their sentence is test material in a GSR file")
    return out


def plover(data: Path, coder: Coder, rec: dt.Recorder) -> list[dt.Example]:
    out: list[dt.Example] = []
    for r in json.loads((data / "plover-gsr" / "PLOVER_GSR_CAMEO.json").read_text("utf-8")):
        if r.get("event") in (None, "DOCUMENT") or not r.get("text") or not in_split(str(r["id"]), "dev"):
            continue
        gold = OLD_NAMES.get(r["event"], r["event"])
        text = r["text"]
        spans = []
        pos = 0
        info = r.get("textInfo")
        markup = str(info.get("markup") or "") if isinstance(info, dict) else ""
        for m in _EVT.finditer(markup):
            k = text.find(m.group(1), pos)
            if k >= 0:
                spans.append((k, k + len(m.group(1))))
                pos = k + 1
        cands = dt.candidates(coder, rec, text, "en", r.get("date"))
        group = f"plover-{r['id']}"
        hit = [c for c in cands if any(c.start < b and a < c.end for a, b in spans)]
        for c in hit:
            # the GSR's AGREE / THREATEN for an intention is the intended act with future: true in Marsad's
            # manual (marsad.evaluation.plover.gsr_type): the type head learns Marsad's type, not the GSR's
            own = c.event if gsr_type(c.event, c.future, c.negated, quad_class(c.cameo)) == gold else gold
            out.append(dt.Example(c.features, 1, "reported", own, group, "plover", c.event,
                                  {"plover": gold, "future": c.future, "negated": c.negated}))
        if not hit:
            out.append(dt.Example((), None, None, None, group, "plover", "", {"plover": gold, "empty": True}))
    return out


def petrarch(data: Path) -> list[dt.Example]:
    from marsad.evaluation.petrarch import NOEVENTS, read_records
    from marsad.kb import get_kb
    from marsad.kb.petrarch import convert_petrarch, convert_petrarch_verbs

    folder = data / "petrarch-validation"
    onto = get_ontology()
    conv = convert_petrarch(folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt",
                            known_states=set(get_kb().states), declare_countries=True)
    out: list[dt.Example] = []
    with tempfile.TemporaryDirectory() as tmp:
        kb_path = Path(tmp) / "petrarch-validate.yaml"
        kb_path.write_text(conv.to_yaml(), encoding="utf-8")
        vconv = convert_petrarch_verbs(folder / "PETR.Validate.verbs.txt")
        lex = Path(tmp) / "petrarch-verbs.yaml"
        lex.write_text(vconv.to_yaml(), encoding="utf-8")
        rec = dt.Recorder()
        coder = Coder((kb_path,), lexicon_files=(lex,), detector=rec)
        for r in read_records(folder / "PETR.UnitTest.records.xml", "dev"):
            cands = dt.candidates(coder, rec, r.text, "en", r.date)
            group = f"petrarch-{r.id}"
            if r.gold == (NOEVENTS,):
                out += [dt.Example(c.features, 0, None, None, group, "petrarch", c.event) for c in cands]
                continue
            types = {(onto.plover_of(g[2]) or ("", None))[0] for g in r.gold}
            for c in cands:
                if c.event in types:
                    out.append(dt.Example(c.features, 1, "reported", c.event, group, "petrarch", c.event))
    return out


def news(data: Path, coder: Coder, rec: dt.Recorder) -> list[dt.Example]:
    folder = data / "news-gold"
    golds = {int(p.stem.split("-")[1]): json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("article-*.json"))}
    texts: dict[int, str] = {}
    with gzip.open(data / "saudinewsnet" / "politics_subset.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in golds:
                r = json.loads(line)
                texts[i] = f"{r.get('title') or ''}\n\n{r.get('content') or ''}"
    out: list[dt.Example] = []
    for n, g in sorted(golds.items()):
        text = texts[n]
        ev_spans: list[tuple[int, int, dict[str, Any]]] = []
        for e in g.get("events") or []:
            for part in str(e.get("evidence") or "").split(" / "):
                part = part.strip()
                k = text.find(part) if part else -1
                if k >= 0:
                    ev_spans.append((k, k + len(part), e))
        trap_spans = []
        for t in g.get("traps") or []:
            for q in _QUOTED.findall(str(t)):
                k = text.find(q)
                if k >= 0:
                    trap_spans.append((k, k + len(q)))
        gold_types = {e["plover"] for e in g.get("events") or []}
        for c in dt.candidates(coder, rec, text, "ar", g.get("published")):
            inside = [e for a, b, e in ev_spans if a <= c.start and c.end <= b]
            group = f"news-{n}"
            if inside:
                e = next((x for x in inside if c.event == x["plover"] or c.event in (x.get("also") or ())), inside[0])
                reading = "negated" if e.get("negated") else "future" if e.get("future") else "reported"
                typ = c.event if c.event == e["plover"] or c.event in (e.get("also") or ()) else e["plover"]
                out.append(dt.Example(c.features, 1, reading, typ, group, "news", c.event, {"news": n}))
            elif any(a <= c.start and c.end <= b for a, b in trap_spans):
                out.append(dt.Example(c.features, 0, None, None, group, "news", c.event, {"news": n}))
            elif c.is_title and c.event in gold_types:
                continue  # the title retells a body event the gold locates in the body only
            else:
                out.append(dt.Example(c.features, 0, None, None, group, "news", c.event, {"news": n}))
    return out


def own(coder: Coder, rec: dt.Recorder) -> list[dt.Example]:
    out, missing = dt.own_examples(OWN, coder, rec)
    if missing:
        log(f"{len(missing)} line(s) of tools/train without a candidate, e.g. {missing[0]}")
    return out


def collect(data: Path) -> list[dt.Example]:
    rec = dt.Recorder()
    coder = Coder(detector=rec)
    out: list[dt.Example] = []
    for name, fn in (("own", lambda: own(coder, rec)), ("gsr", lambda: gsr(data, coder, rec)),
                     ("gsrspan", lambda: gsr_spans(data, coder, rec)),
                     ("plover", lambda: plover(data, coder, rec)), ("news", lambda: news(data, coder, rec)),
                     ("petrarch", lambda: petrarch(data))):
        t0 = time.time()
        ex = fn()
        log(f"{name}: {sum(e.event is not None for e in ex)} labelled candidates "
            f"({sum(e.event == 1 for e in ex)} events) in {time.time() - t0:.0f} s")
        out += ex
    return out


# -- cross-validation --------------------------------------------------------------------------
def folds(examples: list[dt.Example], k: int = 5) -> list[int]:
    """A fold per example by its group (a sentence or an article), fixed by a hash of the group name."""
    return [int(hashlib.sha1(e.group.encode()).hexdigest(), 16) % k for e in examples]


def cv_scores(examples: list[dt.Example], params: dict[str, float], lang_split: bool = False) -> dict[str, Any]:
    """Out-of-fold probabilities for every example (``lang_split``: one model per language)."""
    fold = folds(examples)
    n = len(examples)
    p_event = np.full(n, np.nan)
    p_type: list[dict[str, float] | None] = [None] * n
    p_read: list[dict[str, float] | None] = [None] * n
    langs = sorted({next((f[5:] for f in e.features if f.startswith("lang=")), "") for e in examples} - {""})
    for k in range(5):
        for lang in (langs if lang_split else [None]):
            def of(e: dt.Example, lang: str | None = lang) -> bool:
                return lang is None or f"lang={lang}" in e.features

            train = [e for e, f in zip(examples, fold, strict=True) if f != k and e.features and of(e)]
            test = [i for i, (e, f) in enumerate(zip(examples, fold, strict=True)) if f == k and e.features and of(e)]
            if not test or len({e.event for e in train if e.event is not None}) < 2:
                continue
            try:
                fitted = dt.fit_heads(train, params)
            except Exception as exc:  # a language with too few labels for a head
                log(f"fold {k} {lang}: {exc}")
                continue
            pr = dt.predict(fitted, [examples[i] for i in test])
            for j, i in enumerate(test):
                p_event[i] = pr["event"][j]
                p_type[i] = dict(zip(fitted.classes["type"], pr["type"][j].tolist(), strict=True))
                p_read[i] = dict(zip(fitted.classes["reading"], pr["reading"][j].tolist(), strict=True))
    return {"event": p_event, "type": p_type, "reading": p_read}


@lru_cache(maxsize=1)
def _type_cameo() -> dict[str, str]:
    """The CAMEO code each PLOVER type is re-typed to (read once: :func:`report` runs for every threshold)."""
    return type_cameo(t for lang in ("ar", "en", "fr") for t in get_lexicon(lang).triggers)


def report(examples: list[dt.Example], cv: dict[str, Any], threshold: float, margin: float) -> dict[str, float]:
    """Dev CV figures: GSR sentence F1 by type, PLOVER type accuracy, news-gold candidate precision/recall."""
    out: dict[str, float] = {}
    by_sent: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        if "gsr" in e.extra:
            by_sent[(e.extra["gsr"], e.extra["id"])].append(i)
    for et in ("ASSAULT", "PROTEST"):
        tp = fp = fn = 0
        for (t, _), idx in by_sent.items():
            if t != et:
                continue
            yes = examples[idx[0]].extra["yes"]
            pred = any(examples[i].features and cv["event"][i] >= threshold and not np.isnan(cv["event"][i])
                       for i in idx)
            tp += yes and pred
            fp += pred and not yes
            fn += yes and not pred
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[f"gsr_{et}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
        out[f"gsr_{et}_p"], out[f"gsr_{et}_r"] = p, r
    # the span files' records each tell an event of their type: the share whose candidate the model keeps
    for et in ("ASSAULT", "PROTEST"):
        recs: dict[str, bool] = {}
        for i, e in enumerate(examples):
            if e.extra.get("gsrspan") == et and not np.isnan(cv["event"][i]):
                key = e.extra.get("rec", e.group)
                recs[key] = recs.get(key, False) or bool(cv["event"][i] >= threshold)
        out[f"gsrspan_{et}_kept"] = sum(recs.values()) / len(recs) if recs else 0.0
    by_rec: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        if "plover" in e.extra:
            by_rec[e.group].append(i)
    ok = 0
    cameo = _type_cameo()
    for idx in by_rec.values():
        gold = examples[idx[0]].extra["plover"]
        for i in idx:
            e = examples[i]
            if not e.features or cv["type"][i] is None:
                continue
            types = cv["type"][i]
            best = max(types, key=types.__getitem__)
            typ = best if best != e.lexicon_type and types[best] - types.get(e.lexicon_type, 0) >= margin \
                else e.lexicon_type
            x = e.extra
            if gsr_type(typ, bool(x.get("future")), bool(x.get("negated")), quad_class(cameo.get(typ, "01"))) == gold:
                ok += 1
                break
    out["plover_type_acc_on_candidates"] = ok / len(by_rec) if by_rec else 0.0
    kept = [i for i, e in enumerate(examples) if e.source == "news" and not np.isnan(cv["event"][i])]
    pos = [i for i in kept if examples[i].event == 1]
    keep = [i for i in kept if cv["event"][i] >= threshold]
    out["news_candidate_precision"] = sum(examples[i].event == 1 for i in keep) / len(keep) if keep else 0.0
    out["news_candidate_precision_before"] = len(pos) / len(kept) if kept else 0.0
    out["news_candidate_recall"] = sum(cv["event"][i] >= threshold for i in pos) / len(pos) if pos else 0.0
    own_i = [i for i, e in enumerate(examples) if e.source == "own" and not np.isnan(cv["event"][i])]
    out["own_event_acc"] = sum((cv["event"][i] >= threshold) == (examples[i].event == 1) for i in own_i) / \
        len(own_i) if own_i else 0.0
    return out


def news_cv(data: Path, examples: list[dt.Example], params: dict[str, float], details: Path | None = None) -> None:
    """news-gold figures out of fold: each fifth of the articles is coded by a model trained without them
    (the rest of the news-gold articles and all other sources), so the figure is not one on training data.
    The English and French translations of the held articles are scored by the same fold's model: the detector
    trains on the Arabic originals, so a translation is only unseen when its original was held out too.
    With ``details``, the out-of-fold misses and false positives (with their causes) go there as JSON: what is
    left to fix for an unseen article, not for one the detector was trained on."""
    from marsad.evaluation import news as news_eval

    numbers = sorted({int(e.group.split("-")[1]) for e in examples if e.source == "news"} |
                     {int(p.stem.split("-")[1]) for p in (data / "news-gold").glob("article-*.json")})
    langs = ("ar", "en", "fr")
    tot = {lang: {"core": 0, "core_found": 0, "coded": 0, "coded_ok": 0} for lang in langs}
    found: dict[str, dict[str, list[Any]]] = {lang: {"misses": [], "false_positives": []} for lang in langs}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(5):
            held = {n for i, n in enumerate(numbers) if i % 5 == k}
            train = [e for e in examples if e.features and not (e.source == "news" and
                                                                int(e.group.split("-")[1]) in held)]
            fitted = dt.fit_heads(train, params)
            meta, arrays = dt.to_files(fitted, params, {"type_cameo": {}})
            folder = Path(tmp) / f"fold{k}"
            save(folder, meta, arrays)
            coder = Coder(detector=folder)
            for lang in langs:
                report = news_eval.evaluate(data, coder, lang, only=held)
                found[lang]["misses"].extend(report.misses)
                found[lang]["false_positives"].extend(report.false_positives)
                for a in report.articles:
                    for key in tot[lang]:
                        tot[lang][key] += getattr(a, key)
            log(f"fold {k}: articles {sorted(held)}")
    for lang in langs:
        t = tot[lang]
        print(json.dumps({"lang": lang, "news_cv_core_recall": round(t["core_found"] / max(1, t["core"]), 3),
                          "news_cv_precision": round(t["coded_ok"] / max(1, t["coded"]), 3), **t}))
    if details:
        details.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/eval"))
    ap.add_argument("--out", type=Path, default=model_dir())
    ap.add_argument("--cv", action="store_true", help="only print 5-fold cross-validation figures on dev")
    ap.add_argument("--per-language", action="store_true", help="with --cv: one model per language")
    ap.add_argument("--news-cv", action="store_true", help="only print news-gold figures out of fold (5 folds)")
    ap.add_argument("--details", type=Path, help="with --news-cv: write the out-of-fold misses and false "
                    "positives to this JSON file")
    ap.add_argument("--cache", type=Path, help="keep the extracted candidates in this JSON file (re-runs)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a training parameter")
    args = ap.parse_args()
    if args.details and not args.news_cv:
        sys.exit("error: --details writes the out-of-fold figures of --news-cv: give both")
    params = dict(dt.DEFAULTS)
    for kv in args.set:
        k, _, v = kv.partition("=")
        problem = dt.check_param(k)
        try:
            params[k] = float(v)
        except ValueError:
            problem = problem or f"--set {kv}: the value must be a number"
        if problem:
            sys.exit(f"error: {problem}")
    if args.cache and args.cache.exists():
        examples = [dt.Example(tuple(e["f"]), e["y"], e["r"], e["t"], e["g"], e["s"], e["l"], e["x"])
                    for e in json.loads(args.cache.read_text("utf-8"))]
    else:
        examples = collect(args.data)
        if args.cache:
            args.cache.write_text(json.dumps([{"f": e.features, "y": e.event, "r": e.reading, "t": e.type,
                                               "g": e.group, "s": e.source, "l": e.lexicon_type, "x": e.extra}
                                              for e in examples], ensure_ascii=False), encoding="utf-8")
    labelled = [e for e in examples if e.features]
    if args.news_cv:
        news_cv(args.data, examples, params, args.details)
        return
    if args.cv:
        cv = cv_scores(examples, params, args.per_language)
        for th in (0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            for margin in (0.3, 0.5, 0.7):
                r = report(examples, cv, th, margin)
                print(json.dumps({"threshold": th, "margin": margin, **{k: round(v, 3) for k, v in r.items()}}))
        return
    fitted = dt.fit_heads(labelled, params)
    counts: dict[str, int] = defaultdict(int)
    for e in labelled:
        if e.event is not None:
            counts[f"{e.source}:{'event' if e.event else 'none'}"] += 1
    cameo = _type_cameo()
    own_fp = dt.features_fingerprint(e for e in examples if e.source == "own")
    meta, arrays = dt.to_files(fitted, params, {"type_cameo": cameo, "training": dict(sorted(counts.items())),
                                                "own_features": own_fp})
    save(args.out, meta, arrays)
    log(f"wrote {args.out} ({sum(a.nbytes for a in arrays.values()) / 1e6:.1f} MB of arrays)")


if __name__ == "__main__":
    main()
