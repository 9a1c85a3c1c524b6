"""Which country-profile facts an "adapt locally" item asks for.

Programmes and courses list what must be adapted to local law and practice (``adapt_locally``)
in English sentences that translators are working on, so the facts an item relies on are found
by matching its English text here rather than by a field in each programme. The loader matches
the English before it translates a file (``Curriculum.relies_on``); the book then shows the
matching facts of the edition's country beside the item list (see :mod:`curriculum.render_countries`).
"""

from __future__ import annotations

import re

from .schema import FactKey

# The words in an English "adapt locally" item that ask for each fact. Items about an agency's own
# procedures (prison rules, consent forms, storage of records) match nothing: no national profile
# can fill them.
PATTERNS: dict[FactKey, re.Pattern[str]] = {
    key: re.compile(pattern, re.IGNORECASE)
    for key, pattern in {
        FactKey.probation_service: r"\bprobation (service|officer|reporting|and mediation)|probation crisis",
        FactKey.prison_service: r"\bprison (and probation|service|security department)",
        FactKey.employment_service: r"employment service|unemployment insurance fund|labour office|register as unemployed",
        FactKey.emergency_number: r"\b112\b|emergency (number|and crisis|phone)",
        FactKey.crisis_line: r"crisis (line|lines|contacts|phone|or suicide)|suicide prevention line|emotional support line",
        FactKey.child_helpline: r"child helpline|116 111",
        FactKey.violence_line: r"domestic violence hotline|helplines for gender-based|victim support",
        FactKey.addiction_line: r"addiction (treatment )?services|addiction service|gambling helpline",
        FactKey.ombudsman: r"ombudsman|public defender|chancellor of justice",
        FactKey.age_criminal_responsibility: r"age of criminal responsibility",
        FactKey.duty_to_report_crime: r"must report|mandatory reporting|reporting duties|disclosure of offences|"
        r"what may be reported",
        FactKey.duty_to_report_child: r"child protection|safeguarding|duty to report abuse",
        FactKey.debt_enforcement: r"\bdebt terms|distraint|enforcement \(bailiff\)|enforcement authority|wage deductions",
    }.items()
}


def facts_for(text: str) -> list[FactKey]:
    """The facts one English item asks for, in the profile's order."""
    return [key for key, pattern in PATTERNS.items() if pattern.search(" ".join(text.split()))]


def relied_on(items: list[str]) -> list[list[FactKey]]:
    """For each item of an English ``adapt_locally`` list, the facts it asks for."""
    return [facts_for(item) for item in items if isinstance(item, str)]


# Write-in lines in a session's handout or plan that ask for a national number ("Crisis line: ______").
# Personal contacts ("My key worker: ______") are the participant's own and match nothing.
WRITE_INS: dict[FactKey, re.Pattern[str]] = {
    key: re.compile(pattern + r"[^_\n]{0,40}_{4,}", re.IGNORECASE)
    for key, pattern in {
        FactKey.emergency_number: r"\bemergency( number)?\b",
        FactKey.crisis_line: r"\bcrisis (line|contact)|\bcrisis line\b",
        FactKey.child_helpline: r"\bchild helpline\b",
        FactKey.violence_line: r"\bdomestic violence helpline\b|\bhelpline for people experiencing violence\b",
        FactKey.addiction_line: r"\baddiction service\b",
    }.items()
}


def write_ins(texts: list[str]) -> list[FactKey]:
    """The facts that write-in lines in these English texts ask for."""
    return [key for key, pattern in WRITE_INS.items() if any(pattern.search(t) for t in texts)]
