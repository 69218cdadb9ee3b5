"""Browser test for the registry (issue 7): four signals about one person through three kinds of
recipient (a confidential advisor, a manager, HR). The authority then sees exactly one alert, with
the count and no identities. axe on the registration and alert pages."""
from datetime import datetime
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import run_cli
from helpers import assert_accessible, click_and_wait, dutch_date, staff_login

MANAGER = ("ll.ramdin", "wachtwoord van de leidinggevende", "manager-ict", "Priya Ramdin")
HR = ("hr.kortlever", "wachtwoord van hr", "hr-1", "Wendy Kortlever")
COORDINATOR = ("ic.smeulders", "wachtwoord van de coordinator", "integriteitscoordinator", "Hanneke Smeulders")
REPORT_TEXT = "Hij scheldt de bodes uit als er iets misgaat."


def _create(server, account):
    created = run_cli(server["env"], "user", "create", "--username", account[0], "--name", account[3],
                      "--role", "functionaris", "--person", account[2], "--password-stdin", stdin=account[1] + "\n")
    assert created.returncode == 0, created.stderr


def _register(browser, base, person=None, name=None):
    browser.get(base + "/werkruimte/registreren")
    browser.find_element(By.ID, "kind-signaal").click()
    if person:
        Select(browser.find_element(By.ID, "accused-person")).select_by_value(person)
    if name:
        browser.find_element(By.ID, "accused-name").send_keys(name)
    browser.find_element(By.ID, "item-c").click()
    click_and_wait(browser, (By.XPATH, "//form[@action='/werkruimte/registreren']//button[@type='submit']"))
    assert browser.find_elements(By.ID, "registration-saved"), browser.find_element(By.TAG_NAME, "main").text


def test_four_signals_one_alert(server, browser):
    base = server["base"]
    for account in (MANAGER, HR, COORDINATOR):
        _create(server, account)

    # 1. A report to a confidential advisor.
    browser.get(base + "/melden?lang=nl")
    browser.find_element(By.ID, "kind-melding").click()
    browser.find_element(By.ID, "recipient-vp:vp-ambtelijk-2").click()
    browser.find_element(By.ID, "mode-anoniem").click()
    browser.find_element(By.ID, "whatHappened").send_keys(REPORT_TEXT)
    browser.find_element(By.ID, "accused0Name").send_keys("Erik Vlasblom")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    # Check your answers (issue 15), then send.
    click_and_wait(browser, (By.ID, "check-send"))
    assert browser.find_element(By.ID, "receipt-code").text

    # 2-3. A manager registers two signals that reached them (one chosen from the list, one typed).
    browser.delete_all_cookies()
    staff_login(browser, base, MANAGER[0], MANAGER[1])
    _register(browser, base, person="manager-bodes")
    assert_accessible(browser, "registration page")
    _register(browser, base, name="Erik Vlasblom")

    # 4. HR registers one, with another spelling.
    browser.delete_all_cookies()
    staff_login(browser, base, HR[0], HR[1])
    _register(browser, base, name="E. Vlasblom")

    # The authority sees exactly one alert, with the count and no identities.
    browser.delete_all_cookies()
    staff_login(browser, base, COORDINATOR[0], COORDINATOR[1])
    click_and_wait(browser, (By.ID, "alerts-link"))
    alerts = browser.find_elements(By.CSS_SELECTOR, "article[id^=alert-]")
    assert len(alerts) == 1, browser.find_element(By.TAG_NAME, "main").text
    text = alerts[0].text
    assert "Erik Vlasblom" in text
    # "Today" is the organisation's day (Europe/Amsterdam), not the test machine's (UTC on CI).
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    assert f"4 signalen sinds {dutch_date(today)}" in text
    main = browser.find_element(By.TAG_NAME, "main").text
    for secret in (REPORT_TEXT, MANAGER[3], HR[3], "Youssef"):
        assert secret not in main
    assert not browser.find_elements(By.CSS_SELECTOR, "main a[href^='/werkruimte/meldingen/']")
    assert_accessible(browser, "alerts page")

    # The follow-up is recorded; the figures pages pass axe too.
    Select(alerts[0].find_element(By.TAG_NAME, "select")).select_by_value("in-behandeling")
    alerts[0].find_element(By.TAG_NAME, "textarea").send_keys("Gesprek met de leidinggevende gepland.")
    click_and_wait(browser, (By.CSS_SELECTOR, "article[id^=alert-] button[type=submit]"))
    assert "wordt opgepakt" in browser.find_element(By.CSS_SELECTOR, "article[id^=alert-]").text
    browser.get(base + "/werkruimte/statistieken")
    assert_accessible(browser, "dashboard")
    browser.get(base + "/werkruimte/jaarverslagen/sociaal-jaarverslag")
    assert browser.find_element(By.ID, "report-kanaal")
    assert_accessible(browser, "annual report")
