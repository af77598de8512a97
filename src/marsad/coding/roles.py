"""Who did it to whom, from the dependency parse: a table of UD relations from a trigger to its parties.

Why a table: the flat rules in ``coder.py`` guess roles from word order (the mention after an Arabic verb
is its subject), and word order fails exactly where news is hard — SVO after أن, appositions between the
verb and its object (زار منسق الشؤون الإنسانية، روبرت بايبر، إسرائيل: the object is إسرائيل), relative
clauses, coordinated subjects. A Universal Dependencies parse (``marsad.syntax``: ``Sentence.words`` with
``head`` and ``deprel``) states those relations, the same way in Arabic, English and French, so each rule
is one line of :data:`RELATIONS` — like a spaCy ``DependencyMatcher`` pattern or a PETRARCH verb pattern —
and the few that need a walk are short named functions (:func:`controller`, :func:`antecedent`,
:func:`shared_subject`).

- actor: ``nsubj`` of an active trigger; the agent of a passive (``obl:agent``, or ``obl`` with by / par /
  من قبل); of an event noun, its genitive (``nmod`` without a preposition), possessor (``nmod:poss``) or
  nationality adjective (``amod``: دعم روسي, Russian support);
- recipient: ``obj`` / ``iobj``; the ``obl`` (of a noun: ``nmod``) whose preposition the trigger governs
  (إلى، مع، على، ضد، ل؛ to, with, against; à, avec, contre); the subject of a passive (``nsubj:pass``); an
  object that names no party reaches one through its own modifiers (:func:`through_object`: condemned an
  attack *by X*, the ties *between X and Y*, الهجوم الذي شنه X);
- a party is the mention the argument word is in, or the one its phrase names (قوات الأمن المصرية: the
  head قوات, its ``amod``); ``appos`` and titles stay with their head; ``conj`` adds compound parties;
- no subject of its own: a relative clause (``acl:relcl``/``acl``) takes its antecedent, a governed
  complement (``xcomp``, or the ``obl``/``ccomp`` of a governing verb: أمر بـ، دعا إلى، agreed to,
  threatened to) the governing verb's subject, a conjoined verb the first conjunct's subject; a possessed
  event noun as a verb's object the verb's subject (:func:`possessor_subject`: جدد المبعوث دعوته);
- a request with no object asks the subject of its content clause (:func:`asked`);
- no event at all: a trigger that is another's content (:func:`governed`), or one that :data:`NON_EVENT` — the
  coding manual's "not events" as relations to cue words (a topic of discussion, part of a name, what a need
  governs, a natural disaster) — rules out (:func:`non_event`).

:func:`assign` returns None when the sentence has no parse or the trigger is not in it; the coder then
keeps its flat rules (``docs/ARCHITECTURE.md``, "Role assignment").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from marsad.model import Mention
from marsad.text.normalise import normalise_key

Role = Literal["actor", "recipient"]
TriggerKind = Literal["any", "active", "passive", "noun"]

RECIPIENT_CASES = frozenset(normalise_key(w) for w in (
    "إلى", "الى", "مع", "على", "ضد", "ل", "لـ", "تجاه", "بحق",
    "to", "with", "against", "toward", "towards", "on", "at",
    "à", "avec", "contre", "envers", "au", "aux",
))
AGENT_CASES = frozenset(normalise_key(w) for w in ("by", "par", "قبل", "بواسطة"))
# "according to the UN", حسب الأمم المتحدة، selon l'ONU: the source of the report, never a party of the event
ATTRIBUTION_CASES = frozenset(normalise_key(w) for w in ("according", "حسب", "بحسب", "وفقا", "وفق", "طبقا",
                                                          "selon", "d'après", "d’après"))
# English and French mark the genitive of an event noun with a preposition (the visit of, la visite du).
GENITIVE_CASES = frozenset(normalise_key(w) for w in ("of", "de", "du", "des", "d'", "d’", "d"))
# A trigger in one of these relations to another trigger is that trigger's content (called for a withdrawal,
# agreed to talks, menace de frapper, دعا إلى وقف): the governing one is the event.
GOVERNED_DEPRELS = frozenset({"xcomp", "ccomp", "obl", "obj", "nmod", "advcl", "obl:arg"})
# What something is about (talks on a ceasefire, محادثات حول وقف إطلاق النار): a topic, not an event.
TOPIC_CASES = frozenset(normalise_key(w) for w in (
    "حول", "بشأن", "عن", "about", "on", "over", "regarding", "concerning", "sur", "concernant"))
# An oblique is content only with a preposition of content (دعا إلى، أمر بـ، called for, menacé de); with
# بعد / after it is a time adjunct (حل محلها بعد انسحاب …) and an event of its own.
CONTENT_CASES = frozenset(normalise_key(w) for w in (
    "إلى", "الى", "ب", "ل", "على", "to", "for", "on", "of", "de", "d'", "d", "à", "au", "pour")) | TOPIC_CASES
# The preposition of a count's partitive (خمسة من الجنود, five of the soldiers, cinq des soldats).
PARTITIVE_CASES = frozenset(normalise_key(w) for w in ("من", "of", "de", "des", "d'"))
# The parties of a relation or an exchange the trigger is about (ties between X and Y, محادثات بين X و Y).
BETWEEN_CASES = frozenset(normalise_key(w) for w in ("بين", "between", "entre"))
# What a material act of force or pressure is aimed at, on the thing it uses (fired rockets at X, dropped bombs
# on X, imposed sanctions on X, a tiré des roquettes sur X, أطلق صواريخ على X): the parser hangs the phrase on
# the object as often as on the verb, and either way X is the target.
TARGET_CASES = frozenset(normalise_key(w) for w in ("على", "ضد", "at", "on", "against", "sur", "contre"))
TARGET_EVENTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN"})
# Modifiers of a phrase's head that can name the party the phrase is (قوات الأمن المصرية, the Malian army).
NAMING_DEPRELS = ("amod", "nmod", "nmod:poss", "flat", "flat:name", "compound", "appos")


class WordLike(Protocol):
    """A parsed word as ``marsad.syntax`` fills ``Sentence.words`` (CoNLL-U ids, document offsets)."""

    id: int
    head: int
    deprel: str
    upos: str
    start: int
    end: int
    form: str


@dataclass(frozen=True)
class Relation:
    """One rule: a trigger's dependent with ``deprel`` (and, if given, one of ``cases`` as its preposition;
    ``no_case``: none) is the event's ``role``."""

    role: Role
    deprel: str
    name: str
    trigger: TriggerKind = "any"
    cases: frozenset[str] = frozenset()
    no_case: bool = False


# Word order reads "the invasion of X" as X's; after a possessor (Iraq's invasion of Kuwait) the parse knows better.
OBJECT_GENITIVE = "object genitive of an event noun with an actor of its own"

RELATIONS: tuple[Relation, ...] = (
    Relation("actor", "nsubj", "subject", trigger="active"),
    Relation("recipient", "nsubj:pass", "subject of a passive"),
    Relation("recipient", "nsubj", "subject of a passive (parser gave no :pass)", trigger="passive"),
    Relation("actor", "obl:agent", "agent of a passive"),
    Relation("actor", "obl", "by-phrase of a passive (by, par, من قبل)", trigger="passive", cases=AGENT_CASES),
    Relation("actor", "nmod", "agent of an event noun: من قبل", trigger="noun", cases=AGENT_CASES),
    Relation("recipient", "obj", "object"),
    Relation("recipient", "iobj", "indirect object"),
    Relation("recipient", "obl", "oblique with a recipient preposition", cases=RECIPIENT_CASES),
    Relation("recipient", "obl:arg", "oblique argument with a recipient preposition", cases=RECIPIENT_CASES),
    Relation("actor", "nmod:poss", "possessor of an event noun", trigger="noun"),
    Relation("actor", "nmod", "genitive of an event noun (زيارة غويتا)", trigger="noun", no_case=True),
    Relation("actor", "nmod", "genitive of an event noun (the visit of, la visite du)", trigger="noun",
             cases=GENITIVE_CASES),
    # reached only when the noun has its actor already (its invasion of Lebanon, l'occupation du Liban par Israël)
    Relation("recipient", "nmod", OBJECT_GENITIVE, trigger="noun", cases=GENITIVE_CASES),
    Relation("actor", "amod", "nationality adjective of an event noun (دعم روسي)", trigger="noun"),
    Relation("recipient", "nmod", "complement of an event noun with a recipient preposition", trigger="noun",
             cases=RECIPIENT_CASES),
)


@dataclass(frozen=True)
class Context:
    """One rule of :data:`NON_EVENT`: a trigger related to a word of the cue class ``cue`` (``cues.yaml``) is no
    event of its own. ``up``: relations the walk may climb from the trigger to a governor that is the cue word
    (at most ``depth`` steps; an ``obl``/``nmod`` step with a preposition only when it is one of ``cases``);
    ``down``: relations of a dependent of the trigger that is the cue word."""

    cue: str
    name: str
    up: tuple[str, ...] = ()
    down: tuple[str, ...] = ()
    depth: int = 1
    cases: frozenset[str] = frozenset()
    shared: bool = False  # ``down`` also on the first conjunct (ودمر زلزال … وأدى إلى مقتل: the quake's too)


# The manual's "not events", as relations over the parse.
NON_EVENT: tuple[Context, ...] = (
    Context("topic", "a topic of discussion (بحثا التعاون، discussed cooperation)",
            up=("obj", "nmod", "conj", "obl", "nsubj:pass", "appos"), depth=3, cases=TOPIC_CASES | GENITIVE_CASES),
    Context("name_part", "part of a name or a reference (لجنة التحقيق، members of the conference)",
            up=("nmod", "compound"), cases=GENITIVE_CASES),
    Context("necessity", "the content of a need or an obligation (ضرورة انسحاب، the need for aid, must withdraw)",
            up=("nmod", "obl", "obj", "xcomp", "ccomp", "csubj", "acl"), down=("aux",), depth=2,
            cases=CONTENT_CASES),
    Context("capacity", "what someone is able or fit to do (قادرة على التعاون، able to strike, capable of)",
            up=("nmod", "obl", "obj", "xcomp", "ccomp", "acl", "advcl", "amod"), depth=2, cases=CONTENT_CASES),
    Context("natural_force", "a natural disaster (قتل … في زلزال، the earthquake destroyed)",
            up=("acl", "acl:relcl", "nmod"), down=("nsubj", "obl", "nmod", "obl:agent", "advmod", "advcl"),
            shared=True),
)


def _walk_up(parse: Parse, w: WordLike, rule: Context) -> list[WordLike]:
    """The governors the walk of ``rule`` reaches from ``w``."""
    out: list[WordLike] = []
    for _ in range(rule.depth):
        if w.head == 0 or not (w.deprel in rule.up or w.deprel.split(":")[0] in rule.up):
            break
        if w.deprel.split(":")[0] in ("obl", "nmod") and parse.case_of(w) and \
                not parse.case_of(w) & rule.cases:
            break
        head = parse.words.get(w.head)
        if head is None:
            break
        out.append(head)
        w = head
    return out


def non_event(words: Sequence[WordLike], trigger: tuple[int, int],
              cues: dict[str, Sequence[tuple[int, int]]]) -> str | None:
    """The :data:`NON_EVENT` rule that makes the trigger at ``trigger`` no event (``cues``: the spans of each
    context cue class in the sentence, document offsets), or None."""
    if not words or not any(cues.values()):
        return None
    parse = _bare_parse(words)
    w = parse.word_at(*trigger)
    if w is None:
        return None

    def is_cue(x: WordLike, cls: str) -> bool:
        return x is not w and any(s < x.end and x.start < e for s, e in cues.get(cls, ()))

    for rule in NON_EVENT:
        if not cues.get(rule.cue):
            continue
        if any(is_cue(g, rule.cue) for g in _walk_up(parse, w, rule)):
            return rule.name
        heads = [w]
        while rule.shared and heads[-1].deprel == "conj" and heads[-1].head in parse.words and len(heads) < 4:
            heads.append(parse.words[heads[-1].head])
        if rule.down and any(is_cue(c, rule.cue) for h in heads for c in parse.kids(h, *rule.down)):
            return rule.name
    return None


@dataclass
class Roles:
    """What the parse says: the parties, and the names of the rules that found them (for explanations)."""

    actors: list[Mention] = field(default_factory=list)
    recipients: list[Mention] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


class Parse:
    """A sentence's words indexed by id, with their children, and the mentions over them."""

    def __init__(self, words: Sequence[WordLike], mentions: Sequence[Mention]) -> None:
        self.words = {w.id: w for w in words}
        self.children: dict[int, list[WordLike]] = {}
        for w in words:
            self.children.setdefault(w.head, []).append(w)
        self.mentions = [m for m in mentions if m.entity.type != "place"]

    def word_at(self, start: int, end: int) -> WordLike | None:
        """The head word of the span: the word in it whose head lies outside it."""
        inside = [w for w in self.words.values() if w.start < end and start < w.end]
        if not inside:
            return None
        ids = {w.id for w in inside}
        heads = [w for w in inside if w.head not in ids]
        return heads[0] if heads else inside[0]

    def mention_of(self, w: WordLike) -> Mention | None:
        return next((m for m in self.mentions if m.start < w.end and w.start < m.end), None)

    def kids(self, w: WordLike, *deprels: str) -> list[WordLike]:
        return [c for c in self.children.get(w.id, []) if not deprels or c.deprel in deprels or
                c.deprel.split(":")[0] in deprels]

    def case_of(self, w: WordLike) -> set[str]:
        """The prepositions marking ``w``: its ``case`` children and their ``fixed`` parts (من قبل)."""
        out: set[str] = set()
        for c in self.kids(w, "case", "mark"):
            out.add(normalise_key(c.form).lstrip("و"))
            out.update(normalise_key(f.form) for f in self.kids(c, "fixed"))
        return out

    def party(self, w: WordLike) -> list[Mention]:
        """The mention(s) the argument word stands for: its own, else one naming its phrase; with conjuncts."""
        found = self.mention_of(w)
        extra: list[Mention] = []
        if found is None:
            # a modifier names the phrase (قوات الأمن المصرية) only without a preposition: in "son ambassadeur
            # en Bolivie" Bolivia is where the ambassador serves, not who he is — except the partitive of a
            # count (خمسة من عناصر الشرطة, two of its soldiers: the counted are that party)
            for c in self.kids(w, *NAMING_DEPRELS):
                if self.case_of(c) and not (w.upos == "NUM" and self.case_of(c) & PARTITIVE_CASES):
                    continue
                found = self.mention_of(c)
                if found is not None and c.deprel == "amod" and found.how == "role" and \
                        found.entity.country is None:
                    found = None  # a role noun used as an adjective (official contact, military aid) is nobody
                    continue
                if found is not None:
                    # the Turkish and Greek sides, القوات السعودية والإماراتية: the modifier's conjuncts too
                    extra = [m for k in self.kids(c, "conj") if c.deprel == "amod"
                             for m in [self.mention_of(k)] if m is not None and m is not found]
                    break
        if found is None:
            return []
        out = [found, *extra]
        for c in self.kids(w, "conj"):
            for m in self.party(c):
                if all(m is not o for o in out):
                    out.append(m)
        return out


_LAST_BARE: list[tuple[Sequence[WordLike], Parse]] = []


def _bare_parse(words: Sequence[WordLike]) -> Parse:
    """The sentence's parse without mentions, built once for all the checks the coder makes on its triggers
    (content, non-event, subject before, no object): they run one after another on the same ``words``."""
    last = _LAST_BARE[0] if _LAST_BARE else None  # one read: another thread may replace the entry
    if last is not None and last[0] is words:
        return last[1]
    parse = Parse(words, [])
    _LAST_BARE[:] = [(words, parse)]
    return parse


def _applies(r: Relation, kind: str, dep: WordLike, parse: Parse) -> bool:
    if dep.deprel != r.deprel:
        return False
    if r.trigger == "noun" and kind != "noun":
        return False
    if r.trigger == "active" and kind not in ("active", "noun"):
        return False
    if r.trigger == "passive" and kind != "passive":
        return False
    cases = parse.case_of(dep)
    if (r.no_case and cases) or cases & ATTRIBUTION_CASES:
        return False
    return not r.cases or bool(cases & r.cases)


def controller(parse: Parse, w: WordLike) -> list[Mention]:
    """A governed complement's actor: the subject of the verb that governs it (دعا إلى وقف، agreed to
    withdraw, a menacé de frapper)."""
    if w.deprel.split(":")[0] not in ("xcomp", "ccomp", "obl", "nmod", "advcl") or w.head == 0:
        return []
    gov = parse.words.get(w.head)
    if gov is None or gov.upos not in ("VERB", "AUX"):
        return []
    for s in parse.kids(gov, "nsubj"):
        if s.deprel != "nsubj:pass":
            return parse.party(s)
    return controller(parse, gov)


def antecedent(parse: Parse, w: WordLike) -> list[Mention]:
    """A relative clause's subject: the noun it modifies (الجارة الشمالية، التي دخلت …)."""
    if w.deprel not in ("acl:relcl", "acl") or w.head == 0:
        return []
    head = parse.words.get(w.head)
    return parse.party(head) if head is not None else []


def shared_subject(parse: Parse, w: WordLike) -> list[Mention]:
    """A conjoined verb with no subject of its own shares the first conjunct's (اجتمع … وبحث)."""
    if w.deprel != "conj" or w.head == 0:
        return []
    head = parse.words.get(w.head)
    if head is None or head.upos not in ("VERB", "AUX"):
        return []
    subj = [s for s in parse.kids(head, "nsubj") if s.deprel != "nsubj:pass"]
    return parse.party(subj[0]) if subj else shared_subject(parse, head)


def possessor_subject(parse: Parse, w: WordLike) -> list[Mention]:
    """An event noun with a possessive pronoun as a verb's object is the act of that verb's subject (جدد
    المبعوث دعوته: the envoy renewed *his* call; reaffirmed its support)."""
    if w.deprel != "obj" or w.head == 0 or not any(c.upos == "PRON" for c in parse.kids(w, "nmod", "nmod:poss")):
        return []
    gov = parse.words.get(w.head)
    if gov is None or gov.upos not in ("VERB", "AUX"):
        return []
    subj = [s for s in parse.kids(gov, "nsubj") if s.deprel != "nsubj:pass"]
    return parse.party(subj[0]) if subj else []


def modifies_party(words: Sequence[WordLike], span: tuple[int, int], parties: Sequence[tuple[int, int]],
                   trigger: tuple[int, int]) -> bool:
    """Whether the parse attaches the phrase at ``span`` below one of ``parties`` (the event's actors) through
    a modifier of theirs rather than below the trigger: الحوثيون والقوات الموالية للرئيس — the president is whom
    the forces are loyal to, no recipient of what they do. Attached to the party's own word with nothing
    between, it is left alone: that is where the parser hangs a ل complement after a name (تهديدات داعش لحماس).
    The walk climbs at most four heads and stops at the trigger."""
    if not words or not parties:
        return False
    parse = _bare_parse(words)
    w = parse.word_at(*span)
    for step in range(4):
        if w is None or w.head == 0:
            return False
        w = parse.words.get(w.head)
        if w is None or (w.start < trigger[1] and trigger[0] < w.end):
            return False
        if any(s < w.end and w.start < e for s, e in parties):
            return step > 0
    return False


def descends(words: Sequence[WordLike], span: tuple[int, int], top: tuple[int, int], depth: int = 5) -> bool:
    """Whether the word at ``span`` is in the subtree of the phrase that begins with the word at ``top`` (its head,
    past articles and modifiers; at most ``depth`` heads up)."""
    parse = _bare_parse(words)
    w, t = parse.word_at(*span), parse.word_at(*top)
    while t is not None and t.deprel in ("det", "case", "amod", "nummod", "compound", "mark") and t.head:
        t = parse.words.get(t.head)  # "the" in "in the wake of the deal": the phrase is its head's
    for _ in range(depth):
        if w is None or t is None or w.head == 0:
            return False
        w = parse.words.get(w.head)
        if w is t:
            return True
    return False


def agrees_plural(words: Sequence[WordLike], trigger: tuple[int, int]) -> bool:
    """Whether the trigger verb carries plural or dual agreement (``Number=Plur|Dual`` in its features): an
    Arabic verb that comes before its subject is singular, so such a verb's subject is before it or dropped."""
    w = _bare_parse(words).word_at(*trigger)
    feats = getattr(w, "feats", "") or ""
    return w is not None and ("Number=Plur" in feats or "Number=Dual" in feats)


def subject_before(words: Sequence[WordLike], trigger: tuple[int, int]) -> bool:
    """Whether the trigger verb has an active subject (``nsubj``) before it."""
    parse = _bare_parse(words)
    w = parse.word_at(*trigger)
    return w is not None and any(c.deprel == "nsubj" and c.end <= w.start for c in parse.kids(w))


def subject_without_object(words: Sequence[WordLike], trigger: tuple[int, int], after: bool = False) -> bool:
    """Whether the trigger verb has a subject before it (or, with ``after``, on either side) and no object
    or clausal complement."""
    parse = _bare_parse(words)
    w = parse.word_at(*trigger)
    if w is None or w.upos != "VERB":
        return False
    kids = parse.kids(w)
    return any(c.deprel.split(":")[0] == "nsubj" and (after or c.end <= w.start) for c in kids) and \
        not any(c.deprel.split(":")[0] in ("obj", "iobj", "ccomp", "xcomp") for c in kids)


def object_not_subject(words: Sequence[WordLike], trigger: tuple[int, int], mention: Mention) -> bool:
    """Whether ``mention`` is the trigger's object while the trigger has a subject of its own that names no
    party (دعا والد الرهينة السلطات الفرنسية: word order takes the authorities for the subject)."""
    parse = Parse(words, [mention])
    w = parse.word_at(*trigger)
    if w is None:
        return False
    subjects = [c for c in parse.kids(w, "nsubj") if c.deprel == "nsubj"]
    return bool(subjects) and not any(parse.party(c) for c in subjects) and \
        any(mention in parse.party(c) for c in parse.kids(w, "obj") if c.deprel == "obj")


def adjective_pair(parse: Parse, w: WordLike) -> list[Mention]:
    """The states named by an event noun's nationality adjectives, in order, their conjuncts included
    (المحادثات السعودية الأمريكية، الاتفاق الأميركي - التركي, the Saudi–US talks): of a reciprocal noun
    they are its two sides, the first the actor and the others recipients. A non-reciprocal noun's pair is
    one compound actor (الغارات الروسية السورية: joint strikes), so the caller asks only for reciprocal ones."""
    out: list[Mention] = []
    for c in parse.kids(w, "amod"):
        for x in [c, *parse.kids(c, "conj")]:
            m = parse.mention_of(x)
            if m is not None and m.entity.type == "state" and all(m is not o for o in out):
                out.append(m)
    return out


# What a complaint or a condemnation is over: its target is that act's party, not the one it is addressed to
# (complained to the UN over Israeli raids: Israel; اشتكى إلى مجلس الأمن من الغارات الإسرائيلية).
GRIEVANCE_CASES = frozenset(normalise_key(w) for w in ("over", "about", "against", "من", "ضد", "بشأن", "sur",
                                                      "contre"))
GRIEVANCE_EVENTS = frozenset({"ACCUSE"})


def grievance(parse: Parse, w: WordLike) -> list[Mention]:
    """The party of what an accusation is over (:data:`GRIEVANCE_CASES`): the oblique's own mention, or the one
    its phrase or its compound names (two Israeli air raids: Israeli qualifies "air")."""
    for c in parse.kids(w, "obl", "obl:arg"):
        if parse.case_of(c) & GRIEVANCE_CASES:
            found = parse.party(c) or through_object(parse, c) or \
                next((parse.party(k) for k in parse.kids(c, "compound") if parse.party(k)), [])
            if found:
                return found
    return []


# Where an act of giving way, refusing or withdrawing comes from: its recipient is the party the demand, offer or
# proposal came from (accepted demands from the rebels, rejected an offer from Kabul) or the one withdrawn from
# (withdrew its troops from Lebanon, انسحبت القوات من سوريا).
SOURCE_CASES = frozenset(normalise_key(w) for w in ("from", "من"))
SOURCE_EVENTS = frozenset({"CONCEDE", "REJECT", "AGREE", "RETREAT"})


def source(parse: Parse, w: WordLike) -> list[Mention]:
    """The party an act answers or leaves (:data:`SOURCE_CASES`): the trigger's own oblique, or its object's (or
    its genitive's: the withdrawal of forces from Panama)."""
    genitives = [c for c in parse.kids(w, "nmod") if parse.case_of(c) & GENITIVE_CASES]
    for dep in (w, *parse.kids(w, "obj"), *genitives):
        for c in parse.kids(dep, "obl", "nmod"):
            if parse.case_of(c) & SOURCE_CASES and not parse.case_of(c) & AGENT_CASES:
                found = parse.party(c)
                if found:
                    return found
    return []


# The preposition of a purpose (ل + masdar: أرسلت قوات لدعم الجيش, to support; pour soutenir, afin de).
PURPOSE_CASES = frozenset(normalise_key(w) for w in ("ل", "لـ", "لأجل", "pour", "afin", "to", "in order"))


def purpose(parse: Parse, w: WordLike, events: Sequence[tuple[int, int]] = ()) -> \
        tuple[list[Mention], list[Mention]] | None:
    """An event noun of purpose governed by a verb (أرسلت روسيا قوات لدعم الجيش السوري; وصل الوفد لزيارة
    مصر): its actor is the verb's subject (or its controller's) and its genitive is its object, not its agent
    — the masdar takes the clause's subject as its own. Only where the verb is an act of its own — it has an
    object, or it is one of the sentence's triggers (``events``) — since a verb that takes ل as its complement
    (استعدت القاهرة لزيارة الرئيس: prepared for the president's visit) leaves the genitive the agent. None when
    the noun is no such purpose, or no subject up the chain names a party."""
    if not parse.case_of(w) & PURPOSE_CASES or w.head == 0:
        return None
    gov = parse.words.get(w.head)
    if gov is None or gov.upos not in ("VERB", "AUX") or \
            w.deprel.split(":")[0] not in ("obl", "obj", "iobj", "advcl", "xcomp", "nmod"):
        return None
    acts = any(c is not w and not parse.case_of(c) for c in parse.kids(gov, "obj")) or \
        any(s < gov.end and gov.start < e for s, e in events)
    if not acts:
        return None
    actors = _subject(parse, gov) or controller(parse, gov)
    if not actors:
        return None
    objects = [m for c in parse.kids(w, "nmod", "obj") if not parse.case_of(c) for m in parse.party(c)]
    return actors, [m for m in objects if all(m is not a for a in actors)]


def is_purpose_event(parse: Parse, dep: WordLike, events: Sequence[tuple[int, int]]) -> bool:
    """Whether ``dep`` is another event word introduced by a purpose preposition (شكلوا تحالفا لمحاربة داعش):
    what it names is that event's party, not this one's recipient."""
    return bool(parse.case_of(dep) & PURPOSE_CASES) and any(s < dep.end and dep.start < e for s, e in events)


SUBJECTLESS = (possessor_subject, antecedent, controller, shared_subject)
# Rules whose answer stands even where word order found another party: relations word order cannot see.
DECISIVE_RULES = frozenset({"asked", "possessor_subject", "adjective_pair", "grievance", "purpose", OBJECT_GENITIVE})
# Events whose recipient, with no object, is the subject of the clause they govern: who is asked to act.
ASKED_EVENTS = frozenset({"REQUEST"})


def asked(parse: Parse, w: WordLike) -> list[Mention]:
    """The party asked to act: the subject of a request's content clause (requested that Egyptian forces
    visit Aden, طلب أن تشارك القوات المصرية، demandé que l'armée se retire)."""
    for c in parse.kids(w, "ccomp", "xcomp"):
        for s in parse.kids(c, "nsubj"):
            found = parse.party(s)
            if found:
                return found
    return []


# Relations by which a clause is what a speaker says (said that Y must, a reminder that Y must, Y must …, X said);
# an adverbial clause only with a content marker (the parser may attach "issued a reminder … that" so).
SPEECH_DEPRELS = ("ccomp", "acl", "parataxis", "advcl")
EPISTEMIC_PERFECT = frozenset({"have", "avoir"})
OBLIGED_CASES = frozenset({normalise_key("على")})
THAT_MARKS = frozenset(normalise_key(w) for w in ("that", "que", "qu", "أن", "ان"))


def _speech_path(parse: Parse, clause: WordLike) -> list[WordLike]:
    """The words from ``clause`` up to the verb that says it (X said that …; X issued a reminder that …: the
    noun it completes, then the verb whose object that is), the verb last; empty when none says it."""
    path: list[WordLike] = []
    w = clause
    for _ in range(3):
        rel = w.deprel.split(":")[0]
        if rel not in (*SPEECH_DEPRELS, "obj") or w.head == 0 or \
                (rel == "advcl" and not {normalise_key(m.form) for m in parse.kids(w, "mark")} & THAT_MARKS):
            return []
        gov = parse.words.get(w.head)
        if gov is None:
            return []
        path.append(gov)
        if gov.upos in ("VERB", "AUX"):
            return path
        w = gov
    return []


def _subject(parse: Parse, verb: WordLike) -> list[Mention]:
    subj = [s for s in parse.kids(verb, "nsubj") if s.deprel != "nsubj:pass"]
    return parse.party(subj[0]) if subj else []


def obligation(words: Sequence[WordLike], trigger: tuple[int, int], mentions: Sequence[Mention]) -> Roles | None:
    """A modal of obligation told by a speaker is a demand (X said Y must withdraw: X asks Y). The modal is an
    auxiliary (must) or its clause's own verb (يجب، ينبغي، doit). The actor is the speaker: the subject of the
    verb that says the modal's clause (:func:`_speech_path`), or of a reporting verb set in it (Y must withdraw,
    X said). The recipient is the clause's subject, the one the obligation is on (يجب على Y), or, when neither
    names a party, the party the speech is addressed to (a reminder to Iraq that it must). None without a parse,
    for a modal that is neither an auxiliary nor a verb, or with no speaker: an obligation in the article's own
    voice is an opinion."""
    if not words:
        return None
    parse = Parse(words, mentions)
    w = parse.word_at(*trigger)
    if w is not None and w.deprel == "aux":
        clause = parse.words.get(w.head)  # English must: an auxiliary of its clause's verb
    else:  # يجب، ينبغي، doit: the modal is the clause's own verb, what is due its complement
        clause = w if w is not None and w.upos in ("VERB", "AUX") else None
    if clause is None or any(normalise_key(a.form) in EPISTEMIC_PERFECT and a.start > w.start
                             for a in parse.kids(clause, "aux")):
        return None  # must have known: a conclusion about the past, not a demand
    path = _speech_path(parse, clause)
    actors = _subject(parse, path[-1]) if path else []
    if not actors:
        actors = next((_subject(parse, c) for c in parse.kids(clause, "parataxis") if c.upos == "VERB"), [])
    if not actors:
        return None
    recipients = [m for s in parse.kids(clause, "nsubj") for m in parse.party(s)]
    # يجب على إسرائيل أن: the one the obligation is on (على)
    recipients = recipients or [m for c in parse.kids(clause, "obl", "obj", "obl:arg")
                                if parse.case_of(c) & OBLIGED_CASES for m in parse.party(c)]
    for g in path if not recipients else ():
        for c in parse.kids(g, "obl", "nmod", "iobj"):
            if c.deprel == "iobj" or parse.case_of(c) & RECIPIENT_CASES:
                recipients = recipients or parse.party(c)
    recipients = [m for m in recipients if all(m is not a for a in actors)]
    return Roles(actors, recipients, [obligation.__name__])


def carrier_subject(words: Sequence[WordLike], trigger: tuple[int, int], light: Sequence[tuple[int, int]],
                    mentions: Sequence[Mention]) -> list[Mention]:
    """The actor of an event noun a verb carries: the object of a light verb (``light``: the spans of the
    lexicon's light verbs — gave aid, declared a ceasefire, sped up the withdrawal), also through a measure
    (gave five million dollars of aid), or a possessed noun as any verb's object (reiterated its demand) is
    the act of that verb's subject. Empty without a parse or such a verb."""
    if not words:
        return []
    parse = Parse(words, mentions)
    w = parse.word_at(*trigger)
    if w is None:
        return []
    obj = w
    if w.deprel == "nmod" and parse.case_of(w) & GENITIVE_CASES:  # dollars of aid, tons of food
        head = parse.words.get(w.head)
        if head is not None and head.deprel == "obj" and parse.mention_of(head) is None:
            obj = head
    gov = parse.words.get(obj.head) if obj.deprel == "obj" else None
    if gov is None or gov.upos not in ("VERB", "AUX"):
        return []
    carried = any(s < gov.end and gov.start < e for s, e in light)
    owned = obj is w and any(c.upos == "PRON" for c in parse.kids(w, "nmod", "nmod:poss"))
    return _subject(parse, gov) if carried or owned else []


def aimed_at(parse: Parse, dep: WordLike) -> list[Mention]:
    """The parties the object of an act of force or pressure is aimed at (:data:`TARGET_CASES` on the object:
    fired rockets at X, a tiré des roquettes sur X)."""
    out: list[Mention] = []
    for c in parse.kids(dep, "nmod"):
        if parse.case_of(c) & TARGET_CASES:
            out.extend(m for m in parse.party(c) if all(m is not o for o in out))
    return out


def through_object(parse: Parse, dep: WordLike, depth: int = 2) -> list[Mention]:
    """An object or complement that names no party itself reaches one through its own ``nmod``: the agent
    of the act it names (condemned an attack by X, أدان الهجوم من قبل X: the condemnation is of X) or the
    parties it is between (welcomed ties between X and Y, رحب باستئناف العلاقات بين X و Y), also one noun
    further down (the resumption *of ties* between X and Y)."""
    out: list[Mention] = []
    for c in parse.kids(dep, "nmod"):
        if parse.case_of(c) & (AGENT_CASES | BETWEEN_CASES):
            found = parse.party(c)
        elif depth > 1 and parse.mention_of(c) is None:
            found = through_object(parse, c, depth - 1)
        else:
            continue
        out.extend(m for m in found if all(m is not o for o in out))
    for c in parse.kids(dep, "acl"):  # the attack carried out by X, الهجوم الذي شنه X: the clause's agent
        for a in parse.kids(c, "obl", "nsubj"):
            if a.deprel in ("obl:agent", "nsubj") or parse.case_of(a) & AGENT_CASES:
                out.extend(m for m in parse.party(a) if all(m is not o for o in out))
    return out


def governed(words: Sequence[WordLike], trigger: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    """Whether the trigger at ``trigger`` is the content of another trigger (``others``: their spans) by
    :data:`GOVERNED_DEPRELS`: then it is no event of its own."""
    if not words:
        return False
    parse = _bare_parse(words)
    w = parse.word_at(*trigger)
    if w is None or w.deprel not in GOVERNED_DEPRELS or w.head == 0:
        return False
    if w.deprel.split(":")[0] in ("obl", "nmod", "advcl"):
        cases = parse.case_of(w)
        if cases and not cases & CONTENT_CASES:
            return False
        # an adverbial clause without a content marker (where he met, when they signed) tells an act of its own
        if w.deprel.startswith("advcl") and not cases:
            return False
    head = parse.words.get(w.head)
    return head is not None and any(s < head.end and head.start < e for s, e in others if (s, e) != trigger)


def assign(words: Sequence[WordLike], trigger: tuple[int, int], kind: str,
           mentions: Sequence[Mention], event: str | None = None, reciprocal: bool = False,
           events: Sequence[tuple[int, int]] = ()) -> Roles | None:
    """The parties of the trigger at ``trigger`` (document offsets) by :data:`RELATIONS`.

    ``kind`` is ``active`` (a verb or verb phrase), ``passive`` or ``noun``. None: no parse, or the trigger is
    not a word of it — the caller keeps its flat rules. ``event`` (the PLOVER type): a request with no object
    has the subject of its content clause as recipient (:func:`asked`). ``reciprocal`` (the trigger's lexicon
    flag: talks, an agreement, relations): two nationality adjectives are its two sides (:func:`adjective_pair`).
    ``events``: the spans of the sentence's other triggers — one introduced by a purpose preposition is no party
    (:func:`is_purpose_event`); an event noun of purpose takes its verb's subject (:func:`purpose`).
    """
    if not words:
        return None
    parse = Parse(words, mentions)
    w = parse.word_at(*trigger)
    if w is None:
        return None
    if kind != "noun" and any(c.deprel in ("aux:pass", "expl:pass") for c in parse.kids(w)):
        kind = "passive"
    out = Roles()
    aim = purpose(parse, w, events) if kind == "noun" else None
    if aim is not None:
        out.actors, out.recipients = aim
        out.rules.append(purpose.__name__)
    # its invasion of Lebanon: a possessive pronoun holds the actor's place, so "of" introduces the object
    owned = kind == "noun" and any(c.upos == "PRON" for c in parse.kids(w, "nmod:poss"))
    for dep in parse.kids(w):
        if aim is not None and dep.deprel in ("nmod", "obj") and not parse.case_of(dep):
            continue  # the purpose's object, taken above
        for r in RELATIONS:
            if not _applies(r, kind, dep, parse) or (owned and r.role == "actor" and r.cases == GENITIVE_CASES):
                continue
            if r.role == "recipient" and is_purpose_event(parse, dep, events):
                break
            found, name = parse.party(dep), r.name
            if not found and r.role == "recipient":
                found, name = through_object(parse, dep), f"{r.name}, through its agent or 'between'"
            if not found and r.deprel == "obj" and event in TARGET_EVENTS:
                found, name = aimed_at(parse, dep), f"{r.name}, through what it is aimed at"
            parties = [m for m in found if m.start >= trigger[1] or m.end <= trigger[0]]
            if not parties:
                continue
            side = out.actors if r.role == "actor" else out.recipients
            if r.role == "actor" and out.actors and not (r.deprel == "nsubj" and out.rules[:1] == [r.name]):
                continue  # one actor phrase (its conjuncts included); two subjects of one verb are a list
                # the parser split (The US, the EU and the UN will lift: nsubj, nsubj + conj)
            side.extend(m for m in parties if all(m is not o for o in out.actors + out.recipients))
            out.rules.append(name)
            break
    if reciprocal and kind == "noun" and not out.recipients:
        pair = adjective_pair(parse, w)
        if len(pair) >= 2 and out.actors and out.actors[0] is pair[0]:
            out.actors, out.recipients = pair[:1], pair[1:]
            out.rules.append(adjective_pair.__name__)
    if event in GRIEVANCE_EVENTS:
        got = [m for m in grievance(parse, w) if all(m is not a for a in out.actors)]
        if got:
            out.recipients = got
            out.rules.append(grievance.__name__)
    if not out.recipients and event in SOURCE_EVENTS:
        got = [m for m in source(parse, w) if all(m is not a for a in out.actors)]
        if got:
            out.recipients = got
            out.rules.append(source.__name__)
    if not out.recipients and event in ASKED_EVENTS:
        got = [m for m in asked(parse, w) if all(m is not a for a in out.actors)]
        if got:
            out.recipients = got
            out.rules.append(asked.__name__)
    if not out.actors and kind != "passive":
        for fn in SUBJECTLESS:
            got = fn(parse, w)
            if got:
                out.actors = [m for m in got if all(m is not o for o in out.recipients)]
                out.rules.append(fn.__name__)
                break
    return out
