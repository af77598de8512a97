"""The event detector (marsad.coding.detector): what it drops, keeps and re-types, its files, and retraining.

Every sentence here is written for these tests; none comes from a gold set or from tools/train/.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.coding.detector import get_detector, load, model_dir
from marsad.errors import DataError
from marsad.evaluation.arabic_gsr import factual
from marsad.pipeline import Coder


@pytest.fixture(scope="module")
def rules() -> Coder:
    return Coder(detector=False)


def _events(coder: Coder, text: str, lang: str, event: str) -> list[tuple[str, bool]]:
    return [(e.trigger_text, factual(e)) for e in coder.code(text, lang=lang).events if e.event == event]


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "بعد اغتيال وزير الداخلية الأسبق عام 2009 شهدت العاصمة اضطرابات."),  # background
    ("ar", "يرى الكاتب أن قتل الأبرياء عمل جبان."),  # generic
    ("ar", "إذا قصفت روسيا المدينة فإن آلاف المدنيين سيفرون."),  # hypothetical
])
def test_background_generic_and_hypothetical_attacks_are_not_reported_events(coder: Coder, rules: Coder, lang: str,
                                                                            text: str) -> None:
    assert _events(rules, text, lang, "ASSAULT"), "the rules alone code it: the detector is what drops it"
    assert not [t for t, ok in _events(coder, text, lang, "ASSAULT") if ok]


@pytest.mark.parametrize(("lang", "text", "trigger"), [
    ("ar", "قتل مسلحون خمسة من رجال الشرطة في هجوم على مركز أمني في مدينة العريش أمس.", "قتل"),
    ("ar", "هاجمت الطائرات الأمريكية مواقع للمسلحين في ريف حلب فجر اليوم.", "هاجمت"),
    ("en", "Rebels attacked an army convoy near Gao on Sunday, killing six soldiers.", "attacked"),
])
def test_a_reported_attack_is_kept(coder: Coder, lang: str, text: str, trigger: str) -> None:
    assert (trigger, True) in _events(coder, text, lang, "ASSAULT")


def test_an_ambiguous_trigger_gets_the_type_its_sentence_says(coder: Coder, rules: Coder) -> None:
    text = "The president attacked the opposition press in a speech on Sunday."
    assert [e.event for e in rules.code(text, lang="en").events] == ["ASSAULT"]  # the lexicon's reading
    (e,) = coder.code(text, lang="en").events
    assert e.event == "ACCUSE" and e.trigger_text == "attacked"
    assert e.cameo.startswith("11") and e.mode is None and e.quad_class == 3


def test_detector_sets_confidence_from_its_probability(coder: Coder) -> None:
    (e, *_) = coder.code("Rebels attacked an army convoy near Gao on Sunday, killing six soldiers.", lang="en").events
    assert 0.0 < e.confidence <= 1.0


def test_the_model_loads_once_and_without_pickle() -> None:
    assert get_detector() is get_detector()
    with np.load(model_dir() / "weights.npz", allow_pickle=False) as z:  # raises if an array needs pickle
        assert all(z[k].dtype != object for k in z.files)
    meta = json.loads((model_dir() / "detector.json").read_text("utf-8"))
    assert meta["heads"]["event"]["classes"] == ["event"]


def test_a_broken_model_folder_is_one_data_error(tmp_path: Path) -> None:
    for name in ("detector.json", "weights.npz"):
        (tmp_path / name).write_bytes((model_dir() / name).read_bytes())
    meta = json.loads((tmp_path / "detector.json").read_text("utf-8"))
    meta["threshold"] = "high"
    (tmp_path / "detector.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DataError, match="threshold"):
        load(tmp_path)
    with pytest.raises(DataError, match="needed"):
        load(tmp_path / "missing")
    meta["threshold"] = 0.15
    meta["type_threshold"] = {"ATTACK": 0.5}  # not a PLOVER type
    (tmp_path / "detector.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DataError, match="type_threshold"):
        load(tmp_path)


def test_a_type_threshold_applies_to_candidates_of_that_type(tmp_path: Path) -> None:
    for name in ("detector.json", "weights.npz"):
        (tmp_path / name).write_bytes((model_dir() / name).read_bytes())
    meta = json.loads((tmp_path / "detector.json").read_text("utf-8"))
    meta["type_threshold"] = {"ASSAULT": 1.0}  # no ASSAULT candidate can pass
    (tmp_path / "detector.json").write_text(json.dumps(meta), encoding="utf-8")
    text = "Government forces attacked a rebel camp near Kidal on Monday and met the mayor of Gao on Tuesday."
    strict = Coder(detector=tmp_path).code(text, lang="en", published="2025-07-01")
    usual = Coder().code(text, lang="en", published="2025-07-01")
    assert "ASSAULT" in {e.event for e in usual.events} and "ASSAULT" not in {e.event for e in strict.events}
    assert {e.event for e in usual.events} - {"ASSAULT"} == {e.event for e in strict.events}


TINY = [
    {"text": "Government forces attacked a rebel camp near Kidal on Monday.", "lang": "en", "trigger": "attacked",
     "event": "ASSAULT"},
    {"text": "Gunmen killed three police officers in Kano on Friday.", "lang": "en", "trigger": "killed",
     "event": "ASSAULT"},
    {"text": "The senator attacked the minister's budget in parliament.", "lang": "en", "trigger": "attacked",
     "event": "ACCUSE"},
    {"text": "After the bombing of the station in 2004, security was tightened.", "lang": "en", "trigger": "bombing",
     "event": None, "reading": "background"},
    {"text": "If the army attacks the town, thousands will flee.", "lang": "en", "trigger": "attacks",
     "event": None, "reading": "hypothetical"},
]


def test_marsad_train_detector_on_a_tiny_file(tmp_path: Path) -> None:
    data = tmp_path / "mine.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in TINY) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    result = CliRunner().invoke(app, ["train", "detector", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "trained on" in result.output
    det = load(out)
    assert det.meta["training"]["lines"] == len(TINY)
    coder = Coder(detector=out)
    events = coder.code("Soldiers attacked a militia base near Kidal on Tuesday.", lang="en").events
    assert all(e.confidence > 0 for e in events)


def test_marsad_train_detector_bad_lines_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Troops attacked.", "lang": "de", "event": "ASSAULT"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "detector", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output and "Traceback" not in result.output
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(TINY[0]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "detector", str(one), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1 and "both events and non-events" in result.output


def test_the_shipped_detector_was_trained_on_what_the_coder_gives_it_now() -> None:
    # The detector reads the rules' decisions and the parse: a change to either (or to the lexicon or the KB)
    # changes its features, and the shipped weights must be retrained on them. The fingerprint of the
    # project's own training sentences' features, stored at training time, tells when.
    from marsad.coding import detector_train as dt

    meta = json.loads((model_dir() / "detector.json").read_text("utf-8"))
    rec = dt.Recorder()
    examples, _ = dt.own_examples(Path(__file__).resolve().parents[1] / "tools" / "train", Coder(detector=rec), rec)
    assert examples
    assert dt.features_fingerprint(examples) == meta["own_features"], (
        "the coder's features changed since the detector was trained: run "
        "`PYTHONPATH=src python tools/train_detector.py --data ../shared/eval`")
