"""The real individual-plan app in Voila, driven in Debian's headless Chromium."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from curriculum.i18n import format_date
from widgets.catalogue import catalogue
from widgets.needs.model import NeedsAssessment

APP = "/voila/render/individual-plan.ipynb"


def test_assessment_to_two_goals_to_word_and_pdf(browser, app_server, tmp_path):
    needs = NeedsAssessment(catalogue())
    needs.load_case("marta-debts-and-a-daughter")
    assessment = tmp_path / "marta-needs.json"
    assessment.write_text(needs.to_json(), encoding="utf-8")

    context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 1100})
    page = context.new_page()
    page.goto(app_server + APP)
    page.wait_for_selector(".ip-app", timeout=90_000)

    # Open the assessment: its priorities become goals, in priority order.
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Start from an assessment").click()
    chooser.value.set_files(str(assessment))
    expect(page.locator(".na-status")).to_contain_text("goals from the assessment")
    expect(page.locator(".ip-code input")).to_have_value("CS-MARTA")
    page.locator(".ip-release input").fill("2027-03-15")
    page.locator(".ip-release input").press("Tab")

    goals = page.locator(".ip-goal")
    expect(goals.first).to_be_visible()
    words = ["A room of my own, near Liisa's school — ოთახი", "Know what I owe and pay it back in parts — долг"]
    for i, text in enumerate(words):
        card = goals.nth(i)
        card.locator("textarea").fill(text)
        card.locator("textarea").press("Tab")
        card.locator("input[placeholder='How will we both know it is done?']").fill("Signed agreement")
        card.locator("input[placeholder='By when YYYY-MM-DD']").first.fill("2027-04-30")
        card.locator("input[placeholder='By when YYYY-MM-DD']").first.press("Tab")
        card.get_by_role("button", name="Add action").click()
        action = card.locator(".ip-action").last
        action.locator("input[placeholder='What will happen']").fill(f"Step {i + 1}: book the appointment")
        action.locator("input[placeholder='What will happen']").press("Tab")
        action.locator("input[placeholder='By when YYYY-MM-DD']").fill("2027-01-15")
        action.locator("input[placeholder='By when YYYY-MM-DD']").press("Tab")
    expect(goals.first).to_contain_text("SMART")

    with page.expect_download() as info:
        page.get_by_role("button", name="Word (.docx)").click()
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    release = format_date(dt.date(2027, 3, 15), "en")  # dates are written the export language's way
    for expected in ("Individual plan", "CS-MARTA", release, *words, "Step 1: book the appointment", "Signature"):
        assert expected in text, expected

    with page.expect_download() as info:
        page.get_by_role("button", name="PDF").click()
    reader = PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))
    pdf_text = "".join(p.extract_text() for p in reader.pages)
    for expected in (
        "Individual plan",
        "CS-MARTA",
        "ოთახი",
        "долг",
        "Step 2: book the appointment",
        "Timeline around release",
    ):
        assert expected in pdf_text, expected
    context.close()
