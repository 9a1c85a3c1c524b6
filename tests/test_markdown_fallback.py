"""English left in a translated edition: the fallback marks become lang="en" spans and divs where
the Markdown allows HTML, and simply disappear where it does not (curriculum.markdown)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from curriculum.i18n import FALLBACK_CLOSE as C
from curriculum.i18n import FALLBACK_OPEN as O
from curriculum.markdown import (
    DIV_CLOSE,
    DIV_OPEN,
    SPAN_CLOSE,
    SPAN_OPEN,
    has_fallback,
    keep_marks,
    rewrap,
    show_fallback,
    unwrap,
)
from curriculum.render import block


def span(text: str) -> str:
    return f"{SPAN_OPEN}{text}{SPAN_CLOSE}"


def div(*lines: str, quote: str = "") -> list[str]:
    blank = quote.rstrip()
    return [quote + DIV_OPEN, blank, *(quote + line if line else blank for line in lines), blank, quote + DIV_CLOSE]


def no_marks(text: str) -> bool:
    return O not in text and C not in text


# --------------------------------------------------------------------------- a well-formed result


VOID = {"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source"}


class _Nesting(HTMLParser):
    """Fails on an end tag that does not close the innermost open element (a span across a paragraph)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()


def html_of(md: str) -> str:
    """The page as CommonMark with tables; directive fences are plain lines, so what they hold is parsed too."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(md)


def assert_well_formed(md: str) -> None:
    checker = _Nesting()
    checker.feed(html_of(md))
    checker.close()
    assert checker.errors == [], checker.errors
    assert checker.stack == [], f"unclosed: {checker.stack}"


# --------------------------------------------------------------------------- nothing to do


def test_text_without_marks_is_returned_unchanged():
    md = "# Title\n\nA paragraph.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert show_fallback(md) is md
    assert not has_fallback(md)
    assert has_fallback(f"a {O}b{C}") and has_fallback(f"stray {C}")


def test_the_result_never_holds_a_mark_and_a_second_pass_changes_nothing():
    md = f"# {O}T{C}\n\n{O}para{C}\n\n- {O}item{C}\n\n{C} stray and {O}open"
    once = show_fallback(md)
    assert no_marks(once)
    assert show_fallback(once) == once


# --------------------------------------------------------------------------- blocks


def test_a_whole_paragraph_becomes_a_div_with_blank_lines_inside_and_out():
    md = f"# Title\n\n{O}A summary of the programme.{C}\n\nNext paragraph.\n"
    out = show_fallback(md)
    expected = ["# Title", "", *div("A summary of the programme."), "", "Next paragraph.", ""]
    assert out.split("\n") == expected
    assert_well_formed(out)
    assert '<div lang="en" class="i18n-fallback">\n<p>A summary of the programme.</p>\n</div>' in html_of(out)


def test_several_paragraphs_lists_and_tables_go_in_one_div():
    text = "First paragraph.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    out = show_fallback(f"{O}{text}{C}")
    assert out.split("\n") == div(*text.split("\n"))
    assert_well_formed(out)
    assert "<table>" in html_of(out) and "<li>one</li>" in html_of(out)


def test_headings_inside_a_block_stay_bare_and_the_text_between_them_gets_divs():
    md = f"## Reading\n\n{O}### Why it matters\n\nPara one.\n\n#### Detail\n\nPara two.{C}\n\n## Next\n"
    out = show_fallback(md)
    lines = out.split("\n")
    assert "### Why it matters" in lines and "#### Detail" in lines
    assert out.count(DIV_OPEN) == 2 and out.count(DIV_CLOSE) == 2
    # A heading is never inside a div (a section would start inside it) and </div> is followed by a blank line.
    assert "</div>\n\n#### Detail" in out and "</div>\n\n## Next" in out
    assert_well_formed(out)


def test_a_block_at_the_start_and_at_the_end_of_the_page():
    out = show_fallback(f"{O}Only this.{C}")
    assert out.split("\n") == div("Only this.")
    out = show_fallback(f"{O}Only this.{C}\n")
    assert out.split("\n") == [*div("Only this."), ""]
    assert_well_formed(out)


def test_a_block_right_after_a_heading_or_an_option_line_gets_a_blank_line_first():
    out = show_fallback(f"## Purpose\n{O}Text.{C}\n")
    assert out.startswith(f"## Purpose\n\n{DIV_OPEN}\n\nText.\n\n{DIV_CLOSE}")
    out = show_fallback(f":::{{admonition}} Check\n:class: hint\n{O}Text.{C}\n:::\n")
    assert out.split("\n")[:3] == [":::{admonition} Check", ":class: hint", ""]
    assert f"{DIV_CLOSE}\n\n:::" in out


def test_author_markdown_inside_a_directive_gets_a_div_inside_the_directive():
    body = block(f"{O}# Budget sheet\n\n| Item | Amount |\n|---|---:|\n| Rent | ____ |{C}")
    md = f":::{{admonition}} Handout: {O}My budget{C}\n:class: handout\n\n{body}\n:::\n"
    out = show_fallback(md)
    lines = out.split("\n")
    assert lines[0] == ":::{admonition} Handout: My budget"
    assert lines[1] == ":class: handout"
    assert lines[3] == DIV_OPEN and "**Budget sheet**" in lines  # block() made the heading bold
    assert lines[-4:] == [DIV_CLOSE, "", ":::", ""]
    assert_well_formed(out)


def test_a_quoted_block_keeps_its_quote_markers():
    md = f"**Opening.**\n\n> {O}Welcome.\n>\n> Today we start.{C}\n\n**Next.**\n"
    out = show_fallback(md)
    assert "\n".join(div("Welcome.", "", "Today we start.", quote="> ")) in out
    assert_well_formed(out)
    assert "<blockquote>" in html_of(out) and html_of(out).index("<blockquote>") < html_of(out).index("<div")


def test_a_whole_line_inside_a_paragraph_is_a_span_not_a_div():
    # A div would interrupt the paragraph; the line before is not blank.
    out = show_fallback(f"Translated first line\n{O}English second line{C}\n")
    assert out == f"Translated first line\n{span('English second line')}\n"
    assert_well_formed(out)


# --------------------------------------------------------------------------- inline


def test_text_inside_a_paragraph_becomes_a_span():
    out = show_fallback(f"**Not for:** {O}people in crisis.{C}\n")
    assert out == f"**Not for:** {span('people in crisis.')}\n"
    assert_well_formed(out)


def test_list_items_get_their_span_after_the_marker():
    out = show_fallback(f"- {O}one{C}\n- translated\n1. {O}three{C}\n")
    assert out == f"- {span('one')}\n- translated\n1. {span('three')}\n"
    assert_well_formed(out)


def test_table_cells_get_spans_and_keep_their_columns():
    md = f"| **Duration** | {O}About 6 weeks{C} |\n| 1 | {O}a{C} and {O}b{C} |\n"
    out = show_fallback(md)
    assert out == f"| **Duration** | {span('About 6 weeks')} |\n| 1 | {span('a')} and {span('b')} |\n"
    assert [line.count("|") for line in out.splitlines()] == [3, 3]


def test_a_table_renders_with_spans_in_cells():
    md = f"| a | b |\n|---|---|\n| {O}x{C} | y |\n"
    out = show_fallback(md)
    assert f"<td>{span('x')}</td>" in html_of(out)
    assert_well_formed(out)


def test_spans_inside_emphasis_and_bold_keep_the_emphasis():
    out = show_fallback(f"*{O}Phase{C} · 90 minutes · {O}Programme{C}*\n\n**{O}Phase title{C}** (sessions 1–3): x\n")
    html = html_of(out)
    assert f"<em>{span('Phase')} · 90 minutes · {span('Programme')}</em>" in html
    assert f"<strong>{span('Phase title')}</strong>" in html
    assert_well_formed(out)


def test_a_multi_line_inline_text_gets_a_span_on_each_line():
    out = show_fallback(f"**Note.** {O}first line\nsecond line{C} and more\n")
    assert out == f"**Note.** {span('first line')}\n{span('second line')} and more\n"
    assert_well_formed(out)


def test_an_inline_text_running_over_a_paragraph_break_never_crosses_it():
    md = f"**Use.** {O}First paragraph.\n\n- a list\n- more\n\nLast paragraph.{C}\n"
    out = show_fallback(md)
    assert out == (
        f"**Use.** {span('First paragraph.')}\n\n- {span('a list')}\n- {span('more')}\n\n{span('Last paragraph.')}\n"
    )
    assert_well_formed(out)


def test_leading_and_trailing_spaces_stay_outside_the_span():
    out = show_fallback(f"a{O} spaced {C}b\n")
    assert out == f"a {span('spaced')} b\n"


def test_two_segments_on_one_line_and_a_translated_word_between_them():
    out = show_fallback(f"{O}One{C}, přeloženo, {O}two{C}\n")
    assert out == f"{span('One')}, přeloženo, {span('two')}\n"


# --------------------------------------------------------------------------- where HTML would break the Markdown


@pytest.mark.parametrize(
    ("md", "expected"),
    [
        (f"# {O}Programme title{C}\n", "# Programme title\n"),
        (f"### Session 3: {O}Title{C}\n", "### Session 3: Title\n"),
        (f"{O}## Whole heading{C}\n", "## Whole heading\n"),
        (f"> ## {O}Quoted heading{C}\n", "> ## Quoted heading\n"),
        (f"({O}label{C})=\n", "(label)=\n"),
        (f"| {{ref}}`{O}Area title{C} <area-x>` |\n", "| {ref}`Area title <area-x>` |\n"),
        (
            f"See {{ref}}`{O}Title{C} <x>` in {{ref}}`{O}Module 1{C} <m>`.\n",
            "See {ref}`Title <x>` in {ref}`Module 1 <m>`.\n",
        ),
        (f"Use `{O}code{C}` here.\n", "Use `code` here.\n"),
        (f"| 1 | [{O}Session title{C}](#prog-session-1) | 90 |\n", "| 1 | [Session title](#prog-session-1) | 90 |\n"),
        (f"Open the [{O}app{C}](/voila/x.ipynb){{.external}}.\n", "Open the [app](/voila/x.ipynb){.external}.\n"),
        (f":::{{admonition}} Handout: {O}My plan{C}\n:::\n", ":::{admonition} Handout: My plan\n:::\n"),
        (f"::::{{dropdown}} Role card: {O}Mentor{C}\n::::\n", "::::{dropdown} Role card: Mentor\n::::\n"),
        (f":::{{admonition}} X\n:class: {O}note{C}\n\ntext\n:::\n", ":::{admonition} X\n:class: note\n\ntext\n:::\n"),
        (f"```python\nprint('{O}hi{C}')\n```\n", "```python\nprint('hi')\n```\n"),
        (f"---\ntitle: {O}Title{C}\n---\n\nBody\n", "---\ntitle: Title\n---\n\nBody\n"),
    ],
)
def test_marks_are_only_removed_where_html_would_break_the_markdown(md, expected):
    assert show_fallback(md) == expected


def test_a_role_after_a_span_on_the_same_line_is_left_intact():
    md = f"| {O}English{C} | {{ref}}`{O}Title{C} <label>` |\n"
    assert show_fallback(md) == f"| {span('English')} | {{ref}}`Title <label>` |\n"


def test_glossary_terms_lose_their_marks_and_definitions_get_spans():
    md = f"```{{glossary}}\n{O}Desistance{C}\n  {O}Stopping offending.{C}\n\nPřeloženo\n  Definice\n```\n"
    out = show_fallback(md)
    assert out == f"```{{glossary}}\nDesistance\n  {span('Stopping offending.')}\n\nPřeloženo\n  Definice\n```\n"


def test_a_directives_yaml_options_lose_their_marks():
    md = f":::{{admonition}} T\n---\nclass: {O}tip{C}\n---\n{O}Body{C}\n:::\n"
    out = show_fallback(md)
    assert "class: tip" in out and out.count(SPAN_OPEN) + out.count(DIV_OPEN) == 1


def test_stray_and_unclosed_marks_disappear():
    assert show_fallback(f"text {C} more\n") == "text  more\n"
    assert show_fallback(f"text {O}open to the end\n") == f"text {span('open to the end')}\n"
    assert show_fallback(f"{O}{C}\n") == "\n"  # an empty segment adds no empty span


def test_nested_marks_count_as_one_segment():
    assert show_fallback(f"a {O}outer {O}inner{C} rest{C} b\n") == f"a {span('outer inner rest')} b\n"


# --------------------------------------------------------------------------- helpers keep the marks


def test_unwrap_and_rewrap():
    assert unwrap(f"  {O}text{C}\n") == ("text", True)
    assert unwrap(f"{O}a{C} and {O}b{C}") == (f"{O}a{C} and {O}b{C}", False)
    assert unwrap("plain") == ("plain", False)
    assert rewrap("\n**Title**\n\ntext\n", True) == f"\n{O}**Title**\n\ntext{C}\n"
    assert rewrap("", True) == "" and rewrap("x", False) == "x"
    assert keep_marks(str.upper, f"{O}abc{C}") == f"{O}ABC{C}"


def test_block_turns_a_marked_heading_into_bold_and_keeps_the_marks():
    out = block(f"{O}# Handout title\n\n---\n\nWrite here: ____{C}")
    assert out.startswith(f"{O}**Handout title**") and out.endswith(f"\\_\\_\\_\\_{C}")
    assert "---" not in out
