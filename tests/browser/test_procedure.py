"""Browser test for the procedures (issue 6): a complaint walked from submission to decision, with the
timeline showing the right due dates (computed here independently, with the Algemene termijnenwet)."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import run_cli
from helpers import assert_accessible, click_and_wait, dutch_date, staff_login

SECRETARY = ("kc.secretaris", "wachtwoord van de secretaris")


def easter(year):
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    return date(year, (h + l - 7 * m + 114) // 31, (h + l - 7 * m + 114) % 31 + 1)


def holidays(year):
    e = easter(year)
    kings = date(year, 4, 27)
    if kings.weekday() == 6:
        kings -= timedelta(days=1)
    return {date(year, 1, 1), e + timedelta(1), e + timedelta(39), e + timedelta(50), date(year, 12, 25),
            date(year, 12, 26), kings, date(year, 5, 5)}


def term_end(day):
    while day.weekday() >= 5 or day in holidays(day.year):
        day += timedelta(days=1)
    return day


def test_complaint_from_submission_to_decision(server, browser):
    base = server["base"]
    created = run_cli(server["env"], "user", "create", "--username", SECRETARY[0], "--name", "Joost Overbeek",
                      "--role", "functionaris", "--person", "kc-secretaris", "--password-stdin", stdin=SECRETARY[1] + "\n")
    assert created.returncode == 0, created.stderr

    # The complaint.
    browser.get(base + "/melden?lang=nl")
    browser.find_element(By.ID, "kind-klacht").click()
    browser.find_element(By.ID, "recipient-klachtencommissie").click()
    browser.find_element(By.ID, "whatHappened").send_keys("Mijn teamleider kleineert mij sinds januari in elk overleg.")
    browser.find_element(By.ID, "when").send_keys("januari tot maart")
    browser.find_element(By.ID, "accused0Name").send_keys("E. Teamleider")
    browser.find_element(By.ID, "mode-met-naam").click()
    browser.find_element(By.ID, "name").send_keys("Kim Klager")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    # Check your answers (issue 15), then send.
    click_and_wait(browser, (By.ID, "check-send"))
    assert browser.find_element(By.ID, "receipt-code").text
    # The organisation's day (Europe/Amsterdam): the server dates the complaint by it, not by UTC.
    filed = datetime.now(ZoneInfo("Europe/Amsterdam")).date()

    # The secretary records the procedure and sees the due dates.
    browser.delete_all_cookies()
    staff_login(browser, base, *SECRETARY)
    click_and_wait(browser, (By.CSS_SELECTOR, "#inbox a"))
    report_url = browser.current_url

    def record(event, day, reason=""):
        browser.get(report_url)
        Select(browser.find_element(By.ID, "procedure-event")).select_by_value(event)
        # Day, month and year, each in its own field (issue 15).
        browser.find_element(By.ID, "procedure-date-day").send_keys(str(day.day))
        browser.find_element(By.ID, "procedure-date-month").send_keys(str(day.month))
        browser.find_element(By.ID, "procedure-date-year").send_keys(str(day.year))
        if reason:
            browser.find_element(By.ID, "procedure-reason").send_keys(reason)
        click_and_wait(browser, (By.XPATH, "//button[contains(., 'Vastleggen')]"))

    def due_of(step):
        # The day in words ("9 december 2026"), without an "overdue" mark after it.
        return " ".join(browser.find_element(By.CSS_SELECTOR, f"#step-{step} td:nth-child(4)").text.split(" ")[:3])

    complete, admissible, advice = filed + timedelta(days=2), filed + timedelta(days=9), filed + timedelta(days=50)
    record("aanvulling-gevraagd", filed + timedelta(days=1))
    record("compleet", complete)
    assert due_of("ontvankelijkheid") == dutch_date(term_end(complete + timedelta(weeks=2)))
    assert_accessible(browser, "procedure timeline")
    record("ontvankelijk", admissible)
    assert due_of("advies") == dutch_date(term_end(admissible + timedelta(weeks=8)))
    record("hoorzitting", filed + timedelta(days=30))
    record("advies", advice, "corrigerend")
    assert due_of("beslissing") == dutch_date(term_end(advice + timedelta(weeks=4)))
    # The extension is entered as its new last day: at most four weeks after the term's raw end.
    record("verdaagd", advice + timedelta(weeks=8), "Het bevoegd gezag hoort eerst beide partijen.")
    assert due_of("beslissing") == dutch_date(term_end(advice + timedelta(weeks=8)))
    record("beslissing", advice + timedelta(days=40))
    browser.get(report_url)
    assert browser.find_element(By.CSS_SELECTOR, "#step-beslissing td:nth-child(3)").text == dutch_date(advice + timedelta(days=40))

    # The letters and the dashboard.
    browser.get(report_url.rsplit("/", 0)[0] + "/brief/uitnodiging-hoorzitting")
    assert "Secretaris is Joost Overbeek." in browser.page_source
    assert_accessible(browser, "letter")
    browser.get(base + "/werkruimte/termijnen")
    assert_accessible(browser, "deadline dashboard")
