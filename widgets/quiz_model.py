"""A self-check quiz as plain Python: no ipywidgets here.

A :class:`QuizRun` takes one :class:`~curriculum.exercises.Quiz` from ``exercises/quizzes/``,
walks through its questions one at a time, records the option chosen for each, returns the
feedback the quiz gives for that option, and at the end the score and the questions to revisit.
Nothing is saved or sent anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from curriculum import Curriculum
from curriculum.exercises import EXERCISES_DIR, Question, Quiz, validate_exercises
from curriculum.i18n import _
from curriculum.render_courses import LETTERS


class QuizProblem(ValueError):
    """A question or option that is not in the quiz; the message says why in plain words."""


@dataclass(frozen=True)
class Feedback:
    """What the quiz says about one chosen option."""

    question_id: str
    option: int  # 0-based index of the chosen option
    correct: bool
    text: str  # the option's own feedback, exactly as written in the quiz
    right_option: int  # 0-based index of the correct option

    @property
    def letter(self) -> str:
        return LETTERS[self.option]

    @property
    def right_letter(self) -> str:
        return LETTERS[self.right_option]


def right_option(question: Question) -> int:
    return next(i for i, o in enumerate(question.options) if o.correct)


def option_labels(question: Question) -> list[tuple[str, int]]:
    """("A. text", 0), ("B. text", 1) ...: the options lettered as in the book."""
    return [(f"{LETTERS[i]}. {' '.join(o.text.split())}", i) for i, o in enumerate(question.options)]


class QuizRun:
    """One attempt at a quiz: the current question, the answers given, the score."""

    def __init__(self, quiz: Quiz):
        self.quiz = quiz
        self.answers: dict[str, int] = {}  # question id -> chosen option index
        self.position = 0

    # ---- the questions
    @property
    def questions(self) -> list[Question]:
        return self.quiz.questions

    @property
    def total(self) -> int:
        return len(self.quiz.questions)

    @property
    def finished(self) -> bool:
        return self.position >= self.total

    @property
    def current(self) -> Question | None:
        """The question to answer now; None once the run is over."""
        return None if self.finished else self.quiz.questions[self.position]

    def question(self, question_id: str) -> Question:
        for q in self.quiz.questions:
            if q.id == question_id:
                return q
        raise QuizProblem(
            _("The quiz '{quiz}' has no question '{question}'.").format(quiz=self.quiz.title, question=question_id)
        )

    # ---- answering
    def feedback(self, question_id: str, option: int) -> Feedback:
        """The feedback for an option, without recording it as the answer."""
        q = self.question(question_id)
        if isinstance(option, bool) or not isinstance(option, int) or not 0 <= option < len(q.options):
            letters = ", ".join(LETTERS[: len(q.options)])
            raise QuizProblem(_("Choose one of the options {letters}.").format(letters=letters))
        key = right_option(q)
        return Feedback(q.id, option, option == key, q.options[option].feedback, key)

    def answer(self, question_id: str, option: int) -> Feedback:
        """Record ``option`` as the answer to the question (a later answer replaces it)."""
        fb = self.feedback(question_id, option)
        self.answers[question_id] = option
        return fb

    def next(self) -> Question | None:
        """Move on to the next question; None when there are no more."""
        if not self.finished:
            self.position += 1
        return self.current

    def restart(self) -> None:
        self.answers.clear()
        self.position = 0

    # ---- results
    def is_right(self, question_id: str) -> bool | None:
        """True or False for an answered question, None if it has not been answered."""
        if question_id not in self.answers:
            return None
        return self.answers[question_id] == right_option(self.question(question_id))

    @property
    def score(self) -> int:
        return sum(1 for q in self.quiz.questions if self.is_right(q.id))

    @property
    def wrong(self) -> list[Question]:
        """Questions answered wrongly, in quiz order."""
        return [q for q in self.quiz.questions if self.is_right(q.id) is False]

    @property
    def unanswered(self) -> list[Question]:
        return [q for q in self.quiz.questions if q.id not in self.answers]

    @property
    def to_revisit(self) -> list[Question]:
        """Wrong and unanswered questions, in quiz order."""
        return [q for q in self.quiz.questions if not self.is_right(q.id)]

    def summary(self) -> str:
        """The score in words, in the current language."""
        text = _("{score} of {total} right.").format(score=self.score, total=self.total)
        if self.unanswered:
            text += " " + _("{count} not answered.").format(count=len(self.unanswered))
        return text


def load_quizzes(cur: Curriculum, root: Path = EXERCISES_DIR) -> dict[str, Quiz]:
    """Every quiz that validates; a broken quiz file is left out rather than stopping the app."""
    ex, problems = validate_exercises(cur, root)
    broken = {p.path.resolve() for p in problems}
    return {
        qid: quiz
        for qid, quiz in ex.quizzes.items()
        if (Path(root) / "quizzes" / f"{qid}.yaml").resolve() not in broken
    }
