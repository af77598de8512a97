# ruff: noqa: E501  (one example sentence per line: the data reads best unwrapped)
"""The cross-language similarity threshold, measured: hand-written reports of the same events in ar/en/fr.

Each key is an event family (one dyad, one PLOVER type); variants ``a``, ``b`` and ``c`` are *different* events
of that family told in three languages (``c`` keeps ``a``'s frame — same parties, verb, place and day — and
changes only the object). These sentences were written for Marsad; docs/STORE.md reports the figures this file
measures (`.venv/bin/python tests/test_store_similarity.py` prints them) and this test keeps them true.
"""

from __future__ import annotations

import itertools

import numpy as np

from marsad.store import similarity as sim

EXAMPLES = {
    ("AGREE MLI~RUS", "a"): {
        "ar": "وقعت مالي وروسيا يوم الاثنين في موسكو اتفاقية للتعاون العسكري تشمل تدريب الجنود وتزويد الجيش المالي بالأسلحة.",
        "en": "Mali and Russia signed a military cooperation agreement in Moscow on Monday covering soldier training and arms supplies to the Malian army.",
        "fr": "Le Mali et la Russie ont signé lundi à Moscou un accord de coopération militaire portant sur la formation des soldats et la fourniture d'armes à l'armée malienne.",
    },
    ("AGREE MLI~RUS", "b"): {
        "ar": "أبرمت باماكو وموسكو اتفاقا لبناء مصفاة للذهب قرب العاصمة المالية بطاقة مئتي طن سنويا.",
        "en": "Bamako and Moscow concluded a deal to build a gold refinery near the Malian capital with a capacity of 200 tonnes a year.",
        "fr": "Bamako et Moscou ont conclu un accord pour construire une raffinerie d'or près de la capitale malienne, d'une capacité de 200 tonnes par an.",
    },
    ("ACCUSE DZA>MLI", "a"): {
        "ar": "اتهمت الجزائر مالي بانتهاك مجالها الجوي بعد إسقاط طائرة مسيرة قرب بلدة تين زاوتين الحدودية.",
        "en": "Algeria accused Mali of violating its airspace after a drone was shot down near the border town of Tinzaouaten.",
        "fr": "L'Algérie a accusé le Mali d'avoir violé son espace aérien après qu'un drone a été abattu près de la ville frontalière de Tinzaouaten.",
    },
    ("ACCUSE DZA>MLI", "b"): {
        "ar": "اتهم وزير الخارجية الجزائري السلطات المالية بالتخلي عن اتفاق السلام الموقع في الجزائر عام 2015 وبتسليح ميليشيات في الشمال.",
        "en": "The Algerian foreign minister accused the Malian authorities of abandoning the 2015 Algiers peace accord and arming militias in the north.",
        "fr": "Le ministre algérien des affaires étrangères a accusé les autorités maliennes d'avoir abandonné l'accord de paix d'Alger de 2015 et d'armer des milices dans le nord.",
    },
    ("ASSAULT ISR>PSE", "a"): {
        "ar": "قصفت طائرات إسرائيلية مبنى سكنيا في مدينة غزة فجر الثلاثاء ما أسفر عن مقتل اثني عشر شخصا بينهم أطفال.",
        "en": "Israeli aircraft bombed a residential building in Gaza City before dawn on Tuesday, killing twelve people including children.",
        "fr": "Des avions israéliens ont bombardé un immeuble résidentiel à Gaza mardi avant l'aube, tuant douze personnes dont des enfants.",
    },
    ("ASSAULT ISR>PSE", "b"): {
        "ar": "اقتحمت قوات الاحتلال مخيم جنين في الضفة الغربية واعتقلت عشرين شابا بعد اشتباكات مع مسلحين.",
        "en": "Israeli forces stormed the Jenin refugee camp in the West Bank and arrested twenty young men after clashes with gunmen.",
        "fr": "Les forces israéliennes ont pris d'assaut le camp de réfugiés de Jénine en Cisjordanie et arrêté vingt jeunes hommes après des affrontements avec des hommes armés.",
    },
    ("CONSULT SAU~IRN", "a"): {
        "ar": "التقى وزير الخارجية السعودي نظيره الإيراني في الرياض لبحث إعادة فتح السفارتين واستئناف الرحلات الجوية.",
        "en": "The Saudi foreign minister met his Iranian counterpart in Riyadh to discuss reopening embassies and resuming flights.",
        "fr": "Le ministre saoudien des affaires étrangères a rencontré son homologue iranien à Riyad pour discuter de la réouverture des ambassades et de la reprise des vols.",
    },
    ("CONSULT SAU~IRN", "b"): {
        "ar": "عقد مسؤولون سعوديون وإيرانيون جولة محادثات في بغداد حول الحرب في اليمن وأمن الملاحة في الخليج.",
        "en": "Saudi and Iranian officials held a round of talks in Baghdad on the war in Yemen and shipping security in the Gulf.",
        "fr": "Des responsables saoudiens et iraniens ont tenu une série de pourparlers à Bagdad sur la guerre au Yémen et la sécurité de la navigation dans le Golfe.",
    },
    ("AID USA>SDN", "a"): {
        "ar": "أعلنت الولايات المتحدة تقديم مساعدات إنسانية بقيمة خمسين مليون دولار للسودان لمواجهة المجاعة في دارفور.",
        "en": "The United States announced fifty million dollars in humanitarian aid for Sudan to fight famine in Darfur.",
        "fr": "Les États-Unis ont annoncé une aide humanitaire de cinquante millions de dollars au Soudan pour lutter contre la famine au Darfour.",
    },
    ("AID USA>SDN", "b"): {
        "ar": "وصلت إلى ميناء بورتسودان سفينة أمريكية محملة بعشرين ألف طن من القمح للنازحين.",
        "en": "An American ship carrying twenty thousand tonnes of wheat for displaced people arrived at Port Sudan.",
        "fr": "Un navire américain transportant vingt mille tonnes de blé destinées aux déplacés est arrivé à Port-Soudan.",
    },
    ("SANCTION EU>IRN", "a"): {
        "ar": "فرض الاتحاد الأوروبي عقوبات على مسؤولين إيرانيين بسبب تزويد روسيا بطائرات مسيرة تستخدم في أوكرانيا.",
        "en": "The European Union imposed sanctions on Iranian officials for supplying Russia with drones used in Ukraine.",
        "fr": "L'Union européenne a imposé des sanctions à des responsables iraniens pour avoir fourni à la Russie des drones utilisés en Ukraine.",
    },
    ("SANCTION EU>IRN", "b"): {
        "ar": "جمد الاتحاد الأوروبي أصول قضاة إيرانيين أصدروا أحكاما بإعدام متظاهرين.",
        "en": "The European Union froze the assets of Iranian judges who sentenced protesters to death.",
        "fr": "L'Union européenne a gelé les avoirs de juges iraniens qui ont condamné des manifestants à mort.",
    },
    ("ASSAULT HOUTHI>SAU", "a"): {
        "ar": "أطلق الحوثيون صاروخا باليستيا باتجاه مدينة جازان اعترضته الدفاعات الجوية السعودية.",
        "en": "The Houthis fired a ballistic missile towards the city of Jizan, which Saudi air defences intercepted.",
        "fr": "Les Houthis ont tiré un missile balistique vers la ville de Jizan, intercepté par la défense aérienne saoudienne.",
    },
    ("ASSAULT HOUTHI>SAU", "b"): {
        "ar": "هاجم مسلحون حوثيون مواقع حرس الحدود السعودي في نجران وقتلوا جنديين.",
        "en": "Houthi fighters attacked Saudi border guard posts in Najran and killed two soldiers.",
        "fr": "Des combattants houthis ont attaqué des postes de garde-frontières saoudiens à Najran et tué deux soldats.",
    },
    ("REJECT IRN>IAEA", "a"): {
        "ar": "رفضت إيران قرار مجلس محافظي الوكالة الدولية للطاقة الذرية ووصفته بأنه ذو دوافع سياسية.",
        "en": "Iran rejected the resolution of the IAEA Board of Governors, calling it politically motivated.",
        "fr": "L'Iran a rejeté la résolution du Conseil des gouverneurs de l'AIEA, la qualifiant de politiquement motivée.",
    },
    ("REJECT IRN>IAEA", "b"): {
        "ar": "رفضت طهران طلب الوكالة الدولية للطاقة الذرية تفتيش منشأة فوردو تحت الأرض.",
        "en": "Tehran refused the IAEA's request to inspect the underground Fordow facility.",
        "fr": "Téhéran a refusé la demande de l'AIEA d'inspecter le site souterrain de Fordo.",
    },
    ("CONSULT FRA>DZA", "a"): {
        "ar": "استقبل الرئيس الفرنسي نظيره الجزائري في قصر الإليزيه لبحث ملف الذاكرة والتأشيرات.",
        "en": "The French president received his Algerian counterpart at the Elysee Palace to discuss the memory issue and visas.",
        "fr": "Le président français a reçu son homologue algérien au palais de l'Élysée pour évoquer le dossier mémoriel et les visas.",
    },
    ("CONSULT FRA>DZA", "b"): {
        "ar": "أجرى وزير الخارجية الفرنسي اتصالا هاتفيا بنظيره الجزائري بشأن احتجاز الكاتب بوعلام صنصال.",
        "en": "The French foreign minister phoned his Algerian counterpart about the detention of the writer Boualem Sansal.",
        "fr": "Le ministre français des affaires étrangères a téléphoné à son homologue algérien au sujet de la détention de l'écrivain Boualem Sansal.",
    },
    ("ASSAULT TUR>IRQ", "a"): {
        "ar": "شنت مقاتلات تركية غارات على مواقع لحزب العمال الكردستاني في جبال قنديل شمالي العراق.",
        "en": "Turkish warplanes carried out air strikes on PKK positions in the Qandil mountains in northern Iraq.",
        "fr": "Des avions de combat turcs ont mené des frappes aériennes contre des positions du PKK dans les monts Qandil, dans le nord de l'Irak.",
    },
    ("ASSAULT TUR>IRQ", "b"): {
        "ar": "قصفت المدفعية التركية قرى حدودية في محافظة دهوك ما أدى إلى نزوح عشرات العائلات.",
        "en": "Turkish artillery shelled border villages in Dohuk province, displacing dozens of families.",
        "fr": "L'artillerie turque a pilonné des villages frontaliers de la province de Dohouk, provoquant le déplacement de dizaines de familles.",
    },
}
# Variant "c": same dyad, type, place and day as variant "a", another object.
EXAMPLES[("AGREE MLI~RUS", "c")] = {
    "ar": "وقعت مالي وروسيا يوم الاثنين في موسكو اتفاقا لبناء محطة نووية صغيرة لتوليد الكهرباء في مالي.",
    "en": "Mali and Russia signed an agreement in Moscow on Monday to build a small nuclear power plant in Mali.",
    "fr": "Le Mali et la Russie ont signé lundi à Moscou un accord pour construire une petite centrale nucléaire au Mali.",
}
EXAMPLES[("AID USA>SDN", "c")] = {
    "ar": "أعلنت الولايات المتحدة تقديم خمسين مليون دولار للسودان لدعم التعليم وإعادة فتح المدارس في الخرطوم.",
    "en": "The United States announced fifty million dollars for Sudan to support education and reopen schools in Khartoum.",
    "fr": "Les États-Unis ont annoncé cinquante millions de dollars pour le Soudan afin de soutenir l'éducation et rouvrir les écoles de Khartoum.",
}
EXAMPLES[("SANCTION EU>IRN", "c")] = {
    "ar": "فرض الاتحاد الأوروبي عقوبات على مسؤولين إيرانيين بسبب قمع الاحتجاجات في طهران.",
    "en": "The European Union imposed sanctions on Iranian officials over the crackdown on protests in Tehran.",
    "fr": "L'Union européenne a imposé des sanctions à des responsables iraniens pour la répression des manifestations à Téhéran.",
}
EXAMPLES[("CONSULT SAU~IRN", "c")] = {
    "ar": "التقى وزير الخارجية السعودي نظيره الإيراني في الرياض لبحث التعاون في مكافحة تهريب المخدرات.",
    "en": "The Saudi foreign minister met his Iranian counterpart in Riyadh to discuss cooperation against drug smuggling.",
    "fr": "Le ministre saoudien des affaires étrangères a rencontré son homologue iranien à Riyad pour discuter de la coopération contre le trafic de drogue.",
}
EXAMPLES[("ASSAULT ISR>PSE", "c")] = {
    "ar": "قصفت طائرات إسرائيلية مستشفى في خان يونس فجر الثلاثاء ما أدى إلى خروجه عن الخدمة.",
    "en": "Israeli aircraft bombed a hospital in Khan Younis before dawn on Tuesday, putting it out of service.",
    "fr": "Des avions israéliens ont bombardé un hôpital à Khan Younès mardi avant l'aube, le mettant hors service.",
}


def measure() -> dict[str, list[float]]:
    """Cosines of cross-language pairs: ``same`` event, ``other`` event (a–b, b–c), ``frame`` (a–c)."""
    keys = [(k, v, lang) for (k, v), texts in EXAMPLES.items() for lang in texts]
    out: dict[str, list[float]] = {"same": [], "other": [], "frame": []}
    for (k1, v1, l1), (k2, v2, l2) in itertools.combinations(keys, 2):
        if k1 != k2 or l1 == l2:
            continue
        s = sim.similarity(EXAMPLES[k1, v1][l1], EXAMPLES[k2, v2][l2])
        assert s is not None
        out["same" if v1 == v2 else "frame" if {v1, v2} == {"a", "c"} else "other"].append(s)
    return out


def test_threshold_keeps_translations_and_splits_other_events() -> None:
    m = measure()
    th = sim.THRESHOLD
    assert sum(s >= th for s in m["same"]) / len(m["same"]) >= 0.95  # measured 72/75
    assert sum(s >= th for s in m["other"]) / len(m["other"]) <= 0.10  # measured 7/90
    assert np.median(m["same"]) - np.median(m["other"]) > 0.3  # measured 0.78 vs 0.36


if __name__ == "__main__":
    for name, values in measure().items():
        v = np.array(values)
        print(f"{name:5} n={len(v):3} min={v.min():.3f} p10={np.percentile(v, 10):.3f} median={np.median(v):.3f} "
              f"p90={np.percentile(v, 90):.3f} max={v.max():.3f} ≥{sim.THRESHOLD}: {(v >= sim.THRESHOLD).sum()}")
