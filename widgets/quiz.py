"""The self-check app: ipywidgets bound to :class:`~widgets.quiz_model.QuizRun`.

Run it with Voila (``widgets/apps/quiz.ipynb``) or in a notebook::

    from widgets.quiz import QuizApp
    QuizApp(course_id="mentor-training").show()
"""

from __future__ import annotations

import re
from html import escape

import ipywidgets as w

from curriculum import Curriculum
from curriculum.exercises import Question, Quiz
from curriculum.render_courses import LETTERS, exercise_label, module_path

from .catalogue import BOOK_BASE, catalogue
from .quiz_model import QuizRun, load_quizzes, option_labels, right_option

CSS = """
<style>
.qz-app { font-family: var(--jp-ui-font-family, sans-serif); max-width: 900px; }
.qz-muted { color: #4b5563; font-size: 13px; line-height: 1.4; }
.qz-prompt { font-size: 15px; line-height: 1.45; margin: 4px 0 6px; }
.qz-prompt p { margin: 0 0 6px; }
.qz-options { width: 100%; }
.qz-options .widget-radio-box { width: 100%; }
.qz-options .widget-radio-box label { display: flex !important; align-items: flex-start; height: auto !important;
  white-space: normal !important; line-height: 1.4 !important; margin: 0 0 8px !important; }
.qz-options .widget-radio-box input { order: -1; float: none !important; flex-shrink: 0;
  margin: 3px 8px 0 1px !important; }
.qz-right, .qz-wrong { border-radius: 6px; padding: 8px 12px; margin: 6px 0; line-height: 1.45; }
.qz-right { background: #ecfdf5; border: 1px solid #16a34a; color: #14532d; }
.qz-wrong { background: #fef2f2; border: 1px solid #dc2626; color: #7f1d1d; }
.qz-result li { margin-bottom: 6px; line-height: 1.45; }
.qz-result a { color: #1d4ed8; text-decoration: underline; }
</style>
"""


def _html(markdown: str) -> str:
    """Author Markdown as simple, escaped HTML: paragraphs, headings and **bold** as bold."""
    out = []
    for para in re.split(r"\n\s*\n", str(markdown).strip()):
        text = escape(" ".join(para.split()))
        text = re.sub(r"^#{1,6}\s+(.*)$", r"<b>\1</b>", text)
        text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
        out.append(f"<p>{text}</p>")
    return "".join(out)


def _short(markdown: str, limit: int = 140) -> str:
    text = " ".join(re.sub(r"[#*_`]", "", str(markdown)).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip(".,;:") + "…"


class QuizApp:
    def __init__(
        self,
        course_id: str | None = None,
        cur: Curriculum | None = None,
        quizzes: dict[str, Quiz] | None = None,
    ):
        self.cur = cur if cur is not None else catalogue().curriculum
        self.quizzes = quizzes if quizzes is not None else load_quizzes(self.cur)
        if course_id is not None and course_id not in self.cur.courses:
            known = ", ".join(self.cur.courses) or "none"
            raise ValueError(f"There is no course '{course_id}' (courses: {known}).")
        self.run: QuizRun | None = None
        self._build(course_id)
        self._bind()
        self._fill_modules()

    # ------------------------------------------------------------------ layout
    def _build(self, course_id: str | None) -> None:
        courses = [(c.title, c.id) for c in self.cur.courses.values()]
        self.course = w.Dropdown(
            options=courses,
            value=course_id or (courses[0][1] if courses else None),
            description="Course",
            layout=w.Layout(width="440px"),
        )
        self.course.add_class("qz-course")
        self.module = w.Dropdown(options=[], description="Module", layout=w.Layout(width="440px"))
        self.module.add_class("qz-module")
        self.counter = w.HTML()
        self.counter.add_class("qz-counter")
        self.prompt = w.HTML()
        self.prompt.add_class("qz-prompt")
        self.options = w.RadioButtons(options=[], value=None, layout=w.Layout(width="100%"))
        self.options.add_class("qz-options")
        self.check = w.Button(description="Check", button_style="primary", disabled=True)
        self.check.add_class("qz-check")
        self.next_btn = w.Button(description="Next question", layout=w.Layout(display="none"))
        self.next_btn.add_class("qz-next")
        self.feedback = w.HTML()
        self.feedback.add_class("qz-feedback")
        self.question_box = w.VBox(
            [self.counter, self.prompt, self.options, w.HBox([self.check, self.next_btn]), self.feedback]
        )
        self.result = w.HTML()
        self.result.add_class("qz-result")
        self.restart_btn = w.Button(description="Try again", button_style="primary")
        self.restart_btn.add_class("qz-restart")
        self.result_box = w.VBox([self.result, self.restart_btn], layout=w.Layout(display="none"))
        self.status = w.HTML()
        self.status.add_class("qz-status")
        header = w.HTML(
            CSS + "<h2>Self-check</h2><p class='qz-muted'>Choose a course and a module, answer each question, "
            "then press <b>Check</b> to see the feedback on your answer. At the end you see your score and the "
            "questions to look at again. Nothing you choose is saved or sent anywhere.</p>"
        )
        self.root = w.VBox(
            [header, w.HBox([self.course, self.module], layout=w.Layout(flex_flow="row wrap")), self.status]
            + [self.question_box, self.result_box]
        )
        self.root.add_class("qz-app")

    def _bind(self) -> None:
        self.course.observe(lambda _: self._fill_modules(), names="value")
        self.module.observe(lambda ch: self.start(ch["new"]), names="value")
        self.options.observe(self._on_choice, names="value")
        self.check.on_click(self._on_check)
        self.next_btn.on_click(self._on_next)
        self.restart_btn.on_click(self._on_restart)

    def show(self):
        from IPython.display import display

        display(self.root)

    # ------------------------------------------------------------------ choices
    def module_quizzes(self, course_id: str) -> list[tuple[str, str]]:
        """(label, quiz id) for every quiz of the course, in module order."""
        out = []
        for mod in self.cur.course_modules(course_id):
            found = [q for q in self.quizzes.values() if q.course == course_id and q.module == mod.id]
            for quiz in found:
                label = f"Module {mod.number}: {mod.title}"
                out.append((label if len(found) == 1 else f"{label} ({quiz.title})", quiz.id))
        return out

    def _fill_modules(self) -> None:
        options = self.module_quizzes(self.course.value) if self.course.value else []
        self.module.options = options
        if not options:
            self.module.value = None
            self.run = None
            self.status.value = "<p class='qz-muted'>No self-checks have been written for this course yet.</p>"
            self.question_box.layout.display = "none"
            self.result_box.layout.display = "none"
            return
        self.status.value = ""
        if self.module.value != options[0][1]:
            self.module.value = options[0][1]  # observed: starts the quiz
        else:
            self.start(options[0][1])

    def start(self, quiz_id: str | None) -> None:
        if quiz_id is None or quiz_id not in self.quizzes:
            return
        self.run = QuizRun(self.quizzes[quiz_id])
        self._show_question()

    # ------------------------------------------------------------------ one question
    def _show_question(self) -> None:
        run = self.run
        q = run.current if run else None
        if q is None:
            self._show_result()
            return
        self.result_box.layout.display = "none"
        self.question_box.layout.display = "flex"
        self.counter.value = (
            f"<div class='qz-muted'>{escape(run.quiz.title)} · question {run.position + 1} of {run.total}</div>"
        )
        self.prompt.value = _html(q.prompt)
        self.options.unobserve(self._on_choice, names="value")
        self.options.options = option_labels(q)
        self.options.value = None
        self.options.observe(self._on_choice, names="value")
        self.options.disabled = False
        self.check.disabled = True
        self.feedback.value = ""
        self.next_btn.layout.display = "none"
        self.next_btn.description = "Next question" if run.position + 1 < run.total else "See my score"

    def _on_choice(self, change) -> None:
        self.check.disabled = change["new"] is None

    def _on_check(self, _=None) -> None:
        run, choice = self.run, self.options.value
        if run is None or run.current is None or choice is None:
            return
        fb = run.answer(run.current.id, choice)
        if fb.correct:
            head = f"<b>Right: {fb.letter}.</b>"
        else:
            head = f"<b>Not quite. You chose {fb.letter}; the answer is {fb.right_letter}.</b>"
        css = "qz-right" if fb.correct else "qz-wrong"
        self.feedback.value = f"<div class='{css}'>{head} {escape(' '.join(fb.text.split()))}</div>"
        self.options.disabled = True
        self.check.disabled = True
        self.next_btn.layout.display = "inline-flex"

    def _on_next(self, _=None) -> None:
        if self.run is not None:
            self.run.next()
            self._show_question()

    def _on_restart(self, _=None) -> None:
        if self.run is not None:
            self.run.restart()
            self._show_question()

    # ------------------------------------------------------------------ the end
    def book_link(self, question: Question) -> str | None:
        """Where the question and its worked solution are in the book (served beside the apps)."""
        mod = self.cur.modules.get(self.run.quiz.module) if self.run else None
        if mod is None:
            return None
        return f"{BOOK_BASE}{module_path(mod)}.html#{exercise_label(self.run.quiz, question.id)}"

    def _show_result(self) -> None:
        run = self.run
        self.question_box.layout.display = "none"
        self.result_box.layout.display = "flex"
        parts = [f"<h3>Your score: {run.score} of {run.total}</h3>"]
        if not run.to_revisit:
            parts.append("<p>All right. Well done.</p>")
        else:
            parts.append("<p>Questions to revisit:</p><ol>")
            for q in run.to_revisit:
                n = run.questions.index(q) + 1
                chosen = run.answers.get(q.id)
                right = LETTERS[right_option(q)]
                how = f"you chose {LETTERS[chosen]}, the answer is {right}" if chosen is not None else "not answered"
                link = self.book_link(q)
                more = (
                    f"<br><a href='{escape(link)}' target='_blank' rel='noopener'>Read it in the book</a>"
                    if link
                    else ""
                )
                parts.append(f"<li><b>Question {n}</b> ({how}): {escape(_short(q.prompt))}{more}</li>")
            parts.append("</ol>")
        self.result.value = "".join(parts)
