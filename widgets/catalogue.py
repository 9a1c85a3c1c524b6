"""What the apps need from the curriculum: domains, scale, and who meets which need, in one language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from curriculum import Curriculum
from curriculum.editions import url_prefix
from curriculum.exercises import CaseStudy
from curriculum.i18n import LANGUAGES, N_, _, current_language, format_number, ngettext, normalise_language
from curriculum.recommend import Person, first_offers, recommend
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
    """A recommended programme or service as the apps show it: the model's offer
    (:class:`curriculum.recommend.Offer`, ranked and explained there) with a link into the book,
    a detail line and its one-line reason, in the current language."""

    kind: str  # "programme" or "service"
    id: str
    title: str
    url: str
    detail: str
    why: str
    domains: tuple[str, ...]  # the person's needs it meets, strongest first
    direct: int  # how many of them it works on directly
    works_on: tuple[str, ...]  # the person's needs it works on directly
    phase: str  # before-release, at-release, after-release or now (curriculum.recommend)
    settings: tuple[str, ...]
    service_ids: tuple[str, ...] = ()


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

    def offer_url(self, kind: str, offer_id: str) -> str:
        """Where the book describes a programme or a service, in this catalogue's edition."""
        if kind == "programme" and offer_id in self.curriculum.programmes:
            return self.book_url(programme_url(self.curriculum.programmes[offer_id]))
        return self.book_url(f"book/generated/services.html#service-{offer_id}")

    def offer_detail(self, kind: str, offer_id: str) -> str:
        if kind == "programme" and offer_id in self.curriculum.programmes:
            p = self.curriculum.programmes[offer_id]
            return ngettext(
                "{count} session, at least {hours} h; {use}",
                "{count} sessions, at least {hours} h; {use}",
                p.session_count,
            ).format(count=p.session_count, hours=format_number(p.min_total_hours), use=use_label(p.use.value))
        # Translators: the kind of an offer in the list of recommendations (beside programmes).
        return _("service")

    def recommendations(self, person: Person) -> list[Offer]:
        """Every offer open to ``person`` that meets one of their needs, best first (see
        :mod:`curriculum.recommend`), worded in the current language."""
        cur = self.curriculum
        return [
            Offer(
                o.kind,
                o.id,
                o.title,
                self.offer_url(o.kind, o.id),
                self.offer_detail(o.kind, o.id),
                o.why(cur),
                o.domains,
                o.direct,
                tuple(r.domain for r in o.reasons if r.direct),
                o.phase,
                o.settings,
                o.service_ids,
            )
            for o in recommend(cur, person)
        ]


def shown_and_more(offers: list[Offer]) -> tuple[list[Offer], list[Offer]]:
    """What the screen shows first (see :func:`curriculum.recommend.first_offers`) and what
    "show more" adds, in the order of the ranking; screen and exports list them the same way."""
    first = first_offers(offers)
    ids = {o.id for o in first}
    return first, [o for o in offers if o.id not in ids]


@lru_cache(maxsize=len(LANGUAGES))
def _catalogue(lang: str) -> Catalogue:
    # The cached compact copy (widgets.index): a kernel starts without validating the whole curriculum.
    from .index import load

    cur, case_studies = load(lang)
    return Catalogue(cur, case_studies, lang)


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
