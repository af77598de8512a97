"""One test per coding rule, with sentences written for these tests in Arabic, English and French."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.coding.dates import find_dates
from marsad.pipeline import Coder
from marsad.text.normalise import normalise_key

PUB = "2025-07-10"  # a Thursday


def events(coder: Coder, text: str, lang: str) -> list[dict[str, Any]]:
    return coder.code(text, published=PUB, lang=lang).to_dict()["events"]


def codes(actors: list[dict[str, Any]]) -> set[str]:
    return {a["code"] or a["id"] for a in actors}


def only(coder: Coder, text: str, lang: str, event: str) -> dict[str, Any]:
    found = [e for e in events(coder, text, lang) if e["event"] == event]
    assert len(found) == 1, (text, [e["event"] for e in events(coder, text, lang)])
    return found[0]


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "وقعت مصر والسودان اتفاقية لتقاسم المياه."),
    ("en", "Egypt and Sudan signed a water agreement."),
    ("fr", "L'Égypte et le Soudan ont signé un accord sur l'eau."),
])
def test_compound_actor_signs_one_agreement(coder: Coder, lang: str, text: str) -> None:
    e = only(coder, text, lang, "AGREE")
    assert codes(e["actor"]) | codes(e["recipient"]) == {"EGY", "SDN"}
    assert e["reciprocal"] and e["cameo"] == "057" and e["quad_class"] == 1 and e["goldstein"] > 0


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "هاجم مسلحون الجيش المالي قرب غاو."),
    ("en", "The Malian army was attacked by jihadists near Gao."),
    ("fr", "L'armée malienne a été attaquée par des jihadistes près de Gao."),
])
def test_attack_roles_including_passives(coder: Coder, lang: str, text: str) -> None:
    e = only(coder, text, lang, "ASSAULT")
    assert codes(e["recipient"]) == {"MLIMIL"}
    # unnamed armed men take the country where they act (the manual), saying so in ``how``
    assert codes(e["actor"]) <= {"INS", "UAF", "REB", "MLIINS", "MLIUAF", "MLIREB"} and e["actor"]
    assert all(a["how"] in (None, "place", "passage") for a in e["actor"])
    assert e["quad_class"] == 4 and e["goldstein"] < 0


@pytest.mark.parametrize(("lang", "text", "cue"), [
    ("ar", "نفت الجزائر أنها أغلقت مجالها الجوي أمام الطائرات المالية.", "نفت"),
    ("en", "Algeria denied that it had closed its airspace to Malian planes.", "denied"),
    ("fr", "L'Algérie a démenti avoir fermé son espace aérien aux avions maliens.", "a démenti"),
])
def test_denial(coder: Coder, lang: str, text: str, cue: str) -> None:
    evs = events(coder, text, lang)
    assert evs and all(e["attribution"]["evidentiality"] == "denied" for e in evs)
    assert evs[0]["attribution"]["speaker"]["country"] == "DZA"


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "يرى مراقبون أن روسيا سترسل قوات إلى النيجر."),
    ("en", "Observers believe Russia will send troops to Niger."),
    ("fr", "Selon des observateurs, la Russie enverra des troupes au Niger."),
])
def test_speculation_by_unnamed_observers_about_the_future(coder: Coder, lang: str, text: str) -> None:
    evs = [e for e in events(coder, text, lang) if "RUS" in codes(e["actor"])]
    assert evs
    for e in evs:
        assert e["attribution"]["evidentiality"] == "speculated" and e["attribution"]["speaker"] is None
        assert e["future"]


@pytest.mark.parametrize(("lang", "text", "future"), [
    ("ar", "تحاول تركيا تشكيل تحالف مع مصر.", True),
    ("en", "Turkey is trying to form an alliance with Egypt.", True),
    ("fr", "La Turquie tente de former une alliance avec la Russie contre l'État islamique.", True),
    ("en", "Turkey formed an alliance with Egypt.", False),
])
def test_an_attempt_under_way_is_not_yet_the_act(coder: Coder, lang: str, text: str, future: bool) -> None:
    evs = [e for e in events(coder, text, lang) if "TUR" in codes(e["actor"])]
    assert evs and all(e["future"] is future for e in evs)


def test_a_past_attempt_told_as_having_happened_is_no_intention(coder: Coder) -> None:
    evs = [e for e in events(coder, "حاول مسلحون اقتحام سجن في العراق أمس.", "ar") if e["event"] == "ASSAULT"]
    assert evs and not any(e["future"] for e in evs)


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "يبدو أن المغرب استدعى سفير الجزائر."),
    ("en", "Morocco appears to have summoned Algeria's ambassador."),
    ("fr", "Le Maroc semble avoir convoqué l'ambassadeur d'Algérie."),
])
def test_hedge(coder: Coder, lang: str, text: str) -> None:
    evs = events(coder, text, lang)
    assert evs and evs[0]["attribution"]["evidentiality"] == "hedged"


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "لم تدن فرنسا الانقلاب."),
    ("en", "France did not condemn the coup."),
    ("fr", "La France n'a pas condamné le coup d'État."),
])
def test_negation(coder: Coder, lang: str, text: str) -> None:
    e = only(coder, text, lang, "ACCUSE")
    assert e["negated"] and codes(e["actor"]) == {"FRA"}


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "قال وزير الخارجية الروسي إن بلاده ستقدم مساعدات عسكرية لمالي."),
    ("en", "The Russian foreign minister said his country would give military aid to Mali."),
    ("fr", "Le ministre russe des Affaires étrangères a déclaré que son pays fournira une aide militaire au Mali."),
])
def test_claim_by_speaker_with_his_country(coder: Coder, lang: str, text: str) -> None:
    e = only(coder, text, lang, "AID")
    assert e["attribution"]["evidentiality"] == "claimed"
    assert e["attribution"]["speaker"]["country"] == "RUS"
    assert {a["country"] for a in e["actor"]} == {"RUS"} and {a["country"] for a in e["recipient"]} == {"MLI"}


def test_headline_question_is_not_an_assertion(coder: Coder) -> None:
    text = "المغرب يوجه تهديدات مبطنة إلى الجزائر؟\n\nقالت صحيفة محلية إن الرباط تدرس الأمر."
    headline = [e for e in coder.code(text, published=PUB).to_dict()["events"] if e["sentence"] == 0]
    assert headline  # the question must still be coded, only not as an assertion
    assert all(e["attribution"]["evidentiality"] == "speculated" for e in headline)


def test_masdar_genitive_agent_and_recipient_preposition(coder: Coder) -> None:
    e = only(coder, "أثارت زيارة أردوغان إلى الجزائر اهتماما واسعا.", "ar", "CONSULT")
    assert codes(e["actor"]) == {"TURGOV"} and codes(e["recipient"]) == {"DZA"}
    assert e["mode"] == "visit"


def test_masdar_object_under_an_intent_verb(coder: Coder) -> None:
    e = only(coder, "يعتزم الرئيس الفرنسي زيارة المغرب الشهر المقبل.", "ar", "CONSULT")
    assert codes(e["actor"]) == {"FRAGOV"} and codes(e["recipient"]) == {"MAR"}
    assert e["future"] and e["date"]["value"] == "2025-08"


def test_verb_subject_first_and_location(coder: Coder) -> None:
    e = only(coder, "اعتقلت الشرطة التونسية عشرات المحتجين في صفاقس.", "ar", "COERCE")
    assert codes(e["actor"]) == {"TUNCOP"} and e["location"]["country"] == "TUN"


def test_protest_with_generic_actor_and_past_weekday(coder: Coder) -> None:
    e = only(coder, "تظاهر آلاف الطلاب في الخرطوم الخميس الماضي.", "ar", "PROTEST")
    assert e["date"] == {"value": "2025-07-03", "precision": "day", "text": "الخميس الماضي"}
    assert e["location"]["name"] == "Khartoum"


def test_between_two_states_is_reciprocal(coder: Coder) -> None:
    e = only(coder, "تتواصل الاشتباكات بين إثيوبيا وإريتريا.", "ar", "ASSAULT")
    assert codes(e["actor"]) | codes(e["recipient"]) == {"ETH", "ERI"}


def test_background_event_after_bad(coder: Coder) -> None:
    e = only(coder, "عاد الهدوء إلى المدينة بعد انسحاب القوات الفرنسية.", "ar", "RETREAT")
    assert e["date"]["value"] is None and not e["future"]


def test_function_words_never_trigger(coder: Coder) -> None:
    assert events(coder, "هناك من يرى أن الأمر لا يزال غامضا.", "ar") == []


@pytest.mark.parametrize(("lang", "text", "value", "precision"), [
    ("ar", "وصل الوفد أمس", "2025-07-09", "day"),
    ("ar", "منذ أواخر 2021", "2021", "year"),
    ("ar", "في 12 نوفمبر 2021", "2021-11-12", "day"),
    ("ar", "في جانفي 2024", "2024-01", "month"),  # Maghrebi month name
    ("ar", "في كانون الثاني 2024", "2024-01", "month"),  # Levantine month name
    ("en", "last Tuesday", "2025-07-08", "day"),
    ("en", "late 2021", "2021", "year"),
    ("fr", "fin 2021", "2021", "year"),
    ("fr", "le 3 mars 2020", "2020-03-03", "day"),
])
def test_dates(lang: str, text: str, value: str, precision: str) -> None:
    found = find_dates(normalise_key(text), lang, PUB)
    assert found, text
    assert (found[0].date.value, found[0].date.precision) == (value, precision)


def test_adjective_of_an_intervening_noun_is_not_the_agent(coder: Coder) -> None:
    e = only(coder, "أعلنت دمشق رفض المبادرة الإيرانية المعدلة.", "ar", "REJECT")
    assert {a["country"] for a in e["actor"]} == {"SYR"}


def test_a_count_after_an_arabic_verb_of_harm_is_its_victims(coder: Coder) -> None:
    """قتل 3 جنود: three soldiers were killed (a passive); they are the recipient, not the killers."""
    e = next(x for x in events(coder, "وقتل 3 جنود بوليفيين أمس.", "ar") if x["event"] == "ASSAULT")
    assert "BOLMIL" in codes(e["recipient"]) and "BOLMIL" not in codes(e["actor"])


def test_the_subject_of_a_verb_of_undergoing_is_the_recipient(coder: Coder) -> None:
    """تعرضت القوات البوليفية لهجوم: the Bolivian forces came under attack."""
    text = "تعرضت القوات البوليفية لهجوم قرب الحدود أمس."
    e = next(x for x in events(coder, text, "ar") if x["event"] == "ASSAULT")
    assert "BOLMIL" in codes(e["recipient"]) and "BOLMIL" not in codes(e["actor"])


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Officials said that the UN envoy to Libya, Karim Ould Sidi Salem, had met the Peruvian president."),
    ("fr", "Selon des responsables, l'envoyé de l'ONU pour la Libye, Karim Ould Sidi Salem, a rencontré le "
           "président péruvien."),
])
def test_a_subject_set_off_by_commas_before_the_verb(coder: Coder, lang: str, text: str) -> None:
    meeting = next(e for e in events(coder, text, lang) if e["event"] == "CONSULT")
    assert {a["sector"] for a in meeting["actor"]} == {"IGO"}
    assert "PER" in {a["country"] for a in meeting["recipient"] + meeting["actor"]}


def test_a_subject_pronoun_takes_the_last_actor(coder: Coder) -> None:
    text = "The UN envoy to Peru, Karl Salem, arrived in Lima, where he met the Peruvian president."
    meetings = [e for e in events(coder, text, "en") if e["event"] == "CONSULT" and e["trigger"]["text"] == "met"]
    assert meetings and {a["sector"] for a in meetings[0]["actor"]} == {"IGO"}


def test_time_words_between_a_verb_and_its_counted_victims(coder: Coder) -> None:
    """قتل أول من أمس 4 جنود: the day before yesterday four soldiers were killed (the date sits between)."""
    e = next(x for x in events(coder, "وقتل أول من أمس 4 جنود بوليفيين قرب الحدود.", "ar") if x["event"] == "ASSAULT")
    assert "BOLMIL" in codes(e["recipient"]) and "BOLMIL" not in codes(e["actor"])


def test_counted_people_are_civilian_victims(coder: Coder) -> None:
    e = next(x for x in events(coder, "قتل خمسة أشخاص في انفجار عبوة ناسفة أمس.", "ar") if x["event"] == "ASSAULT")
    assert {a["sector"] for a in e["recipient"]} == {"CVL"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Malian forces completed their withdrawal from the town of Kidal on Monday."),
    ("fr", "Les forces maliennes ont achevé leur retrait de la ville de Kidal lundi."),
    ("ar", "أكملت القوات المالية انسحابها من مدينة كيدال يوم الاثنين."),
])
def test_a_possessed_event_noun_takes_the_clause_subject(coder: Coder, lang: str, text: str) -> None:
    # their withdrawal / leur retrait / انسحابها: the possessor is the subject of the clause
    e = only(coder, text, lang, "RETREAT")
    assert codes(e["actor"]) == {"MLIMIL"}


@pytest.mark.parametrize(("text", "event"), [
    ("عقد وزير الخارجية المغربي أمس اجتماعًا مع نظيره الموريتاني في الرباط.", "CONSULT"),
    ("شن الجيش المالي هجوما على مواقع المتمردين قرب كيدال.", "ASSAULT"),
])
def test_an_arabic_event_noun_in_the_indefinite_accusative(coder: Coder, text: str, event: str) -> None:
    # اجتماعًا، هجوما: the accusative alif (with or without its tanween mark) ends the noun
    e = only(coder, text, "ar", event)
    assert e["trigger"]["text"] in ("اجتماعًا", "هجوما")


def test_the_accusative_alif_makes_no_verb_form_and_no_name(coder: Coder) -> None:
    # بينها is no accusative of a verb form (ينه); مصرًا على is "insisting on", not Egypt
    text = "وقال الوزير مصرًا على موقفه إن الطريق مهم للتبادل التجاري بينها وبين الدول الثلاث."
    cd = coder.code(text, published=PUB, lang="ar")
    assert not any(m.entity.id == "EGY" for m in cd.mentions)
    assert not any(e.trigger_text.endswith("ينها") for e in cd.events)


@pytest.mark.parametrize(("text", "event", "victim"), [
    ("وأعلنت الشرطة المصرية اعتقال صحفي بريطاني في القاهرة أمس.", "COERCE", "GBRMED"),
    ("وأكدت الحكومة مقتل الصحفي الأميركي على يد مسلحين.", "ASSAULT", "USAMED"),
])
def test_the_genitive_of_an_arrest_or_a_killing_is_who_undergoes_it(coder: Coder, text: str, event: str,
                                                                    victim: str) -> None:
    # اعتقال صحفي، مقتل الصحفي: the noun's genitive is its recipient (lexicon passive_nouns), not its agent
    e = only(coder, text, "ar", event)
    assert victim in codes(e["recipient"]) and victim not in codes(e["actor"])


def test_a_ta_marbuta_is_no_pronoun_suffix(coder: Coder) -> None:
    # سيطرة (control, a noun) is not the verb سيطر + the pronoun ه: the normalised ه was a ة
    text = "وتحدث التقرير عن سيطرة الدولة على الموارد وتلبية احتياجات السكان."
    assert [e.trigger_text for e in coder.code(text, published=PUB, lang="ar").events] == []
    e = only(coder, "وسيطرت قوات الحكومة اليمنية على مدينة عدن أمس.", "ar", "COERCE")
    assert e["trigger"]["text"] == "سيطرت"


@pytest.fixture(scope="module")
def rules() -> Coder:
    """The rules alone: these tests are about the lexicon's candidates, before the detector weighs them."""
    return Coder(detector=False)


@pytest.mark.parametrize(("text", "event", "cameo", "actor"), [
    ("أطلقت الشرطة التركية النار على محتجين في أنقرة أمس.", "ASSAULT", "193", "TURCOP"),
    ("أطلقت السلطات الإيرانية سراح صحفيين أمس.", "RETREAT", "0841", "IRNGOV"),
])
def test_one_verb_form_takes_the_trigger_its_object_names(rules: Coder, text: str, event: str, cameo: str,
                                                          actor: str) -> None:
    # أطلق with its subject between it and النار / سراح: the object chooses the trigger (lexicon ``objects``)
    e = only(rules, text, "ar", event)
    assert e["cameo"] == cameo and codes(e["actor"]) == {actor}
    assert events(rules, "أطلقت الحكومة التونسية حملة لتطعيم الأطفال.", "ar") == []


@pytest.mark.parametrize(("text", "event", "cameo"), [
    ("Bolivia has granted political asylum to three Peruvian officers.", "AID", "075"),
    ("Bolivia granted the request of the opposition.", "CONCEDE", "0833"),
    ("Bolivia halted all military aid to Peru on Monday.", "SANCTION", "162"),
    ("Bolivia suspended the talks with Peru.", "SANCTION", "160"),
])
def test_an_english_verb_takes_the_trigger_its_object_names_past_a_modifier(rules: Coder, text: str, event: str,
                                                                              cameo: str) -> None:
    # granted [political] asylum, halted [all military] aid: the lexicon's ``objects`` reach where a phrase cannot
    assert only(rules, text, "en", event)["cameo"] == cameo


def test_a_gathering_is_a_protest_only_with_a_crowd_and_the_protesters_act(rules: Coder) -> None:
    e = only(rules, "وتجمع المحتجون أمام مقر الحكومة في الرباط.", "ar", "PROTEST")
    assert {a["country"] for a in e["actor"]} == {"MAR"} and e["actor"][0]["sector"] == "CVL"
    only(rules, "وتجمع آلاف الطلاب في ساحة الجامعة بالجزائر العاصمة.", "ar", "PROTEST")
    assert events(rules, "تجمع النواب في قاعة البرلمان لمناقشة الميزانية.", "ar") == []


def test_a_protest_in_a_place_the_kb_does_not_know_is_still_told_here(rules: Coder) -> None:
    # قرية + a name is a place (text.ar.PLACE_NOUNS) even when the gazetteer lacks it; "the village" is not
    assert only(rules, "وقال شهود، إن مظاهرة غاضبة خرجت في قرية عزون.", "ar", "PROTEST")["actor"] == []
    assert events(rules, "وقال شهود، إن مظاهرة غاضبة خرجت في القرية.", "ar") == []


def test_an_outbreak_verb_makes_a_definite_event_noun_news(rules: Coder) -> None:
    # تجددت المظاهرات: told now (text.ar.OUTBREAK_VERBS); خلال المظاهرات refers back to protests told before
    e = only(rules, "وتجددت المظاهرات في مدينة حماة أمس ضد الحكومة السورية.", "ar", "PROTEST")
    assert {a["country"] for a in e["actor"]} == {"SYR"}
    assert events(rules, "وخلال المظاهرات رفع المشاركون أعلاما.", "ar") == []


def test_an_agent_noun_is_its_own_actor_and_no_link_of_a_chain(rules: Coder) -> None:
    # المتظاهرون names the protesters (lexicon ``agent``): its mention acts, and after أحرق it is the subject
    # of the burning, not a noun chained to it
    got = {e["event"] for e in events(rules, "وأحرق المتظاهرون إطارات السيارات في وسط المدينة.", "ar")}
    assert got == {"ASSAULT", "PROTEST"}
    e = only(rules, "ورفع المحتجون في تونس لافتات كتب عليها شعارات ضد الفساد.", "ar", "PROTEST")
    assert {a["country"] for a in e["actor"]} == {"TUN"} and e["trigger"]["text"] == "محتجون"  # ال: a proclitic


@pytest.mark.parametrize(("text", "victim"), [
    ("قتل جنديان مغربيان في هجوم قرب الحدود.", "MARMIL"),  # subject after the verb, no object
    ("وقال المتحدث إن جنديين مغربيين قتلا في هجوم قرب الحدود.", "MARMIL"),  # subject before it
])
def test_an_arabic_verb_of_harm_with_a_subject_and_no_object_is_a_passive(rules: Coder, text: str,
                                                                          victim: str) -> None:
    e = only(rules, text, "ar", "ASSAULT")
    assert victim in codes(e["recipient"]) and victim not in codes(e["actor"])


def test_a_form_iii_verb_or_a_second_party_keeps_the_active_reading(rules: Coder) -> None:
    # هاجم has its own passive spelling (هوجم); with the army after the gunmen, the army is the object
    e = only(rules, "هاجم مسلحون الجيش المالي قرب غاو.", "ar", "ASSAULT")
    assert codes(e["recipient"]) == {"MLIMIL"}


@pytest.mark.parametrize(("lang", "text", "target"), [
    ("ar", "تظاهر مئات الطلاب أمام السفارة الأمريكية في عمان.", "USAGOV"),
    ("en", "Hundreds of students protested outside the US embassy in Amman.", "USAGOV"),
    ("fr", "Des centaines de manifestants ont protesté devant l'ambassade de France à Alger.", "FRAGOV"),
    ("ar", "تظاهر مئات الطلاب في لاباز مطالبين الحكومة البيروفية بالإفراج عن المعتقلين.", "PERGOV"),
    ("ar", "وسار المحتجون في لاباز إلى مقر السفير البيروفي.", "PERGOV"),
    ("ar", "تظاهر مئات الطلاب في لاباز احتجاجا على زيارة وزير الخارجية البيروفي.", "PERGOV"),
    # a target noun with its clitics (للتنديد), a name in quotes after ضد
    ("ar", "خرج مئات الطلاب في مسيرة في لاباز للتنديد بزيارة وزير الخارجية البيروفي.", "PERGOV"),
    ("ar", "تظاهر مئات الطلاب في لاباز ضد «البيرو» أمس.", "PER"),
])
def test_a_protest_targets_what_it_stands_in_front_of(rules: Coder, lang: str, text: str, target: str) -> None:
    # prepositions: target (أمام، outside, devant; مطالبين, whom it demands of; مقر, whose seat; احتجاجا على,
    # whose act): the party
    # after it is the recipient, not the own state
    assert codes(only(rules, text, lang, "PROTEST")["recipient"]) == {target}


def test_the_crowd_after_a_gathering_verb_is_its_actor(rules: Coder) -> None:
    # تجمع نحو أربعين متظاهرا: the counted protesters (an agent noun's mention) act, they are no object
    e = only(rules, "تجمع نحو أربعين متظاهرا أمام مقر رئيس الوزراء البريطاني في لندن.", "ar", "PROTEST")
    assert [a["sector"] for a in e["actor"]] == ["CVL"] and codes(e["recipient"]) == {"GBRGOV"}


def test_an_obligation_a_speaker_states_is_a_demand(coder: Coder) -> None:
    """"X said Y must …" is X's demand of Y (parsed); in the article's own voice it is no event."""
    e = only(coder, "The Peruvian foreign minister said on Monday that Bolivia must withdraw its troops.", "en",
             "REQUEST")
    assert codes(e["actor"]) == {"PERGOV"} and {a["country"] for a in e["recipient"]} == {"BOL"}
    assert e["cameo"] == "100" and e["trigger"]["text"] == "must"
    assert not [e for e in events(coder, "Bolivia must withdraw its troops from the border.", "en")
                if e["event"] == "REQUEST"]


@pytest.mark.parametrize(("lang", "said", "bare"), [
    ("ar", "قال وزير الخارجية البيروفي أمس إنه يجب على بوليفيا أن تسحب قواتها من الحدود.",
     "يجب على بوليفيا أن تسحب قواتها من الحدود."),
    ("ar", "وأكد وزير الخارجية البيروفي أنه ينبغي على بوليفيا سحب قواتها.", "ينبغي على بوليفيا سحب قواتها."),
    ("fr", "Le ministre péruvien des Affaires étrangères a déclaré lundi que la Bolivie doit retirer ses troupes.",
     "La Bolivie doit retirer ses troupes de la frontière."),
])
def test_an_arabic_or_french_obligation_a_speaker_states_is_a_demand(coder: Coder, lang: str, said: str,
                                                                    bare: str) -> None:
    """يجب على Y أن، ينبغي على Y، Y doit: the modal heads its clause; the one it is on is the recipient."""
    e = only(coder, said, lang, "REQUEST")
    assert {a["country"] for a in e["actor"]} == {"PER"} and {a["country"] for a in e["recipient"]} == {"BOL"}
    assert e["cameo"] == "100"
    assert not [e for e in events(coder, bare, lang) if e["event"] == "REQUEST"]


@pytest.mark.parametrize(("lang", "text", "word"), [
    ("fr", "La Bolivie a dénoncé le plan d'attaque du Pérou.", "attaque"),
    ("en", "Bolivia denounced the plan of attack of Peru.", "attack"),
])
def test_after_a_preposition_a_verb_or_noun_form_is_the_noun(rules: Coder, lang: str, text: str,
                                                             word: str) -> None:
    """"plan d'attaque": the noun, so the subject of the sentence's verb is not the attacker."""
    attacks = [e for e in events(rules, text, lang) if e["trigger"]["text"] == word]
    assert attacks and not any(a["id"] == "BOL" for e in attacks for a in e["actor"])


@pytest.mark.parametrize(("text", "victims"), [
    ("قتل أمس خمسة من عناصر الشرطة البوليفية في هجوم شمال البلاد.", "BOLCOP"),
    ("أصيب عدد من الجنود البيروفيين في انفجار.", "PERMIL"),
])
def test_a_count_before_the_victims_stands_where_they_do(text: str, victims: str) -> None:
    """قتل خمسة من عناصر الشرطة: the count, its من and a member noun do not push the party out of reach."""
    flat = Coder(syntax=False, detector=False)  # the word-order rules, which the count phrase misled
    [e] = [e for e in events(flat, text, "ar") if e["trigger"]["text"] in ("قتل", "أصيب")]
    assert codes(e["recipient"]) == {victims}


@pytest.mark.parametrize(("text", "event", "cameo"), [
    ("Peru lifted yesterday a week-old blockade of the Bolivian port.", "RETREAT", "0872"),
    ("The Bolivian teachers' union called off a four-day strike after talks with the Bolivian government.",
     "CONCEDE", "082"),
    ("Peru has strengthened its forces along the Bolivian border.", "MOBILIZE", "154"),
    ("Peru said it would prohibit all aid to Bolivian rebels.", "SANCTION", "162"),
    ("The Bolivian government accepted demands from striking miners.", "CONCEDE", "083"),
    ("Peruvian doctors handed over two tons of medicine to the Bolivian Red Cross.", "AID", "070"),
    ("Bolivian police prevented a demonstration of Peruvian students in La Paz.", "COERCE", "172"),
    ("Peru reduced food supplies to the Bolivian border town.", "SANCTION", "162"),
    ("Peru dispatched inspectors to Bolivia on Monday.", "ACCUSE", "090"),
])
def test_a_verb_with_its_object_a_few_words_on(rules: Coder, text: str, event: str, cameo: str) -> None:
    """The lexicon's objects reach past a time word, an article and a hyphenated modifier (four-day)."""
    found = [(e["event"], e["cameo"]) for e in events(rules, text, "en")]
    assert (event, cameo) in found, found


def test_a_word_after_an_article_is_no_verb(rules: Coder) -> None:
    """"since the end of March": neither the verb "end" nor a march."""
    assert events(rules, "Ten thousand Bolivians have reached Peru since the end of March.", "en") == []


def test_a_trigger_joined_by_a_hyphen_is_a_modifier(rules: Coder) -> None:
    """Peruvian-backed rebels, the Bolivian-occupied zone: a compound adjective tells no event; a prefix
    (counter-attack) keeps it."""
    evs = events(rules, "Peruvian-backed rebels entered the Bolivian-occupied zone on Monday.", "en")
    assert not [e for e in evs if e["event"] in ("SUPPORT", "COERCE")]
    evs = events(rules, "Peruvian rebels launched a counter-attack on Bolivian troops on Monday.", "en")
    assert [e["event"] for e in evs] == ["ASSAULT"]
    # a trigger phrase refused for its hyphen leaves the words after it to be read (the invasion is one)
    evs = events(rules, "Peru mounted its long-threatened invasion of Bolivia on Monday.", "en")
    assert [(e["event"], codes(e["actor"]), codes(e["recipient"])) for e in evs] == [("ASSAULT", {"PER"}, {"BOL"})]


def test_a_country_name_and_a_role_with_a_word_between_are_two_things(rules: Coder) -> None:
    """"Peru mobilized army reservists": the word after a name is a verb, not a modifier of the role (after an
    adjective it is one: the Peruvian junior minister)."""
    evs = events(rules, "Peru mobilized army reservists on Monday.", "en")
    assert [e["event"] for e in evs] == ["MOBILIZE"] and codes(evs[0]["actor"]) == {"PER"}


@pytest.mark.parametrize(("text", "event"), [
    ("هاجم وزير الخارجية البوليفي تصريحات نظيره البيروفي أمس.", "ACCUSE"),
    ("هاجم الرئيس البوليفي الصحف البيروفية.", "ACCUSE"),
    ("هاجم مسلحون مركزا للشرطة البوليفية أمس.", "ASSAULT"),
])
def test_attacking_words_is_criticism(rules: Coder, text: str, event: str) -> None:
    """هاجم with statements, a policy or the press as its object criticises (objects of the ACCUSE entry)."""
    assert [e["event"] for e in events(rules, text, "ar") if e["trigger"]["text"] == "هاجم"] == [event]


def test_a_harm_and_the_attack_it_happened_in_are_one_incident(rules: Coder) -> None:
    """Killed in an attack by X: the killing takes the attack's doer, and the attack is not coded twice."""
    evs = events(rules, "وقتل أمس أربعة جنود بيروفيين في هجوم شنه مسلحون بوليفيون على ثكنة قرب الحدود.", "ar")
    assault = [e for e in evs if e["event"] == "ASSAULT"]
    assert len(assault) == 1, assault
    assert codes(assault[0]["actor"]) == {"BOLINS"} and codes(assault[0]["recipient"]) == {"PERMIL"}


def test_failing_to_reach_agreement_is_a_negated_agreement(rules: Coder) -> None:
    [e] = [e for e in events(rules, "Peru and Bolivia failed to reach agreement on the border on Sunday.", "en")
           if e["event"] == "AGREE"]
    assert e["negated"] and codes(e["actor"]) | codes(e["recipient"]) == {"PER", "BOL"}


def test_a_verb_takes_no_preposition_ba(rules: Coder) -> None:
    """بنصر is "with a victory", not ب + نصر "we insist" (a verb form of أصر): ب is a proclitic of nouns."""
    evs = events(rules, "عاد الرئيس البيروفي بنصر على بوليفيا.", "ar")
    assert not [e for e in evs if e["event"] == "REQUEST"], evs


@pytest.mark.parametrize(("text", "lang"), [
    ("وسترفع البرازيل والأرجنتين وتشيلي عقوباتها المفروضة على بيرو.", "ar"),  # three names between
    ("The Brazilian and Argentine governments will lift their sanctions on Peru.", "en"),
])
def test_lifting_sanctions_is_a_concession_not_a_sanction(rules: Coder, text: str, lang: str) -> None:
    """The sanction noun after a lift verb (its object, the subject between) is what is lifted: CONCEDE 085
    on the sanctioned, no COERCE or SANCTION; a name counts as one word of the object's reach."""
    evs = events(rules, text, lang)
    assert [e["event"] for e in evs] == ["CONCEDE"], evs
    assert codes(evs[0]["recipient"]) == {"PER"} and evs[0]["cameo"] == "085"


def test_an_english_list_across_commas_is_one_compound_subject(rules: Coder) -> None:
    """France, the AU and the UN condemned …: each member of the list acts; none is the recipient (the parse
    reads "the AU" as an apposition and may split the list into two subjects)."""
    e = only(rules, "Peru, the African Union and the Arab League condemned Bolivia on Monday.", "en", "ACCUSE")
    assert {a["id"] for a in e["actor"]} == {"PER", "african-union", "arab-league"}, e["actor"]
    assert codes(e["recipient"]) == {"BOL"}


def test_a_mentions_own_preposition_is_its_preposition(rules: Coder) -> None:
    """التقى خلال زيارة إلى ليما بالأمين العام للحزب: إلى belongs to the visit; the one met is after ب."""
    e = only(rules, "وكان الوزير البيروفي قد التقى خلال زيارة إلى ليما بالأمين العام لجامعة الدول العربية.",
             "ar", "CONSULT")
    assert [a["id"] for a in e["recipient"]] == ["arab-league-secretary-general"], e["recipient"]


@pytest.mark.parametrize(("text", "lang"), [
    ("The Bolivian army killed ten people near the border, according to the United Nations.", "en"),
    ("قتل الجيش البوليفي عشرة أشخاص قرب الحدود حسب الأمم المتحدة.", "ar"),
])
def test_the_source_of_a_report_is_no_party(rules: Coder, text: str, lang: str) -> None:
    """according to the UN, حسب الأمم المتحدة: who the report is from is no recipient of what it reports."""
    e = only(rules, text, lang, "ASSAULT")
    assert "united-nations" not in {a["id"] for a in e["recipient"] + e["actor"]}, e["recipient"]
    assert codes(e["actor"]) == {"BOLMIL"}


@pytest.mark.parametrize("syntax", [True, False])
def test_what_a_purpose_word_governs_is_its_party_not_the_events(coder: Coder, syntax: bool) -> None:
    """ل + an event noun is a purpose: the name after it is what that word governs (the alliance is against
    the group, not with it), whether the parse or word order reads the sentence."""
    c = coder if syntax else Coder(syntax=False)
    e = only(c, "أعلنت بوركينا فاسو تشكيل تحالف عسكري لمحاربة تنظيم داعش.", "ar", "COOPERATE")
    assert codes(e["actor"]) == {"BFA"} and not any(a["sector"] == "INS" or a["id"] == "ISIS" for a in e["recipient"])
    # a definite event noun has no genitive (انضمت النيجر إلى التحالف لمحاربة داعش: no alliance by ISIS)
    for ev in events(c, "انضمت النيجر إلى التحالف لمحاربة تنظيم داعش.", "ar"):
        assert not any(a["sector"] == "INS" for a in ev["actor"]), ev


def test_an_event_noun_of_purpose_is_the_act_of_its_verbs_subject(coder: Coder) -> None:
    e = only(coder, "أرسلت فرنسا قوات إضافية لدعم الجيش المالي.", "ar", "SUPPORT")
    assert codes(e["actor"]) == {"FRA"} and codes(e["recipient"]) == {"MLIMIL"}


def test_a_form_that_is_noun_and_verb_is_read_as_the_parse_tags_it(coder: Coder) -> None:
    """"aid" is a verb and a noun: in "gave Mali aid" the parse tags it a noun, so it is the EU's aid to Mali
    (the verb reading made Mali its subject); the name before the noun is the light verb's first object."""
    e = only(coder, "The European Union on Monday gave Mali aid.", "en", "AID")
    assert [a["id"] for a in e["actor"]] == ["european-union"] and codes(e["recipient"]) == {"MLI"}
    e = only(coder, "Rebels attack the army near Gao every week.", "en", "ASSAULT")
    assert codes(e["recipient"]) <= {"MLIMIL", "MIL"} and e["recipient"]


@pytest.mark.parametrize(("lang", "text", "event"), [
    ("ar", "وقال الوزير إن المحادثات تأتي في ضوء توصل بوليفيا إلى اتفاق مع بيرو.", "AGREE"),
    ("ar", "واندلعت المظاهرات في لاباز على خلفية هجوم الجيش البيروفي على قرية حدودية.", "ASSAULT"),
    ("en", "The talks come in the wake of the agreement Bolivia signed with Peru.", "AGREE"),
    ("fr", "Les discussions ont lieu à la suite de l'accord signé par la Bolivie avec le Pérou.", "AGREE"),
])
def test_what_a_phrase_of_antecedence_introduces_is_background(coder: Coder, lang: str, text: str, event: str) -> None:
    """في ضوء، على خلفية، in the wake of, à la suite de: like بعد and after, what they introduce came before."""
    found = [e for e in events(coder, text, lang) if e["event"] == event]
    assert found and all(e["background"] for e in found), [(e["event"], e["background"]) for e in found]


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "شنت طائرات إسرائيلية غارات جوية على غزة فجر اليوم."),
    ("en", "Israeli jets launched air strikes on Gaza overnight."),
])
def test_a_town_after_a_target_preposition_is_where_the_attack_lands(coder: Coder, lang: str, text: str) -> None:
    e = only(coder, text, lang, "ASSAULT")
    assert codes(e["actor"]) == {"ISR"}
    assert e["location"]["country"] == "PSE"  # so the unnamed victims are Gaza's, not the passage's Israel
    assert {a["country"] for a in e["recipient"]} == {"PSE"}


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Hezbollah has fired rockets at Israel."),
    ("fr", "Le Hezbollah a tiré des roquettes sur Israël dimanche."),
])
def test_what_the_rockets_are_fired_at_is_the_target(coder: Coder, lang: str, text: str) -> None:
    e = only(coder, text, lang, "ASSAULT")
    assert codes(e["actor"]) == {"LBNREB"} and codes(e["recipient"]) == {"ISR"}
