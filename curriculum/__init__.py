"""Curriculum as data: programmes, sessions, needs domains, services and roles.

Load with :func:`load_curriculum`; validate with ``python -m curriculum validate``.
"""

from .loader import DATA_DIR, Curriculum, CurriculumError, Problem, load_curriculum, validate

__all__ = ["DATA_DIR", "Curriculum", "CurriculumError", "Problem", "load_curriculum", "validate"]
