"""Finding actor mentions: one automaton pass, clitic-aware boundaries, longest match,
role + country composition, and the document-level rules (ambiguous aliases, surnames).

Context-dependent references (بلاده, the two countries, the northern neighbour)
are resolved afterwards in ``coref.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from marsad.kb.base import _FUNCTION_WORDS, KIND_PRIORITY, Alias, KnowledgeBase
from marsad.kb.persons import _lexicon_words, find_person_names, get_name_data
from marsad.model import Actor, Mention, Sentence
from marsad.text import ar, en, fr
from marsad.text.matching import Match, is_arabic
from marsad.text.matching import scan as scan_automaton
from marsad.text.memo import WordMemo
from marsad.text.normalise import NormalisedText, normalise_key

_LANG = {"ar": ar, "en": en, "fr": fr}


@dataclass
class RawMatch:
    """A match in normalised coordinates, before it becomes a :class:`Mention`."""

    start: int
    end: int
    aliases: tuple[Alias, ...]
    how: str = "name"
    actor: Actor | None = None
    after_preposition: bool = False
    definite: bool = False  # written with the article (التركي)


def _word_start(text: str, pos: int) -> int:
    """Start of the word containing ``pos`` (so an Arabic proclitic such as ال is not a gap)."""
    while pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
        pos -= 1
    return pos


def _case_ok(original: str, written: str) -> bool:
    """Latin aliases keep their case where case carries meaning (US vs us, Chad vs chad)."""
    letters = [c for c in written if c.isalpha()]
    if not letters or (not letters[0].isascii() and not letters[0].isupper()):
        return True
    if len(letters) <= 5 and all(c.isupper() for c in letters):
        return [c for c in original if c.isalpha()] == letters
    if letters[0].isupper():
        first = next((c for c in original if c.isalpha()), "")
        return first.isupper()
    return True


def scan(norm: NormalisedText, original: str, kb: KnowledgeBase) -> list[RawMatch]:
    """All KB aliases in the text with valid boundaries, leftmost-longest, non-overlapping."""

    def accept(m: Match) -> tuple[Alias, ...] | None:
        if m.suffix:
            return None  # names take no enclitic pronoun
        letters = m.prefix.replace("ال", "")
        if letters and letters[-1:] + norm.text[m.start:m.end] in kb.glued_words:
            return None  # ولاية is a word, not و + a name (data/kb/place_collisions.tsv)
        aliases = tuple(a for a in m.payload if not a.article_elided or m.prefix.endswith("لل"))
        if m.accusative:  # جنديًا عراقيًا: a role noun or an adjective in the indefinite accusative; a name
            aliases = tuple(a for a in aliases if a.kind in ("role", "adjective", "demonym"))  # takes none (مصرًا)
        if not aliases:
            return None
        if is_arabic(norm.text[m.start]):
            return aliases
        s, e = norm.map.span_to_orig(m.start, m.end)
        return tuple(a for a in aliases if _case_ok(original[s:e], a.written)) or None

    # The article belongs to the mention (الروسي, not روسي); conjunctions and prepositions do not.
    out = []
    for m in scan_automaton(kb.automaton, norm.text, accept, accusative=True):
        before = norm.text[max(0, m.start - len(m.prefix) - 6):m.start - len(m.prefix)].split()
        prep = m.prefix.lstrip("وف")[:1] in ("ب", "ل") or bool(before and before[-1] in ar.PREPOSITIONAL_WORDS)
        definite = m.prefix.endswith("ال")
        out.append(RawMatch(m.start - (2 if definite else 0), m.end, m.payload, after_preposition=prep,
                            definite=definite))
    return out


def _article_surname(word: str, lang: str) -> bool:
    """An Arabic surname with the article that can stand alone for a KB person named in full before it
    (الجبير، العبادي، الحريري): at least three letters after ال, not الله, and no word of the event lexicon
    (a surname like العمل would make every later "work" the person)."""
    if lang != "ar" or len(word) < 5 or normalise_key(word) in _ARTICLE_NOT_SURNAMES:
        return False
    return word not in _lexicon_words("ar")[0] and word[2:] not in _lexicon_words("ar")[0]


_ARTICLE_NOT_SURNAMES = frozenset(normalise_key(w) for w in ("الله", "الدين", "الرحمن", "الملك", "الأمير"))


def _definite_given_name(m: RawMatch, alias: Alias, text: str) -> bool:
    """An adjective that is ambiguous because it is also a given name (تركي Turki, يمني) is plain with the
    article: التركي is Turkish, a person's given name never takes ال. Other ambiguous words keep their
    ambiguity with it (المالي is still "the financial")."""
    if not (m.definite and alias.kind == "adjective"):
        return False
    return normalise_key(text[m.start + 2:m.end]) in get_name_data().given.get("ar", frozenset())


def _choose(m: RawMatch, seen_people: set[str], lang: str, named: frozenset[str] = frozenset()) -> Alias:
    """The reading of a match: a person already seen, else a state the document names by another word (عمان
    in an article that names الأردن is Amman, not Oman), else by kind (a name before a capital)."""
    def rank(a: Alias) -> tuple[int, int, int, int]:
        return (0 if a.section == "people" and a.entry_id in seen_people else 1,
                0 if a.section == "states" and a.entry_id in named else 1,
                KIND_PRIORITY.get(a.kind, 9), 0 if a.lang == lang else 1)

    return min(m.aliases, key=rank)


def _given_name_before_name(start: int, end: int, norm: NormalisedText, original: str) -> bool:
    """A capital's name that is also a given name (Riyadh, Riad), followed at once by a capitalised word: the
    start of a person's name (the person finder reads it), in Latin script where capitals show it."""
    from marsad.kb.persons import get_name_data

    if normalise_key(norm.text[start:end]) not in get_name_data().given["latin"]:
        return False
    _, e = norm.map.span_to_orig(start, end)
    nxt = re.match(r"[ \t]+([^\W\d_])", original[e:])
    return nxt is not None and nxt.group(1).isupper()


def _in_idiom(start: int, end: int, text: str, lang: str) -> bool:
    """A place name that begins an idiom (``PLACE_IDIOMS``: مسقط رأسه, his birthplace)."""
    follow = _LANG[lang].PLACE_IDIOMS.get(text[start:end].split()[-1] if text[start:end].strip() else "")
    if not follow:
        return False
    nxt = re.match(r"\s+(\w+)", text[end:])
    return nxt is not None and nxt.group(1) in follow


def _in_sea_name(m: RawMatch, text: str, lang: str) -> bool:
    """A state's name or adjective inside the name of a sea (المحيط الهندي، خليج عمان، the Indian Ocean, the
    Gulf of Oman, le golfe Persique, la mer de Chine): a place, no actor. ``SEA_WORDS`` (text/*.py) come right
    before it, or before "of" / "de" before it, or (English) right after it."""
    if m.actor is not None or not all(a.section == "states" for a in m.aliases):
        return False
    words = _LANG[lang].SEA_WORDS
    nxt = re.match(r"\s+(\w+)", text[m.end:])
    if lang == "en" and nxt is not None and nxt.group(1) in words:
        return True
    before = text[max(0, m.start - 24):_word_start(text, m.start)].replace("'", " ").replace("’", " ").split()
    if before and before[-1] in ("of", "de", "d"):
        before = before[:-1]
    return bool(before) and (before[-1] in words or (lang == "ar" and before[-1][1:] in words and
                                                      before[-1][0] in "وف"))  # والمحيط الهندي


_DEFINITE_AR = tuple(sorted((p for p in ar.PROCLITIC_SEQUENCES if p.endswith(("ال", "لل"))), key=len))


def _definite_ar(word: str) -> bool:
    """An Arabic word with the article, after any proclitics (السفير، والسفير، للسفير): ``text.ar``'s sequences."""
    return word.startswith(_DEFINITE_AR)


def _compose_roles(matches: list[RawMatch], text: str, kb: KnowledgeBase, lang: str,
                   on: str | None) -> list[RawMatch]:
    """Join a role noun with the country beside it: الرئيس الروسي, Russian president, l'armée malienne."""
    links = _LANG[lang].ROLE_COUNTRY_LINKS
    out: list[RawMatch] = []
    i = 0
    while i < len(matches):
        m = matches[i]
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        role = next((a for a in m.aliases if a.section == "roles"), None)
        if role and nxt:
            gap = text[m.end:_word_start(text, nxt.start)].strip()
            country = next((a for a in nxt.aliases if a.section == "states" and a.kind in ("adjective", "name")),
                           None)
            linked = gap == "" or gap in links or gap.rstrip("'") in links
            if country and country.kind == "name" and gap == "" and lang == "ar" and \
                    _definite_ar(text[m.start:m.end]) and not any(a.kind == "adjective" for a in nxt.aliases) \
                    and not text[nxt.start:nxt.end].endswith(("ي", "يه")):  # nor a nisba adjective (المالي)
                linked = False  # السفير اليابان: a noun with the article takes no genitive; اليابان is the object
            if country and country.kind == "adjective" and country.ambiguous and lang == "ar" and \
                    _definite_ar(text[m.start:m.end]) and not nxt.definite:
                linked = False  # الأمير تركي الفيصل: an adjective agrees in definiteness; تركي here is a name
            if country and linked and (country.kind == "adjective" or gap != "" or lang == "ar"):
                actor = kb.role_actor(role.entry_id, country.entry_id, on)
                out.append(RawMatch(m.start, nxt.end, (role, country), "role", actor))
                i += 2
                continue
        # A body named after the leader it serves: قوات الأسد، نظام الأسد، حكومة نتنياهو (a role noun without the
        # article, in construct with a person: the person's state, the noun's sector); الرئيس الأسد is a title.
        ruler = _ruler_country(nxt, kb, on) if role and nxt and lang == "ar" else None
        if role and nxt and ruler and not kb.roles[role.entry_id].title and \
                text[m.end:_word_start(text, nxt.start)].strip() == "" and not _definite_ar(text[m.start:m.end]):
            body_actor = kb.role_actor(role.entry_id, ruler, on)
            out.append(RawMatch(m.start, nxt.end, (role, *nxt.aliases), "role", body_actor))
            i += 2
            continue
        # A post in an international or state body: مبعوث الأمم المتحدة، المبعوث الأممي، the UN envoy. The
        # person holding it is that body's (IGO, or the body's country), not a government of the place named
        # after it (مبعوث الأمم المتحدة إلى ليبيا is no Libyan).
        body = _body(nxt, kb) if role and nxt else None
        if role and nxt and body is not None:
            gap = text[m.end:_word_start(text, nxt.start)].strip()
            if gap == "" or gap in links or gap.rstrip("'") in links:
                out.append(RawMatch(m.start, nxt.end, (role, *nxt.aliases), "role", _post(kb, role, body)))
                i += 2
                continue
        gap = text[m.end:nxt.start].strip() if nxt else ""
        prev_country = next((a for a in m.aliases if a.section == "states" and a.kind in ("adjective", "name")),
                            None)
        # English puts the country first: "Russian president", "Russia's army", "Ivory Coast rebels",
        # "Nigerian junior foreign minister" (one modifier between, after an adjective).
        prev_body = _body(m, kb) if nxt and lang == "en" and _modifier_gap(gap, False) else None
        role2 = next((a for a in nxt.aliases if a.section == "roles"), None) if prev_body else None
        if prev_body is not None and role2 is not None and nxt is not None:  # "the UN envoy"
            out.append(RawMatch(m.start, nxt.end, (role2, *m.aliases), "role", _post(kb, role2, prev_body)))
            i += 2
            continue
        # "Assad's forces", "the Assad regime": a collective role after a leader's name (as in Arabic above)
        ruler = _ruler_country(m, kb, on) if nxt and lang == "en" and gap in ("", "'s", "’s") else None
        role2 = next((a for a in nxt.aliases if a.section == "roles"), None) if ruler and nxt else None
        if ruler and role2 is not None and nxt is not None and not kb.roles[role2.entry_id].title:
            body_actor = kb.role_actor(role2.entry_id, ruler, on)
            out.append(RawMatch(m.start, nxt.end, (role2, *m.aliases), "role", body_actor))
            i += 2
            continue
        # the modifier only after an adjective: after a name the word is a verb ("Britain mobilized army …")
        if prev_country and nxt and lang == "en" and _modifier_gap(gap, prev_country.kind == "adjective"):
            role2 = next((a for a in nxt.aliases if a.section == "roles"), None)
            if role2:
                actor = kb.role_actor(role2.entry_id, prev_country.entry_id, on)
                out.append(RawMatch(m.start, nxt.end, (role2, prev_country), "role", actor))
                i += 2
                continue
        out.append(m)
        i += 1
    return out


def _ruler_country(m: RawMatch, kb: KnowledgeBase, on: str | None) -> str | None:
    """The state a KB person leads on the date (head of state or of government), for the bodies named after
    him; None for anyone else (a minister's forces are not a phrase of news)."""
    person = next((a for a in m.aliases if a.section == "people"), None)
    if person is None:
        return None
    role = kb.role_in_force(kb.people[person.entry_id], on)
    if role is None or role.title not in ("head_of_state", "head_of_government"):
        return None
    return role.country


def _modifier_gap(gap: str, after_adjective: bool) -> bool:
    """What may stand between an English country or body and the role noun it qualifies: nothing, the
    possessive, or one lowercase modifier after an adjective or after the possessive (Nigerian junior
    minister, Iran's religious leader). After a bare name a lowercase word is a verb (Britain mobilized army)."""
    if gap in ("", "'s", "’s"):
        return True
    words = gap.split()
    if words and words[0] in ("'s", "’s"):
        words, after_adjective = words[1:], True
    return after_adjective and len(words) == 1 and words[0].isalpha() and words[0].islower()


def _body(m: RawMatch, kb: KnowledgeBase) -> Actor | None:
    """The organisation a match names, when it is an IGO or has a country (a post can be held in it)."""
    org = next((a for a in m.aliases if a.section == "organisations"), None)
    if org is None:
        return None
    actor = kb.org_actor(org.entry_id)
    return actor if actor.sector == "IGO" or actor.country else None


def _post(kb: KnowledgeBase, role: Alias, body: Actor) -> Actor:
    r = kb.roles[role.entry_id]
    # a post in a body is of the body's sector: a party's secretary-general is PTY, an armed group's
    # spokesman REB (CAMEO codes the organisation, not the office)
    sector = body.sector or r.sector
    return Actor(id=f"{body.id}-{role.entry_id}", name=f"{body.name} {r.name('en') or role.entry_id}",
                 name_ar=f"{r.name('ar') or ''} {body.name_ar or ''}".strip() or None, country=body.country,
                 sector=sector, type="organisation", how="adjective" if body.country else None)


def find_mentions(norm: NormalisedText, original: str, sentences: list[Sentence], kb: KnowledgeBase,
                  lang: str, on: str | None) -> list[Mention]:
    """Actor mentions resolved by name, role and capital metonym (not yet pronouns)."""
    text = norm.text
    matches = _compose_roles(scan(norm, original, kb), text, kb, lang, on)
    unambiguous = {a.entry_id for m in matches for a in m.aliases if not a.ambiguous}
    # States each match's text could be, and the states the rest of the document names with other words.
    state_keys: dict[str, int] = {}
    for m in matches:
        # a KB person or a composed role names its country too (الملك عبدالله الثاني في عمان: Amman)
        people = {a.entry_id for a in m.aliases if a.section == "people"}
        country = m.actor.country if m.actor is not None else \
            kb.person_actor(next(iter(people)), on).country if len(people) == 1 and len(m.aliases) == 1 else None
        if country:
            state_keys[country] = state_keys.get(country, 0) + 1
        for a in m.aliases:
            if a.section == "states" and len({x.entry_id for x in m.aliases if x.section == "states"}) == 1:
                state_keys[a.entry_id] = state_keys.get(a.entry_id, 0) + 1
    named_by_other = {id(m): frozenset(state_keys) for m in matches
                      if len({a.entry_id for a in m.aliases if a.section == "states"}) > 1}
    seen_people: set[str] = set()
    surnames: dict[str, str] = {}
    starts = [s.start for s in sentences]
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in matches:
        if lang != "ar" and all(a.kind == "capital" for a in m.aliases) and \
                _given_name_before_name(m.start, m.end, norm, original):
            continue  # Riyadh Yassin, Minister Riad Malki: a person's given name, not a capital
        if _in_idiom(m.start, m.end, norm.text, lang) or _in_sea_name(m, norm.text, lang):
            continue
        if m.actor is None:
            alias = _choose(m, seen_people, lang, named_by_other.get(id(m), frozenset()))
            # مالي is also "financial": alone it counts only if the document names Mali plainly, or
            # where only a name can stand, after a preposition (لمالي، في مالي).
            if alias.ambiguous and alias.entry_id not in unambiguous and not (m.after_preposition and
                                                                              alias.kind == "name") \
                    and not _definite_given_name(m, alias, text):
                continue
            m.actor = kb.actor_for(alias, on)
            # A role noun with no country (الشرطة, protesters, l'armée) is an actor of unknown country.
            m.how = "metonym" if alias.kind == "capital" else "role" if alias.section == "roles" else "name"
            if alias.section == "people":
                seen_people.add(alias.entry_id)
                if alias.kind == "name":
                    last = text[m.start:m.end].split()[-1]
                    # Not function words, nor الله (after نصر الله a bare الله is not the person); a surname
                    # with the article (الجبير، العبادي) is his too, matched exactly (see _surname_mentions)
                    if len(last) >= 4 and last not in _FUNCTION_WORDS and (
                            not last.startswith("ال") or _article_surname(last, lang)):
                        surnames[last] = alias.entry_id
        s, e = norm.map.span_to_orig(m.start, m.end)
        taken.append((m.start, m.end))
        mentions.append(Mention(s, e, original[s:e], m.actor, m.how,  # type: ignore[arg-type]
                                max(0, bisect_right(starts, s) - 1)))
    mentions.extend(_surname_mentions(norm, original, kb, surnames, taken, starts, on))
    mentions.sort(key=lambda x: x.start)
    mentions = _drop_titles(mentions, original)
    mentions.extend(_place_mentions(norm, original, kb, mentions, starts, lang))
    # People the KB does not know (given name / title + name tokens), and their bare surnames.
    mentions.extend(find_person_names(norm, original, sentences, kb, lang, mentions))
    mentions.sort(key=lambda x: x.start)
    return _drop_titles(mentions, original)


_BIG_CITY = 1_000_000


def _place_prefixes(kb: KnowledgeBase, word: str) -> tuple[str, ...]:
    """The proclitic readings of an Arabic ``word`` whose rest may open a gazetteer name, in the order tried."""
    out = []
    for pre in ("", "ب", "و", "وب", "ال", "بال", "وال"):
        if not word.startswith(pre) or len(word) - len(pre) < 3 or word[len(pre):] not in kb.place_first_words:
            continue
        if pre and pre.replace("ال", "")[-1:] + word[len(pre):] in kb.glued_words:
            continue  # بلاد is "country", not ب + a town
        out.append(pre)
    return tuple(out)


_PLACE_PREFIXES: WordMemo[tuple[str, ...]] = WordMemo(_place_prefixes)


def _place_mentions(norm: NormalisedText, original: str, kb: KnowledgeBase, found: list[Mention],
                    starts: list[int], lang: str) -> list[Mention]:
    """Cities from the gazetteer: after a locative preposition (في، قرب، إلى، من؛ in, near; à, près de), or
    alone when large. Their names are often ordinary words elsewhere, so context gates them; a name measured
    to be an ordinary word in news (``kb.place_collisions``: في إطار is "within the framework", not in Atar)
    is a place only after a place noun (مدينة، بلدة، محافظة)."""
    # Overlap with a mention already found, in O(log n): ``found`` is sorted by start, so those starting
    # before ``e`` are a prefix, and one of them overlaps [s, e) iff the largest end in that prefix is > s.
    # Places added here come word by word, each before the current word: one overlaps iff its end is > s.
    found_starts = [m.start for m in found]
    found_max_end: list[int] = []
    for m in found:
        found_max_end.append(max(m.end, found_max_end[-1]) if found_max_end else m.end)
    added_end = -1

    def overlaps(s: int, e: int) -> bool:
        k = bisect_left(found_starts, e)
        return (k > 0 and found_max_end[k - 1] > s) or added_end > s

    countries = {m.entity.country for m in found if m.entity.country}
    locatives = _LANG[lang].LOCATIVES
    out: list[Mention] = []
    words = list(re.finditer(r"\w+", norm.text))
    memo = _PLACE_PREFIXES.table(kb)
    for i, w in enumerate(words):
        word = w.group()
        if lang == "ar":
            pres = memo.get(word)
            if pres is None:
                pres = _PLACE_PREFIXES.fill(memo, kb, word)
        else:
            pres = ("",) if len(word) >= 3 and word in kb.place_first_words else ()
        if not pres:
            continue
        prev = words[i - 1].group() if i else ""
        for pre in pres:
            stem = word[len(pre):]
            for key, end in ((f"{stem} {words[i + 1].group()}", words[i + 1].end()) if i + 1 < len(words) else
                             (None, 0), (stem, w.end())):
                if key is None or key in _FUNCTION_WORDS or key in _LANG[lang].COMMON_PLACE_WORDS:
                    continue
                place = kb.best_place(key, countries)
                if place is None:
                    continue
                if key in kb.place_collisions:  # also a common word: a place only after a place noun
                    gated = lang == "ar" and prev.lstrip("وب") in ar.PLACE_NOUNS
                else:
                    gated = prev in locatives or pre.endswith("ب") or place.population >= _BIG_CITY
                s, e = norm.map.span_to_orig(w.start() + len(pre), end)
                if not gated or overlaps(s, e):
                    continue
                if lang != "ar" and not original[s:s + 1].isupper():
                    continue
                if lang != "ar" and prev not in locatives and _given_name_before_name(w.start(), end, norm, original):
                    continue  # Riyadh Yassin: a person
                if _in_idiom(w.start() + len(pre), end, norm.text, lang):
                    continue
                out.append(Mention(s, e, original[s:e], kb.place_actor(place), "name",
                                   max(0, bisect_right(starts, s) - 1)))
                added_end = max(added_end, e)
                break
            else:
                continue
            break
    return out


def _drop_titles(mentions: list[Mention], original: str) -> list[Mention]:
    """A bare role word next to a name is that person's title, not another actor:
    "الجنرال آسيمي غويتا", "General Tiani", "le colonel Goïta"."""
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        if m.how == "role" and m.entity.country is None:
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            prv = mentions[i - 1] if i > 0 else None
            if nxt and nxt.entity.type == "person" and original[m.end:nxt.start].strip() == "":
                continue
            if prv and prv.entity.type == "person" and original[prv.end:m.start].strip(" ،,") == "":
                continue
        out.append(m)
    return out


def _given_name(word: str) -> bool:
    """A word that starts people's names (Ahmad, محمد)."""
    given = get_name_data().given
    return any(normalise_key(word) in names for names in given.values())


def _surname_mentions(norm: NormalisedText, original: str, kb: KnowledgeBase, surnames: dict[str, str],
                      taken: list[tuple[int, int]], starts: list[int], on: str | None) -> list[Mention]:
    """A later bare surname, or a one-letter spelling variant of it, refers to the person named in full."""
    if not surnames:
        return []
    out: list[Mention] = []
    taken_starts = sorted(taken)
    lengths = {len(n) for n in surnames}
    lengths |= {n + 1 for n in lengths} | {n - 1 for n in lengths}
    ends = {n[-2:] for n in surnames} | {n[:2] for n in surnames}
    for w in re.finditer(r"\w+", norm.text):
        if not any(0 <= len(w.group()) - n <= 3 for n in lengths) or \
                not (w.group()[-2:] in ends or any(n[:2] in w.group()[:5] for n in surnames)):
            continue
        i = bisect_right(taken_starts, (w.start(), 10**12)) - 1
        if i >= 0 and taken_starts[i][0] <= w.start() < taken_starts[i][1]:
            continue
        word = w.group()
        start = w.start()
        for pro in ("", *sorted(ar.PROCLITIC_SEQUENCES_NO_ARTICLE - {""}, key=len, reverse=True)):
            if not word.startswith(pro):
                continue
            stem = word[len(pro):]
            pid = surnames.get(stem)
            # الجبير، not الخبير "the expert"; nor a given name spelt one letter off (after Ismail Ould Cheikh
            # Ahmed, Ahmad Fawzi is somebody else)
            if pid is None and len(stem) >= 5 and not stem.startswith("ال") and not _given_name(stem):
                pid = next((p for s, p in surnames.items() if len(s) >= 5 and Levenshtein.distance(s, stem) <= 1),
                           None)
            if pid:
                s, e = norm.map.span_to_orig(start + len(pro), w.end())
                out.append(Mention(s, e, original[s:e], kb.person_actor(pid, on), "name",
                                   max(0, bisect_right(starts, s) - 1)))
                break
    return out
