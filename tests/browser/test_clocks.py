"""Issue 13: three reporters, each shown the dates of their own procedure and no other. A bullying
report to a confidential advisor (the advisors' agreement, not the Wbk), a complaint to the complaints
committee (two weeks to decide on admissibility) and a complaint to the College (no fixed term).
Dates are computed here, independently of the server, and written as people write them."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By

from helpers import assert_accessible, click_and_wait
from test_procedure import term_end

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def long_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def submit(browser, base, kind, recipient, text, name=None, accused=None, address=None):
    browser.delete_all_cookies()
    browser.get(base + "/melden?lang=nl")
    browser.find_element(By.ID, f"kind-{kind}").click()
    browser.find_element(By.ID, f"recipient-{recipient}").click()
    browser.find_element(By.ID, "whatHappened").send_keys(text)
    browser.find_element(By.ID, "when").send_keys("sinds september")
    if accused:
        browser.find_element(By.ID, "accused0Name").send_keys(accused)
    if name:
        browser.find_element(By.ID, "mode-met-naam").click()
        browser.find_element(By.ID, "name").send_keys(name)
        if address:
            browser.find_element(By.ID, "postalAddress").send_keys(address)
    else:
        browser.find_element(By.ID, "mode-anoniem").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    # Check your answers (issue 15), then send.
    click_and_wait(browser, (By.ID, "check-send"))
    errors = browser.find_elements(By.ID, "intake-errors")
    assert not errors, errors[0].text
    return browser.find_element(By.ID, "receipt-code").text, browser.find_element(By.ID, "confirmation-next").text


def portal_next(browser, base, code):
    browser.delete_all_cookies()
    browser.get(base + "/portaal")
    browser.find_element(By.ID, "code").send_keys(code)
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    return browser.find_element(By.ID, "portal-next").text


def test_three_reporters_see_their_own_dates(server, browser):
    base = server["base"]
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()

    # 1. Bullying, to the external advisor: the advisors' own agreement, said to be one.
    code, confirmation = submit(browser, base, "melding", "vp:vp-extern", "Mijn leidinggevende schreeuwt in het overleg.")
    contact = long_date(term_end(today + timedelta(days=7)))
    assert f"neemt uiterlijk op {contact} contact met je op" in confirmation
    assert "geen wettelijke termijn" in confirmation
    shown = portal_next(browser, base, code)
    assert contact in shown and "geen wettelijke termijn" in shown
    assert "wat er met je melding gebeurt" not in browser.page_source  # the Wbk's feedback promise
    assert_accessible(browser, "portal of an advisor's report")

    # 2. A complaint to the committee: two weeks from filing to decide whether it is taken up.
    code, confirmation = submit(browser, base, "klacht", "klachtencommissie", "Mijn chef kleineert mij in elk overleg.",
                                name="Kim Klager", accused="E. Chef")
    admissibility = long_date(term_end(today + timedelta(weeks=2)))
    assert f"De klachtencommissie beslist uiterlijk op {admissibility}" in confirmation
    assert admissibility in portal_next(browser, base, code)
    dates = browser.find_element(By.ID, "procedure-dates").text
    assert "Ontbrekende stukken" not in dates  # the optional repair term is not the complainant's step
    assert_accessible(browser, "portal of a complaint")

    # 3. A complaint to the College: no fixed term, and no date.
    code, confirmation = submit(browser, base, "klacht", "college-onderzoek-integriteit",
                                "Het Kamerlid heeft een nevenfunctie niet geregistreerd.", name="Klaas Klager",
                                accused="Kamerlid X", address="Lange Poten 4, 2511 CL Den Haag")
    assert "geen vaste termijnen" in confirmation
    assert "uiterlijk op" not in confirmation
    shown = portal_next(browser, base, code)
    assert "geen vaste termijnen" in shown and "te weinig afgeronde zaken" in shown
    assert "uiterlijk op" not in browser.page_source
