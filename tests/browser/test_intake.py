"""Browser tests for intake and the portal (issue 4): an anonymous report from the route finder's
answers, the chosen advisor replies and records a meeting, the reporter logs in with the receipt,
reads the reply and approves the record. axe on every page on the way."""
import pytest
from selenium.webdriver.common.by import By

from conftest import run_cli
from helpers import assert_accessible, click_and_wait, staff_login

ADVISOR = ("vp.kerkhoven", "wachtwoord van de vertrouwenspersoon")


def _advisor_login(browser, base, secret=None):
    return staff_login(browser, base, ADVISOR[0], ADVISOR[1], secret)


def test_anonymous_report_reply_and_record(server, browser):
    base = server["base"]
    created = run_cli(server["env"], "user", "create", "--username", ADVISOR[0], "--name", "Marloes Kerkhoven",
                      "--role", "functionaris", "--person", "vp-extern", "--password-stdin", stdin=ADVISOR[1] + "\n")
    assert created.returncode == 0, created.stderr

    # 1. From the route finder straight into the form: the answers carry over.
    browser.get(base + "/wegwijzer?lang=nl")
    browser.find_element(By.ID, "reporter-ambtenaar").click()
    browser.find_element(By.ID, "accused-ambtenaar").click()
    browser.find_element(By.ID, "item-i").click()
    browser.find_element(By.ID, "wish-praten").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    click_and_wait(browser, (By.ID, "start-vertrouwenspersoon-ongewenst-extern"))
    assert browser.find_element(By.ID, "item-i").is_selected()
    assert_accessible(browser, "intake form")

    # A missing field: a clear message, and what was typed stays.
    browser.find_element(By.ID, "kind-melding").click()
    browser.find_element(By.ID, "recipient-vp:vp-extern").click()
    browser.find_element(By.ID, "when").send_keys("sinds maart")
    browser.find_element(By.ID, "mode-anoniem").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    assert "Dit is nog niet ingevuld." in browser.find_element(By.ID, "intake-errors").text
    # The summary has the focus and links to the field (issue 15).
    assert browser.switch_to.active_element.get_attribute("id") == "intake-errors"
    link = browser.find_element(By.CSS_SELECTOR, "#intake-errors a")
    assert link.get_attribute("href").endswith("#whatHappened")
    assert browser.find_element(By.ID, "when").get_attribute("value") == "sinds maart"
    assert_accessible(browser, "intake form with errors")

    browser.find_element(By.ID, "whatHappened").send_keys("Mijn collega scheldt mij uit in het overleg.")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    # Check your answers (issue 15): nothing is sent yet, and the readers are named before it is.
    assert "Drs. Marloes Kerkhoven" in browser.find_element(By.ID, "check-readers").text
    assert "Mijn collega scheldt mij uit in het overleg." in browser.find_element(By.ID, "check-answers").text
    assert not browser.find_elements(By.ID, "receipt-code")
    assert_accessible(browser, "check your answers")
    # Changing the answers keeps them all; then on to the check again.
    click_and_wait(browser, (By.ID, "check-change"))
    assert browser.find_element(By.ID, "when").get_attribute("value") == "sinds maart"
    assert "scheldt mij uit" in browser.find_element(By.ID, "whatHappened").get_attribute("value")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    readers = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#check-readers li")]
    # At an advisor the reporter chooses who reads along as the second person (issue 15).
    options = browser.find_elements(By.CSS_SELECTOR, "#fieldset-second input[type=radio]")
    assert len(options) > 1 and options[0].is_selected()
    options[-1].click()
    chosen = browser.find_element(By.CSS_SELECTOR, "label[for='%s']" % options[-1].get_attribute("id")).text
    readers.append(chosen)
    click_and_wait(browser, (By.ID, "check-send"))
    errors = browser.find_elements(By.ID, "intake-errors")
    assert not errors, errors[0].text
    code = browser.find_element(By.ID, "receipt-code").text
    assert len(code) == 24
    assert code not in browser.current_url
    # The confirmation names the same readers as the check did.
    assert [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#confirmation-readers li")] == readers
    assert_accessible(browser, "confirmation")

    # 2. The advisor sees it, acknowledges, replies and records a meeting.
    browser.delete_all_cookies()
    secret = _advisor_login(browser, base)
    click_and_wait(browser, (By.CSS_SELECTOR, "#inbox a"))
    assert "Mijn collega scheldt mij uit in het overleg." in browser.find_element(By.ID, "report-text").text
    assert_accessible(browser, "handler report page")
    click_and_wait(browser, (By.XPATH, "//button[contains(., 'Ontvangst bevestigen')]"))
    browser.find_element(By.ID, "reply-text").send_keys("Dank voor je melding. Zullen we dinsdag praten?")
    click_and_wait(browser, (By.XPATH, "//button[contains(., 'Versturen')]"))
    browser.find_element(By.ID, "record-text").send_keys("Gesprek dinsdag: de melder wil eerst advies over een gesprek.")
    click_and_wait(browser, (By.XPATH, "//button[contains(., 'Verslag vastleggen')]"))
    browser.get(base + "/werkruimte")
    assert_accessible(browser, "inbox")

    # 3. The reporter logs in with the receipt and reads the reply; 4. approves the record.
    browser.delete_all_cookies()
    browser.get(base + "/portaal")
    assert_accessible(browser, "portal login")
    browser.find_element(By.ID, "code").send_keys(code.lower().replace("-", " "))
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert browser.find_element(By.ID, "portal-status").text == "In behandeling."
    assert "Dank voor je melding. Zullen we dinsdag praten?" in browser.find_element(By.ID, "portal-messages").text
    assert "Marloes Kerkhoven" in browser.find_element(By.ID, "portal-can-see").text
    assert_accessible(browser, "portal")
    click_and_wait(browser, (By.XPATH, "//button[@value='goedkeuren']"))
    assert "goedgekeurd" in browser.page_source

    # The advisor sees the approval.
    browser.delete_all_cookies()
    _advisor_login(browser, base, secret)
    click_and_wait(browser, (By.CSS_SELECTOR, "#inbox a"))
    assert "goedgekeurd" in browser.page_source


@pytest.mark.parametrize("kind,recipient,named", [
    ("melding", "centraal-meldpunt", False),
    ("klacht", "klachtencommissie", True),
    ("klacht", "college-onderzoek-integriteit", True),
])
def test_check_step_names_the_readers(server, browser, kind, recipient, named):
    """Check your answers (issue 15) for the central point, the committee and the College: the readers
    are named before sending, axe finds nothing serious, and the confirmation names the same people."""
    base = server["base"]
    browser.delete_all_cookies()
    browser.get(base + "/melden?lang=nl")
    browser.find_element(By.ID, f"kind-{kind}").click()
    browser.find_element(By.ID, f"recipient-{recipient}").click()
    browser.find_element(By.ID, "whatHappened").send_keys("Er gebeurde iets wat niet goed was, in het overleg.")
    browser.find_element(By.ID, "when").send_keys("vorige maand")
    browser.find_element(By.ID, "accused0Name").send_keys("Kamerlid X" if recipient == "college-onderzoek-integriteit" else "E. Chef")
    if named:
        browser.find_element(By.ID, "mode-vertrouwelijk").click()
        browser.find_element(By.ID, "name").send_keys("Kim Klager")
        browser.find_element(By.ID, "postalAddress").send_keys("Lange Poten 4, Den Haag")
    else:
        browser.find_element(By.ID, "mode-anoniem").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    readers = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#check-readers li")]
    assert readers, browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.ID, "receipt-code")
    assert_accessible(browser, f"check your answers ({recipient})")
    click_and_wait(browser, (By.ID, "check-send"))
    assert browser.find_element(By.ID, "receipt-code").text
    assert [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#confirmation-readers li")] == readers
