"""The needs-assessment model, without a browser: scoring, ranking, recommendations, files, drafts."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from widgets.catalogue import catalogue
from widgets.files import FileProblem
from widgets.needs import export
from widgets.needs.model import SCHEMA_ID, InputProblem, NeedsAssessment, need_of


@pytest.fixture
def model() -> NeedsAssessment:
    m = NeedsAssessment(catalogue())
    m.client_code = "CS-TEST"
    m.assessed_on = "2026-11-01"
    return m


def test_domains_come_from_the_curriculum(model):
    assert model.domain_ids == list(catalogue().curriculum.domains)
    assert len(model.domain_ids) == 18


def test_need_is_the_higher_view_and_both_are_kept(model):
    assert need_of(None, None) is None
    assert need_of(1, None) == 1
    assert need_of(1, 3) == 3
    model.rate("accommodation", "client", 1)
    model.rate("accommodation", "practitioner", 3)
    assert model.ratings["accommodation"]["client"] == 1
    assert model.ratings["accommodation"]["practitioner"] == 3
    assert model.need("accommodation") == 3
    assert model.disagreements() == ["accommodation"]


def test_priorities_rank_by_need_then_urgency_then_disagreement(model):
    model.rate("employment", "client", 3)
    model.set_urgency("employment", "after-release")
    model.rate("accommodation", "client", 3)
    model.set_urgency("accommodation", "before-release")
    model.rate("finance-debt", "client", 4)
    model.rate("legal", "client", 3)
    model.rate("legal", "practitioner", 1)
    model.set_urgency("legal", "after-release")
    model.rate("transport", "client", 1)  # below the priority threshold
    ranked = [p.domain for p in model.priorities()]
    assert ranked == ["finance-debt", "accommodation", "legal", "employment"]
    assert [p.rank for p in model.priorities()] == [1, 2, 3, 4]
    assert model.priorities()[2].disagreement == 2


def test_recommendations_come_from_the_recommendation_model_and_link_to_the_book(model):
    from curriculum.recommend import recommend

    model.rate("finance-debt", "practitioner", 3)
    offers = model.offers()
    cur = catalogue().curriculum
    assert [o.id for o in offers] == [o.id for o in recommend(cur, model.person())]  # same offers, same order
    assert "debt-counselling" in [o.id for o in offers]
    for o in offers:
        assert o.why and "Finance" in o.why  # each says why, in one line
        if o.kind == "programme":
            assert "finance-debt" in cur.programmes[o.id].needs_addressed
            assert o.url.startswith("/book/book/generated/programmes/") and o.url.endswith(f"/{o.id}.html")
        else:
            assert "finance-debt" in cur.services[o.id].needs_addressed
            assert o.url.endswith(f"#service-{o.id}")


def test_recommendations_follow_the_age_setting_and_what_matters(model):
    model.rate("attitudes-behaviour", "client", 3)
    adult_ids = {o.id for o in model.offers()}
    model.age = "16"
    assert model.audience == "minor"  # the age decides the age group
    minor_ids = {o.id for o in model.offers()}
    cur = catalogue().curriculum
    assert "understanding-crime-adult" in adult_ids and "understanding-crime-adult" not in minor_ids
    for oid in minor_ids:
        item = cur.programmes.get(oid) or cur.services[oid]
        assert "minor" in {a.value for a in item.audience}
    model.age = ""
    model.set_setting("community")
    assert model.offers() and all("community" in o.settings for o in model.offers())
    with pytest.raises(InputProblem):
        model.set_setting("moon")
    model.set_setting("prison")
    model.rate("employment", "client", 3)
    before = [o.id for o in model.offers()]
    model.set_matters("employment", True)
    after = [o.id for o in model.offers()]
    assert before != after  # what matters to the person weighs in


def test_screen_and_more_share_one_order(model):
    model.load_case("marta-debts-and-a-daughter")
    first, more = model.shown_offers()
    ranked = [o.id for o in model.offers()]
    assert len(first) <= 8 and all(o.direct for o in first)
    assert sorted(o.id for o in first + more) == sorted(ranked)  # every eligible offer is reachable
    assert [o.id for o in more] == [i for i in ranked if i not in {o.id for o in first}]


def test_priority_threshold_is_two(model):
    model.rate("legal", "client", 2)
    model.rate("transport", "client", 1)
    assert [p.domain for p in model.priorities()] == ["legal"]


def test_keep_choose_and_hand_off(model):
    model.load_case("marta-debts-and-a-daughter")
    prios = [p.domain for p in model.priorities()]
    model.keep("mental-health", False)
    assert [p.domain for p in model.kept_priorities()] == [d for d in prios if d != "mental-health"]
    defaults = model.chosen_ids()
    assert model.chosen is None and defaults  # the defaults: one direct offer per kept priority
    model.choose(defaults[0], False)
    assert model.chosen == defaults[1:]
    summary = model.handoff()
    assert [p.domain for p in summary.priorities] == [d for d in prios if d != "mental-health"]
    assert summary.offers == tuple(defaults[1:])
    assert summary.priorities[0].note == model.ratings[summary.priorities[0].domain]["note"]
    with pytest.raises(InputProblem):
        model.choose("no-such-offer")
    # A chosen offer that works on no kept priority blocks the hand-off, in plain words.
    model.keep("finance-debt", False)
    model.choose("debt-counselling", True)
    assert any("Debt counselling" in b for b in model.blockers())


def test_bad_input_is_refused_in_plain_words_and_changes_nothing(model):
    model.rate("accommodation", "client", 2)
    for bad in (5, -1, "3", 2.5, True):
        with pytest.raises(InputProblem, match="whole number from 0"):
            model.rate("accommodation", "client", bad)
    assert model.ratings["accommodation"]["client"] == 2
    with pytest.raises(InputProblem):
        model.set_urgency("accommodation", "tomorrow")
    with pytest.raises(InputProblem):
        model.rate("astrology", "client", 1)


def test_field_problems_keep_what_was_typed(model):
    model.client_code = ""
    model.assessed_on = "22/11/2026"
    long_note = "x" * 2500
    model.set_note("legal", long_note)
    problems = model.field_problems()
    assert "client code" in problems["client_code"].lower()
    assert "YYYY-MM-DD" in problems["assessed_on"]
    assert "2500" in problems["note:legal"]
    assert model.ratings["legal"]["note"] == long_note  # never truncated or cleared
    with pytest.raises(InputProblem):
        model.to_json()


def test_full_name_as_client_code_gets_a_warning(model):
    model.client_code = "Maria Tamm"
    assert "full name" in model.warnings()["client_code"]
    model.client_code = "CS-014"
    assert model.warnings() == {}


def test_save_and_open_round_trip(model):
    model.rate("accommodation", "client", 3)
    model.rate("accommodation", "practitioner", 4)
    model.set_urgency("accommodation", "before-release")
    model.set_note("accommodation", "Wants a room near her daughter's school — ნინო, Žofie, Оксана")
    text = model.to_json()
    data = json.loads(text)
    assert data["schema"] == SCHEMA_ID and data["version"] == 3 and data["language"] == "en"
    other = NeedsAssessment(catalogue())
    other.open_file(text.encode("utf-8"))
    assert other.ratings == model.ratings
    assert other.client_code == "CS-TEST" and other.assessed_on == "2026-11-01"


def _saved(model) -> dict:
    model.rate("legal", "client", 2)
    return json.loads(model.to_json())


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: "not json at all", "not readable as saved data"),
        (lambda d: json.dumps([1, 2]), "no 'schema' mark"),
        (lambda d: json.dumps({**d, "schema": "open-reentry-curriculum/individual-plan"}), "not a needs assessment"),
        (lambda d: json.dumps({**d, "version": 4}), "newer version of the app"),
        (lambda d: json.dumps({**d, "version": 0}), "can no longer open"),
        (lambda d: json.dumps({k: v for k, v in d.items() if k != "version"}), "does not say which version"),
        (lambda d: json.dumps({**d, "ratings": {"legal": {"client": 7}}}), "score from 0 to 4"),
        (lambda d: json.dumps({**d, "ratings": {"legal": {"client": "high"}}}), "but the file has 'high'"),
        (lambda d: json.dumps({**d, "ratings": {"legal": {"urgency": "soon"}}}), "value this app does not know"),
        (lambda d: json.dumps({**d, "ratings": {"astrology": {"client": 1}}}), "needs areas this app does not know"),
        (lambda d: json.dumps({k: v for k, v in d.items() if k != "client_code"}), "Client code is missing"),
        (lambda d: json.dumps({**d, "assessed_on": "yesterday"}), "YYYY-MM-DD"),
        (lambda d: json.dumps({**d, "colour": "blue"}), "not something this app knows"),
    ],
)
def test_every_file_problem_is_explained(model, mutate, fragment):
    raw = mutate(_saved(model))
    before = dict(model.ratings)
    with pytest.raises(FileProblem) as info:
        model.open_file(raw)
    text = " ".join(info.value.messages)
    assert fragment in text
    assert "pydantic" not in text.lower() and "Traceback" not in text
    assert model.ratings == before  # nothing on screen changed


def test_binary_and_huge_files_are_refused(model):
    with pytest.raises(FileProblem, match="not a text file"):
        model.open_file(b"\xff\xfe\x00PK")
    with pytest.raises(FileProblem, match="too large"):
        model.open_file(b" " * 3_000_000)


def test_draft_restores_everything_typed_even_invalid(model):
    model.client_code = ""
    model.assessed_on = "not a date"
    model.rate("gambling", "client", 4)
    model.set_note("gambling", "y" * 2100)
    other = NeedsAssessment(catalogue())
    other.restore_draft(model.draft())
    assert other.assessed_on == "not a date"
    assert other.ratings["gambling"]["client"] == 4
    assert len(other.ratings["gambling"]["note"]) == 2100
    with pytest.raises(InputProblem):
        other.restore_draft("{broken")


def test_change_over_time(model):
    model.rate("accommodation", "client", 4)
    model.rate("employment", "client", 2)
    earlier = model.to_json()
    now = NeedsAssessment(catalogue())
    now.open_file(earlier)
    now.assessed_on = "2026-12-01"
    now.rate("accommodation", "client", 1)
    now.rate("employment", "client", 3)
    now.compare_with(earlier)
    moved = {c.domain: c for c in now.changes() if c.delta}
    assert moved["accommodation"].delta == -3 and moved["accommodation"].words == "need down by 3"
    assert moved["employment"].delta == 1
    assert now.changes()[0].domain == "accommodation"  # largest move first
    assert now.earlier_series("client")[now.domain_ids.index("accommodation")] == 4


def test_compare_refuses_another_clients_file(model):
    earlier = model.to_json()
    other = NeedsAssessment(catalogue())
    other.client_code = "CS-OTHER"
    with pytest.raises(FileProblem, match="not 'CS-OTHER'"):
        other.compare_with(earlier)


def test_every_case_study_prefills(model):
    cases = catalogue().case_studies
    assert len(cases) >= 1
    for case in cases.values():
        model.load_case(case.id)
        assert model.client_code == case.client_code
        for d, r in case.assessment.items():
            assert model.ratings[d]["client"] == r.client
            assert model.ratings[d]["practitioner"] == r.practitioner
        assert model.to_json()  # a prefilled case is valid as it stands


def test_chart_changes_when_a_rating_changes(model):
    before = export.chart(model)
    model.rate("accommodation", "client", 4)
    after = export.chart(model)
    assert before != after and after.startswith("<svg") and after.count('class="series"') == 2


def test_summary_html_escapes_everything(model):
    model.client_code = "CS-1"
    model.set_note("legal", '<script>alert("x")</script> & "quotes"')
    model.rate("legal", "client", 3)
    html = export.summary_html(model)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_summary_pdf_keeps_non_latin_text(model):
    model.rate("family-relationships", "client", 3)
    model.set_note("family-relationships", "ნინო wants contact — Žofie Dvořáková — Оксана")
    reader = PdfReader(__import__("io").BytesIO(export.summary_pdf(model)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 1
    for word in ("ნინო", "Dvořáková", "Оксана", "Family, children and relationships"):
        assert word in text, word


def test_summaries_list_the_offers_of_the_screen_in_its_order(model):
    import html as html_lib
    import io

    model.load_case("marta-debts-and-a-daughter")
    first, more = model.shown_offers()
    page = html_lib.unescape(export.summary_html(model))
    positions = [page.index(f"<b>{o.title}</b>") for o in first]
    assert positions == sorted(positions)  # the first offers, in the order of the screen, each with its reason
    assert all(o.why in page for o in first)
    assert "Also open to the person: " + "; ".join(o.title for o in more) + "." in page
    assert "How they are ordered:" in page
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(export.summary_pdf(model))).pages).replace("\n", " ")
    at = [text.index(f"{n}. {o.title}") for n, o in enumerate(first, start=1)]
    assert at == sorted(at)
    assert more[-1].title.split()[0] in text.split("Also open to the person:")[1]
