"""Arabic language data: normalisation tables, clitics, abbreviations, function words.

Only constants and tiny pure helpers live here; the algorithms that use them are
in ``normalise.py``, ``sentences.py`` and ``tokens.py``.
"""

from __future__ import annotations

# Marks removed before matching: harakat, shadda, sukun, dagger alef, Quranic marks, tatweel.
DIACRITICS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]  # fathatan … hamza below, incl. U+065x marks
    + [chr(c) for c in range(0x06D6, 0x06EE)]  # Quranic annotation signs
    + ["\u0670", "\u0640"]  # superscript (dagger) alef, tatweel
)

# One letter → its matching form. ة→ه and ى→ي are folded because news spells them loosely.
LETTER_MAP: dict[str, str] = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ؤ": "و", "ئ": "ي",
    "ک": "ك", "گ": "ك", "ڤ": "ف", "پ": "ب", "چ": "ج",
}

DIGITS: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended Arabic-Indic (Persian/Urdu)
}

# Proclitics, in normalised spelling, in the order they stack: conjunction, preposition or future
# marker, article. ``لل`` is ل + ال with the article's alef elided.
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك", "س")
ARTICLE = "ال"


def _proclitic_sequences() -> frozenset[str]:
    seqs = {""}
    for c in ("", *CONJUNCTIONS):
        for p in ("", *PREPOSITIONS):
            for a in ("", ARTICLE):
                seqs.add(c + p + a)
            if p == "ل":
                seqs.add(c + "لل")
    return frozenset(seqs)


PROCLITIC_SEQUENCES = _proclitic_sequences()
PROCLITIC_SEQUENCES_NO_ARTICLE = frozenset(s for s in PROCLITIC_SEQUENCES if not s.endswith(("ال", "لل")))

# Enclitic pronouns, normalised (ها, هم, هما, هن, ه, ك, كم, كما, كن, نا, ني, ي).
ENCLITICS = ("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ني", "ه", "ك", "ي")
# The alif of the indefinite accusative (عقد اجتماعًا، شن هجومًا; usually written without the tanween mark): part
# of the word, not an enclitic; on a verb the same alif is the dual (هاجما), the same event.
ACCUSATIVE_ALIF = "ا"

# Abbreviations that end with a period but do not end a sentence.
ABBREVIATIONS = frozenset({"د", "م", "ص", "ج", "أ", "ا", "ق", "هـ", "ه", "ت"})

# Frequent function words, for language identification.
FUNCTION_WORDS = frozenset(
    {"في", "من", "على", "الى", "إلى", "عن", "مع", "ان", "أن", "إن", "التي", "الذي", "هذا", "هذه", "و", "لا", "ما"}
)

# Words the knowledge base resolves by context (see ``kb/coref.py``), normalised spelling.
COUNTRY_PRONOUNS = frozenset({"بلاده", "بلادها", "بلادهم", "بلادنا", "بلدنا", "بلده", "بلدها", "دولته", "دولتها",
                              "دولتنا", "حكومته", "حكومتها", "حكومتنا"})
SPEAKER_PRONOUNS = frozenset({"بلادنا", "بلدنا", "دولتنا", "حكومتنا"})
DYAD_WORDS = frozenset({"البلدين", "الدولتين", "البلدان", "الجانبين", "الطرفين"})
# Of the dyad words, those that name sides, not states: they refer to two states only when the last two parties
# named are of two countries (after two armed groups, "the two sides" are theirs).
SIDE_WORDS = frozenset({"الجانبين", "الطرفين"})
NEIGHBOUR_WORDS = frozenset({"جاره", "الجاره", "جار", "الجار", "جارتها", "جارته", "جارتنا"})
DIRECTIONS = {"الشماليه": 0.0, "الشمالي": 0.0, "الجنوبيه": 180.0, "الجنوبي": 180.0, "الشرقيه": 90.0,
              "الشرقي": 90.0, "الغربيه": 270.0, "الغربي": 270.0}
# Role noun followed by these before a country name: "رئيس المرحلة الانتقالية في مالي".
ROLE_COUNTRY_LINKS = ("في", "ل")


def verb_forms(citation: list[str]) -> set[str]:
    """Agreement forms of Arabic verbs given as (perfect, imperfect) 3rd masc. sing. pairs.

    Covers the forms news uses for 3rd persons (and 1st plural in quotes):
    زار → زارت زاروا زارا زارتا؛ يزور → تزور يزورون يزوران تزوران نزور. Defective
    verbs (التقى/يلتقي، دعا/يدعو) drop their final weak letter before suffixes.
    """
    out: set[str] = set()
    for i, form in enumerate(citation):
        if not form:
            continue
        out.add(form)
        imperfect = form[0] == "ي" and i % 2 == 1
        if not imperfect:
            if form.endswith("ى"):
                st = form[:-1]
                # st + "ا": اجراها, the ى written ا before a suffix
                out |= {st + "ت", st + "وا", st + "يا", st + "تا", st + "ينا", st + "ا"}
            elif form.endswith("ا"):
                st = form[:-1]
                out |= {st + "ت", st + "وا", st + "تا", form + "ن"}
            else:
                out |= {form + "ت", form + "وا", form + "ا", form + "تا", form + "ن", form + "نا"}
        else:
            st = form[1:]
            out |= {p + st for p in "تن"}  # not أ: 1st person sing. collides with nouns (أسلح/أسلحة)
            if len(st) == 3 and st[1] in "يوا":  # jussive of hollow verbs after لم: يدين → لم يدن
                out |= {p + st[0] + st[2] for p in "يتن"}
            if form.endswith(("ي", "و")) and len(st) >= 3:  # jussive of defective verbs: يلتقي → لم يلتق
                out |= {p + st[:-1] for p in "يتن"}
            if form.endswith(("ي", "و")):
                base = st[:-1]
                out |= {"ي" + base + "ون", "ي" + st + "ان", "ت" + st + "ان", "ي" + base + "وا", "ت" + st + "ن"}
            else:
                out |= {"ي" + st + "ون", "ي" + st + "وا", "ي" + st + "ان", "ت" + st + "ان", "ي" + st + "ن",
                        "ت" + st + "ون"}
    return out

# Discourse markers of a closing summary: its events restate earlier ones and add none.
SUMMARY_MARKERS = ("في المحصله", "في المحصلة", "خلاصه القول", "في الختام", "ختاما", "اجمالا", "اذن")
# Markers that join a co-actor: "مالي، إلى جانب دول الساحل، ..."
COACTOR_MARKERS = ("الي جانب", "برفقه", "بمعيه", "جنبا الي جنب مع")
# "between X and Y": both are participants of a reciprocal event.
BETWEEN = ("بين",)
# Agent markers after a passive: "على يد", "من قبل".
AGENT_MARKERS = ("من قبل", "علي يد", "من طرف")
DEFINITE_PREFIXES = ("ال", "لل")
# Arabic marks the possessor with a suffix (hit.suffix), not a determiner: see en.POSSESSIVES.
POSSESSIVES: tuple[str, ...] = ()
CONTEXT_WORDS = {
    "military": ("عسكري", "عسكريه", "دفاعي", "دفاعيه", "الدفاعيه", "العسكري", "العسكريه", "الدفاع", "الجيش",
                 "امني", "الامني", "امنيه", "الامنيه", "المسلحه", "الاسلحه", "اسلحه"),
    "economic": ("اقتصادي", "الاقتصادي", "الاقتصاديه", "اقتصاديه", "التجاري", "تجاري", "التجاره", "الاستثمار",
                 "الاقتصاد"),
    "energy": ("الطاقه", "النفط", "الغاز"),
    "nuclear": ("النوويه", "نوويه", "النووي", "نووي"),
    "terrorism": ("الارهاب", "الجماعات المسلحه", "الارهابيه", "الجهاديه"),
    "humanitarian": ("الانسانيه", "انسانيه", "الانساني", "اللاجئين"),
}

# Function words: never event triggers, whatever a generated verb form happens to spell (هنأ → هنا).
STOPWORDS = frozenset(
    ["في", "من", "على", "الى", "الي", "عن", "مع", "هذا", "هذه", "ذلك", "تلك", "هنا", "هناك", "هنالك", "التي",
     "الذي", "الذين", "اللذين", "اللتين", "كان", "كانت", "يكون", "تكون", "ان", "لا", "لم", "لن", "ما", "قد",
     "كل", "بعد", "قبل", "عند", "حيث", "ثم", "او", "بين", "حتى", "منذ", "غير", "دون", "ضد", "عبر", "خلال",
     "لدى", "نحو", "وسط", "اي", "اذا", "كما", "لكن", "بل", "هو", "هي", "هم", "هما", "نحن", "انت", "انتم",
     "انه", "انها", "ليس", "ليست", "مثل", "عليه", "عليها", "فيه", "فيها", "منه", "منها", "له", "لها", "لهم",
     "اليه", "اليها", "معه", "معها", "عنه", "عنها", "الا", "ايضا", "اما", "اذ", "لان", "كي", "لو", "لولا",
     "ولا", "وقد", "وما", "كذلك", "هكذا", "جدا", "فقط", "امام", "خلف", "فوق", "تحت", "داخل", "خارج", "قرب",
     "مما", "ممن", "عما", "فيما", "بما", "ريثما", "كلما"]
)
# Words after which an event word is a noun, not a verb: وسط تراجع, بعد انسحاب, خلال زيارة.
PREPOSITIONAL_WORDS = frozenset(
    ["وسط", "خلال", "عقب", "بعد", "قبل", "اثر", "رغم", "بسبب", "جراء", "اثناء", "منذ", "حول", "بشان", "ازاء",
     "لدى", "عند", "مع", "في", "من", "الي", "علي", "عن", "ضد"]
)
# Object pronouns a verb may carry (news verbs take 3rd-person objects: استقبله، التقاها).
VERB_ENCLITICS = frozenset({"ه", "ها", "هم", "هما", "هن"})

# A clause opened by a relative pronoun takes the mention before it as subject, and is presupposed:
# speculation or a report around it does not reach into it.
RELATIVE_PRONOUNS = ("التي", "الذي", "الذين", "اللذين", "اللتين", "اللواتي", "اللتان", "اللذان")

PASSIVE_AUX: tuple[str, ...] = ()
# A subject pronoun right before a verb (where he met …; il a rencontré): the verb's actor is the one the
# pronoun refers to, the last actor told (normalised; auxiliaries and adverbs between are skipped).
SUBJECT_PRONOUNS: frozenset[str] = frozenset()
PRONOUN_SKIP: frozenset[str] = frozenset()
# Time words that stand between a verb and its subject (قتل أمس 4 جنود): skipped when reading what follows
# the verb; normalised.
TIME_WORDS = frozenset("امس اول اليوم الليله فجر صباح مساء ظهر ليل امس،".split())
# A preposition that is part of a time phrase only between these two words (أول من أمس, the day before
# yesterday); anywhere else من is a preposition and ends a subject search.
TIME_LINKS: dict[str, tuple[str, str]] = {"من": ("اول", "امس")}

# Verbs of undergoing: their subject is the recipient of the event noun after ل (تعرضت القوات لهجوم, the
# forces came under attack); normalised.
UNDERGO_VERBS = frozenset("تعرض تعرضت يتعرض تتعرض تعرضوا يتعرضون تعرضا".split())
# Verbs that tell an event breaking out, going on or coming back (اندلعت الاشتباكات، تجددت المظاهرات): the
# definite event noun they govern is an occurrence told now, not a reference back to one told before;
# normalised.
OUTBREAK_VERBS = frozenset(
    """اندلع اندلعت يندلع تندلع تجدد تجددت يتجدد تتجدد تواصل تواصلت يتواصل تتواصل استمر استمرت يستمر تستمر
    انطلق انطلقت ينطلق تنطلق عمت يعم تعم خرجت تخرج اشتد اشتدت يشتد تشتد تصاعد تصاعدت يتصاعد تتصاعد""".split()
)
# Prepositions that put an event noun as the circumstance of the act before it (قتل جنديان في هجوم، أصيب
# بانفجار): the same event, told twice; ب is the proclitic, checked on the noun itself.
CIRCUMSTANCE_PREPS = frozenset({"في", "خلال", "اثر", "جراء"})
FUTURE_SUFFIXES: tuple[str, ...] = ()

# After a determiner an event word is a noun ("the attack", "l'attaque"), not a verb.
DETERMINERS: tuple[str, ...] = ()

# Number words: a casualty or crowd count anchors an attack or protest in a real occurrence.
# Normalised as the text is (ئ → ي, آ → ا, ة → ه): an entry spelled otherwise never matches (tests/test_text.py).
NUMBER_WORDS = frozenset(
    """واحد اثنان اثنين ثلاثه اربعه خمسه سته سبعه ثمانيه تسعه عشره عشر عشرات العشرات ميات الميات الاف الالاف
    الوف ميه مايه الف مليون ملايين عده عشرين ثلاثين اربعين خمسين جنديين شخصين""".split()
)

# Quantity words that take a partitive من (خمسة من عناصر الشرطة, أحد جنوده): what follows is the counted party,
# not an agent; numbers and NUMBER_WORDS count too.
PARTITIVES = frozenset("احد احدي بعض عدد عدد جميع كل معظم غالبيه اغلب".split())

# Words before a place name (normalised): they let a gazetteer city count as a place mention.
LOCATIVES = ("في", "قرب", "الي", "من", "داخل", "شمال", "جنوب", "شرق", "غرب", "وسط", "بمدينه", "مدينه", "بلده", "حي")

# Nouns that introduce a place name (مدينة بورصة): the context that makes a name which is also a common word
# (data/kb/place_collisions.tsv) a place; normalised.
PLACE_NOUNS = frozenset("مدينه بلده قريه محافظه ولايه اقليم منطقه حي مديريه بلديه ضاحيه مخيم".split())

# Idioms that begin with a place name (normalised): مسقط رأسه is "his birthplace", not Muscat. The name is no
# place or state when one of the listed words follows it.
PLACE_IDIOMS: dict[str, frozenset[str]] = {"مسقط": frozenset({"راس", "راسه", "راسها", "راسهم", "الراس"})}

# Common nouns that are also the names of places in the gazetteer (المدينة is Medina, and "the city").
COMMON_PLACE_WORDS = frozenset(
    "المدينه مدينه العاصمه القريه البلده الميناء المنطقه الجزيره السلام النصر الوحده الامل".split()
)

# Words before a nationality that make it a people of that descent living elsewhere (kb/countries.ethnic_groups).
ETHNIC_MARKERS: tuple[str, ...] = ("من أصل", "من اصل", "من أصول", "من اصول", "ذوي الأصول", "ذوو الأصول")

# Nouns for the members of a body, between a count's من and the body (سبعة من عناصر الشرطة), normalised.
MEMBER_NOUNS = frozenset("عناصر افراد اعضاء منتسبي مقاتلي".split())

# Articles written apart (none in Arabic: ال is a prefix, and a prefixed verb is already refused).
ARTICLES: frozenset[str] = frozenset()

# Prefixes a hyphen joins to an event word (none written so in Arabic).
VERB_PREFIXES: frozenset[str] = frozenset()

# Words before a state's name or adjective that make it part of a sea's name (المحيط الهندي، خليج عمان، بحر
# الصين), normalised.
SEA_WORDS: frozenset[str] = frozenset({"المحيط", "محيط", "البحر", "بحر", "الخليج", "خليج"})
