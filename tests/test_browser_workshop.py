"""The workshop app in Voila, driven in Debian's headless Chromium: one meeting from ratings to a
signed-ready plan, counting every click and field entry a facilitator needs."""

from __future__ import annotations

import io
import json
import re

from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from widgets.catalogue import catalogue

APP = "/voila/render/workshop.ipynb"
BASELINE = 56  # clicks and field entries for this workshop with the two separate apps (issue 10)


class Counted:
    """Every click and every field entry the person makes, counted."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.entries = 0

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def fill(self, locator, text: str) -> None:
        self.entries += 1
        locator.fill(text)
        locator.press("Tab")

    @property
    def total(self) -> int:
        return self.clicks + self.entries


def test_rate_choose_offers_draft_two_goals_and_export_word_and_pdf(browser, app_server, capsys):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(app_server + APP)
    page.wait_for_selector(".ws-app", timeout=90_000)
    expect(page.locator(".na-status")).to_be_attached()
    you = Counted(page)

    # 1 Assess: a client code and five areas rated by the client.
    you.fill(page.locator(".na-code input"), "CS-WORKSHOP")
    ratings = {"accommodation": 3, "finance-debt": 4, "employment": 2, "family-relationships": 3, "transport": 1}
    for domain, score in ratings.items():
        you.click(page.locator(f".na-client-{domain} button", has_text=str(score)).first)
        # At a person's pace: the app has taken the rating (a priority from 2 up) before the next one.
        if score >= 2:
            expect(page.locator(f".ws-step-1 .na-priorities li[data-domain='{domain}']")).to_be_visible()
        else:
            expect(page.locator(f".na-client-{domain} [aria-checked=true]").first).to_have_text(str(score))
    expect(page.locator(".na-priorities li[data-domain='employment']")).to_be_visible()
    expect(page.locator(".ws-step-1 .na-offers")).to_contain_text("How they are ordered")
    you.click(page.locator("button.ws-next-1"))

    # 2 Priorities and offers: four priorities, keep three; one offer per kept priority is ticked.
    step2 = page.locator(".ws-step-2")
    expect(step2.locator(".ws-keep")).to_have_count(4)
    you.click(step2.locator(".ws-keep-employment input[type=checkbox]"))
    expect(step2.locator(".ws-keep-employment input[type=checkbox]")).not_to_be_checked()
    ticked = step2.locator(".na-offer input[type=checkbox]:checked")
    expect(ticked).to_have_count(3, timeout=10_000)
    offers = step2.locator(".na-offer input[type=checkbox]")
    while ticked.count() < 3:  # only if two priorities share their first offer
        you.click(offers.nth(ticked.count()))
    titles = [
        t.strip()
        for t in step2.locator(".na-offer:has(input:checked) .widget-label-basic span").all_inner_texts()
        if t.strip()
    ]
    assert len(titles) == 3, titles
    more = step2.locator("button.na-more")
    expect(more).to_have_text(re.compile(r"Show \d+ more"))
    you.click(page.get_by_role("button", name="Start the plan"))
    expect(page.locator(".na-status")).to_contain_text("goals from the assessment")

    # 3 Draft the plan: two goals written with the client.
    step3 = page.locator(".ws-step-3")
    goals = step3.locator(".ip-goal")
    expect(goals).to_have_count(3)
    words = ["A room of my own near Liisa's school — ოთახი", "Know what I owe and pay it back in parts — долг"]
    for i, text in enumerate(words):
        card = goals.nth(i)
        you.fill(card.locator("textarea"), text)
        you.fill(card.locator("input[placeholder='How will we both know it is done?']"), "A signed letter")
        you.fill(card.locator("input[placeholder='By when YYYY-MM-DD']").first, "2027-04-30")
    expect(goals.first.locator(".ip-action")).to_have_count(1)
    you.click(page.locator("button.ws-next-3"))

    # 4 Export: Word and PDF, with what was typed and chosen in them.
    with page.expect_download() as info:
        you.click(page.get_by_role("button", name="Word (.docx)"))
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    with page.expect_download() as info:
        you.click(page.get_by_role("button", name="PDF", exact=True))
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(open(info.value.path(), "rb").read())).pages)
    contacts = [f"Contact: {title}" for title in titles]
    for expected in ("Individual plan", "CS-WORKSHOP", *words, "A signed letter", *contacts, "Signature"):
        assert expected in text, expected
    for expected in ("CS-WORKSHOP", "ოთახი", "долг", "Know what I owe", "Actions by phase"):
        assert expected in pdf_text, expected
    goals_part = text.split("Goals and actions")[1].split("Actions by phase")[0]
    assert catalogue("en").domain_title("employment") not in goals_part  # the dropped priority is no goal

    with capsys.disabled():
        print(
            f"\nWorkshop (rate 5 areas, keep 3 priorities, choose 3 offers, write 2 goals, export Word and PDF): "
            f"{you.total} clicks and field entries ({you.clicks} clicks, {you.entries} entries); "
            f"baseline {BASELINE}, target {BASELINE // 2}"
        )
    assert you.total <= BASELINE // 2
    context.close()


def test_the_joined_file_opens_and_labels_stay_whole(browser, app_server, tmp_path):
    from widgets.flow.model import Workshop

    shop = Workshop(catalogue("en"))
    shop.needs.load_case("marta-debts-and-a-daughter")
    shop.go(2)
    shop.confirm()
    saved = tmp_path / "marta-workshop.json"
    saved.write_text(shop.to_json(), encoding="utf-8")

    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(app_server + APP)
    page.wait_for_selector(".ws-app", timeout=90_000)
    opener = page.locator(".ws-open button")
    with page.expect_file_chooser() as chooser:
        opener.click()
    chooser.value.set_files(str(saved))
    expect(page.locator(".na-status")).to_contain_text("Opened the workshop of CS-MARTA")
    expect(opener).to_have_text("Open (.json)")  # no "(0)" or "(1)" count after a file was opened
    step3 = page.locator(".ws-step-3")
    expect(step3.locator(".ip-goal")).to_have_count(len(shop.plan.goals))
    expect(step3.locator(".ip-goal textarea").first).to_have_value(shop.plan.goals[0]["words"])
    # Every tab title is whole, in the steps and in the plan's sections.
    for title in ("2 Priorities and offers", "Reviews and agreement"):
        tab = page.locator(".lm-TabBar-tab", has_text=title).first
        expect(tab).to_be_visible()
        assert tab.evaluate("t => t.querySelector('.lm-TabBar-tabLabel').scrollWidth <= t.clientWidth"), title
    json.loads(saved.read_text(encoding="utf-8"))  # the file is still the user's, unchanged
    page.close()


APPS = {"needs": ("/voila/render/needs-assessment.ipynb", ".na-app"), "workshop": (APP, ".ws-app")}
BURST = {"accommodation": 3, "finance-debt": 4, "employment": 2, "family-relationships": 3, "transport": 1, "legal": 4}


def _open_app(browser, app_server, which: str):
    url, root = APPS[which]
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(app_server + url, timeout=120_000)
    page.wait_for_selector(root, timeout=90_000)
    return context, page


def _held_rating(browser, app_server, which: str) -> None:
    """Press a rating, let the app's answer to a rating above it move the page, then release."""
    context, page = _open_app(browser, app_server, which)
    target = page.locator(".na-client-finance-debt button", has_text="4").first
    target.scroll_into_view_if_needed()
    before = target.bounding_box()
    page.mouse.move(before["x"] + before["width"] / 2, before["y"] + before["height"] / 2)
    page.mouse.down()
    page.locator(".na-client-accommodation button", has_text="3").first.evaluate("b => b.click()")
    expect(page.locator(".na-priorities li[data-domain='accommodation']")).to_be_visible()
    assert target.bounding_box()["y"] != before["y"]  # the page moved under the pointer
    page.mouse.up()
    expect(page.locator(".na-client-finance-debt [aria-checked=true]")).to_have_text("4")
    expect(page.locator(".na-priorities li[data-domain='finance-debt']")).to_be_visible()
    context.close()


def test_a_rating_pressed_while_the_page_moves_is_kept(browser, app_server):
    # The cause of the rating lost in a burst: the answer to an earlier rating adds lines above
    # (its hints, the draft line), the button moves away between press and release, and the
    # release lands on something else, so the browser fires no click on the button.
    for which in ("needs", "workshop"):
        _held_rating(browser, app_server, which)


def test_a_burst_of_quick_ratings_right_after_opening_loses_none(browser, app_server):
    """Six areas rated as fast as the browser can click, with a person's press (80 ms), on a fresh
    page, three times in each app; every rating reaches the app and its draft."""
    for which in ("needs", "workshop"):
        for _ in range(3):
            context, page = _open_app(browser, app_server, which)
            for domain, score in BURST.items():
                page.locator(f".na-client-{domain} button", has_text=str(score)).first.click(delay=80)
            for domain, score in BURST.items():
                expect(page.locator(f".na-client-{domain} [aria-checked=true]")).to_have_text(str(score))
                if score >= 2:
                    expect(page.locator(f".na-priorities li[data-domain='{domain}']")).to_be_visible(timeout=20_000)
            key = "open-reentry-curriculum/" + ("needs-assessment" if which == "needs" else "workshop")
            page.wait_for_function(
                "([key, n]) => { const d = JSON.parse(window.localStorage.getItem(key) || '{}').draft;"
                " if (!d) return false; const v = JSON.parse(d); const r = (v.needs || v).ratings || {};"
                " return Object.values(r).filter((x) => x.client !== null).length === n; }",
                arg=[key, len(BURST)],
                timeout=20_000,
            )
            draft = json.loads(
                json.loads(page.evaluate(f"() => window.localStorage.getItem({json.dumps(key)})"))["draft"]
            )
            ratings = (draft.get("needs") or draft)["ratings"]
            assert {d: ratings[d]["client"] for d in BURST} == BURST
            context.close()
