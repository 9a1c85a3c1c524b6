"""The self-check app: ipywidgets bound to :class:`~widgets.quiz_model.QuizRun`.

Run it with Voila (``widgets/apps/quiz.ipynb``, ``?lang=ru`` for Russian) or in a notebook::

    from widgets.quiz import QuizApp
    QuizApp(course_id="mentor-training", lang="cs").show()

The quiz run (course, question, answers) is the model; switching the language builds the widgets
again in the new language from it, with the same quiz in that language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

import ipywidgets as w

from curriculum import Curriculum, CurriculumError
from curriculum.exercises import Question, Quiz
from curriculum.i18n import LANGUAGES, _, normalise_language, set_language
from curriculum.render_courses import LETTERS, exercise_label, module_path

from .browser import PageLanguage
from .catalogue import book_url, catalogue
from .controls import A11Y_CSS
from .language import curriculum_drafts, draft_note, language_dropdown, language_name, request_language
from .quiz_model import QuizRun, load_quizzes, option_labels, right_option
from .shell import SHELL_CSS, close_tree, message

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


@lru_cache(maxsize=len(LANGUAGES))
def quizzes_in(lang: str) -> dict[str, Quiz]:
    """Every valid quiz, in ``lang`` (loaded once per language)."""
    return load_quizzes(catalogue(lang).curriculum)


class QuizApp:
    def __init__(
        self,
        course_id: str | None = None,
        cur: Curriculum | None = None,
        quizzes: dict[str, Quiz] | None = None,
        lang: str | None = None,
    ):
        if lang:
            lang = normalise_language(lang)
        else:
            lang = cur.language if cur is not None else request_language()
        self.lang = lang
        set_language(lang)
        self._given = (cur, quizzes) if cur is not None and cur.language == lang else None
        self.cur, self.quizzes = self._load(lang)
        if quizzes is not None:
            self.quizzes = quizzes
        if course_id is not None and course_id not in self.cur.courses:
            known = ", ".join(self.cur.courses) or _("none")
            raise ValueError(
                _("There is no course '{course}' (courses: {known}).").format(course=course_id, known=known)
            )
        self.run: QuizRun | None = None
        self._checked = False  # the current answer has been checked (its feedback is showing)
        self._restoring = False
        self.page = PageLanguage(lang=lang)
        self.language_pick = language_dropdown(lang)
        self.language_pick.observe(self._on_language_pick, names="value")
        self.root = w.VBox()
        self.root.add_class("qz-app")
        self.root.add_class("tk-app")
        self._build(course_id)
        self._bind()
        self._fill_modules()

    def _load(self, lang: str) -> tuple[Curriculum, dict[str, Quiz]]:
        if self._given is not None and self._given[0].language == lang:
            cur, quizzes = self._given
            return cur, quizzes if quizzes is not None else load_quizzes(cur)
        return catalogue(lang).curriculum, quizzes_in(lang)

    # ------------------------------------------------------------------ layout
    def _build(self, course_id: str | None) -> None:
        self.language_pick.description = _("Language")
        self.language_pick.tooltip = _("Language of the app")
        courses = [(c.title, c.id) for c in self.cur.courses.values()]
        self.course = w.Dropdown(
            options=courses,
            value=course_id or (courses[0][1] if courses else None),
            description=_("Course"),
            layout=w.Layout(width="440px"),
        )
        self.course.add_class("qz-course")
        self.module = w.Dropdown(options=[], description=_("Module"), layout=w.Layout(width="440px"))
        self.module.add_class("qz-module")
        self.counter = w.HTML()
        self.counter.add_class("qz-counter")
        self.prompt = w.HTML()
        self.prompt.add_class("qz-prompt")
        self.options = w.RadioButtons(options=[], value=None, layout=w.Layout(width="100%"))
        self.options.add_class("qz-options")
        # Translators: a button: check the answer chosen in the quiz.
        self.check = w.Button(description=_("Check"), button_style="primary", disabled=True)
        self.check.add_class("qz-check")
        self.next_btn = w.Button(description=_("Next question"), layout=w.Layout(display="none"))
        self.next_btn.add_class("qz-next")
        self.feedback = w.HTML()
        self.feedback.add_class("qz-feedback")
        self.question_box = w.VBox(
            [self.counter, self.prompt, self.options, w.HBox([self.check, self.next_btn]), self.feedback]
        )
        self.result = w.HTML()
        self.result.add_class("qz-result")
        self.restart_btn = w.Button(description=_("Try again"), button_style="primary")
        self.restart_btn.add_class("qz-restart")
        self.result_box = w.VBox([self.result, self.restart_btn], layout=w.Layout(display="none"))
        self.status = w.HTML()
        self.status.add_class("qz-status")
        self.draft_line = w.HTML(message(draft_note(self.lang, curriculum_drafts(self.cur)), "warn"))
        self.draft_line.add_class("tk-draft-note")
        intro = _(
            "Choose a course and a module, answer each question, then press Check to see the feedback on your "
            "answer. At the end you see your score and the questions to look at again. Nothing you choose is saved "
            "or sent anywhere."
        )
        title = escape(_("Self-check"))
        heading = w.HTML(SHELL_CSS + A11Y_CSS + CSS + f"<h2>{title}</h2>")
        heading.add_class("tk-title")
        header = w.VBox(
            [
                w.HBox(
                    [heading, self.language_pick],
                    layout=w.Layout(justify_content="space-between", align_items="center", flex_flow="row wrap"),
                ),
                w.HTML(f"<p class='qz-muted'>{escape(intro)}</p>"),
                self.draft_line,
            ]
        )
        self.root.children = [
            header,
            w.HBox([self.course, self.module], layout=w.Layout(flex_flow="row wrap")),
            self.status,
            self.question_box,
            self.result_box,
            self.page,
        ]

    def _bind(self) -> None:
        self.course.observe(lambda _change: self._fill_modules(), names="value")
        self.module.observe(lambda ch: self.start(ch["new"]), names="value")
        self.options.observe(self._on_choice, names="value")
        self.check.on_click(self._on_check)
        self.next_btn.on_click(self._on_next)
        self.restart_btn.on_click(self._on_restart)

    def show(self):
        from IPython.display import display

        display(self.root)

    # ------------------------------------------------------------------ languages
    def _on_language_pick(self, change) -> None:
        if change["new"] != self.lang and not self._restoring:
            self.switch_language(change["new"])

    def switch_language(self, lang: str, announce: bool = True) -> None:
        """Show the app in ``lang``: the same course, question, answers and choice, in that language.

        (``announce`` is accepted for the same call as the other apps; the quiz's page says nothing.)
        """
        lang = normalise_language(lang)
        try:
            cur, quizzes = self._load(lang)
        except CurriculumError:
            self._restoring = True
            try:
                self.language_pick.value = self.lang
            finally:
                self._restoring = False
            self.status.value = message(
                _("The texts in {language} could not be loaded, so the app stays in {current}.").format(
                    language=language_name(lang), current=language_name(self.lang)
                )
            )
            return
        course_id, quiz_id, run = self.course.value, self.module.value, self.run
        choice, checked = self.options.value, self._checked
        set_language(lang)
        self.lang, self.cur, self.quizzes = lang, cur, quizzes
        self.page.lang = lang
        old = list(self.root.children)
        self._restoring = True
        try:
            if self.language_pick.value != lang:
                self.language_pick.value = lang
            self._build(course_id if course_id in cur.courses else None)
            self._bind()
        finally:
            self._restoring = False
        for widget in old:
            close_tree(widget, keep=(self.page, self.language_pick))
        if run is None or quiz_id not in quizzes:
            self._fill_modules()
            return
        options = self.module_quizzes(self.course.value)
        self._restoring = True
        try:
            self.module.options = options
            self.module.value = quiz_id
        finally:
            self._restoring = False
        self.run = QuizRun(quizzes[quiz_id])
        self.run.answers = dict(run.answers)
        self.run.position = run.position
        self._show_question()
        if choice is not None and not self.run.finished:
            self.options.value = choice
            if checked:
                self._on_check()

    # ------------------------------------------------------------------ choices
    def module_quizzes(self, course_id: str) -> list[tuple[str, str]]:
        """(label, quiz id) for every quiz of the course, in module order."""
        out = []
        for mod in self.cur.course_modules(course_id):
            found = [q for q in self.quizzes.values() if q.course == course_id and q.module == mod.id]
            for quiz in found:
                label = _("Module {number}: {title}").format(number=mod.number, title=mod.title)
                if len(found) > 1:
                    label = _("{module} ({quiz})").format(module=label, quiz=quiz.title)
                out.append((label, quiz.id))
        return out

    def _fill_modules(self) -> None:
        if self._restoring:
            return
        options = self.module_quizzes(self.course.value) if self.course.value else []
        self.module.options = options
        if not options:
            self.module.value = None
            self.run = None
            none = escape(_("No self-checks have been written for this course yet."))
            self.status.value = f"<p class='qz-muted'>{none}</p>"
            self.question_box.layout.display = "none"
            self.result_box.layout.display = "none"
            return
        self.status.value = ""
        if self.module.value != options[0][1]:
            self.module.value = options[0][1]  # observed: starts the quiz
        else:
            self.start(options[0][1])

    def start(self, quiz_id: str | None) -> None:
        if self._restoring or quiz_id is None or quiz_id not in self.quizzes:
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
        self._checked = False
        self.result_box.layout.display = "none"
        self.question_box.layout.display = "flex"
        counter = _("{quiz} · question {number} of {total}").format(
            quiz=run.quiz.title, number=run.position + 1, total=run.total
        )
        self.counter.value = f"<div class='qz-muted'>{escape(counter)}</div>"
        self.prompt.value = _html(q.prompt)
        self.options.unobserve(self._on_choice, names="value")
        self.options.options = option_labels(q)
        self.options.value = None
        self.options.observe(self._on_choice, names="value")
        self.options.disabled = False
        self.check.disabled = True
        self.feedback.value = ""
        self.next_btn.layout.display = "none"
        self.next_btn.description = _("Next question") if run.position + 1 < run.total else _("See my score")

    def _on_choice(self, change) -> None:
        self.check.disabled = change["new"] is None

    def _on_check(self, _button=None) -> None:
        run, choice = self.run, self.options.value
        if run is None or run.current is None or choice is None:
            return
        fb = run.answer(run.current.id, choice)
        if fb.correct:
            head = _("Right: {letter}.").format(letter=fb.letter)
        else:
            head = _("Not quite. You chose {chosen}; the answer is {right}.").format(
                chosen=fb.letter, right=fb.right_letter
            )
        css = "qz-right" if fb.correct else "qz-wrong"
        self.feedback.value = f"<div class='{css}'><b>{escape(head)}</b> {escape(' '.join(fb.text.split()))}</div>"
        self.options.disabled = True
        self.check.disabled = True
        self.next_btn.layout.display = "inline-flex"
        self._checked = True

    def _on_next(self, _button=None) -> None:
        if self.run is not None:
            self.run.next()
            self._show_question()

    def _on_restart(self, _button=None) -> None:
        if self.run is not None:
            self.run.restart()
            self._show_question()

    # ------------------------------------------------------------------ the end
    def book_link(self, question: Question) -> str | None:
        """Where the question and its worked solution are, in the book's edition of the app's language."""
        mod = self.cur.modules.get(self.run.quiz.module) if self.run else None
        if mod is None:
            return None
        return book_url(f"{module_path(mod)}.html#{exercise_label(self.run.quiz, question.id)}", self.lang)

    def _show_result(self) -> None:
        run = self.run
        self.question_box.layout.display = "none"
        self.result_box.layout.display = "flex"
        score = _("Your score: {score} of {total}").format(score=run.score, total=run.total)
        parts = [f"<h3>{escape(score)}</h3>"]
        read_more = escape(_("Read it in the book"))
        if not run.to_revisit:
            parts.append("<p>" + escape(_("All right. Well done.")) + "</p>")
        else:
            parts.append("<p>" + escape(_("Questions to revisit:")) + "</p><ol>")
            for q in run.to_revisit:
                n = run.questions.index(q) + 1
                chosen = run.answers.get(q.id)
                right = LETTERS[right_option(q)]
                if chosen is not None:
                    how = _("you chose {chosen}, the answer is {right}").format(chosen=LETTERS[chosen], right=right)
                else:
                    how = _("not answered")
                link = self.book_link(q)
                more = f"<br><a href='{escape(link)}' target='_blank' rel='noopener'>{read_more}</a>" if link else ""
                label = _("Question {number}").format(number=n)
                parts.append(f"<li><b>{escape(label)}</b> ({escape(how)}): {escape(_short(q.prompt))}{more}</li>")
            parts.append("</ol>")
        self.result.value = "".join(parts)
