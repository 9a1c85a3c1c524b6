"""Pseudonymous codes: the register keeps a code for every person, never a name.

A code is one word of letters, digits, ``-``, ``_`` or ``.``, beginning with a letter or digit (``K-0412``, ``tln.17``), at most
:data:`CODE_MAX` characters. What looks like a full name (two capitalised words, ``Novák, Jan``),
an e-mail address or a personal identification number is refused with a plain message.
"""

from __future__ import annotations

import re

from curriculum.i18n import _

from .db import RegisterError

CODE_MAX = 40
CODE = re.compile(r"^\w[\w.-]*$")
# Two or more words of letters, with a space or a comma between them; refused as a name when at least two
# begin with a capital (or with a letter of a script without capitals, such as Georgian).
NAME = re.compile(r"^\s*\w[^\W\d_]+[\s,]+\w[^\W\d_]+([\s,]+\w[^\W\d_]+)*\s*$")
# Georgian is written without capitals (Mkhedruli): any two words of it may be a name.
CASELESS = re.compile(r"[\u10d0-\u10ff]")
EMAIL = re.compile(r"\S+@\S+\.\S+")
# Czech and Slovak birth numbers (6 + 3 or 4 digits), Estonian and Georgian personal codes (11 digits).
PERSONAL_NUMBER = re.compile(r"^\d{6}/?\d{3,4}$|^\d{11}$")


def check_code(text: str, what: str | None = None) -> str:
    """``text`` as a code (trimmed), or RegisterError saying in plain words why it cannot be one."""
    what = what or _("Code")
    code = (text or "").strip()
    if not code:
        raise RegisterError(_("{what} is empty: give a pseudonymous code, such as K-0412.").format(what=what))
    words = re.split(r"[\s,]+", code)
    if (
        len(words) > 1
        and NAME.match(code)
        and sum(w[:1].isupper() or CASELESS.match(w) is not None for w in words) >= 2
    ):
        raise RegisterError(
            _(
                "{what} “{code}” looks like a person's name. The register keeps pseudonymous codes only, such as K-0412."
            ).format(what=what, code=code)
        )
    if EMAIL.search(code) or PERSONAL_NUMBER.match(code):
        raise RegisterError(
            _(
                "{what} “{code}” looks like an e-mail address or a personal identification number. "
                "The register keeps pseudonymous codes only, such as K-0412."
            ).format(what=what, code=code)
        )
    if len(code) > CODE_MAX or not CODE.match(code):
        raise RegisterError(
            _(
                "{what} “{code}” is not a code: use up to {max} letters, digits, hyphens, dots or underscores, "
                "with no spaces."
            ).format(what=what, code=code, max=CODE_MAX)
        )
    return code
