"""Accessibility and offline use of every app, in Debian's headless Chromium.

- axe-core (the engine pydata-sphinx-theme and others test with) finds nothing critical or serious on
  each app page, with its content showing: ratings, priorities and offers; goals, actions and a
  programme in the plan; each step of the workshop; a question of the self-check.
- Every request each app makes is recorded: none leaves the server (Voila's page loads Font Awesome
  from a CDN; the toolkit's page template does not).
- The rating buttons are one radio group each: one tab stop, arrow keys choose, the chosen one exposed.
- Focus is visible on every kind of control.
- On a 390 px phone nothing scrolls sideways, no box inside the page scrolls, and the priorities come
  right after the ratings.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

APPS = {
    "needs": "/voila/render/needs-assessment.ipynb",
    "plan": "/voila/render/individual-plan.ipynb",
    "workshop": "/voila/render/workshop.ipynb",
    "quiz": "/voila/render/quiz.ipynb",
    "calibration": "/voila/render/calibration.ipynb",
    "training-needs": "/voila/render/training-needs.ipynb",
}
RATED = {"accommodation": 3, "finance-debt": 4, "employment": 2}


def _open(browser, app_server, app: str, width: int = 1300, height: int = 1000):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(app_server + APPS[app])
    page.wait_for_selector(".tk-app .tk-title", timeout=90_000)
    expect(page.locator(".tk-app")).to_be_visible()
    return context, page, requests


def _serious(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:160]})"
        for v in found
        if v["impact"] in ("critical", "serious")
    ]


def _outside(app_server: str, requests: list[str]) -> list[str]:
    return sorted({u for u in requests if not u.startswith((app_server, "data:", "blob:"))})


def _rate(page, scope: str = "") -> None:
    for domain, score in RATED.items():
        page.locator(f"{scope} .na-client-{domain} button", has_text=str(score)).first.click()
        page.locator(f"{scope} .na-practitioner-{domain} button", has_text=str(score)).first.click()
    expect(page.locator(f"{scope} .na-priorities li[data-domain='finance-debt']")).to_be_visible()
    expect(page.locator(f"{scope} .na-offers li[data-offer]").first).to_be_visible()


def _fill_plan_tab(page) -> None:
    """Content for the visible tab of a plan: a goal with an action, or a programme."""
    add_goal = page.locator("button.ip-add-goal:visible")
    if add_goal.count():
        add_goal.click()
        card = page.locator(".ip-goal:visible").first
        card.locator("button", has_text="Add action").click()
        expect(card.locator(".ip-action").first).to_be_visible()
    pick = page.locator(".widget-dropdown:has(option:text('Add a programme…')) select:visible")
    if pick.count():
        pick.select_option(index=1)
        page.locator("button:visible", has_text="Add to plan").click()
        expect(page.locator("[role=radiogroup][aria-label^='Mandatory or voluntary:']").first).to_be_visible()


def _each_tab(page, problems: dict[str, list[str]], prefix: str, scope: str = "body") -> None:
    """Visit every tab showing now in ``scope`` (by its title), fill the plan's tabs, run axe on each."""
    where = page.locator(scope)
    titles = [t.strip() for t in where.get_by_role("tab").filter(visible=True).all_inner_texts()]
    for title in titles:
        where.get_by_role("tab", name=title, exact=True).filter(visible=True).first.click()
        _fill_plan_tab(page)
        problems[f"{prefix} {title}"] = _serious(page)


@pytest.mark.parametrize("app", list(APPS))
def test_axe_finds_nothing_critical_or_serious_and_no_request_leaves_the_server(browser, app_server, app):
    context, page, requests = _open(browser, app_server, app)
    problems: dict[str, list[str]] = {}
    if app == "needs":
        page.locator("button.rm-open").click()  # the group exercise's form, open
        expect(page.locator(".rm-nickname input")).to_be_visible()
        problems["empty"] = _serious(page)
        _rate(page)
        problems["rated"] = _serious(page)
    elif app == "plan":
        problems["empty"] = _serious(page)
        _each_tab(page, problems, "tab")
    elif app == "workshop":
        _rate(page, ".ws-step-1")
        problems["step 1"] = _serious(page)
        page.locator("button.ws-next-1").click()
        problems["step 2"] = _serious(page)
        page.get_by_role("button", name="Start the plan").click()
        expect(page.locator(".ws-step-3")).to_be_visible()
        _each_tab(page, problems, "step 3, tab", ".ws-step-3")
        page.locator("button.ws-next-3").click()
        expect(page.locator(".ws-step-4")).to_be_visible()
        problems["step 4"] = _serious(page)
    elif app == "calibration":
        problems["empty"] = _serious(page)
        page.locator(".rm-case-pick select").select_option(index=1)
        page.locator("button.rm-open-room").click()
        link = page.locator("a.rm-link")
        expect(link).to_be_visible(timeout=30_000)
        problems["room"] = _serious(page)
        # One participant joins (another page, another kernel) and sends, so the chart and its table show.
        other = context.new_page()
        other.on("request", lambda r: requests.append(r.url))
        other.goto(link.get_attribute("href"), timeout=120_000)
        other.locator(".rm-nickname input").fill("Anna", timeout=120_000)
        other.locator("button.rm-join-btn").click()
        expect(other.locator(".rm-where")).to_be_visible(timeout=30_000)
        problems["participant joined"] = _serious(other)
        other.locator(".na-practitioner-accommodation button", has_text="3").first.click()
        other.locator("button.rm-send").click()
        expect(other.locator(".rm-message")).to_contain_text("Sent", timeout=30_000)
        expect(page.locator(".rm-count")).to_have_text("1 person has sent ratings", timeout=30_000)
        page.locator(".rm-show-names input").check()
        page.locator(".rm-show-reference input").check()
        expect(page.locator(".rm-table")).to_be_visible()
        problems["results"] = _serious(page)
        page.locator("button.rm-close").click()
        page.locator("button.rm-close-yes").click()
        expect(page.locator(".rm-setup")).to_be_visible(timeout=30_000)
    elif app == "training-needs":
        problems["empty"] = _serious(page)
        page.locator(".tn-rate-mentor-role-and-limits-1 button", has_text="1").first.click()
        expect(page.locator("ol.tn-top li").first).to_be_visible(timeout=30_000)
        problems["rated"] = _serious(page)
        page.get_by_role("tab", name="Team summary").click()
        expect(page.locator("button.tn-add, .tn-add button").first).to_be_visible()
        problems["team"] = _serious(page)
    else:
        expect(page.locator(".qz-options input[type=radio]").first).to_be_visible()
        problems["question"] = _serious(page)
        page.locator(".qz-options input[type=radio]").first.check()
        page.locator("button.qz-check").click()
        expect(page.locator(".qz-feedback")).not_to_be_empty()
        problems["feedback"] = _serious(page)
    context.close()
    assert {state: found for state, found in problems.items() if found} == {}
    assert _outside(app_server, requests) == []


def test_rating_buttons_are_one_radio_group_with_arrow_keys(browser, app_server):
    context, page, _requests = _open(browser, app_server, "needs")
    group = page.locator(".na-client-accommodation [role=radiogroup]")
    expect(group).to_have_attribute("aria-label", "Client's rating: Accommodation")
    radios = group.locator("[role=radio]")
    expect(radios).to_have_count(6)
    # One tab stop: the chosen button (or the first); the others are reached with the arrow keys.
    assert [radios.nth(i).get_attribute("tabindex") for i in range(6)] == ["0", "-1", "-1", "-1", "-1", "-1"]
    radios.nth(0).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(group.locator("[aria-checked=true]")).to_have_text("1")
    expect(group.locator("[aria-checked=true]")).to_be_focused()
    page.keyboard.press("End")
    expect(group.locator("[aria-checked=true]")).to_have_text("4")
    page.keyboard.press("ArrowRight")  # wraps round to "not rated"
    expect(group.locator("[aria-checked=true]")).to_have_text("–")
    page.keyboard.press("ArrowLeft")
    expect(group.locator("[aria-checked=true]")).to_have_text("4")
    # Tab leaves the group at once, to the practitioner's group.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('[role=radiogroup]')?.getAttribute('aria-label')")
    assert focused == "Practitioner's rating: Accommodation"
    # The choice reached the app: the chart and the priorities follow it.
    expect(page.locator(".na-priorities li[data-domain='accommodation']")).to_be_visible()
    context.close()


def test_focus_is_visible_on_every_kind_of_control(browser, app_server):
    context, page, _requests = _open(browser, app_server, "needs")
    seen: dict[str, str] = {}
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                       return [e.tagName + (e.getAttribute('role') ? '[' + e.getAttribute('role') + ']' : '')
                               + (e.type ? ':' + e.type : ''), s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
        )
        kind, style, width = info
        if kind.startswith("BODY"):
            continue
        seen[kind] = f"{style} {width}"
        assert style != "none" and width >= 2, f"{kind}: focus outline {style} {width}px"
    assert {"BUTTON[radio]:button", "SELECT:select-one", "INPUT:text"} <= set(seen), seen
    context.close()


@pytest.mark.parametrize("app", ["needs", "plan", "workshop", "calibration", "training-needs"])
def test_a_390px_phone_needs_no_sideways_scrolling_and_no_scroll_box(browser, app_server, app):
    context, page, _requests = _open(browser, app_server, app, width=390, height=844)
    if app == "needs":
        _rate(page)
    result = page.evaluate(
        """() => {
          const boxes = [];
          for (const el of document.querySelectorAll('.tk-app, .tk-app *')) {
            const s = getComputedStyle(el);
            const scrolls = (/(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 2)
                         || (/(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 2);
            if (scrolls && el.tagName !== 'TEXTAREA' && el.tagName !== 'SELECT') boxes.push(el.className.toString());
          }
          return {width: document.documentElement.scrollWidth, boxes};
        }"""
    )
    assert result["width"] <= 390
    assert result["boxes"] == []
    if app == "needs":
        ratings_bottom = page.locator(".na-domain").last.bounding_box()
        priorities = page.locator(".na-priorities").bounding_box()
        assert priorities["y"] >= ratings_bottom["y"], "on a phone the priorities come after the ratings"
        assert priorities["y"] - (ratings_bottom["y"] + ratings_bottom["height"]) < 900
    context.close()
