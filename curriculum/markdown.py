"""Markdown of the generated pages: showing the English that a translated edition still contains.

In a translated edition the loader wraps every data text that has no translation yet in the
private-use marks :data:`~curriculum.i18n.FALLBACK_OPEN` and :data:`~curriculum.i18n.FALLBACK_CLOSE`.
The generator keeps them through its helpers, and :func:`show_fallback` turns them into HTML in
the finished page, in one place:

- a marked text that fills whole lines, with a blank line (or a heading, a directive line) before
  and after it, becomes a block: ``<div lang="en" class="i18n-fallback">``, a blank line, the
  Markdown, a blank line, ``</div>``;
- a marked text inside a paragraph, a list item or a table cell becomes
  ``<span lang="en" class="i18n-fallback">…</span>`` (one per line when it runs over several
  lines, so that no span crosses a list item or a paragraph);
- where HTML would break the Markdown, the marks are only removed: headings, MyST targets,
  directive lines and their options, code, the text of roles such as ``{ref}`` and ``{cite}``,
  link text, glossary terms and front matter.

The result never contains a mark, so nothing invisible reaches the reader or the search index.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .i18n import FALLBACK_CLOSE, FALLBACK_OPEN, strip_marks

OPEN, CLOSE = FALLBACK_OPEN, FALLBACK_CLOSE
SPAN_OPEN = '<span lang="en" class="i18n-fallback">'
SPAN_CLOSE = "</span>"
DIV_OPEN = '<div lang="en" class="i18n-fallback">'
DIV_CLOSE = "</div>"

# Directives whose content is literal, never Markdown.
LITERAL_DIRECTIVES = frozenset({"code", "code-block", "code-cell", "sourcecode", "literalinclude", "math", "raw"})


def has_fallback(text: str) -> bool:
    """Whether the text holds English that is shown because a translation is missing."""
    return OPEN in text or CLOSE in text


# --------------------------------------------------------------------------- keeping marks through helpers


def unwrap(text: str) -> tuple[str, bool]:
    """``(text without the marks that wrap it whole, whether it had them)``.

    A generator helper that looks at the start of lines (headings, rules, check boxes) works on
    the unwrapped text and puts the marks back with :func:`rewrap`.
    """
    core = text.strip()
    if len(core) >= 2 and core[0] == OPEN and core[-1] == CLOSE and not has_fallback(core[1:-1]):
        return core[1:-1], True
    return text, False


def rewrap(text: str, marked: bool) -> str:
    """Put the marks back around ``text`` (around its non-blank part) when it had them."""
    core = text.strip()
    if not marked or not core:
        return text
    start = text.index(core)
    return f"{text[:start]}{OPEN}{core}{CLOSE}{text[start + len(core) :]}"


def keep_marks(fn: Callable[[str], str], text: str) -> str:
    """``fn(text)``, applied inside the marks when the whole text is marked."""
    inner, marked = unwrap(str(text))
    return rewrap(fn(inner), marked)


# --------------------------------------------------------------------------- reading the page's lines

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,}|:{3,})\s*(.*?)\s*$")
_DIRECTIVE = re.compile(r"^\{([a-zA-Z][\w:-]*)\}")
_OPTION = re.compile(r"^\s*:[\w-]+:(\s|$)")
_HEADING = re.compile(r"^\s{0,3}(?:>\s?)*\s{0,3}#{1,6}(\s|$)")
_TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
_QUOTE = re.compile(r"^(?:\s{0,3}>\s?)*")
_MARKER = re.compile(r"\s{0,3}(?:[-*+]|\d{1,9}[.)])(?:\s+|$)")
_TABLE = re.compile(r"^(?:\s{0,3}>\s?)*\s*\|")
_MARK = re.compile(f"[{OPEN}{CLOSE}]")
_LINK_TEXT = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\(")

# Kinds of line: text and table lines take spans and divs; on a fixed line marks are only removed.
TEXT, TABLE, BLANK, FIXED = "text", "table", "blank", "fixed"


@dataclass
class _Line:
    kind: str
    quote: str  # the blockquote markers that start the line ("" outside a quote)
    content: int  # where inline text starts (after quote markers and a list marker), in the plain line


@dataclass
class _Fence:
    char: str
    length: int
    literal: bool
    name: str
    options: bool  # still reading the directive's option lines


def _analyse(plain_lines: list[str]) -> list[_Line]:
    out: list[_Line] = []
    stack: list[_Fence] = []
    front = bool(plain_lines) and plain_lines[0].strip() == "---"
    in_yaml_options = False
    for n, line in enumerate(plain_lines):
        quote = _QUOTE.match(line).group(0)
        after = line[len(quote) :]
        marker = _MARKER.match(after)
        content = len(quote) + (marker.end() if marker else 0)
        stripped = line.strip()

        def fixed() -> _Line:
            return _Line(FIXED, quote, content)  # noqa: B023 (used at once)

        if front:
            out.append(fixed())
            if n > 0 and stripped == "---":
                front = False
            continue
        top = stack[-1] if stack else None
        fence = _FENCE.match(line)
        if top is not None and fence and fence.group(1)[0] == top.char and len(fence.group(1)) >= top.length:
            if not fence.group(2):
                stack.pop()
                in_yaml_options = False
                out.append(fixed())
                continue
        if top is not None and top.literal:
            out.append(fixed())
            continue
        if top is not None and top.options:
            if n > 0 and in_yaml_options:
                in_yaml_options = stripped != "---"
                out.append(fixed())
                continue
            if stripped == "---" and out and out[-1].kind == FIXED and _FENCE.match(plain_lines[n - 1]):
                in_yaml_options = True
                out.append(fixed())
                continue
            if _OPTION.match(line):
                out.append(fixed())
                continue
            top.options = False
        if fence:
            chars, info = fence.group(1), fence.group(2)
            directive = _DIRECTIVE.match(info)
            if chars[0] == ":" and not directive:
                out.append(_Line(TEXT, quote, content))  # a line of colons is just text
                continue
            name = directive.group(1) if directive else ""
            literal = directive is None or name in LITERAL_DIRECTIVES
            stack.append(_Fence(chars[0], len(chars), literal, name, options=not literal))
            out.append(fixed())
            continue
        if not stripped:
            out.append(_Line(BLANK, quote, content))
        elif _HEADING.match(line) or _TARGET.match(line):
            out.append(fixed())
        elif top is not None and top.name == "glossary" and not line[:1].isspace():
            out.append(fixed())  # a glossary term: it names an anchor
        elif _TABLE.match(line):
            out.append(_Line(TABLE, quote, len(quote)))
        elif not after.strip():
            out.append(_Line(BLANK, quote, content))  # an empty line inside a blockquote
        else:
            out.append(_Line(TEXT, quote, content))
    return out


# --------------------------------------------------------------------------- segments


@dataclass
class _Segment:
    start: tuple[int, int]  # (line, column of the opening mark) in the marked lines
    end: tuple[int, int]  # (line, column of the closing mark); column may be len(line) when unclosed
    closed: bool


def _segments(lines: list[str]) -> list[_Segment]:
    """Marked segments, outermost only; a stray close is ignored, an unclosed open ends at the end."""
    found: list[_Segment] = []
    depth, start = 0, (0, 0)
    for i, line in enumerate(lines):
        if OPEN not in line and CLOSE not in line:
            continue
        for m in _MARK.finditer(line):
            j, ch = m.start(), m.group(0)
            if ch == OPEN:
                if depth == 0:
                    start = (i, j)
                depth += 1
            elif ch == CLOSE and depth:
                depth -= 1
                if depth == 0:
                    found.append(_Segment(start, (i, j), True))
    if depth:
        found.append(_Segment(start, (len(lines) - 1, len(lines[-1])), False))
    return found


def _plain_col(raw: str, col: int) -> int:
    return col - sum(1 for ch in raw[:col] if ch in (OPEN, CLOSE))


def _is_block(seg: _Segment, raw: list[str], plain: list[str], info: list[_Line]) -> bool:
    """A segment that fills whole lines between blank lines (or headings, directive lines)."""
    (sl, sc), (el, ec) = seg.start, seg.end
    if _plain_col(raw[sl], sc) != len(info[sl].quote):
        return False
    if all(_blank(strip_marks(raw[i])) for i in range(sl, el + 1)):
        return False  # nothing to show
    if _plain_col(raw[el], ec) != len(plain[el].rstrip()):
        return False
    quote = info[sl].quote.rstrip()
    if any(info[i].quote.rstrip() != quote for i in range(sl, el + 1)):
        return False
    before_ok = sl == 0 or info[sl - 1].kind == BLANK or info[sl - 1].kind == FIXED
    after_ok = el + 1 >= len(raw) or info[el + 1].kind == BLANK or info[el + 1].kind == FIXED
    return before_ok and after_ok


def _in_code_or_role(plain_line: str, col: int) -> bool:
    """Whether ``col`` lies between backticks: inline code or the text of a role such as {ref}."""
    ticks = 0
    for k, ch in enumerate(plain_line[:col]):
        if ch == "`" and (k == 0 or plain_line[k - 1] != "\\"):
            ticks += 1
    return ticks % 2 == 1


def _in_link_text(plain_line: str, start: int, end: int) -> bool:
    return any(m.start(1) <= start and end <= m.end(1) for m in _LINK_TEXT.finditer(plain_line))


def _blank(line: str) -> bool:
    return not line.strip(" \t>")


def _block(seg: _Segment, raw: list[str], info: list[_Line]) -> list[str]:
    """The lines of a whole-line segment, its Markdown runs wrapped in divs, fixed lines left bare."""
    (sl, _), (el, _) = seg.start, seg.end
    quote = info[sl].quote
    blank = quote.rstrip()
    # After a heading or a directive's option line, a blank line first: the div starts a block.
    out: list[str] = [blank] if sl > 0 and info[sl - 1].kind == FIXED else []
    run: list[str] = []
    added = [False]  # whether the last line of out is a blank line added after </div>

    def flush() -> None:
        lines = run[:]
        run.clear()
        while lines and _blank(lines[0]):
            out.append(lines.pop(0))
        tail: list[str] = []
        while lines and _blank(lines[-1]):
            tail.insert(0, lines.pop())
        if lines:
            if out and not _blank(out[-1]):
                out.append(blank)
            out.extend([quote + DIV_OPEN, blank, *lines, blank, quote + DIV_CLOSE])
        out.extend(tail)
        # An HTML block runs to the next blank line: </div> needs one after it.
        added[0] = bool(lines) and not tail
        if added[0]:
            out.append(blank)

    for i in range(sl, el + 1):
        line = strip_marks(raw[i])
        if info[i].kind == FIXED:
            flush()
            out.append(line)
            added[0] = False
        else:
            run.append(line)
    flush()
    if added[0] and (el + 1 == len(raw) or _blank(raw[el + 1])):
        out.pop()  # the page has a blank line there already, or ends
    return out


def _inline(seg: _Segment, raw: list[str], plain: list[str], info: list[_Line]) -> None:
    """Wrap the segment's text on each line in a span (or only drop the marks), in place."""
    (sl, sc), (el, ec) = seg.start, seg.end
    for i in range(el, sl - 1, -1):
        line = raw[i]
        start = sc + 1 if i == sl else 0
        end = ec if i == el else len(line)
        before, piece, after = line[:start], line[start:end], line[end:]
        if i == sl:
            before = before[:-1]  # the opening mark
        if i == el and seg.closed:
            after = after[1:]  # the closing mark
        piece = strip_marks(piece)
        if i != sl and info[i].kind != FIXED:
            # A continuation line: the span starts after quote markers and a list marker.
            skip = min(info[i].content, len(piece))
            before, piece = before + piece[:skip], piece[skip:]
        core = piece.strip()
        plain_start = len(strip_marks(before)) + (len(piece) - len(piece.lstrip()))
        wrap = (
            core
            and info[i].kind in (TEXT, TABLE)
            and not _in_code_or_role(plain[i], plain_start)
            and not _in_link_text(plain[i], plain_start, plain_start + len(core))
        )
        if wrap:
            lead = piece[: len(piece) - len(piece.lstrip())]
            trail = piece[len(piece.rstrip()) :]
            piece = f"{lead}{SPAN_OPEN}{core}{SPAN_CLOSE}{trail}"
        raw[i] = before + piece + after


def show_fallback(md: str) -> str:
    """Turn the fallback marks in a finished page into ``lang="en"`` spans and divs (see module doc)."""
    if not has_fallback(md):
        return md
    raw = md.split("\n")
    plain = [strip_marks(line) for line in raw]
    info = _analyse(plain)
    segments = _segments(raw)
    blocks = [_is_block(seg, raw, plain, info) for seg in segments]
    # From the end: an edit never moves a segment that comes before it.
    for seg, is_block in reversed(list(zip(segments, blocks, strict=True))):
        if is_block:
            (sl, _), (el, _) = seg.start, seg.end
            raw[sl : el + 1] = _block(seg, raw, info)
        else:
            _inline(seg, raw, plain, info)
    return strip_marks("\n".join(raw))
