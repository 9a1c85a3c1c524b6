"""The register: programme groups, attendance and completion, mentor caseloads, training courses,
outcomes and follow-ups, kept in a database (SQLite by default, PostgreSQL by URL).

Open it with :class:`Register`; reports are in :mod:`register.reports`, files in
:mod:`register.export`, CSV imports in :mod:`register.imports`, the command line in
:mod:`register.cli` (``python -m register``).
"""

from .db import RegisterError
from .store import Register

__all__ = ["Register", "RegisterError"]
