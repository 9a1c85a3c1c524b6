"""The group calibration exercise in Voila, in Debian's headless Chromium: a facilitator's page opens a
room, two participants join it from the needs-assessment app (one through ``?room=CODE`` in the address,
one by typing the code), rate the case and send; the facilitator's page shows it by itself, then closes
the room, and a participant who sends after that is told so."""

from __future__ import annotations

import re

from playwright.sync_api import expect

FACILITATOR = "/voila/render/calibration.ipynb"
NEEDS = "/voila/render/needs-assessment.ipynb"


def _open(context, url: str, ready: str):
    page = context.new_page()
    page.goto(url, timeout=120_000)
    page.wait_for_selector(ready, timeout=120_000)
    return page


def _rate(page, domain: str, score: int) -> None:
    group = page.locator(f".na-practitioner-{domain} [role=radiogroup]")
    group.locator("button", has_text=str(score)).first.click()
    expect(group.locator("[aria-checked=true]")).to_have_text(str(score))


def _join(page, nickname: str) -> None:
    page.locator(".rm-nickname input").fill(nickname)
    page.locator("button.rm-join-btn").click()
    expect(page.locator(".rm-where")).to_contain_text(f"as “{nickname}”", timeout=30_000)
    # The room's case is on screen with every rating empty: each person rates on their own.
    expect(page.locator(".na-code input")).to_have_value("CS-ANDREI")
    expect(page.locator(".rm-case")).to_contain_text("Andrei")
    expect(page.locator(".na-practitioner-legal [aria-checked=true]")).to_have_text("–")


def test_a_room_with_two_participants(browser, app_server):
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    host = _open(context, app_server + FACILITATOR, ".rm-app .tk-title")
    host.locator(".rm-case-pick select").select_option(index=1 + _case_index(host))
    host.locator("button.rm-open-room").click()
    big = host.locator(".rm-code-big")
    expect(big).to_have_text(re.compile(r"^[A-HJ-NP-Z2-9]{6}$"), timeout=30_000)
    code = big.inner_text().strip()
    link = host.locator("a.rm-link")
    expect(link).to_have_attribute("href", re.compile(rf"/voila/render/needs-assessment\.ipynb\?room={code}$"))
    expect(host.locator(".rm-count")).to_have_text("0 people have sent ratings")

    # One participant follows the link (its own browser: another kernel); the panel opens with the code in it.
    anna_context = browser.new_context(viewport={"width": 1300, "height": 1000})
    anna = _open(anna_context, link.get_attribute("href"), ".na-app .tk-title")
    expect(anna.locator(".rm-code input")).to_have_value(code, timeout=30_000)
    _join(anna, "Anna")

    # The other opens the app and types the code; a full name is refused first, in plain words.
    petr_context = browser.new_context(viewport={"width": 1300, "height": 1000})
    petr = _open(petr_context, app_server + NEEDS, ".na-app .tk-title")
    petr.locator("button.rm-open").click()
    petr.locator(".rm-code input").fill(code.lower())
    petr.locator(".rm-nickname input").fill("Petr Novák")
    petr.locator("button.rm-join-btn").click()
    expect(petr.locator(".rm-message")).to_contain_text("looks like a person's full name")
    _join(petr, "Petr")

    _rate(anna, "legal", 1)
    _rate(anna, "employment", 2)
    anna.locator("button.rm-send").click()
    expect(anna.locator(".rm-message")).to_contain_text("Sent to the group at", timeout=30_000)
    expect(anna.locator(".rm-message")).to_contain_text("2 of 18 areas rated")
    _rate(petr, "legal", 4)
    _rate(petr, "employment", 2)
    petr.locator("button.rm-send").click()
    expect(petr.locator(".rm-message")).to_contain_text("Sent to the group at", timeout=30_000)

    # The facilitator's page refreshes by itself.
    expect(host.locator(".rm-count")).to_have_text("2 people have sent ratings", timeout=30_000)
    expect(host.locator(".rm-prompts li[data-domain='legal']")).to_contain_text(
        "Ratings of Legal matters range from 1 to 4. Ask the people who chose 1 and 4"
    )
    expect(host.locator(".rm-chart-box svg[role=img]")).to_be_visible()
    row = host.locator(".rm-table tr[data-domain='legal'] td")
    assert [row.nth(i).inner_text() for i in range(5)] == ["", "1", "", "", "1"]

    # Sending again replaces: Anna changes her mind, the page is told at once.
    _rate(anna, "legal", 3)
    expect(anna.locator(".rm-pending")).to_contain_text("Send again")
    anna.locator("button.rm-send").click()
    expect(anna.locator(".rm-message")).to_contain_text("They replace what you sent before", timeout=30_000)
    host.locator("button.rm-refresh").click()
    expect(host.locator(".rm-table tr[data-domain='legal'] td").nth(3)).to_have_text("1", timeout=30_000)
    expect(host.locator(".rm-count")).to_have_text("2 people have sent ratings")

    # Closing asks first, then deletes the room; a later send is refused in plain words, nothing on screen lost.
    host.locator("button.rm-close").click()
    host.locator("button.rm-close-yes").click()
    expect(host.locator(".na-status")).to_contain_text(f"The room {code} is closed", timeout=30_000)
    expect(host.locator(".rm-setup")).to_be_visible()
    petr.locator("button.rm-send").click()
    expect(petr.locator(".rm-message")).to_contain_text(f"The facilitator has closed the room {code}", timeout=30_000)
    expect(petr.locator(".na-practitioner-legal [aria-checked=true]")).to_have_text("4")
    for ctx in (anna_context, petr_context, context):
        ctx.close()


def _case_index(page) -> int:
    options = page.locator(".rm-case-pick select option").all_inner_texts()[1:]
    return next(i for i, text in enumerate(options) if text.startswith("Andrei"))
