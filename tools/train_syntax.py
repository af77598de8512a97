"""Rebuild Marsad's syntax models from the Universal Dependencies treebanks, deterministically.

    OMP_NUM_THREADS=1 nice -n 10 python tools/train_syntax.py [--lang ar fr en] [--data ../shared/data/ud]

For each language it (1) prepares the training files — train splits only, the dev split for choosing the
checkpoint (Arabic has no dev split: every 12th training sentence is held aside for it); the held-out test
files are never read — with the same form normalisation as run time (``marsad.syntax.normalize``), (2) turns
them into spaCy DocBins with ``spacy convert``, (3) trains ``tools/syntax/config.cfg`` (fixed seed, one thread)
and (4) writes the best checkpoint with ``nlp.to_disk`` to ``src/marsad/data/models/syntax/LANG``. For Arabic it
also trains the clitic segmenter (``marsad.syntax.segment``) on the PUD train file. Work files go to
``build/syntax`` (ignored by git). Why steps are capped per language: the English treebank is four times the
others, and a model that trains in half an hour on one core is one a contributor will actually rebuild.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.syntax.normalize import normalize_form  # noqa: E402

CONFIG = ROOT / "tools" / "syntax" / "config.cfg"
MODELS = ROOT / "src" / "marsad" / "data" / "models" / "syntax"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ud"

# Training files per language (never a *-test file) and the dev file that picks the checkpoint.
TRAIN = {
    "ar": ["ar_padt-train.conllu", "ar_pud-train.conllu"],
    "en": ["en_ewt-ud-train.conllu"],
    "fr": ["fr_sequoia-ud-train.conllu"],
}
DEV = {"ar": None, "en": "en_ewt-ud-dev.conllu", "fr": "fr_sequoia-ud-dev.conllu"}
# Step caps: measured so that each language trains in well under 35 minutes on one shared core.
STEPS = {"ar": 3000, "fr": 3000, "en": 4000}
AR_DEV_EVERY = 12
LICENCES = {
    "ar": "CC BY-NC-SA 3.0 (inherited from UD Arabic-PADT) and CC BY-SA 3.0 (UD Arabic-PUD)",
    "en": "CC BY-SA 4.0 (inherited from UD English-EWT)",
    "fr": "LGPL-LR (inherited from UD French-Sequoia)",
}


def read_sentences(path: Path) -> list[list[str]]:
    """CoNLL-U sentences as lists of lines (comments included)."""
    out: list[list[str]] = []
    cur: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        out.append(cur)
    return out


def _lemma(lemma: str, lang: str) -> str:
    """Arabic lemmas lose their marks like forms do; ٱ (alef wasla) is written ا as in unvocalised text."""
    if lang != "ar":
        return lemma
    return unicodedata.normalize("NFC", normalize_form(lemma, lang)).replace("ٱ", "ا")


def prepare_sentence(lines: list[str], lang: str) -> list[str]:
    """One sentence for training: forms and lemmas normalised as at run time, MISC reduced to SpaceAfter."""
    out: list[str] = []
    for line in lines:
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            continue
        cols[1] = normalize_form(cols[1], lang)
        if cols[2] != "_" or cols[1] == "_":
            cols[2] = _lemma(cols[2], lang)
        cols[9] = "SpaceAfter=No" if "SpaceAfter=No" in cols[9] else "_"
        cols[8] = "_"
        out.append("\t".join(cols))
    return out


def write_conllu(path: Path, sentences: list[list[str]]) -> None:
    path.write_text("".join("\n".join(s) + "\n\n" for s in sentences), encoding="utf-8")


def prepare(lang: str, data: Path, work: Path) -> tuple[Path, Path]:
    train: list[list[str]] = []
    for name in TRAIN[lang]:
        train += [prepare_sentence(s, lang) for s in read_sentences(data / name)]
    dev_name = DEV[lang]
    if dev_name is None:
        dev = [s for i, s in enumerate(train) if i % AR_DEV_EVERY == AR_DEV_EVERY - 1]
        train = [s for i, s in enumerate(train) if i % AR_DEV_EVERY != AR_DEV_EVERY - 1]
    else:
        dev = [prepare_sentence(s, lang) for s in read_sentences(data / dev_name)]
    out = work / lang
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for split, sents in (("train", train), ("dev", dev)):
        conllu = out / f"{split}.conllu"
        write_conllu(conllu, sents)
        subprocess.run([sys.executable, "-m", "spacy", "convert", str(conllu), str(out), "-c", "conllu",
                        "-n", "1"], check=True, stdout=subprocess.DEVNULL)
        paths.append(out / f"{split}.spacy")
        print(f"[{lang}] {split}: {len(sents)} sentences, {sum(len(s) for s in sents)} words", flush=True)
    return paths[0], paths[1]


def train(lang: str, train_path: Path, dev_path: Path, work: Path, steps: int) -> Path:
    out = work / lang / "model"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "spacy", "train", str(CONFIG), "--output", str(out),
           "--paths.train", str(train_path), "--paths.dev", str(dev_path), "--nlp.lang", lang,
           "--training.max_steps", str(steps), "--system.seed", "0"]
    print(f"[{lang}] {' '.join(cmd)}", flush=True)
    t0 = time.time()
    subprocess.run(cmd, check=True, env=env)
    print(f"[{lang}] trained in {time.time() - t0:.0f} s", flush=True)
    return out / "model-best"


def ship(lang: str, best: Path) -> Path:
    """Write the checkpoint as package data: ``nlp.to_disk`` (no pickle), with a meta that says its licence."""
    import spacy

    nlp = spacy.load(best)
    nlp.meta.update({"name": f"marsad_syntax_{lang}", "version": "1.0.0", "license": LICENCES[lang],
                     "description": "Marsad syntax model (docs in src/marsad/data/models/syntax/README.md)",
                     "sources": [{"name": n, "url": "https://universaldependencies.org"} for n in TRAIN[lang]]})
    dest = MODELS / lang
    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(dest)
    size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    print(f"[{lang}] shipped {dest} ({size / 1e6:.1f} MB); dev scores: "
          f"{json.dumps({k: v for k, v in nlp.meta.get('performance', {}).items() if not isinstance(v, dict)})}",
          flush=True)
    return dest


def train_segmenter(data: Path) -> None:
    from marsad.syntax.segment import train_segmenter as fit

    dest = MODELS / "ar" / "segmenter"
    fit([data / "ar_pud-train.conllu"], dest)
    print(f"[ar] segmenter written to {dest}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", nargs="+", default=["ar", "fr", "en"], choices=sorted(TRAIN))
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the UD folder (default: ../shared/data/ud)")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "syntax")
    ap.add_argument("--steps", type=int, default=None, help="override the per-language step cap")
    ap.add_argument("--segmenter-only", action="store_true", help="only retrain the Arabic clitic segmenter")
    args = ap.parse_args()
    if not (args.data / "conll18_ud_eval.py").exists():
        sys.exit(f"error: {args.data} is not the UD folder (no conll18_ud_eval.py in it)")
    for lang in args.lang:
        if not args.segmenter_only:
            tr, dv = prepare(lang, args.data, args.work)
            ship(lang, train(lang, tr, dv, args.work, args.steps or STEPS[lang]))
        if lang == "ar":
            train_segmenter(args.data)


if __name__ == "__main__":
    main()
