"""What the apps need from the curriculum: domains, scale, and who meets which need."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from curriculum import Curriculum, load_curriculum
from curriculum.exercises import CaseStudy, load_case_studies
from curriculum.render import programme_url

# The book is served beside the apps (see widgets.serve); links open in a new tab.
BOOK_BASE = "/book/"


@dataclass(frozen=True)
class Offer:
    """A programme or service that addresses a need."""

    kind: str  # "programme" or "service"
    id: str
    title: str
    url: str
    detail: str


@dataclass(frozen=True)
class Catalogue:
    curriculum: Curriculum
    case_studies: dict[str, CaseStudy]

    @property
    def domains(self):
        return list(self.curriculum.domains.values())

    def domain_title(self, domain_id: str) -> str:
        return self.curriculum.domains[domain_id].title

    def offers(self, domain_id: str, audience: str | None = None) -> list[Offer]:
        progs, servs = self.curriculum.addressing(domain_id)
        out = []
        for p in progs:
            if audience and audience not in {a.value for a in p.audience}:
                continue
            detail = f"{p.session_count} sessions, at least {p.min_total_hours:g} h; {p.use.value.replace('-', ' ')}"
            out.append(Offer("programme", p.id, p.title, BOOK_BASE + programme_url(p), detail))
        for s in servs:
            url = BOOK_BASE + f"book/generated/services.html#service-{s.id}"
            out.append(Offer("service", s.id, s.title, url, "service"))

        # Programmes and services that list this need first are the closest match.
        def closeness(o: Offer) -> tuple[int, int]:
            needs = (
                self.curriculum.programmes[o.id] if o.kind == "programme" else self.curriculum.services[o.id]
            ).needs_addressed
            return (needs.index(domain_id), 0 if o.kind == "service" else 1)

        return sorted(out, key=closeness)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    cur = load_curriculum()
    return Catalogue(cur, load_case_studies(cur))
