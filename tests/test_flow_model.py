"""The workshop flow without a browser: the hand-off from needs to plan (goals from kept priorities,
notes as the client's words, chosen offers as actions in the right phase with a sensible owner),
the joined file and draft, older files, and the recommendations command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from conftest import DATA, ROOT

from widgets.catalogue import catalogue
from widgets.files import FileProblem, InputProblem
from widgets.flow.model import SCHEMA_ID, Workshop, assessment_of
from widgets.needs.model import NeedsAssessment
from widgets.plan.model import ACTORS, ROLE_ACTORS, URGENCY_PHASES, IndividualPlan, action_phase, owner_of


@pytest.fixture
def shop() -> Workshop:
    w = Workshop(catalogue())
    n = w.needs
    n.client_code = "CS-FLOW"
    n.assessed_on = "2026-11-01"
    n.age = "34"
    n.sex = "male"
    for domain, need, urgency, note in [
        ("accommodation", 4, "before-release", "A room of my own near my daughter's school"),
        ("finance-debt", 3, "at-release", "I want to know what I owe"),
        ("employment", 3, "after-release", "Work in a kitchen again"),
        ("legal", 2, "before-release", ""),
        ("transport", 1, None, ""),
    ]:
        n.rate(domain, "client", need)
        n.set_urgency(domain, urgency)
        n.set_note(domain, note)
    return w


def _actions(plan: IndividualPlan) -> dict[str, tuple[str, str, str]]:
    """what -> (goal domain, who, phase)"""
    return {a["what"]: (g["domain"], a["who"], a["phase"]) for g in plan.goals for a in g["actions"]}


def test_kept_priorities_become_goals_with_the_notes_and_dropped_ones_do_not(shop):
    shop.needs.keep("legal", False)
    shop.go(2)
    started = shop.confirm()
    assert shop.step == 3 and shop.handed
    goals = {g["domain"]: g for g in shop.plan.goals}
    assert list(goals) == ["accommodation", "finance-debt", "employment"]  # priority order; legal dropped
    assert "legal" not in goals and "transport" not in goals  # dropped, and below the threshold
    assert goals["accommodation"]["words"] == "A room of my own near my daughter's school"
    assert goals["employment"]["words"] == "Work in a kitchen again"
    assert started.goals == 3 and started.actions == len(_actions(shop.plan))
    assert shop.plan.client_code == "CS-FLOW" and shop.plan.assessment == "CS-FLOW, 2026-11-01"
    assert shop.plan.age_band == "25–34"


def test_chosen_offers_become_actions_in_their_phase_with_their_owner(shop):
    shop.needs.chosen = ["debt-counselling", "reentry-mentoring", "employment-promotion", "housing-support"]
    shop.go(2)
    shop.confirm()
    actions = _actions(shop.plan)
    cur = catalogue().curriculum

    def action(offer_id: str):
        item = cur.programmes.get(offer_id) or cur.services[offer_id]
        return actions[f"Contact: {item.title}"]

    # finance-debt is urgent at release; debt counselling is open in prison and run by a debt counsellor.
    assert action("debt-counselling") == ("finance-debt", "agency", "release-day")
    # employment is wanted after release: first weeks; the programme is led by a social worker.
    assert action("employment-promotion") == ("employment", "social-worker", "first-weeks")
    # mentoring: under the strongest need it meets, before release as that need is, by the mentor.
    assert action("reentry-mentoring") == ("accommodation", "mentor", "before-release")
    # housing support is in the community only: its own phase (from release), though the need is urgent now.
    assert action("housing-support")[0] == "accommodation" and action("housing-support")[2] in (
        "release-day",
        "first-weeks",
    )
    assert len(actions) == 4  # only what was chosen


def test_without_a_choice_each_kept_priority_gets_its_first_direct_offer(shop):
    shop.go(2)
    shop.confirm()
    for g in shop.plan.goals:
        assert g["actions"], g["domain"]
    assert len(_actions(shop.plan)) == len(shop.needs.chosen_ids())


def test_not_in_custody_now_means_the_first_weeks(shop):
    n = shop.needs
    n.set_setting("probation")
    for d in ("accommodation", "finance-debt", "employment", "legal"):
        n.set_urgency(d, "now")
    shop.go(2)
    shop.confirm()
    assert {phase for _d, _who, phase in _actions(shop.plan).values()} == {"first-weeks"}


def test_the_phase_and_owner_tables_cover_the_data():
    roles = {r["id"] for r in yaml.safe_load((DATA / "roles.yaml").read_text(encoding="utf-8"))}
    assert roles <= set(ROLE_ACTORS), "every role in the data names the plan actor who owns its offers"
    assert set(ROLE_ACTORS.values()) <= set(ACTORS)
    cur = catalogue().curriculum
    assert owner_of(cur.programmes["reentry-mentoring"]) == "mentor"
    assert owner_of(cur.services["mentoring-service"]) == "mentor"
    assert owner_of(cur.programmes["social-training-adults"]) == "activation-worker"
    assert owner_of(cur.services["free-id-card"]) == "social-worker"
    assert owner_of(cur.programmes["art-therapy"]) == "psychologist"
    assert URGENCY_PHASES == {
        "before-release": "before-release",
        "at-release": "release-day",
        "after-release": "first-weeks",
        "now": "first-weeks",
    }

    class Offer:
        settings = ("community",)
        phase = "after-release"

    assert action_phase(Offer, "before-release", "prison") == "first-weeks"  # community only, from prison
    assert action_phase(Offer, "before-release", "community") == "before-release"  # the need's urgency
    Offer.settings = ("prison", "community")
    assert action_phase(Offer, "at-release", "prison") == "release-day"
    assert action_phase(Offer, None, "prison") == "first-weeks"  # no urgency: the offer's own phase


def test_blockers_say_what_stops_a_step(shop):
    empty = Workshop(catalogue())
    assert empty.blockers(1) and not shop.blockers(1)
    with pytest.raises(InputProblem, match="Rate at least one area"):
        empty.confirm()
    assert empty.step == 1
    shop.needs.keep("finance-debt", False)
    shop.needs.keep("legal", False)
    shop.needs.chosen = ["debt-counselling"]  # meets finance and legal matters only
    shop.go(2)
    with pytest.raises(InputProblem, match="Debt counselling"):
        shop.confirm()
    assert shop.plan.goals == [] and shop.step == 2  # nothing handed on


def test_a_changed_assessment_unhands_the_plan_and_a_second_confirmation_adds_without_duplicates(shop):
    shop.go(2)
    shop.confirm()
    goals = len(shop.plan.goals)
    actions = len(_actions(shop.plan))
    shop.plan.update_goal(shop.plan.goals[0]["id"], words="In my own words now")
    shop.plan.client_code = "CS-FLOW-2"  # the code is shared, and is not a change of the hand-off
    assert shop.handed and shop.needs.client_code == "CS-FLOW-2"
    shop.needs.rate("family-relationships", "client", 3)
    assert not shop.handed
    shop.go(2)
    started = shop.confirm()
    assert started.goals == 1 and len(shop.plan.goals) == goals + 1
    assert shop.plan.goals[0]["words"] == "In my own words now"  # typed words are never overwritten
    assert len(_actions(shop.plan)) >= actions + 1 and shop.handed


def test_the_joined_file_round_trips_both_records(shop):
    shop.needs.keep("legal", False)
    shop.go(2)
    shop.confirm()
    shop.plan.release_date = "2027-03-15"
    gid = shop.plan.goals[0]["id"]
    shop.plan.update_goal(gid, measure="Signed tenancy agreement", target_date="2027-04-01")
    text = shop.to_json()
    data = json.loads(text)
    assert data["schema"] == SCHEMA_ID and data["version"] == 1 and data["step"] == 3
    assert data["assessment"]["schema"] == "open-reentry-curriculum/needs-assessment"
    assert data["assessment"]["dropped"] == ["legal"] and data["assessment"]["age"] == 34
    assert data["plan"]["schema"] == "open-reentry-curriculum/individual-plan"
    other = Workshop(catalogue())
    assert other.open_file(text.encode("utf-8")) == "workshop"
    assert other.needs.ratings == shop.needs.ratings and other.needs.dropped == ["legal"]
    assert other.needs.sex == "male" and other.needs.age == "34" and other.needs.setting == "prison"
    assert other.plan.goals == shop.plan.goals and other.plan.release_date == "2027-03-15"
    assert other.step == 3 and other.handed
    assert assessment_of(text).client_code == "CS-FLOW"


def test_an_assessment_alone_saves_without_a_plan(shop):
    data = json.loads(shop.to_json())
    assert data["plan"] is None
    other = Workshop(catalogue())
    other.open_file(json.dumps(data))
    assert other.plan.goals == [] and other.plan.client_code == "CS-FLOW"


def test_the_draft_keeps_everything_typed_even_invalid(shop):
    shop.go(2)
    shop.confirm()
    shop.needs.assessed_on = "yesterday"
    shop.plan.release_date = "next spring"
    other = Workshop(catalogue())
    other.restore_draft(shop.draft())
    assert other.get_model_state() == shop.get_model_state()
    assert other.step == 3 and other.handed and other.plan.release_date == "next spring"
    with pytest.raises(InputProblem):
        other.restore_draft(NeedsAssessment(catalogue()).draft())  # another app's draft


def _v1(data: dict) -> dict:
    out = {k: v for k, v in data.items() if k not in ("language", "age", "setting", "sex", "dropped", "chosen")}
    for r in out.get("ratings", {}).values():
        r.pop("matters", None)
    return {**out, "version": 1}


def test_version_1_and_2_needs_and_plan_files_open_in_the_flow(shop):
    needs_v3 = json.loads(shop.needs.to_json())
    v1 = _v1(needs_v3)
    v2 = {**v1, "version": 2, "language": "en"}
    for old in (v1, v2):
        w = Workshop(catalogue())
        assert w.open_file(json.dumps(old)) == "needs"
        assert w.step == 2 and w.needs.client_code == "CS-FLOW" and w.needs.setting == "prison"
        assert w.needs.ratings["accommodation"]["note"] == "A room of my own near my daughter's school"
        w.confirm()
        assert [g["domain"] for g in w.plan.goals][:1] == ["accommodation"]
    plan = IndividualPlan(catalogue())
    plan.client_code = "P-OLD"
    plan.add_goal("legal", words="Pay the fine in parts")
    plan_v2 = json.loads(plan.to_json())
    plan_v1 = {k: v for k, v in plan_v2.items() if k != "language"} | {"version": 1}
    for old in (plan_v1, plan_v2):
        w = Workshop(catalogue())
        assert w.open_file(json.dumps(old)) == "plan"
        assert w.step == 3 and w.plan.goals[0]["words"] == "Pay the fine in parts"
        assert w.needs.client_code == "P-OLD" and not w.needs.rated_count()


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"\xff\xfe\x00", "not a text file"),
        ("{oops", "not readable as saved data"),
        (json.dumps({"schema": "open-reentry-curriculum/quiz", "version": 1}), "'open-reentry-curriculum/quiz'"),
        (json.dumps({"schema": SCHEMA_ID, "version": 2}), "newer version"),
        (json.dumps({"schema": SCHEMA_ID, "version": 1}), "missing"),
    ],
)
def test_a_bad_file_is_explained_and_changes_nothing(shop, raw, fragment):
    before = shop.get_model_state()
    with pytest.raises(FileProblem) as info:
        shop.open_file(raw)
    assert fragment in " ".join(info.value.messages)
    assert shop.get_model_state() == before


def test_a_workshop_with_a_broken_assessment_is_explained(shop):
    data = json.loads(shop.to_json())
    data["assessment"]["ratings"]["legal"]["client"] = 9
    with pytest.raises(FileProblem) as info:
        Workshop(catalogue()).open_file(json.dumps(data))
    assert "score from 0 to 4" in " ".join(info.value.messages)


def test_reset_starts_an_empty_workshop(shop):
    shop.go(2)
    shop.confirm()
    shop.reset("en")
    assert not shop.has_content() and shop.step == 1 and not shop.handed


# --------------------------------------------------------------------------- the command


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "widgets.needs", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_the_command_prints_the_offers_of_any_version(shop, tmp_path):
    needs_v3 = json.loads(shop.needs.to_json())
    files = {
        "v1": _v1(needs_v3),
        "v2": {**_v1(needs_v3), "version": 2, "language": "en"},
        "v3": needs_v3,
        "workshop": json.loads(shop.to_json()),
    }
    expected = [o.id for o in shop.needs.offers()]
    outputs = {}
    for name, data in files.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        result = _cli("recommend", str(path))
        assert result.returncode == 0, result.stderr
        outputs[name] = json.loads(result.stdout)["offers"]
    assert [o["id"] for o in outputs["v3"]] == expected  # best first, as the app has them
    assert outputs["workshop"] == outputs["v3"]
    first = outputs["v3"][0]
    assert set(first) >= {"id", "kind", "title", "audience", "settings", "domains", "why"}
    assert first["kind"] in ("programme", "service") and first["why"]
    assert outputs["v1"] and outputs["v2"] == outputs["v1"]  # no age, setting or "matters" in old files


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{broken", "not readable"),
        (json.dumps({"schema": "open-reentry-curriculum/individual-plan", "version": 2}), "not a needs assessment"),
        (None, "cannot be read"),
    ],
)
def test_the_command_explains_bad_input_in_one_line(tmp_path, content, fragment):
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = _cli("recommend", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
