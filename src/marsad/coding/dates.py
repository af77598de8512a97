"""Event dates: explicit and relative expressions resolved against the publication date.

dateparser handles plain dates well but not the expressions news uses for
background and approximate time (أواخر 2021, الخميس الماضي, fin 2021, late 2021) or the
Maghrebi and Levantine month names; this small rule layer handles those, with
month names taken from babel's CLDR data for ar, ar_DZ, ar_MA, ar_SY, ar_EG, ar_TN,
en and fr so that no list is typed by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from babel import Locale

from marsad.model import EventDate
from marsad.text.normalise import normalise_key

_LOCALES = {"ar": ("ar", "ar_DZ", "ar_MA", "ar_SY", "ar_EG", "ar_TN", "ar_IQ", "ar_LB"), "en": ("en",), "fr": ("fr",)}

# Relative expressions: normalised text → (unit, offset). Units: day, week, month, year, weekday.
RELATIVE = {
    "ar": {"امس": ("day", -1), "اليوم": ("day", 0), "غدا": ("day", 1), "اول امس": ("day", -2),
           "الاسبوع الماضي": ("week", -1), "الاسبوع المقبل": ("week", 1), "الشهر الماضي": ("month", -1),
           "الشهر المقبل": ("month", 1), "العام الماضي": ("year", -1), "السنه الماضيه": ("year", -1),
           "العام المقبل": ("year", 1), "العام الجاري": ("year", 0), "هذا العام": ("year", 0)},
    "en": {"yesterday": ("day", -1), "today": ("day", 0), "tomorrow": ("day", 1), "last week": ("week", -1),
           "next week": ("week", 1), "last month": ("month", -1), "next month": ("month", 1),
           "last year": ("year", -1), "next year": ("year", 1), "this year": ("year", 0)},
    "fr": {"hier": ("day", -1), "aujourd'hui": ("day", 0), "demain": ("day", 1), "la semaine derniere": ("week", -1),
           "la semaine prochaine": ("week", 1), "le mois dernier": ("month", -1), "l'an dernier": ("year", -1),
           "l'annee derniere": ("year", -1), "l'an prochain": ("year", 1), "cette annee": ("year", 0)},
}
WEEKDAYS = {
    "ar": ["الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
PAST = {"ar": ("الماضي", "المنصرم", "الفائت"), "en": ("last",), "fr": ("dernier",)}
NEXT = {"ar": ("المقبل", "القادم"), "en": ("next",), "fr": ("prochain",)}
# Parts of a year: early / mid / late.
PARTS = {
    "ar": {"اوائل": "early", "مطلع": "early", "بدايه": "early", "منتصف": "mid", "اواسط": "mid", "اواخر": "late",
           "نهايه": "late"},
    "en": {"early": "early", "mid": "mid", "late": "late", "end of": "late", "beginning of": "early"},
    "fr": {"debut": "early", "mi": "mid", "fin": "late", "courant": "mid"},
}
# Background markers: the event happened before the time of the report.
BEFORE = {"ar": ("بعد", "عقب", "اثر", "منذ"), "en": ("after", "since", "following"), "fr": ("apres", "depuis")}
RECENT = {"ar": ("الاخيره", "الاخير", "مؤخرا"), "en": ("recent", "recently", "latest"), "fr": ("recemment", "dernier")}


@lru_cache(maxsize=3)
def month_names(lang: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for loc in _LOCALES[lang]:
        locale = Locale.parse(loc)
        for width in ("wide", "abbreviated"):
            for ctx in ("format", "stand-alone"):
                for num, name in locale.months[ctx][width].items():
                    key = normalise_key(name).rstrip(".")
                    if len(key) >= 3 and not key.isdigit():
                        out[key] = num
    return out


@dataclass(frozen=True)
class DateFound:
    start: int  # in the normalised sentence string
    end: int
    date: EventDate
    before: bool = False


def _shift(d: date, unit: str, n: int) -> tuple[str, str]:
    if unit == "day":
        return (d + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return (d + timedelta(weeks=n)).isoformat(), "day"
    if unit == "month":
        m = d.month - 1 + n
        return f"{d.year + m // 12:04d}-{m % 12 + 1:02d}", "month"
    return f"{d.year + n:04d}", "year"


@lru_cache(maxsize=3)
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    """The date patterns of a language, compiled once."""
    months = month_names(lang)
    month_alt = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    part_alt = "|".join(re.escape(p) for p in sorted(PARTS[lang], key=len, reverse=True))
    sep = r"[\s\-]*"
    pre = r"(?:(?<=\W)|^)[وفبل]?" if lang == "ar" else r"\b"
    year_re = r"(?P<y>(?:19|20)\d\d)\b"
    weekdays = "|".join(re.escape(w) for w in WEEKDAYS[lang])
    past_next = "|".join(PAST[lang] + NEXT[lang])
    rel = "|".join(re.escape(p) for p in sorted(RELATIVE[lang], key=len, reverse=True))
    return {
        "dmy": re.compile(rf"{pre}(?:(?P<d>\d{{1,2}}){sep}(?:من\s+)?)?(?P<m>{month_alt})(?:\s*\([^)]*\))?"
                          rf"(?:{sep},?\s*(?P<y>\d{{4}}))?(?!\w)"),
        "part": re.compile(rf"{pre}(?P<p>{part_alt})[\s\-]*(?:de\s+l'annee\s+|عام\s+|of\s+)?{year_re}"),
        "weekday": re.compile(rf"{pre}(?:يوم\s+)?(?P<w>{weekdays})(?:\s+(?P<r>{past_next}))?(?!\w)"),
        "relative": re.compile(rf"{pre}(?P<x>{rel})(?!\w)"),
        "year": re.compile(r"(?<![\d\-/])((?:19|20)\d\d)(?![\d\-/])"),
        "before": re.compile(rf"(?:^|\W)(?:{'|'.join(re.escape(b) for b in BEFORE[lang])})\s+$"),
    }


def find_dates(text: str, lang: str, published: str | None) -> list[DateFound]:
    """Date expressions in a normalised sentence, resolved against ``published`` (YYYY-MM-DD)."""
    pub = date.fromisoformat(published) if published else None
    out: list[DateFound] = []
    months = month_names(lang)
    pats = _patterns(lang)
    for m in pats["dmy"].finditer(text):
        mon = months[m.group("m")]
        year = int(m.group("y")) if m.group("y") else (pub.year if pub else None)
        if year is None:
            continue
        if m.group("d") and 1 <= int(m.group("d")) <= 31:
            try:
                val, prec = date(year, mon, int(m.group("d"))).isoformat(), "day"
            except ValueError:
                continue
        else:
            val, prec = f"{year:04d}-{mon:02d}", "month"
        if not m.group("y") and pub and val[:7] > published[:7]:  # type: ignore[index]
            val = f"{year - 1:04d}" + val[4:]
        out.append(DateFound(m.start(), m.end(), EventDate(val, prec, None)))  # type: ignore[arg-type]
    for m in pats["part"].finditer(text):
        out.append(DateFound(m.start(), m.end(), EventDate(m.group("y"), "year", None)))
    if pub is not None:
        for m in pats["weekday"].finditer(text):
            i = WEEKDAYS[lang].index(m.group("w"))
            if m.group("r") in NEXT[lang]:
                day = pub + timedelta(days=(i - pub.weekday()) % 7 or 7)
            else:
                day = pub - timedelta(days=(pub.weekday() - i) % 7 or (7 if m.group("r") else 0))
            out.append(DateFound(m.start(), m.end(), EventDate(day.isoformat(), "day", None)))
        for m in pats["relative"].finditer(text):
            unit, n = RELATIVE[lang][m.group("x")]
            val, prec = _shift(pub, unit, n)
            out.append(DateFound(m.start(), m.end(), EventDate(val, prec, None)))  # type: ignore[arg-type]
    for m in pats["year"].finditer(text):
        out.append(DateFound(m.start(), m.end(), EventDate(m.group(1), "year", None)))
    out.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateFound] = []
    for d in out:
        if kept and d.start < kept[-1].end:
            continue
        before = bool(pats["before"].search(text[max(0, d.start - 12):d.start]))
        kept.append(DateFound(d.start, d.end, d.date, before))
    return kept
