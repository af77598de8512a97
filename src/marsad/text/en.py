"""English language data: abbreviations and function words."""

from __future__ import annotations

ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen",
        "rep", "st", "jr", "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "e.g", "i.e", "u.s",
        "u.k", "u.n", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mt", "ft", "pres", "amb",
    }
)

FUNCTION_WORDS = frozenset(
    {"the", "of", "and", "to", "in", "is", "was", "that", "for", "on", "with", "by", "as", "said", "from",
     "has", "have", "were", "are", "it", "its", "at", "an", "this", "which", "will", "after", "their"}
)

COUNTRY_PRONOUNS = frozenset({"his country", "her country", "their country", "our country", "its government",
                              "his government", "her government", "our government"})
SPEAKER_PRONOUNS = frozenset({"our country", "our government"})
DYAD_WORDS = frozenset({"the two countries", "both countries", "the two sides", "both sides", "the two nations"})
# Of the dyad words, those that name sides, not states: they refer to two states only when the last two parties
# named are of two countries (after two armed groups, "the two sides" are theirs).
SIDE_WORDS = frozenset({"the two sides", "both sides"})
NEIGHBOUR_WORDS = frozenset({"neighbour", "neighbor", "neighbouring country", "neighboring country"})
DIRECTIONS = {"northern": 0.0, "southern": 180.0, "eastern": 90.0, "western": 270.0}
ROLE_COUNTRY_LINKS = ("of",)

_VOWELS = "aeiou"


def verb_forms(citation: list[str]) -> set[str]:
    """Regular English inflections of base verbs: -s, -ed, -ing (meet's 'met' is given in the lexicon)."""
    out: set[str] = set()
    for base in citation:
        words = base.split(" ", 1)
        head, rest = words[0], (" " + words[1] if len(words) > 1 else "")
        forms = {head}
        if head.endswith(("s", "sh", "ch", "x", "z", "o")):
            forms.add(head + "es")
        elif head.endswith("y") and len(head) > 1 and head[-2] not in _VOWELS:
            forms.add(head[:-1] + "ies")
        else:
            forms.add(head + "s")
        if head.endswith("e"):
            forms |= {head + "d", (head[:-1] if not head.endswith("ee") else head) + "ing"}
        elif head.endswith("y") and len(head) > 1 and head[-2] not in _VOWELS:
            forms |= {head[:-1] + "ied", head + "ing"}
        elif (len(head) <= 4 and len(head) >= 3 and head[-1] not in _VOWELS + "wxy" and head[-2] in _VOWELS
              and head[-3] not in _VOWELS):
            forms |= {head + head[-1] + "ed", head + head[-1] + "ing", head + "ed", head + "ing"}
        else:
            forms |= {head + "ed", head + "ing"}
        out |= {f + rest for f in forms}
    return out

SUMMARY_MARKERS = ("in sum", "in short", "in conclusion", "all in all", "overall", "to sum up")
COACTOR_MARKERS = ("along with", "together with", "alongside")
BETWEEN = ("between",)
AGENT_MARKERS = ("by",)
DEFINITE_PREFIXES = ("the",)
# A possessive determiner before an event noun (their withdrawal, its visit): the possessor is the clause's
# subject or the topic, as an Arabic possessive suffix is (انسحابها).
POSSESSIVES = ("his", "her", "its", "their")
CONTEXT_WORDS = {
    "military": ("military", "defence", "defense", "security", "arms", "weapons", "army"),
    "economic": ("economic", "trade", "investment", "economy", "commercial"),
    "energy": ("energy", "oil", "gas", "nuclear"),
    "terrorism": ("terrorism", "terrorist", "jihadist", "militants"),
    "nuclear": ("nuclear",),
    "humanitarian": ("humanitarian", "refugees"),
}

# Function words are never event triggers.
STOPWORDS = FUNCTION_WORDS
# After a preposition a form that is both a verb and a noun (aid, attack, visit) is the noun: "dollars of aid".
# "to" is left out: it also opens an infinitive (to aid).
PREPOSITIONAL_WORDS: frozenset[str] = frozenset({
    "of", "for", "in", "on", "after", "before", "during", "with", "without", "against", "amid", "over", "about",
    "despite", "from", "into", "under", "by", "through", "since"})
VERB_ENCLITICS: frozenset[str] = frozenset()

# A clause opened by a relative pronoun takes the mention before it as subject, and is presupposed:
# speculation or a report around it does not reach into it.
RELATIVE_PRONOUNS = ("which", "who", "whose")

# A subject pronoun right before a verb (where he met …; il a rencontré): the verb's actor is the one the
# pronoun refers to, the last actor told (normalised; auxiliaries and adverbs between are skipped).
SUBJECT_PRONOUNS: frozenset[str] = frozenset("he she they it".split())
PRONOUN_SKIP: frozenset[str] = frozenset("had has have will would was were is are did does also then later".split())
TIME_WORDS: frozenset[str] = frozenset()
TIME_LINKS: dict[str, tuple[str, str]] = {}
UNDERGO_VERBS: frozenset[str] = frozenset()
OUTBREAK_VERBS: frozenset[str] = frozenset()
# Prepositions that put an event noun as the circumstance of the act before it (killed in an attack).
CIRCUMSTANCE_PREPS = frozenset("in during".split())
PLACE_NOUNS: frozenset[str] = frozenset()
# Auxiliaries that make the following participle passive: "was attacked by".
PASSIVE_AUX = ("was", "were", "been", "being", "is", "are", "be")
FUTURE_SUFFIXES: tuple[str, ...] = ()

# After a determiner an event word is a noun ("the attack", "l'attaque"), not a verb.
DETERMINERS: tuple[str, ...] = ("the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those")

# Number words: a casualty or crowd count anchors an attack or protest in a real occurrence.
NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten dozens hundreds thousands dozen scores""".split()
)
# Quantity words before a partitive of / de (two of its soldiers): the counted are a party, not an agent.
PARTITIVES = frozenset("one some several many most all dozens hundreds thousands".split())

# Words before a place name (normalised): they let a gazetteer city count as a place mention.
LOCATIVES = ("in", "near", "to", "from", "at", "outside", "city", "town")

PLACE_IDIOMS: dict[str, frozenset[str]] = {}
COMMON_PLACE_WORDS: frozenset[str] = frozenset()

# Words before a nationality that make it a people of that descent living elsewhere (kb/countries.ethnic_groups).
ETHNIC_MARKERS: tuple[str, ...] = ("ethnic",)

# Nouns for the members of a body, between a count's "of" and the body (seven members of the police).
MEMBER_NOUNS = frozenset("members".split())

# Articles: a word right after one is no verb (the end of March, a ban on imports).
ARTICLES: frozenset[str] = frozenset({"the", "a", "an"})

# Prefixes a hyphen joins to a verb or event noun (counter-attack, re-arrested): still the event word.
VERB_PREFIXES: frozenset[str] = frozenset({"counter", "re", "co", "pre", "mis"})

# Words that make a state's name or adjective next to them part of a sea's name (the Indian Ocean, the South
# China Sea, the Gulf of Oman is read from "of"), normalised.
SEA_WORDS: frozenset[str] = frozenset({"ocean", "sea", "gulf"})
