"""The agency's JupyterHub (widgets/hub/jupyterhub_config.py) started on localhost: staff sign up,
the administrator approves them, they sign in through the real login form and open the apps in
their own server; people who are not signed in get the login page; everything stops cleanly."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from widgets.hub import proxy_command

pytestmark = pytest.mark.skipif(
    proxy_command() is None,
    reason="configurable-http-proxy is not installed: `make hub-proxy` installs it (`make test` does)",
)

ADMIN, ADMIN_PASSWORD = "admin", "correct-horse-admin-1"
STAFF, STAFF_PASSWORD = "mentor1", "correct-horse-staff-1"
NEEDS = "/voila/render/needs-assessment.ipynb"


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    from hub_harness import start_hub

    hub = start_hub(tmp_path_factory.mktemp("hub"))
    yield hub
    assert hub.stop() == [], "processes left running after the hub stopped:\n" + hub.tail()


def test_sign_up_approval_login_and_the_apps(hub, browser):
    from hub_harness import approve, log_in, sign_up

    base = hub.base
    assert "The signup was successful" in sign_up(base, ADMIN, ADMIN_PASSWORD)  # the administrator: no approval
    assert "Your information has been sent to the admin" in sign_up(base, STAFF, STAFF_PASSWORD)
    with requests.Session() as s:  # not approved yet: the hub does not let them in
        assert not log_in(s, base, STAFF, STAFF_PASSWORD)
    approve(base, ADMIN, ADMIN_PASSWORD, STAFF)

    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    # The book's link to an app, as written in the book, leads to the login form and then to the
    # person's own server, where the app runs.
    page.goto(base + NEEDS)
    expect(page.locator("#username_input")).to_be_visible(timeout=30_000)
    page.locator("#username_input").fill(STAFF)
    page.locator("#password_input").fill(STAFF_PASSWORD)
    page.locator("#login_submit").click()
    page.wait_for_selector(".na-client-accommodation button", timeout=90_000)
    assert f"/user/{STAFF}{NEEDS}" in page.url

    # The register opens behind the hub's login, and its log records the signed-in name.
    page.goto(f"{base}/user/{STAFF}/voila/render/register.ipynb")
    recorded_by = page.get_by_label("Recorded by")
    expect(recorded_by).to_have_value(STAFF, timeout=90_000)
    context.close()

    # Without signing in, a person's server sends you to the login form; the approval page refuses.
    stranger = requests.get(f"{base}/user/{STAFF}{NEEDS}", timeout=30)
    assert "/hub/login" in stranger.url and stranger.status_code == 200
    assert requests.get(base + "/hub/authorize", timeout=30).status_code == 403  # approving is for the admin only


def test_the_book_is_served_beside_the_hub(hub):
    reply = requests.get(hub.base + "/book/index.html", timeout=30)
    # The book is built by `make serve` and by the book tests; without it the book service answers 404.
    assert reply.status_code in (200, 404)
    assert reply.headers.get("X-Content-Type-Options") == "nosniff"
    to_apps = requests.get(hub.base + NEEDS + "?lang=cs", allow_redirects=False, timeout=30)
    assert to_apps.status_code == 302
    assert to_apps.headers["Location"] == "/hub/user-redirect" + NEEDS + "?lang=cs"
