"""Browser test for training mode (issue 18): "the network runs a fictional case in training mode from
route finder to closure". A second server, started with TEGENKRACHT_TRAINING=1 on a data directory of
its own, shows the training banner and the marked title on every page; a fictional report goes from
the route finder through the intake to the external advisor, who closes it. The real server (the
shared `server` fixture) knows nothing of it: the training receipt code does not open its portal."""
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BINARY, ROOT, run_cli, serving
from helpers import assert_accessible, click_and_wait, staff_login

# Usernames are unique across the browser tests (they share the real server): prefixed with "oefen.".
ADVISOR = ("oefen.kerkhoven", "wachtwoord van de oefen-vertrouwenspersoon", "vp-extern", "Marloes Kerkhoven")
STORY = "Oefencasus: het Kamerlid voor wie ik werk schreeuwt tegen mij waar anderen bij zijn."


@pytest.fixture(scope="module")
def training_server():
    assert BINARY.exists(), f"build first: {BINARY} is missing"
    data = tempfile.mkdtemp(prefix="tegenkracht-training-")
    env = dict(os.environ, TEGENKRACHT_DATA_DIR=data, TEGENKRACHT_ROOT=str(ROOT), TEGENKRACHT_TRAINING="1")
    env.pop("DATABASE_URL", None)
    env.pop("TEGENKRACHT_SENDMAIL", None)
    created = run_cli(env, "user", "create", "--username", ADVISOR[0], "--name", ADVISOR[3], "--role", "functionaris",
                      "--person", ADVISOR[2], "--password-stdin", stdin=ADVISOR[1] + "\n")
    assert created.returncode == 0, created.stderr
    # The first command made the training database, under the data directory's training folder.
    assert (Path(data) / "training" / "tegenkracht-training.sqlite").exists()
    assert not (Path(data) / "tegenkracht.sqlite").exists()
    with serving(env, data, "--dev-http", what="training server") as base:
        yield {"base": base, "env": env, "data": data}
    shutil.rmtree(data, ignore_errors=True)


def _marked(browser, where):
    """Every page of training says so: the banner, and the title."""
    banner = browser.find_elements(By.ID, "training-banner")
    assert banner, f"{where}: no training banner"
    assert "Oefenomgeving" in banner[0].text and "niets hier is echt" in banner[0].text, banner[0].text
    assert browser.title.startswith("[Oefenomgeving] "), f"{where}: title {browser.title!r}"


def test_fictional_case_from_route_finder_to_closure(training_server, server, browser):
    base = training_server["base"]

    # The home page, marked, and accessible with the banner.
    browser.get(base + "/?lang=nl")
    _marked(browser, "home")
    assert_accessible(browser, "training home")

    # 1. The route finder: a fractie staff member about an MP (the first fictional pattern).
    click_and_wait(browser, (By.CSS_SELECTOR, "a.button[href='/wegwijzer']"))
    _marked(browser, "route finder")
    browser.find_element(By.ID, "reporter-fractiemedewerker").click()
    browser.find_element(By.CSS_SELECTOR, "#reporterFractie option[value='noordstar']").click()
    browser.find_element(By.ID, "accused-kamerlid").click()
    browser.find_element(By.ID, "item-i").click()
    browser.find_element(By.ID, "wish-praten").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    _marked(browser, "route finder result")
    assert browser.find_elements(By.CSS_SELECTOR, "li.route")

    # 2. From the result into the intake, to the external advisor; the answers carry over.
    click_and_wait(browser, (By.ID, "start-vertrouwenspersoon-ongewenst-extern"))
    _marked(browser, "intake form")
    assert browser.find_element(By.ID, "item-i").is_selected()
    browser.find_element(By.ID, "kind-melding").click()
    browser.find_element(By.ID, "recipient-vp:vp-extern").click()
    browser.find_element(By.ID, "mode-anoniem").click()
    browser.find_element(By.ID, "whatHappened").send_keys(STORY)
    browser.find_element(By.ID, "accused0Name").send_keys("Ruud Kamphorst")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    _marked(browser, "check your answers")
    click_and_wait(browser, (By.ID, "check-send"))
    _marked(browser, "confirmation")
    code = browser.find_element(By.ID, "receipt-code").text
    assert len(code) == 24

    # 3. The advisor logs in to training and finds the case among the fictional ones.
    browser.delete_all_cookies()
    staff_login(browser, base, ADVISOR[0], ADVISOR[1])
    _marked(browser, "workspace")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#inbox a")]
    # The seeded MP case is hers too: the inbox holds more than the case just made.
    assert len(links) >= 2, links
    case_url = None
    for link in links:
        browser.get(link)
        texts = browser.find_elements(By.ID, "report-text")
        if texts and STORY in texts[0].text:
            case_url = link
            break
    assert case_url, "the new case is not in the advisor's inbox"
    _marked(browser, "case page")

    # 4. Closed with an outcome.
    Select(browser.find_element(By.ID, "transition-to")).select_by_value("afgesloten")
    browser.find_element(By.ID, "transition-reason").send_keys("Oefening: het gesprek met de melder is gevoerd; afspraken gemaakt.")
    Select(browser.find_element(By.ID, "transition-outcome")).select_by_value("informeel-opgelost")
    Select(browser.find_element(By.ID, "transition-reporter-outcome")).select_by_value("gebleven")
    Select(browser.find_element(By.ID, "transition-accused-outcome")).select_by_value("gebleven")
    click_and_wait(browser, (By.CSS_SELECTOR, "#transition-form button[type=submit]"))
    _marked(browser, "closed case")
    assert browser.find_element(By.ID, "case-stage").text == "Afgesloten"
    assert browser.find_element(By.ID, "case-outcome").text == "Informeel opgelost"

    # The reporter sees the closure in the training portal.
    browser.delete_all_cookies()
    browser.get(base + "/portaal")
    _marked(browser, "portal login")
    browser.find_element(By.ID, "code").send_keys(code)
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    _marked(browser, "portal")
    assert browser.find_elements(By.ID, "portal-closure"), browser.find_element(By.TAG_NAME, "main").text

    # 5. The real server knows nothing of it: no banner, and the training code opens nothing there.
    real = server["base"]
    browser.delete_all_cookies()
    browser.get(real + "/portaal?lang=nl")
    assert not browser.find_elements(By.ID, "training-banner")
    assert not browser.title.startswith("[Oefenomgeving]")
    browser.find_element(By.ID, "code").send_keys(code)
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert not browser.find_elements(By.ID, "training-banner")
    assert browser.find_elements(By.ID, "portal-error"), browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.ID, "portal-status")
    assert STORY not in browser.page_source
