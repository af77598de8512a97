"""French language data: abbreviations, elided articles and function words."""

from __future__ import annotations

ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "gén", "gal", "col", "cdt", "lt", "st", "ste",
     "etc", "av", "apr", "j.-c", "p", "n°", "no", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc"}
)

# Elided forms before a vowel: l'armée, d'Algérie, qu'il.
ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu")

FUNCTION_WORDS = frozenset(
    {"le", "la", "les", "de", "des", "du", "et", "un", "une", "en", "dans", "que", "qui", "est", "pour",
     "par", "sur", "au", "aux", "avec", "ne", "pas", "il", "elle", "a", "été", "son", "sa", "ses", "selon"}
)

COUNTRY_PRONOUNS = frozenset({"son pays", "leur pays", "notre pays", "son gouvernement", "notre gouvernement",
                              "leur gouvernement"})
SPEAKER_PRONOUNS = frozenset({"notre pays", "notre gouvernement"})
DYAD_WORDS = frozenset({"les deux pays", "les deux parties", "les deux etats", "les deux capitales"})
# Of the dyad words, those that name sides, not states: they refer to two states only when the last two parties
# named are of two countries (after two armed groups, "the two sides" are theirs).
SIDE_WORDS = frozenset({"les deux parties"})
NEIGHBOUR_WORDS = frozenset({"voisin", "voisine", "pays voisin"})
DIRECTIONS = {"du nord": 0.0, "du sud": 180.0, "de l'est": 90.0, "de l'ouest": 270.0, "septentrional": 0.0,
              "meridional": 180.0}
ROLE_COUNTRY_LINKS = ("de", "du", "de la", "des", "d'", "de l'", "de l’", "d’")


def verb_forms(citation: list[str]) -> set[str]:
    """Third-person forms and participles of regular French -er verbs (others are listed in the lexicon)."""
    out: set[str] = set()
    for inf in citation:
        out.add(inf)
        words = inf.split(" ", 1)
        head, rest = words[0], (" " + words[1] if len(words) > 1 else "")
        reflexive = ""
        for pre in ("se ", "s'"):
            if inf.startswith(pre):
                reflexive = pre
                words = inf[len(pre):].split(" ", 1)
                head, rest = words[0], (" " + words[1] if len(words) > 1 else "")
        if not head.endswith("er"):
            continue
        st = head[:-2]
        soft = st + "e" if st.endswith("g") else st
        forms = {st + "e", st + "ent", soft + "ait", soft + "aient", st + "era", st + "eront", soft + "a",
                 st + "èrent", soft + "ant", st + "erait", st + "eraient", st + "é", st + "ée", st + "és", st + "ées"}
        out |= {f + rest for f in forms}
        if reflexive:
            out |= {"s'" + f + rest if f[0] in "aeéèiouh" else "se " + f + rest for f in forms}
    return out

SUMMARY_MARKERS = ("en somme", "en conclusion", "au final", "en definitive", "bref", "au bout du compte")
COACTOR_MARKERS = ("aux cotes de", "ainsi que", "de concert avec")
BETWEEN = ("entre",)
AGENT_MARKERS = ("par",)
DEFINITE_PREFIXES = ("le", "la", "les", "l'")
# A possessive determiner before an event noun (leur retrait, sa visite): see en.POSSESSIVES.
POSSESSIVES = ("son", "sa", "ses", "leur", "leurs")
CONTEXT_WORDS = {
    "military": ("militaire", "militaires", "defense", "securite", "armes", "armement", "armee"),
    "economic": ("economique", "economiques", "commerce", "commercial", "commerciaux", "investissement"),
    "energy": ("energie", "petrole", "gaz", "nucleaire"),
    "terrorism": ("terrorisme", "terroriste", "terroristes", "jihadiste", "jihadistes"),
    "nuclear": ("nucleaire", "nucleaires"),
    "humanitarian": ("humanitaire", "refugies"),
}

# Function words are never event triggers.
STOPWORDS = FUNCTION_WORDS
# After a preposition a form that is both a verb and a noun (aide, attaque, visite) is the noun: "l'envoi
# d'aide". "à" is left out: it also opens an infinitive (à aider), which no noun form shares anyway.
PREPOSITIONAL_WORDS: frozenset[str] = frozenset({
    "de", "du", "des", "d", "pour", "après", "apres", "avant", "contre", "sans", "par", "sur", "avec", "en",
    "pendant", "malgré", "malgre", "depuis", "lors", "dans"})
VERB_ENCLITICS: frozenset[str] = frozenset()

# A clause opened by a relative pronoun takes the mention before it as subject, and is presupposed:
# speculation or a report around it does not reach into it.
RELATIVE_PRONOUNS = ("qui", "lequel", "laquelle", "lesquels")

# Auxiliaries that make the following participle passive: "a été attaquée par".
# A subject pronoun right before a verb (where he met …; il a rencontré): the verb's actor is the one the
# pronoun refers to, the last actor told (normalised; auxiliaries and adverbs between are skipped).
SUBJECT_PRONOUNS: frozenset[str] = frozenset("il elle ils elles".split())
PRONOUN_SKIP: frozenset[str] = frozenset("a ont avait avaient va vont sera seront aussi ensuite".split())
TIME_WORDS: frozenset[str] = frozenset()
TIME_LINKS: dict[str, tuple[str, str]] = {}
UNDERGO_VERBS: frozenset[str] = frozenset()
OUTBREAK_VERBS: frozenset[str] = frozenset()
# Prepositions that put an event noun as the circumstance of the act before it (killed in an attack).
CIRCUMSTANCE_PREPS = frozenset("dans lors".split())
PLACE_NOUNS: frozenset[str] = frozenset()
PASSIVE_AUX = ("ete", "etait", "etaient", "sera", "seront", "est", "sont", "fut", "furent")
# Future and conditional endings of the simple future ("enverra", "signeront"): event.future.
FUTURE_SUFFIXES = ("era", "eront", "ira", "iront", "ra", "ront", "erait", "eraient")

# After a determiner an event word is a noun ("the attack", "l'attaque"), not a verb.
DETERMINERS: tuple[str, ...] = ("le", "la", "les", "l", "un", "une", "des", "du", "son", "sa", "ses", "leur",
                                "leurs", "ce", "cet", "cette", "ces")

# Number words: a casualty or crowd count anchors an attack or protest in a real occurrence.
NUMBER_WORDS = frozenset(
    """un deux trois quatre cinq six sept huit neuf dix dizaines centaines milliers douzaine""".split()
)
# Quantity words before a partitive of / de (two of its soldiers): the counted are a party, not an agent.
PARTITIVES = frozenset("un une certains plusieurs beaucoup dizaines centaines milliers".split())

# Words before a place name (normalised): they let a gazetteer city count as a place mention.
LOCATIVES = ("a", "en", "pres", "de", "vers", "dans", "ville")

PLACE_IDIOMS: dict[str, frozenset[str]] = {}
COMMON_PLACE_WORDS: frozenset[str] = frozenset()

# Words before a nationality that make it a people of that descent living elsewhere (kb/countries.ethnic_groups).
ETHNIC_MARKERS: tuple[str, ...] = ("d'origine", "d’origine", "de souche", "ethniques", "ethnique")

# Nouns for the members of a body, between a count's "de" and the body (sept membres de la police).
MEMBER_NOUNS = frozenset("membres éléments elements".split())

# Articles: a word right after one is no verb (la fin de mars, une attaque).
ARTICLES: frozenset[str] = frozenset({"le", "la", "les", "un", "une", "l"})

# Prefixes a hyphen joins to a verb or event noun (contre-attaque, co-signé): still the event word.
VERB_PREFIXES: frozenset[str] = frozenset({"contre", "co", "re", "pré", "pre"})

# Words before a state's name or adjective that make it part of a sea's name (l'océan Indien, le golfe
# Persique, la mer de Chine), normalised.
SEA_WORDS: frozenset[str] = frozenset({"ocean", "océan", "golfe", "mer"})
