"""What the apps need from the curriculum: domains, scale, and who meets which need, in one language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from curriculum import Curriculum, load_curriculum
from curriculum.editions import url_prefix
from curriculum.exercises import CaseStudy, load_case_studies
from curriculum.i18n import LANGUAGES, N_, _, current_language, format_number, ngettext, normalise_language
from curriculum.render import programme_url

from .language import curriculum_drafts

# How a programme appears in a sentence plan (Programme.use); the values stay in the data.
USES = {
    # Translators: how a programme is used in a person's sentence plan (mandatory / voluntary).
    "mandatory": N_("mandatory"),
    "voluntary": N_("voluntary"),
    "mandatory-or-voluntary": N_("mandatory or voluntary"),
}


def book_url(path: str, lang: str) -> str:
    """A page of the book in the edition of ``lang``: ``/book/<path>`` in English, ``/<lang>/<path>`` else."""
    return url_prefix(lang) + path.lstrip("/")


def use_label(use: str) -> str:
    return _(USES[use]) if use in USES else use


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
    language: str = "en"

    @property
    def domains(self):
        return list(self.curriculum.domains.values())

    @property
    def drafts(self) -> bool:
        """Whether any of the data text comes from draft (unreviewed) translations."""
        return curriculum_drafts(self.curriculum)

    def domain_title(self, domain_id: str) -> str:
        return self.curriculum.domains[domain_id].title

    def programme_title(self, programme_id: str) -> str:
        prog = self.curriculum.programmes.get(programme_id)
        return prog.title if prog else programme_id

    def scale_legend(self) -> str:
        """``0 No need · 1 Low need · …`` from the scale's own labels."""
        scale = self.curriculum.scale
        return " · ".join(f"{level.score} {level.label}" for level in scale.levels) if scale else ""

    def book_url(self, path: str) -> str:
        return book_url(path, self.language)

    def offers(self, domain_id: str, audience: str | None = None) -> list[Offer]:
        """Programmes and services for a need; their details are worded in the current language."""
        progs, servs = self.curriculum.addressing(domain_id)
        out = []
        for p in progs:
            if audience and audience not in {a.value for a in p.audience}:
                continue
            detail = ngettext(
                "{count} session, at least {hours} h; {use}",
                "{count} sessions, at least {hours} h; {use}",
                p.session_count,
            ).format(count=p.session_count, hours=format_number(p.min_total_hours), use=use_label(p.use.value))
            out.append(Offer("programme", p.id, p.title, self.book_url(programme_url(p)), detail))
        for s in servs:
            url = self.book_url(f"book/generated/services.html#service-{s.id}")
            # Translators: the kind of an offer listed under a need (beside programmes).
            out.append(Offer("service", s.id, s.title, url, _("service")))

        # Programmes and services that list this need first are the closest match.
        def closeness(o: Offer) -> tuple[int, int]:
            needs = (
                self.curriculum.programmes[o.id] if o.kind == "programme" else self.curriculum.services[o.id]
            ).needs_addressed
            return (needs.index(domain_id), 0 if o.kind == "service" else 1)

        return sorted(out, key=closeness)


@lru_cache(maxsize=len(LANGUAGES))
def _catalogue(lang: str) -> Catalogue:
    cur = load_curriculum(lang=lang)
    return Catalogue(cur, load_case_studies(cur), lang)


def catalogue(lang: str | None = None) -> Catalogue:
    """The catalogue in ``lang`` (default: the current language), loaded once per language.

    Raises :class:`curriculum.CurriculumError` when the data has problems.
    """
    return _catalogue(normalise_language(lang or current_language()))


def catalogue_for(base: Catalogue) -> Catalogue:
    """``base`` if it is in the current language, else the catalogue of the current language.

    Exports call this so that, inside ``with use_language(lang):``, they use the data in ``lang``.
    """
    lang = current_language()
    return base if base.language == lang else catalogue(lang)
