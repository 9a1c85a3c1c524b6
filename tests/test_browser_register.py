"""The register app in Voila, driven in Debian's headless Chromium: a facilitator creates a group,
adds participants and fills in the attendance grid during a session. The server's register is the
test run's own file (tests/conftest.py sets TOOLKIT_REGISTER_DB)."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from register.store import catalogue

APP = "/voila/render/register.ipynb"
PROGRAMME = "social-training-adults"


def test_a_facilitator_fills_in_the_attendance_grid(browser, app_server):
    group = f"BT-{uuid.uuid4().hex[:6]}"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app_server + APP)
    page.wait_for_selector(".rg-app", timeout=90_000)

    page.locator(".rg-group-code input").fill(group)
    page.get_by_label("Programme").select_option(label=catalogue().programmes[PROGRAMME].title)
    page.locator("button.rg-create").click()
    expect(page.locator(".rg-status")).to_contain_text(f"Group {group} created")

    page.get_by_role("tab", name="Attendance").click()
    for code in ("K-1", "K-2", "Mari Tamm"):
        page.locator(".rg-new-person input").fill(code)
        page.locator("button.rg-add-person").click()
        if code != "Mari Tamm":
            expect(page.locator(".rg-status")).to_contain_text(f"{code} added")
    expect(page.locator(".rg-status")).to_contain_text("looks like a person's name")
    expect(page.locator(".rg-cell")).to_have_count(30)  # 2 participants × 15 sessions

    # Session 1: K-1 came 30 minutes late; everyone else attended in full.
    cell = page.locator(".rg-cell-0-1 input")
    cell.fill("90")
    cell.press("Tab")
    expect(page.locator(".rg-total-0")).to_have_text("90")
    page.get_by_label("Session", exact=True).select_option("1")
    page.locator("button.rg-fill").click()
    expect(page.locator(".rg-total-1")).to_have_text("120")
    expect(page.locator(".rg-status")).to_contain_text("1 marked as attending 120 minutes")
    expect(page.locator(".rg-state-0")).to_contain_text("1710 more minutes")
    # The grid is labelled for assistive technology, cell by cell.
    expect(page.get_by_label("K-2, session 1, minutes")).to_have_value("120")

    # What was entered is in the register: read again, it is still there.
    page.locator("button.rg-reload").click()
    expect(page.locator(".rg-cell-0-1 input")).to_have_value("90")
    expect(page.locator(".rg-cell-1-1 input")).to_have_value("120")

    page.get_by_role("tab", name="Dashboard").click()
    expect(page.locator(".rg-dashboard svg").first).to_be_visible()
    context.close()


def test_a_csv_with_two_bad_rows_shows_both_problems_and_imports_nothing(browser, app_server):
    group = f"BI-{uuid.uuid4().hex[:6]}"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app_server + APP)
    page.wait_for_selector(".rg-app", timeout=90_000)
    page.locator(".rg-group-code input").fill(group)
    page.get_by_label("Programme").select_option(label=catalogue().programmes[PROGRAMME].title)
    page.locator("button.rg-create").click()
    expect(page.locator(".rg-status")).to_contain_text(f"Group {group} created")

    page.get_by_role("tab", name="Import (CSV)").click()
    expect(page.locator(".rg-help")).to_contain_text("write yes for a make-up session")
    rows = f"group,participant,session,minutes,makeup\n{group},K-1,1,120,no\n{group},K-2,1,ninety,no\n{group},K-3,1,60,maybe\n"
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Choose a CSV file and import it").click()
    chooser.value.set_files(files=[{"name": "session-1.csv", "mimeType": "text/csv", "buffer": rows.encode()}])
    expect(page.locator(".rg-status")).to_contain_text("2 problems; nothing from the file was imported")
    problems = page.locator(".rg-problems li")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_have_text("line 3: Minutes “ninety” is not a whole number.")
    expect(problems.nth(1)).to_contain_text("line 4: makeup “maybe” is not yes or no")

    # Nothing was imported, not even the good row; once corrected, the same file goes in whole.
    page.get_by_role("tab", name="Attendance").click()
    page.get_by_label("Group", exact=True).select_option(label=f"{group} · {PROGRAMME}")
    expect(page.locator(".rg-attendance-grid")).to_contain_text("No participants yet")
    page.get_by_role("tab", name="Import (CSV)").click()
    fixed = rows.replace("ninety", "90").replace("maybe", "yes")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Choose a CSV file and import it").click()
    chooser.value.set_files(files=[{"name": "session-1.csv", "mimeType": "text/csv", "buffer": fixed.encode()}])
    expect(page.locator(".rg-status")).to_contain_text("3 rows imported from session-1.csv")
    expect(problems).to_have_count(0)
    page.get_by_role("tab", name="Attendance").click()
    expect(page.locator(".rg-cell")).to_have_count(45)  # 3 participants × 15 sessions
    context.close()
