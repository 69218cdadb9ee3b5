"""Browser tests for the learning organisation (issue 18).

The integrity coordinator adds an intervention to recommendation 6.5.2 with an indicator bound to a
registry figure (baseline and trend shown, not symbolic), then one without any figure (symbolic
until there is a measure); the printable progress overview lists both.
HR offers the onboarding path to a new fractie staff member; the newcomer opens the link without an
account, reads the sections (the confidential advisors, the Noordstar section) and says it is done;
HR sees the completed count go up while the percentage stays hidden below k offers.
The open figures page opens without login. axe on every page."""
import re
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import run_cli
from helpers import assert_accessible, click_and_wait, staff_login

COORDINATOR = ("leren.smeulders", "wachtwoord van de coordinator", "integriteitscoordinator", "Hanneke Smeulders")
# The fractie's own competent authority offers its staff the path (HR of the civil service may not).
HR = ("leren.secretaris", "wachtwoord van de fractiesecretaris", "secretaris-noordstar", "Fractiesecretaris Noordstar")
TRENDS = ("beter dan bij de start", "gelijk gebleven", "nog geen trend", "slechter dan bij de start")
FRACTIE_STAFF = "Medewerker van een fractie"


def _create(server, account):
    created = run_cli(server["env"], "user", "create", "--username", account[0], "--name", account[3],
                      "--role", "functionaris", "--person", account[2], "--password-stdin", stdin=account[1] + "\n")
    assert created.returncode == 0, created.stderr


def _main_text(browser):
    return browser.find_element(By.TAG_NAME, "main").text


def _no_raw_keys(browser):
    """A text key shown as itself ("learning.baseline") means a translation is missing."""
    text = browser.find_element(By.TAG_NAME, "body").text
    keys = re.findall(r"\b(?:learning|onboarding|figures|stats)\.[A-Za-z.]+\b", text)
    assert not keys, keys


def _log(server, lines=30):
    """The end of the server's log, for a failure message."""
    return "\n".join((Path(server["data"]) / "server.log").read_text(errors="replace").splitlines()[-lines:])


def _fill_intervention(browser, title, goal, figure=None):
    browser.find_element(By.ID, "title").send_keys(title)
    Select(browser.find_element(By.ID, "owner")).select_by_value("presidium")
    browser.find_element(By.ID, "goal").send_keys(goal)
    if figure:
        browser.find_element(By.CSS_SELECTOR, f'[id="figure-{figure}"]').click()
    interval = browser.find_element(By.ID, "intervalMonths")
    interval.clear()
    interval.send_keys("6")
    browser.find_element(By.ID, "budget").send_keys("2.500")
    browser.find_element(By.ID, "part-ambtelijk").click()
    browser.find_element(By.ID, "starts-day").send_keys("1")
    browser.find_element(By.ID, "starts-month").send_keys("1")
    browser.find_element(By.ID, "starts-year").send_keys("2026")


def test_interventions_with_and_without_a_measure(server, browser):
    base = server["base"]
    _create(server, COORDINATOR)
    staff_login(browser, base, COORDINATOR[0], COORDINATOR[1])

    browser.get(base + "/werkruimte/leren")
    row = browser.find_element(By.CSS_SELECTOR, '#learning-recommendations [id="recommendation-6.5.2"]')
    _no_raw_keys(browser)
    assert_accessible(browser, "intervention register")
    link = row.find_element(By.CSS_SELECTOR, 'a[href="/werkruimte/leren/nieuw?aanbeveling=6.5.2"]')
    assert link.text == "Interventie toevoegen", link.text
    click_and_wait(browser, link)
    # The recommendation followed from is ticked already.
    assert browser.find_element(By.CSS_SELECTOR, '[id="rec-6.5.2"]').is_selected()
    _no_raw_keys(browser)
    assert_accessible(browser, "new intervention form")

    title = "Terugkoppeling aan melders binnen drie maanden"
    _fill_intervention(browser, title, "Iedere melder hoort binnen drie maanden wat er met de melding gebeurt.",
                       figure="registry.feedbackWithin3Months")
    click_and_wait(browser, (By.CSS_SELECTOR, "#learning-form button[type=submit]"))
    assert "/werkruimte/leren/" in browser.current_url and browser.current_url.endswith("?ok=1"), \
        browser.current_url + "\n" + _main_text(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == title, _main_text(browser) + "\n" + _log(server)
    indicator = browser.find_element(By.ID, "indicator-0").text
    assert "terugkoppeling" in indicator, indicator
    # The demo registry may have no cases with feedback yet: then the baseline says so in words.
    assert browser.find_element(By.ID, "indicator-0-baseline").text.strip(), indicator
    assert browser.find_element(By.ID, "indicator-0-trend").text in TRENDS, indicator
    assert "2.500" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text or \
        "2500" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text, _main_text(browser)
    assert not browser.find_elements(By.ID, "intervention-symbolic")
    _no_raw_keys(browser)
    assert_accessible(browser, "intervention page")

    # A second one without any figure: symbolic until there is a measure.
    browser.get(base + "/werkruimte/leren/nieuw?aanbeveling=6.5.2")
    symbolic_title = "Gesprek over de cultuur in het Presidium"
    _fill_intervention(browser, symbolic_title, "Een jaarlijks gesprek over omgangsvormen.")
    click_and_wait(browser, (By.CSS_SELECTOR, "#learning-form button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text == symbolic_title, _main_text(browser)
    assert "Symbolisch tot er een maat is" in browser.find_element(By.ID, "intervention-symbolic").text

    browser.get(base + "/werkruimte/leren")
    listed = browser.find_element(By.CSS_SELECTOR, '[id="recommendation-6.5.2"]').text
    assert title in listed and symbolic_title in listed, listed

    browser.get(base + "/werkruimte/leren/voortgang")
    progress = browser.find_element(By.CSS_SELECTOR, '[id="progress-6.5.2"]').text
    assert title in progress and symbolic_title in progress, progress
    _no_raw_keys(browser)
    assert_accessible(browser, "progress overview")


def _fractie_staff_rate(browser):
    for row in browser.find_elements(By.CSS_SELECTOR, "#onboarding-rates tbody tr"):
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        if cells[0] == FRACTIE_STAFF:
            return int(cells[1]), int(cells[2]), cells[3]
    raise AssertionError(browser.find_element(By.ID, "onboarding-rates").text)


def test_onboarding_offered_opened_and_completed(server, browser):
    base = server["base"]
    _create(server, HR)
    secret = staff_login(browser, base, HR[0], HR[1])
    browser.get(base + "/werkruimte/inwerken")
    offered_before, completed_before, _ = _fractie_staff_rate(browser)
    _no_raw_keys(browser)
    assert_accessible(browser, "onboarding offers")

    browser.find_element(By.ID, "name").send_keys("Sanne Visser")
    browser.find_element(By.ID, "group-fractieStaff").click()
    Select(browser.find_element(By.ID, "fractie")).select_by_value("noordstar")
    click_and_wait(browser, (By.CSS_SELECTOR, "#onboarding-form button[type=submit]"))
    path = browser.find_element(By.ID, "onboarding-link-path").text
    assert path.startswith("/inwerken/") and len(path) > len("/inwerken/") + 8, _main_text(browser)
    offered, completed, _ = _fractie_staff_rate(browser)
    assert (offered, completed) == (offered_before + 1, completed_before)
    assert "Sanne Visser" in browser.find_element(By.ID, "onboarding-offers").text

    # The newcomer, without an account: the link is the key.
    browser.delete_all_cookies()
    browser.get(base + path)
    assert FRACTIE_STAFF in browser.find_element(By.TAG_NAME, "h1").text, _main_text(browser)
    advisors = browser.find_element(By.CSS_SELECTOR, "#section-advisors #onboarding-advisors")
    assert advisors.find_elements(By.TAG_NAME, "li"), advisors.text
    assert "Noordstar" in browser.find_element(By.ID, "section-noordstar").text
    _no_raw_keys(browser)
    assert_accessible(browser, "onboarding path")
    click_and_wait(browser, (By.CSS_SELECTOR, "#onboarding-complete button[type=submit]"))
    assert browser.find_element(By.ID, "onboarding-done").text
    assert not browser.find_elements(By.ID, "onboarding-complete")

    # Back as the fractie's secretary: one more completed; the percentage stays hidden below k (5) offers.
    browser.delete_all_cookies()
    staff_login(browser, base, HR[0], HR[1], secret)
    browser.get(base + "/werkruimte/inwerken")
    offered, completed, percent = _fractie_staff_rate(browser)
    assert (offered, completed) == (offered_before + 1, completed_before + 1)
    if offered < 5:
        assert percent == "verborgen", percent
    assert "Sanne Visser" in browser.find_element(By.ID, "onboarding-offers").text


def test_open_figures_without_login(server, browser):
    browser.get(server["base"] + "/cijfers")
    assert "Open cijfers" in browser.find_element(By.TAG_NAME, "h1").text, _main_text(browser)
    assert "verborgen" in browser.find_element(By.ID, "figures-suppression").text
    assert browser.find_elements(By.ID, "figures-handling")
    _no_raw_keys(browser)
    assert_accessible(browser, "open figures")
