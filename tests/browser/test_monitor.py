"""Browser test for the monitor (issue 8): an administrator opens a wave; the questionnaire is
answered twice. A participant who reports an incident gets the incident module (Deel IV); one who
does not, does not. axe on the pages on the way."""
from selenium.webdriver.common.by import By

from conftest import run_cli
from helpers import assert_accessible, click_and_wait, staff_login

ADMIN = ("beheer.monitor", "een lang wachtwoord voor de monitor")


def _open_wave(browser, base):
    staff_login(browser, base, ADMIN[0], ADMIN[1])
    browser.get(base + "/beheer/monitor")
    browser.find_element(By.ID, "wave-name").send_keys("Browsertest")
    browser.find_element(By.ID, "pop-politiek").send_keys("600")
    browser.find_element(By.ID, "pop-ambtelijk").send_keys("700")
    browser.find_element(By.ID, "wave-codes").send_keys("2")
    click_and_wait(browser, (By.XPATH, "//form[@action='/beheer/monitor']//button[@type='submit']"))
    codes = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "#participation-codes code")]
    assert len(codes) == 2
    assert_accessible(browser, "monitor administration")
    return codes


def _answer(browser, base, code, incident):
    browser.delete_all_cookies()
    browser.get(base + "/monitor")
    assert "geen melding" in browser.find_element(By.ID, "not-a-report").text
    assert browser.find_element(By.CSS_SELECTOR, "#not-a-report a").get_attribute("href").endswith("/wegwijzer")
    browser.find_element(By.ID, "code").send_keys(code)
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    saw_incident = False
    checked_axe = False
    # Looking for what a page has: no implicit waiting for what it has not (pages are loaded by then).
    browser.implicitly_wait(0)
    for _ in range(60):
        if browser.find_elements(By.ID, "survey-done"):
            break
        if browser.find_elements(By.ID, "question-IV.11"):
            saw_incident = True
        if browser.find_elements(By.ID, "consent"):
            browser.find_element(By.ID, "consent").click()
        if browser.find_elements(By.ID, "q-I_1-b"):
            browser.find_element(By.ID, "q-I_1-b").click()
        if browser.find_elements(By.ID, "q-II_2-a") and incident:
            browser.find_element(By.ID, "q-II_2-a").click()
        if browser.find_elements(By.ID, "q-II_1_2-6"):
            browser.find_element(By.ID, "q-II_1_2-6").click()
            if not checked_axe:
                assert_accessible(browser, "questionnaire matrix page")
                checked_axe = True
        click_and_wait(browser, (By.ID, "next"))
    browser.implicitly_wait(5)
    assert browser.find_elements(By.ID, "survey-done"), browser.find_element(By.TAG_NAME, "main").text
    return saw_incident


def test_questionnaire_twice_with_and_without_the_incident_module(server, browser):
    base = server["base"]
    created = run_cli(server["env"], "user", "create", "--username", ADMIN[0], "--role", "beheerder", "--password-stdin",
                      stdin=ADMIN[1] + "\n")
    assert created.returncode == 0, created.stderr
    codes = _open_wave(browser, base)
    assert _answer(browser, base, codes[0], incident=True)
    assert not _answer(browser, base, codes[1], incident=False)
    # A used code is refused with a message that tells nothing about anyone.
    browser.delete_all_cookies()
    browser.get(base + "/monitor")
    browser.find_element(By.ID, "code").send_keys(codes[0])
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert "Deze code kunnen we niet gebruiken" in browser.find_element(By.ID, "survey-error").text
    assert_accessible(browser, "monitor start with an error")
