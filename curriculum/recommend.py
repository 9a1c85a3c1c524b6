"""Recommendations: which programmes and services to offer a person, best first, and why.

The rule, written once here, shown in the app and in the book (:data:`RULE`):

1. **Eligible only.** An offer must accept the person's age group (a minor is never offered a
   programme or service for adults only), their setting now or after release (a person in
   prison may be offered a community service for the release phase), their sex where the data
   limits it, and its own entry rule (for example drug rehabilitation needs a substance-use
   need of 2 or more).
2. **Relevant.** Each domain the person has a need in (the higher of the two ratings, 1 or more)
   weighs its need, plus 1.5 when the person marked it "this matters to me", plus 1 when it is
   urgent (before release, or now for someone not in custody) or 0.5 at release. An offer that
   works on the domain directly (its primary needs) counts that weight in full; one that only
   helps with it counts a third. An offer's score adds its domains with diminishing returns
   (the strongest in full, the next half, then a quarter ...), so a broad offer does not crowd
   out a specialist one.
3. **One entry per offer.** A service that delivers a programme is shown as the programme.
4. **Order.** First, for each of the person's needs from the heaviest, the most specific
   eligible offer that works on it directly (fewest primary needs; then score). Then every
   other eligible offer by score, those that only help with a need after all that work on one
   directly. Ties: more direct matches, programmes before services, then the id (so the order is
   the same in every language).
   The first eight that work on a need directly are shown; the rest, and every offer that only
   helps with a need, are behind "show more".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .i18n import N_, _
from .loader import Curriculum

URGENT = {"before-release": 1.0, "now": 1.0, "at-release": 0.5}
MATTERS = 1.5
SECONDARY = 1 / 3
SHOWN = 8

RULE = N_(
    "Only offers open to the person are listed: their age group, their setting now or after release, "
    "and each offer's own entry rules. First comes, for each need from the heaviest, the most specific "
    "offer that works on it directly; then all others by score, those that only help with a need last. A need weighs more when the person "
    "says it matters to them and when it is urgent; an offer that only helps with a need counts it a third."
)


@dataclass(frozen=True)
class Rating:
    client: int | None = None
    practitioner: int | None = None
    urgency: str | None = None  # before-release, at-release, after-release, now
    matters: bool = False

    @property
    def need(self) -> int:
        vals = [v for v in (self.client, self.practitioner) if v is not None]
        return max(vals) if vals else 0


@dataclass(frozen=True)
class Person:
    age: int | None = None
    audience: str = "adult"  # adult or minor; from age when age is given
    setting: str = "prison"  # prison, probation, community
    sex: str | None = None  # female, male, or None (not recorded)
    ratings: Mapping[str, Rating] = field(default_factory=dict)

    @property
    def group(self) -> str:
        if self.age is not None:
            return "minor" if self.age < 18 else "adult"
        return self.audience


@dataclass(frozen=True)
class Reason:
    domain: str
    need: int
    urgency: str | None
    matters: bool
    direct: bool


@dataclass(frozen=True)
class Offer:
    id: str
    kind: str  # programme or service
    title: str
    audience: tuple[str, ...]
    settings: tuple[str, ...]
    domains: tuple[str, ...]  # the person's domains this offer meets, strongest first
    score: float
    direct: int
    reasons: tuple[Reason, ...]
    phase: str  # before-release, at-release, after-release, now
    service_ids: tuple[str, ...] = ()  # services folded into this programme's entry

    def why(self, cur: Curriculum, limit: int = 2) -> str:
        """One line: e.g. "Finance 3/4, before release, matters to the person; works on it directly"."""
        from babel.lists import format_list

        from .i18n import current_language

        parts = [reason_text(cur, r) for r in self.reasons[:limit]]
        return format_list(parts, style="standard", locale=current_language())


URGENCY_WORDS = {
    "before-release": N_("before release"),
    "at-release": N_("at release"),
    "after-release": N_("after release"),
    "now": N_("now"),
}


def reason_text(cur: Curriculum, r: Reason) -> str:
    domain = cur.domains[r.domain].title if r.domain in cur.domains else r.domain
    urgency = _(URGENCY_WORDS[r.urgency]) if r.urgency in URGENCY_WORDS else None
    if r.direct:
        if urgency and r.matters:
            text = _("{domain} {need}/4, {urgency}, matters to the person: works on it directly")
        elif urgency:
            text = _("{domain} {need}/4, {urgency}: works on it directly")
        elif r.matters:
            text = _("{domain} {need}/4, matters to the person: works on it directly")
        else:
            text = _("{domain} {need}/4: works on it directly")
    elif urgency and r.matters:
        text = _("{domain} {need}/4, {urgency}, matters to the person: helps with it")
    elif urgency:
        text = _("{domain} {need}/4, {urgency}: helps with it")
    elif r.matters:
        text = _("{domain} {need}/4, matters to the person: helps with it")
    else:
        text = _("{domain} {need}/4: helps with it")
    return text.format(domain=domain, need=r.need, urgency=urgency)


# --------------------------------------------------------------------------- eligibility


def _settings_now_and_later(person: Person) -> tuple[set[str], set[str]]:
    if person.setting == "prison":
        return {"prison"}, {"probation", "community"}
    return {person.setting}, set()


def ineligible_because(item, person: Person) -> str | None:
    """Why an offer is closed to the person (a short code), or None when it is open."""
    # The data's values are StrEnum members, equal to (and hashed like) their strings.
    if person.group not in item.audience:
        return "audience"
    now, later = _settings_now_and_later(person)
    if not set(item.settings) & (now | later):
        return "setting"
    if item.eligible_sex and person.sex not in item.eligible_sex:
        return "sex"
    for rule in item.entry_needs:
        best = max((person.ratings.get(d, Rating()).need for d in rule.domains), default=0)
        if best < rule.min_score:
            return "entry"
    return None


def _phase(item, person: Person, reasons: list[Reason]) -> str:
    if person.setting != "prison":
        return "now"
    if "prison" not in item.settings:
        urgencies = {r.urgency for r in reasons}
        return "at-release" if "at-release" in urgencies or "before-release" in urgencies else "after-release"
    for r in reasons:
        if r.urgency in ("before-release", "at-release", "after-release"):
            return r.urgency
    return "before-release"


# --------------------------------------------------------------------------- ranking


def _weight(r: Rating) -> float:
    return r.need + (MATTERS if r.matters else 0.0) + URGENT.get(r.urgency or "", 0.0)


def recommend(cur: Curriculum, person: Person) -> list[Offer]:
    """Every eligible offer that meets at least one of the person's needs, best first."""
    delivered = {s.programme: s for s in cur.services.values() if s.programme}
    candidates: list[tuple[str, object]] = [("programme", p) for p in cur.programmes.values()]
    candidates += [("service", s) for s in cur.services.values()]
    offers: dict[str, Offer] = {}
    for kind, item in candidates:
        if ineligible_because(item, person):
            continue
        reasons = []
        for d in item.needs_addressed:
            r = person.ratings.get(d)
            if r is None or r.need < 1:
                continue
            reasons.append(Reason(d, r.need, r.urgency, r.matters, d in item.primary_needs))
        if not reasons:
            continue
        reasons.sort(key=lambda x: -_contribution(person, x))
        score = sum(_contribution(person, x) * 0.5**i for i, x in enumerate(reasons))
        key = item.programme if kind == "service" and item.programme in cur.programmes else item.id
        offer = Offer(
            id=item.id,
            kind=kind,
            title=item.title,
            audience=tuple(a.value for a in item.audience),
            settings=tuple(s.value for s in item.settings),
            domains=tuple(r.domain for r in reasons),
            score=round(score, 3),
            direct=sum(r.direct for r in reasons),
            reasons=tuple(reasons),
            phase=_phase(item, person, reasons),
        )
        if kind == "programme" and item.id in delivered:
            offer = _with_service(offer, delivered[item.id].id)
        if key in offers:
            # The programme and the service that delivers it: one entry, the programme when eligible.
            kept = offers[key]
            if kept.kind == "programme":
                continue
            offer = _with_service(offer, kept.id)
        offers[key] = offer
    return _order(cur, person, list(offers.values()))


def first_offers(offers: list[Offer]) -> list[Offer]:
    """What the screen shows before "show more": up to eight offers that work on a need directly."""
    return [o for o in offers if o.direct][:SHOWN]


def _contribution(person: Person, reason: Reason) -> float:
    return _weight(person.ratings[reason.domain]) * (1.0 if reason.direct else SECONDARY)


def _order(cur: Curriculum, person: Person, offers: list[Offer]) -> list[Offer]:
    by_score = sorted(offers, key=lambda o: (o.direct == 0, -o.score, -o.direct, o.kind != "programme", o.id))

    def breadth(o: Offer) -> int:
        item = cur.programmes.get(o.id) if o.kind == "programme" else cur.services.get(o.id)
        return len(item.primary_needs) if item else 99

    needs = sorted(
        (d for d, r in person.ratings.items() if r.need >= 1),
        key=lambda d: (-_weight(person.ratings[d]), d),
    )
    first: list[Offer] = []
    for d in needs:
        direct = [o for o in by_score if o not in first and any(r.domain == d and r.direct for r in o.reasons)]
        if direct:
            first.append(min(direct, key=lambda o: (breadth(o), -o.score, o.kind != "programme", o.id)))
    return first + [o for o in by_score if o not in first]


def _with_service(offer: Offer, service_id: str) -> Offer:
    from dataclasses import replace

    return replace(offer, service_ids=tuple(dict.fromkeys((*offer.service_ids, service_id))))


def as_json(cur: Curriculum, offers: list[Offer]) -> dict:
    """The command-line and integration format."""
    return {
        "offers": [
            {
                "id": o.id,
                "kind": o.kind,
                "title": o.title,
                "audience": list(o.audience),
                "settings": list(o.settings),
                "domains": list(o.domains),
                "phase": o.phase,
                "why": o.why(cur),
                "services": list(o.service_ids),
            }
            for o in offers
        ]
    }


# --------------------------------------------------------------------------- evaluation set


def load_cases(path=None) -> list[dict]:
    from pathlib import Path

    import yaml

    from .loader import DATA_DIR

    path = Path(path or DATA_DIR / "recommendation-cases.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def person_of(case: dict) -> Person:
    ratings = {
        d: Rating(client=v[0], practitioner=v[1], urgency=v[2], matters=bool(v[3])) for d, v in case["ratings"].items()
    }
    return Person(age=case.get("age"), setting=case["now_in"], sex=case.get("sex"), ratings=ratings)


@dataclass(frozen=True)
class CaseResult:
    id: str
    label: str
    expected: tuple[str, ...]
    shown: tuple[str, ...]  # ids in the first eight (a programme also counts for its services)
    hits: tuple[str, ...]
    misses: tuple[str, ...]
    ineligible: tuple[str, ...]


def evaluate(cur: Curriculum, cases: list[dict] | None = None) -> list[CaseResult]:
    out = []
    for case in cases or load_cases():
        person = person_of(case)
        offers = recommend(cur, person)
        first = first_offers(offers)
        shown = {o.id for o in first} | {s for o in first for s in o.service_ids}
        expected = tuple(case["expected"])
        hits = tuple(e for e in expected if e in shown)
        ineligible = tuple(
            o.id
            for o in offers
            if ineligible_because(cur.programmes.get(o.id) or cur.services[o.id], person) is not None
        )
        out.append(
            CaseResult(
                case["id"],
                case["label"],
                expected,
                tuple(o.id for o in first),
                hits,
                tuple(e for e in expected if e not in shown),
                ineligible,
            )
        )
    return out
