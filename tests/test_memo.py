"""WordMemo: one table per owner object, bounded, the same answers as computing."""

from __future__ import annotations

from marsad.text.memo import WordMemo


def test_answers_per_owner_and_stops_growing_at_its_size() -> None:
    calls: list[str] = []

    def length_plus(owner: dict[str, int], form: str) -> int:
        calls.append(form)
        return len(form) + owner["plus"]

    memo: WordMemo[int] = WordMemo(length_plus, max_size=2)
    one, two = {"plus": 1}, {"plus": 10}
    t1, t2 = memo.table(one), memo.table(two)
    assert memo.table(one) is t1 and t1 is not t2
    assert [memo.fill(t1, one, f) for f in ("a", "bb", "ccc")] == [2, 3, 4]
    assert memo.fill(t2, two, "a") == 11
    assert t1 == {"a": 2, "bb": 3}  # full after two forms: "ccc" was computed, not kept
    assert calls == ["a", "bb", "ccc", "a"]
