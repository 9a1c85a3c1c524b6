"""What the book's pages show of the trainer's kit: links to the printable packs and Word handouts,
and the answer key that a printed self-check carries at the end instead of the answers.

The page generators (:mod:`curriculum.render`, :mod:`curriculum.render_courses`) call these; the
packs and Word files themselves are made after the book is built (:mod:`curriculum.packs`,
:mod:`curriculum.docx_handouts`).
"""

from __future__ import annotations

import re

from .docx_handouts import docx_link, module_handout_name, role_play_name, session_handout_name
from .i18n import N_, _
from .packs import course_pack_links, programme_pack_links

__all__ = [
    "answer_key",
    "plain_sources",
    "course_pack_links",
    "docx_link",
    "module_handout_name",
    "programme_pack_links",
    "role_play_name",
    "session_handout_name",
]

LETTERS = "ABCDEF"


def answer_key(quizzes) -> list[str]:
    """The self-check's answers, one line a question: hidden on screen (where each question has its
    solution), printed on a page of its own at the end (where the solutions are left out)."""
    if not quizzes:
        return []
    lines = [":::{container} answer-key", "", "**" + _("Answer key: self-check") + "**", ""]
    for quiz in quizzes:
        if len(quizzes) > 1:
            lines += [f"*{' '.join(quiz.title.split())}*", ""]
        for n, q in enumerate(quiz.questions, 1):
            key = next(i for i, o in enumerate(q.options) if o.correct)
            # Translators: a line of a printed self-check's answer key: "Question 3: B".
            lines.append("- " + _("Question {number}: {letter}").format(number=n, letter=LETTERS[key]))
        lines.append("")
    return lines + [":::", ""]


def build_kit(
    langs: list[str],
    data_dir,
    *,
    packs: list[str] | None = None,
    docx: bool = True,
    only=None,
    workers: int = 0,
    force: bool = False,
    echo=print,
) -> int:
    """After the book is built: the Word handouts of each edition in ``langs`` (unless ``docx`` is
    False) and the printable packs of the editions in ``packs`` (default: all of ``langs``), of those
    named in ``only`` if it is given. Packs whose content did not change are not printed again.

    Returns 0, 1 when an edition is not built, 3 when ``only`` names a pack the edition does not have."""
    import time

    from .docx_handouts import build_docx
    from .editions import html_dir
    from .packs import UnknownPack, build_packs

    start = time.perf_counter()
    packs = langs if packs is None else packs
    missing = [lang for lang in dict.fromkeys(langs + packs) if not (html_dir(lang) / "index.html").exists()]
    if missing:
        echo(f"Build the book first (python -m curriculum build --lang {','.join(missing)}).")
        return 1
    for lang in langs:
        if docx:
            build_docx(lang, data_dir=data_dir, echo=echo)
    for lang in packs:
        try:
            build_packs(lang, data_dir=data_dir, only=only, workers=workers, force=force, echo=echo)
        except UnknownPack as exc:
            echo(f"[{lang}] no pack named {exc}.")
            return 3
    what = "Packs and Word handouts" if docx and packs else ("Packs" if packs else "Word handouts")
    echo(f"{what} took {time.perf_counter() - start:.1f} s.")
    return 0


# The source documents in words, for readers who never saw the seed numbers (participants, trainees).
# Translators: a source document named in running text, e.g. "(source: the Estonian reentry services)".
SEED_WORDS = {
    "000": N_("the Estonian reentry services"),
    "001": N_("the Georgian rehabilitation and resocialisation department"),
    "002": N_("the Czech VOL Mentoring project"),
    "003": N_("the Czech social training programmes"),
    "004": N_("the Georgian penitentiary and probation system"),
}
SEED_IN_BRACKETS = re.compile(r"\((?:[Ss]eeds? )(00\d)\)")
SEED_IN_TEXT = re.compile(r"\b[Ss]eed (00\d)\b(?!:)")


def plain_sources(text: str) -> str:
    """ "(seed 000)" in running text becomes "(source: the Estonian reentry services)", and a bare
    "seed 002" its name; the book's source lists ("Seed 000: …") keep their numbers."""

    def bracket(m: re.Match) -> str:
        # Translators: in running text, where a fact comes from, e.g. "(source: the Czech VOL Mentoring project)".
        return "(" + _("source: {name}").format(name=_(SEED_WORDS[m.group(1)])) + ")"

    def bare(m: re.Match) -> str:
        if m.group(1) not in SEED_WORDS:
            return m.group(0)
        name = _(SEED_WORDS[m.group(1)])
        return name[:1].upper() + name[1:] if m.group(0)[0] == "S" else name

    text = SEED_IN_BRACKETS.sub(lambda m: bracket(m) if m.group(1) in SEED_WORDS else m.group(0), text)
    return SEED_IN_TEXT.sub(bare, text)
