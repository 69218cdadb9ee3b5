"""Browser test for case handling (issue 5): a whole informal case. A report comes in, the reporter
gives consent in the portal, the advisor records mediation, closes the case with an outcome, the
reporter answers the aftercare check-in with "no, it did not stop", and the case is open again for
both handlers. axe on the workspace pages on the way."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import run_cli
from helpers import assert_accessible, click_and_wait, staff_login

LEAD = ("vp.dorrestein", "wachtwoord van de behandelaar", "vp-fractie-3", "Ilse van Dorrestein")
SECOND = ("vp.oudemolen", "wachtwoord van de tweede persoon", "vp-ambtelijk-1", "Karin Oudemolen")


def _create(server, account):
    created = run_cli(server["env"], "user", "create", "--username", account[0], "--name", account[3],
                      "--role", "functionaris", "--person", account[2], "--password-stdin", stdin=account[1] + "\n")
    assert created.returncode == 0, created.stderr


def _restore(browser, base, cookies):
    """Back to a staff session kept aside (a second login within one TOTP step would be a replay)."""
    browser.delete_all_cookies()
    browser.get(base + "/")
    for cookie in cookies:
        browser.add_cookie(cookie)


def _portal(browser, base, code):
    browser.delete_all_cookies()
    browser.get(base + "/portaal")
    browser.find_element(By.ID, "code").send_keys(code)
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))


def test_informal_case_reopened_by_aftercare(server, browser):
    base = server["base"]
    _create(server, LEAD)
    _create(server, SECOND)

    # 1. A report comes in, to the advisor of the reporter's choice.
    browser.get(base + "/melden?lang=nl")
    browser.find_element(By.ID, "kind-melding").click()
    browser.find_element(By.ID, "recipient-vp:vp-fractie-3").click()
    browser.find_element(By.ID, "mode-anoniem").click()
    browser.find_element(By.ID, "whatHappened").send_keys("Een collega maakt steeds grappen over mijn accent.")
    browser.find_element(By.ID, "accused0Name").send_keys("Jan Pieters")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    # Check your answers (issue 15), then send.
    click_and_wait(browser, (By.ID, "check-send"))
    code = browser.find_element(By.ID, "receipt-code").text

    # The lead opens the case and asks for consent to mediation.
    browser.delete_all_cookies()
    staff_login(browser, base, LEAD[0], LEAD[1])
    assert_accessible(browser, "inbox")
    click_and_wait(browser, (By.CSS_SELECTOR, "#inbox a"))
    case_url = browser.current_url
    case_path = case_url[len(base):]
    assert "Een collega maakt steeds grappen over mijn accent." in browser.find_element(By.ID, "report-text").text
    assert browser.find_element(By.ID, "case-second").text == SECOND[3]
    assert_accessible(browser, "case page")
    Select(browser.find_element(By.ID, "consent-step")).select_by_value("informele-interventie")
    browser.find_element(By.ID, "consent-with").send_keys("Bemiddelaar R. Vos en Jan Pieters")
    browser.find_element(By.ID, "consent-info").send_keys("Wat er gebeurde, zonder je naam")
    click_and_wait(browser, (By.XPATH, "//button[contains(., 'Toestemming vragen')]"))
    assert "gevraagd" in browser.find_element(By.ID, "consent-list").text
    lead_session = browser.get_cookies()

    # 2. The reporter gives consent in the portal.
    _portal(browser, base, code)
    assert "Bemiddelaar R. Vos en Jan Pieters" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser, "portal with a consent request")
    click_and_wait(browser, (By.XPATH, "//button[@value='geven']"))

    # 3. Mediation, 4. closed with an outcome.
    _restore(browser, base, lead_session)
    browser.get(case_url)
    Select(browser.find_element(By.ID, "transition-to")).select_by_value("informele-interventie")
    browser.find_element(By.ID, "transition-reason").send_keys("De melder wil een gesprek onder leiding van een bemiddelaar.")
    browser.find_element(By.ID, "transition-mediator").send_keys("R. Vos")
    click_and_wait(browser, (By.CSS_SELECTOR, "#transition-form button[type=submit]"))
    assert browser.find_element(By.ID, "case-stage").text == "Gesprek of bemiddeling"
    Select(browser.find_element(By.ID, "transition-to")).select_by_value("afgesloten")
    browser.find_element(By.ID, "transition-reason").send_keys("Het gesprek heeft geholpen; afspraken gemaakt.")
    Select(browser.find_element(By.ID, "transition-outcome")).select_by_value("informeel-opgelost")
    Select(browser.find_element(By.ID, "transition-reporter-outcome")).select_by_value("gebleven")
    Select(browser.find_element(By.ID, "transition-accused-outcome")).select_by_value("gebleven")
    click_and_wait(browser, (By.CSS_SELECTOR, "#transition-form button[type=submit]"))
    assert browser.find_element(By.ID, "case-stage").text == "Afgesloten"
    assert browser.find_element(By.ID, "case-outcome").text == "Informeel opgelost"
    assert_accessible(browser, "closed case")
    click_and_wait(browser, (By.ID, "aftercare-ask"))

    # 5. At the check-in the reporter answers "no, it did not stop".
    _portal(browser, base, code)
    browser.find_element(By.CSS_SELECTOR, "input[name=stopped][value=nee]").click()
    browser.find_element(By.CSS_SELECTOR, "textarea[name=wellbeing]").send_keys("Het gaat weer mis sinds vorige week.")
    assert_accessible(browser, "portal with a check-in")
    click_and_wait(browser, (By.XPATH, "//button[contains(., 'Antwoord sturen')]"))
    assert "Zaak heropend na je antwoord" in browser.page_source

    # 6. The case is open again, and both handlers see it.
    for account in (LEAD, SECOND):
        if account is LEAD:
            _restore(browser, base, lead_session)
            browser.get(base + "/werkruimte")
        else:
            browser.delete_all_cookies()
            staff_login(browser, base, account[0], account[1])
        row = browser.find_element(By.CSS_SELECTOR, f"#inbox a[href='{case_path}']").find_element(By.XPATH, "ancestor::tr")
        assert "Luisteren en advies" in row.text
        browser.get(case_url)
        assert browser.find_element(By.ID, "case-stage").text == "Luisteren en advies"
        assert "niet is gestopt" in browser.find_element(By.ID, "ladder-history").text
    assert_accessible(browser, "reopened case, second person")
    browser.get(base + "/werkruimte/termijnen")
    assert_accessible(browser, "deadline dashboard")
