"""Recommendations: eligibility, ranking, one entry per offer, reasons, and the evaluation set
written before the model was run (curriculum/recommendation-cases.yaml)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from curriculum import load_curriculum
from curriculum.i18n import use_language
from curriculum.recommend import (
    SHOWN,
    Person,
    Rating,
    as_json,
    evaluate,
    first_offers,
    ineligible_because,
    recommend,
)


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


def test_evaluation_set_hits_and_ineligible_offers(cur, capsys):
    results = evaluate(cur)
    hits = sum(len(r.hits) for r in results)
    expected = sum(len(r.expected) for r in results)
    with capsys.disabled():
        print(f"\n{'person':10} {'hits':>6}  missed")
        for r in results:
            print(f"{r.id:10} {len(r.hits):>2}/{len(r.expected):<3}  {', '.join(r.misses) or '-'}")
        print(f"{'total':10} {hits:>2}/{expected}  ({100 * hits / expected:.0f} % in the first {SHOWN})")
    assert len(results) >= 15
    assert sum(1 for r in results if r.id in {"kevin", "anna", "dmitri"}) >= 2  # minors
    assert hits / expected >= 0.9
    assert [r for r in results if r.ineligible] == []


def _all_adult_only(cur):
    progs = [p.id for p in cur.programmes.values() if [a.value for a in p.audience] == ["adult"]]
    servs = [s.id for s in cur.services.values() if [a.value for a in s.audience] == ["adult"]]
    return set(progs) | set(servs)


@pytest.mark.parametrize("setting", ["prison", "probation", "community"])
def test_a_minor_is_never_offered_an_adult_only_offer(cur, setting):
    everything = {d: Rating(client=4, practitioner=4, urgency="now", matters=True) for d in cur.domains}
    offers = recommend(cur, Person(age=16, setting=setting, ratings=everything))
    assert offers
    ids = {o.id for o in offers} | {s for o in offers for s in o.service_ids}
    assert not ids & _all_adult_only(cur)


def test_entry_rules_keep_drug_rehabilitation_for_people_with_a_substance_use_need(cur):
    health = {"physical-health": Rating(3, 3, "before-release"), "substance-use": Rating(0, 0)}
    offers = recommend(cur, Person(age=58, setting="prison", ratings=health))
    assert "drug-rehabilitation" not in {o.id for o in offers}
    with_use = {**health, "substance-use": Rating(2, 2)}
    assert "drug-rehabilitation" in {o.id for o in recommend(cur, Person(age=58, setting="prison", ratings=with_use))}


def test_no_need_in_a_domain_means_no_offer_for_it(cur):
    only_debt = {"finance-debt": Rating(3, 3, "now")}
    offers = recommend(cur, Person(age=40, setting="community", ratings=only_debt))
    shown = first_offers(offers)
    assert "transport-card" not in {o.id for o in shown}  # it only helps with debt: behind "show more"
    assert "transport-card" in {o.id for o in offers}
    assert shown[0].id == "debt-counselling" and all(o.direct for o in shown)


def test_a_person_in_prison_gets_community_services_for_the_release_phase(cur):
    ratings = {"accommodation": Rating(4, 4, "before-release", True)}
    offers = {o.id: o for o in recommend(cur, Person(age=30, setting="prison", ratings=ratings))}
    assert offers["housing-support"].phase == "at-release"
    after = {"accommodation": Rating(2, 2, "after-release")}
    offers = {o.id: o for o in recommend(cur, Person(age=30, setting="prison", ratings=after))}
    assert offers["housing-support"].phase == "after-release"


def test_a_programme_and_the_service_that_delivers_it_are_one_entry(cur):
    ratings = {"accommodation": Rating(4, 4, "before-release"), "motivation": Rating(3, 3)}
    offers = recommend(cur, Person(age=30, setting="prison", ratings=ratings))
    ids = [o.id for o in offers]
    assert "housing-support" in ids and "housing-service" not in ids
    assert "reentry-mentoring" in ids and "mentoring-service" not in ids
    housing = next(o for o in offers if o.id == "housing-support")
    assert housing.service_ids == ("housing-service",)


def test_sex_specific_offers_follow_the_data(cur):
    prog = cur.programmes["art-therapy"]
    women_only = prog.model_copy(update={"eligible_sex": ["female"]})
    person = Person(age=30, setting="prison", sex="male", ratings={"mental-health": Rating(3, 3)})
    assert ineligible_because(women_only, person) == "sex"
    assert ineligible_because(women_only, replace(person, sex="female")) is None
    assert ineligible_because(prog, person) is None


def test_what_matters_to_the_person_and_urgency_move_offers_up(cur):
    base = {"employment": Rating(2, 2), "accommodation": Rating(2, 2)}
    plain = [o.id for o in recommend(cur, Person(age=30, setting="community", ratings=base))]
    matters = {**base, "employment": Rating(2, 2, matters=True)}
    first = recommend(cur, Person(age=30, setting="community", ratings=matters))[0]
    assert "employment" in first.domains and first.reasons[0].domain == "employment"
    urgent = {**base, "accommodation": Rating(2, 2, "now")}
    first = recommend(cur, Person(age=30, setting="community", ratings=urgent))[0]
    assert first.reasons[0].domain == "accommodation"
    assert plain  # both orders are complete lists


def test_each_offer_says_why_in_one_line(cur):
    ratings = {"finance-debt": Rating(3, 2, "before-release")}
    offer = next(
        o for o in recommend(cur, Person(age=30, setting="prison", ratings=ratings)) if o.id == "debt-counselling"
    )
    why = offer.why(cur)
    assert why == "Finance, benefits and debt 3/4, before release: works on it directly"
    assert "\n" not in why


def test_every_eligible_offer_is_reachable(cur):
    everything = {d: Rating(2, 2) for d in cur.domains}
    offers = recommend(cur, Person(age=30, setting="community", ratings=everything))
    eligible = [
        i
        for i in [*cur.programmes.values(), *cur.services.values()]
        if ineligible_because(i, Person(age=30, setting="community", ratings=everything)) is None
    ]
    folded = {s for o in offers for s in o.service_ids}
    assert {o.id for o in offers} | folded == {i.id for i in eligible}
    assert len(offers) > SHOWN


def test_json_output_has_the_documented_fields(cur):
    ratings = {"gambling": Rating(3, 3, "now")}
    data = as_json(cur, recommend(cur, Person(age=29, setting="probation", ratings=ratings)))
    first = data["offers"][0]
    assert set(first) >= {"id", "kind", "title", "audience", "settings", "domains", "why"}
    assert first["kind"] in ("programme", "service")


def test_reasons_are_translated_as_whole_sentences(cur, tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog

    from curriculum import i18n

    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.code_translations.cache_clear()
    cat = Catalog(locale="cs", domain="toolkit")
    cat.add("{domain} {need}/4, {urgency}: works on it directly", "{domain} {need}/4, {urgency}: řeší přímo")
    cat.add("before release", "před propuštěním")
    i18n.write_catalog(cat, tmp_path / "cs/LC_MESSAGES/toolkit.po")
    ratings = {"finance-debt": Rating(3, 2, "before-release")}
    offer = next(
        o for o in recommend(cur, Person(age=30, setting="prison", ratings=ratings)) if o.id == "debt-counselling"
    )
    with use_language("cs"):
        assert offer.why(cur).endswith("3/4, před propuštěním: řeší přímo")
    i18n.code_translations.cache_clear()
