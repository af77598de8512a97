"""People who are not in the knowledge base (kb/persons.py). Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import DataError
from marsad.kb.persons import load_name_data
from marsad.pipeline import Coder


def people(coder: Coder, text: str, lang: str | None = None) -> list[tuple[str, str]]:
    cd = coder.code(text, published="2025-07-10", lang=lang)
    return [(m.text, m.entity.id) for m in cd.mentions if m.entity.type == "person"]


def test_arabic_name_after_the_conjunction_wa(coder: Coder) -> None:
    text = "استقبل الوزير ضيوفه في الرباط، وسلم وعبد الكريم الزياني رسالة إلى الحكومة."
    found = people(coder, text, "ar")
    assert ("عبد الكريم الزياني", "person:عبد-الكريم-الزياني") in found
    cd = coder.code(text, lang="ar")
    m = next(m for m in cd.mentions if m.entity.id == "person:عبد-الكريم-الزياني")
    assert text[m.start:m.end] == "عبد الكريم الزياني"  # the و stays outside the mention
    assert m.how == "name" and m.entity.country is None and m.entity.sector is None
    assert m.entity.name_ar == "عبد الكريم الزياني"


def test_arabic_name_with_bin(coder: Coder) -> None:
    found = people(coder, "وصل خالد بن سعيد الهاشمي إلى العاصمة صباح اليوم.", "ar")
    assert ("خالد بن سعيد الهاشمي", "person:خالد-بن-سعيد-الهاشمي") in found


def test_title_and_name_the_title_is_left_out(coder: Coder) -> None:
    found = people(coder, "وصرح اللواء كرباشي للصحفيين بأن الوضع هادئ.", "ar")
    assert found == [("كرباشي", "person:كرباشي")]


def test_title_country_adjective_and_name(coder: Coder) -> None:
    found = people(coder, "والتقى السفير الإيطالي ماركو فيلوني بعدد من المسؤولين.", "ar")
    assert ("ماركو فيلوني", "person:ماركو-فيلوني") in found


def test_a_later_bare_surname_is_the_same_person(coder: Coder) -> None:
    text = "أعلن محمد الطرابلسي استقالته. وقال الطرابلسي إنه سيعود إلى التدريس، ولم يوضح الطرابلسي الأسباب."
    found = people(coder, text, "ar")
    ids = [pid for _, pid in found]
    assert ids.count("person:محمد-الطرابلسي") == 3


def test_a_later_shorter_name_the_finder_read_on_its_own_is_the_same_person(coder: Coder) -> None:
    # M. Ould Cheikh Mohamed after "l'émissaire onusien, Ahmed Ould Cheikh Mohamed": the envoy, with his IGO
    text = ("L'émissaire onusien pour la Libye, Ahmed Ould Cheikh Mohamed, a parlé hier. "
            "Selon son bureau, M. Ould Cheikh Mohamed se rendra à Tunis lundi.")
    cd = coder.code(text, published="2025-07-10", lang="fr")
    later = [m for m in cd.mentions if m.text == "Ould Cheikh Mohamed"]
    assert [m.entity.id for m in later] == ["person:ahmed-ould-cheikh-mohamed"]
    assert later[0].entity.sector == "IGO"


def test_words_that_look_like_names_do_not_fire(coder: Coder) -> None:
    # أمل "hope", سعيد "happy", على "on" (folds to علي), كريم "generous": ordinary words here
    for text in ("عبر الوزير عن أمل كبير في نجاح المفاوضات.",
                 "كان يوما سعيد الذكر عند الجميع.",
                 "وقع الاختيار على مدينة صغيرة لاستضافة المؤتمر.",
                 "وصف الاستقبال بأنه كريم جدا."):
        assert people(coder, text, "ar") == [], text


def test_kb_people_still_resolve_to_the_kb(coder: Coder) -> None:
    found = people(coder, "قال بوتين إن روسيا ستواصل التعاون، وأضاف أحمد المنصوري أن الاتفاق مهم.", "ar")
    assert ("بوتين", "vladimir-putin") in found
    assert ("أحمد المنصوري", "person:احمد-المنصوري") in found
    found = people(coder, "التقى الرئيس آسيمي غويتا بوفد روسي.", "ar")
    assert found and all(pid == "assimi-goita" for _, pid in found)


def test_english_names_titles_and_surnames(coder: Coder) -> None:
    text = "Minister Halvorsen met Kofi Mensah-Boateng in Accra on Monday. Mensah-Boateng said talks would go on."
    found = people(coder, text, "en")
    assert ("Halvorsen", "person:halvorsen") in found
    assert found.count(("Mensah-Boateng", "person:kofi-mensah-boateng")) == 1
    assert ("Kofi Mensah-Boateng", "person:kofi-mensah-boateng") in found
    assert people(coder, "Hope is the thing the minister said the Will of the people demands.", "en") == []
    assert people(coder, "General Motors told the General Assembly it would build a plant.", "en") == []


def test_french_names_after_titles(coder: Coder) -> None:
    text = "Le général Ousmane Koné a reçu M. Traoré à Bamako ; Mme Aminata Diallo était présente."
    found = dict(people(coder, text, "fr"))
    assert found.get("Ousmane Koné") == "person:ousmane-kone"
    assert found.get("Traoré") == "person:traore"
    assert found.get("Aminata Diallo") == "person:aminata-diallo"
    assert dict(people(coder, "Le général de Larminat a parlé.", "fr")) == {"de Larminat": "person:de-larminat"}


def test_a_title_word_after_a_particle_is_part_of_the_name(coder: Coder) -> None:
    # Ould Cheikh, Ben Cheikh: a family name made of a title word, inside the name or after a title (M.)
    found = dict(people(coder, "Selon son bureau, M. Ould Cheikh Mohamed se rendra à Dakar lundi.", "fr"))
    assert found == {"Ould Cheikh Mohamed": "person:ould-cheikh-mohamed"}
    found = dict(people(coder, "The envoy, Ahmed Ould Cheikh Sidi, arrived in Nouakchott on Monday.", "en"))
    assert found == {"Ahmed Ould Cheikh Sidi": "person:ahmed-ould-cheikh-sidi"}


def test_french_un_adjective_makes_an_igo_official(coder: Coder) -> None:
    cd = coder.code("L'émissaire onusien pour la Libye a rencontré hier à Tunis le ministre tunisien.", lang="fr")
    envoy = next(m for m in cd.mentions if m.text == "émissaire onusien")
    assert envoy.entity.sector == "IGO"
    assert [(e.event, [a.sector for a in e.actor]) for e in cd.events] == [("CONSULT", ["IGO"])]


def test_no_arabic_name_opens_a_relative_clause_or_a_prepositional_phrase(coder: Coder) -> None:
    # التي أشرف عليها: the verb of the relative clause (أشرف is also a given name); الوزير الذي عين: not a
    # title and its name; لوقف إطلاق النار: a preposition and a word of the event vocabulary
    text = "وجاءت دعوة المبعوث لوقف إطلاق النار بعد فشل المحادثات التي أشرف عليها الوزير الذي عين حديثا."
    assert people(coder, text, "ar") == []
    assert dict(people(coder, "وقال أشرف عبد الغفار إن الحكومة ستعلن القرار.", "ar")) == {
        "أشرف عبد الغفار": "person:اشرف-عبد-الغفار"}


def test_name_data_errors_name_file_section_and_entry(tmp_path: Path) -> None:
    bad = tmp_path / "given_names.yaml"
    bad.write_text("given:\n  ar: [محمد, Mohamed]\n  latin: [Kofi, 3]\nambiguous: {}\nparticles: {}\n"
                   "titles: {ar: [الرئيس], en: [President], fr: [président]}\nnot_names: {}\nextra: 1\n",
                   encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_name_data(bad)
    text = str(exc.value)
    assert "given_names.yaml: given.ar[1] ('Mohamed'): must be written in Arabic script" in text
    assert "given_names.yaml: given.latin[1]: must be a non-empty string" in text
    assert "unknown section 'extra'" in text


def test_shipped_name_data_is_valid() -> None:
    data = load_name_data()
    assert "محمد" in data.given["ar"] and "عبد العزيز" in data.given["ar"] and "عبدالعزيز" in data.given["ar"]
    assert "kofi" in data.given["latin"] and "بن" in data.particles["ar"]
    assert len(data.given["ar"]) + len(data.given["latin"]) > 500


def test_a_post_in_apposition_gives_the_person_its_country(coder: Coder) -> None:
    cd = coder.code("التقى الرئيس المصري عمرو حسانين بالوفد.", published="2025-07-10", lang="ar")
    person = next(m for m in cd.mentions if m.entity.id == "person:عمرو-حسانين")
    assert (person.entity.country, person.entity.sector) == ("EGY", "GOV")


def test_an_arabic_name_ends_at_a_function_word(coder: Coder) -> None:
    """مما، فيما، بما are function words: no name runs across them (سامي كريم مما أثار …)."""
    assert people(coder, "التقى الوزير سامي كريم مما أثار غضب المعارضة.", "ar") == [
        ("سامي كريم", "person:سامي-كريم")]
