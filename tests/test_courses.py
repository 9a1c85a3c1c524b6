"""Staff courses and their exercises: the data holds together, renders to the book, and the
quiz app scores correctly."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from curriculum import load_curriculum
from curriculum.exercises import validate_exercises
from curriculum.render import render_book
from curriculum.render_courses import (
    LETTERS,
    case_label,
    course_label,
    exercise_label,
    module_file,
    module_quizzes,
    render_course_pages,
)
from widgets.quiz_model import QuizProblem, QuizRun, load_quizzes, option_labels, right_option

LABEL = re.compile(r"^\(([^()\s]+)\)=\s*$|^:label:\s*(\S+)\s*$", re.M)
REF = re.compile(r"\{ref\}`([^`]+)`")


def _ref_target(text: str) -> str:
    """The label a {ref} points at, read as Sphinx reads it: everything after the first "<"."""
    m = re.match(r"^(.+?)\s*<(.*?)>$", text, re.DOTALL)
    return m.group(2) if m else text


@pytest.fixture(scope="module")
def cur():
    return load_curriculum()


@pytest.fixture(scope="module")
def ex(cur):
    ex, problems = validate_exercises(cur)
    assert problems == [], "\n".join(str(p) for p in problems)
    return ex


@pytest.fixture(scope="module")
def pages(cur, ex) -> dict[str, str]:
    return render_course_pages(cur, ex)


def _quiz(ex):
    return next(iter(ex.quizzes.values()))


# --------------------------------------------------------------------------- data


def test_there_are_courses_and_exercises(cur, ex):
    assert cur.courses and cur.modules
    assert ex.quizzes and ex.case_studies and ex.role_plays


def test_every_quiz_question_has_one_right_option_and_feedback_for_every_option(ex):
    for quiz in ex.quizzes.values():
        ids = [q.id for q in quiz.questions]
        assert len(ids) == len(set(ids)), f"{quiz.id}: two questions share an id"
        for q in quiz.questions:
            where = f"{quiz.id}/{q.id}"
            assert sum(o.correct for o in q.options) == 1, where
            assert 2 <= len(q.options) <= len(LETTERS), where
            assert all(o.feedback.strip() for o in q.options), f"{where}: an option has no feedback"
            assert len({o.text for o in q.options}) == len(q.options), f"{where}: two options read the same"


def test_every_module_of_every_course_has_a_quiz(cur, ex):
    for course in cur.courses.values():
        for mid in course.modules:
            assert mid in cur.modules, f"{course.id}: module {mid} has no file"
            assert module_quizzes(cur.modules[mid], ex), f"{course.id}: module {mid} has no quiz"


def test_every_module_has_objectives_and_key_points(cur):
    for mod in cur.modules.values():
        assert len(mod.objectives) >= 2, mod.id
        assert len(mod.key_points) >= 3, mod.id
        assert mod.activity_minutes == mod.minutes, mod.id


def test_agenda_days_add_up_and_every_module_gets_exactly_its_minutes(cur):
    for course in cur.courses.values():
        taught: Counter[str] = Counter()
        for day in course.agenda:
            assert sum(i.minutes for i in day.items) == day.minutes, f"{course.id}/{day.id}"
            for item in day.items:
                assert (item.kind == "module") == (item.module is not None), f"{course.id}/{day.id}: {item.title}"
                if item.module:
                    taught[item.module] += item.minutes
        for mod in cur.course_modules(course.id):
            assert taught[mod.id] == mod.minutes, f"{course.id}: {mod.id} gets {taught[mod.id]} of {mod.minutes}"
        assert set(taught) <= set(course.modules), course.id


def test_role_plays_have_a_checklist_and_a_home(cur, ex):
    for rp in ex.role_plays.values():
        assert len(rp.observer_checklist) >= 4, rp.id
        assert len(rp.roles) >= 2, rp.id
        assert rp.module in cur.modules and cur.modules[rp.module].course == rp.course, rp.id


def test_every_case_study_prefills_the_needs_model(ex):
    from widgets.catalogue import catalogue
    from widgets.needs.model import NeedsAssessment

    cat = catalogue()
    assert set(cat.case_studies) == set(ex.case_studies), "a case study has problems; see python -m curriculum validate"
    for case in ex.case_studies.values():
        model = NeedsAssessment(cat)
        model.load_case(case.id)
        assert model.client_code == case.client_code
        assert model.audience == case.audience
        assert model.case_study == case.id
        assert model.rated_count() == len(case.assessment), case.id
        for dom, rating in case.assessment.items():
            got = model.ratings[dom]
            assert (got["client"], got["practitioner"]) == (rating.client, rating.practitioner), f"{case.id}/{dom}"
            urgency = rating.urgency.value if rating.urgency else None
            if model.setting != "prison" and urgency == "at-release":
                urgency = "now"  # a case not in custody writes "at release" for "act now"
            assert got["urgency"] == urgency, f"{case.id}/{dom}"
            assert got["note"] == rating.note
        assert not model.field_problems(), case.id


# --------------------------------------------------------------------------- pages


def test_every_course_and_exercise_page_is_rendered(cur, ex, pages):
    for course in cur.courses.values():
        page = pages[f"courses/{course.id}/index.md"]
        assert page.startswith(f"({course_label(course.id)})=\n# {course.title}\n")
        assert page.count("| Time | Minutes | What | Module |") == len(course.agenda)
    cases = pages["exercises/case-studies.md"]
    assert cases.startswith("(case-studies)=\n")
    assert "/voila/render/needs-assessment.ipynb" in cases
    for case in ex.case_studies.values():
        assert f"({case_label(case.id)})=" in cases
    index = pages["exercises/role-plays.md"]
    assert index.startswith("(role-plays)=\n")
    for rp in ex.role_plays.values():
        assert f"<{rp.id}>`" in index, rp.id


def test_a_page_per_module_with_one_exercise_per_quiz_question(cur, ex, pages):
    for course in cur.courses.values():
        for mod in cur.course_modules(course.id):
            path = module_file(mod)
            assert path == f"courses/{course.id}/modules/{mod.number:02d}-{mod.id}.md"
            page = pages[path]
            assert page.startswith(f"({mod.id})=\n# Module {mod.number}: {mod.title}\n")
            questions = [(quiz, q) for quiz in module_quizzes(mod, ex) for q in quiz.questions]
            assert page.count(":::{exercise}") == len(questions), mod.id
            assert page.count(":::{solution}") == len(questions), mod.id
            for quiz, q in questions:
                label = exercise_label(quiz, q.id)
                assert f":label: {label}\n" in page
                solution = page.split(f":::{{solution}} {label}\n", 1)[1].split("\n:::", 1)[0]
                assert f"The answer is {LETTERS[right_option(q)]}." in solution
                assert solution.count("- **") == len(q.options), f"{label}: feedback for every option"
            for rp_id in mod.role_plays:
                assert f"### Role-play: {ex.role_plays[rp_id].title}" in page
            if mod.handout:
                assert ":class: handout" in page


def test_observer_checklists_print_as_boxes(cur, ex, pages):
    rp = max(ex.role_plays.values(), key=lambda r: len(r.observer_checklist))
    page = pages[module_file(cur.modules[rp.module])]
    checklist = page.split(f"({rp.id})=", 1)[1].split(":::{admonition} Observer checklist", 1)[1].split("\n:::\n")[0]
    assert ":class: handout" in checklist
    assert checklist.count("\n☐ ") == len(rp.observer_checklist) >= 4
    assert "[ ]" not in checklist


def _labels(text: str) -> list[str]:
    return [a or b for a, b in LABEL.findall(text)]


def test_labels_are_unique_and_every_reference_resolves(cur, pages, tmp_path: Path):
    """The checks the book build makes (-n -W), without building it."""
    render_book(cur, tmp_path)
    texts = [p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "book").rglob("*.md") if "generated" not in p.parts]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "exercises").rglob("*.md")]
    labels = [label for text in texts + list(pages.values()) for label in _labels(text)]
    twice = sorted(k for k, n in Counter(labels).items() if n > 1)
    assert twice == []
    known = set(labels)
    for rel, text in pages.items():
        missing = sorted({_ref_target(t) for t in REF.findall(text)} - known)
        assert missing == [], rel


def test_author_text_cannot_break_the_page(cur, ex, pages):
    for rel, text in pages.items():
        fences = [line for line in text.splitlines() if re.match(r"^:{3,}", line)]
        opened = [line for line in fences if "{" in line]
        assert len(opened) * 2 == len(fences), f"{rel}: unbalanced directive fences"
        inside = False
        for line in text.splitlines():
            if re.match(r"^:{3,}\{", line):
                inside = True
            elif re.match(r"^:{3,}\s*$", line):
                inside = False
            elif inside:
                assert not re.match(r"^\s{0,3}#{1,6}\s", line), f"{rel}: a heading inside a directive: {line}"


# --------------------------------------------------------------------------- the quiz model and app


def test_quiz_model_scores_right_and_wrong_answers(ex):
    quiz = _quiz(ex)
    run = QuizRun(quiz)
    assert run.total == len(quiz.questions) and run.current is quiz.questions[0] and run.score == 0
    for q in quiz.questions:
        fb = run.answer(q.id, right_option(q))
        assert fb.correct and fb.letter == fb.right_letter == LETTERS[right_option(q)]
        run.next()
    assert run.finished and run.current is None
    assert run.score == run.total and run.wrong == [] and run.to_revisit == []

    run.restart()
    assert run.answers == {} and run.position == 0 and run.current is quiz.questions[0]
    wrong_one = quiz.questions[0]
    for q in quiz.questions:
        choice = right_option(q) if q is not wrong_one else (right_option(q) + 1) % len(q.options)
        fb = run.answer(q.id, choice)
        assert fb.correct is (q is not wrong_one)
    assert run.score == run.total - 1
    assert run.wrong == [wrong_one] == run.to_revisit
    assert run.summary() == f"{run.total - 1} of {run.total} right."

    # A later answer replaces an earlier one; unanswered questions are to revisit, not wrong.
    run.answer(wrong_one.id, right_option(wrong_one))
    assert run.score == run.total and run.wrong == []
    fresh = QuizRun(quiz)
    fresh.answer(wrong_one.id, right_option(wrong_one))
    assert fresh.score == 1 and fresh.wrong == [] and len(fresh.unanswered) == fresh.total - 1
    assert fresh.to_revisit == quiz.questions[1:]


def test_quiz_feedback_is_the_options_own_feedback(ex):
    for quiz in ex.quizzes.values():
        run = QuizRun(quiz)
        for q in quiz.questions:
            for i, option in enumerate(q.options):
                fb = run.feedback(q.id, i)
                assert fb.text == option.feedback
                assert fb.correct is option.correct
                assert fb.question_id == q.id and fb.letter == LETTERS[i]
            assert [label for label, _ in option_labels(q)][0].startswith("A. ")
        assert run.answers == {}, "feedback() must not record an answer"


def test_quiz_model_refuses_what_is_not_in_the_quiz(ex):
    quiz = _quiz(ex)
    run = QuizRun(quiz)
    q = quiz.questions[0]
    for bad in (-1, len(q.options), None, True, "A"):
        with pytest.raises(QuizProblem):
            run.answer(q.id, bad)
    with pytest.raises(QuizProblem):
        run.answer("no-such-question", 0)
    assert run.answers == {}


def test_load_quizzes_gives_every_valid_quiz(cur, ex):
    assert set(load_quizzes(cur)) == set(ex.quizzes)


def test_quiz_app_runs_a_module_to_the_end(cur, ex):
    from widgets.quiz import QuizApp

    course_ids = list(cur.courses)
    app = QuizApp(course_id=course_ids[0])
    first = cur.course_modules(course_ids[0])[0]
    assert app.module.value == module_quizzes(first, ex)[0].id
    quiz = app.run.quiz
    assert app.check.disabled
    for n, q in enumerate(quiz.questions):
        wrong = n == 0
        choice = (right_option(q) + 1) % len(q.options) if wrong else right_option(q)
        app.options.value = choice
        app.check.click()
        assert ("qz-wrong" if wrong else "qz-right") in app.feedback.value
        assert app.options.disabled and app.check.disabled
        app.next_btn.click()
    assert app.result_box.layout.display == "flex" and app.question_box.layout.display == "none"
    assert f"Your score: {len(quiz.questions) - 1} of {len(quiz.questions)}" in app.result.value
    assert "Question 1" in app.result.value and f"#{exercise_label(quiz, quiz.questions[0].id)}" in app.result.value
    app.restart_btn.click()
    assert app.run.position == 0 and app.question_box.layout.display == "flex"

    app.course.value = course_ids[-1]
    assert app.run.quiz.course == course_ids[-1]
    with pytest.raises(ValueError):
        QuizApp(course_id="no-such-course")
