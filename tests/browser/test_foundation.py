"""Browser tests for the foundation (issue 2): the home page in Dutch and English, a staff login
with TOTP enrolment and a second login with a code, and axe on every page on the way."""
from selenium.webdriver.common.by import By

from conftest import ADMIN_PASSWORD, ADMIN_USER, run_cli
from helpers import assert_accessible, click_and_wait, totp


def test_home_page_dutch_then_english(server, browser):
    browser.get(server["base"] + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hulp bij ongewenst gedrag en integriteit"
    assert "0800-0188" in browser.page_source
    assert_accessible(browser, "home (nl)")

    click_and_wait(browser, (By.LINK_TEXT, "English"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Help with unwanted behaviour and integrity"
    assert_accessible(browser, "home (en)")

    # The choice is remembered on the next page, and can be switched back.
    browser.get(server["base"] + "/inloggen")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Staff login"
    click_and_wait(browser, (By.LINK_TEXT, "Nederlands"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Inloggen voor medewerkers"


def _password_step(browser, base):
    browser.get(base + "/inloggen")
    browser.find_element(By.ID, "username").send_keys(ADMIN_USER)
    browser.find_element(By.ID, "password").send_keys(ADMIN_PASSWORD)
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))


def test_staff_login_with_totp_enrolment_and_second_login(server, browser):
    base = server["base"]
    browser.get(base + "/inloggen")
    assert_accessible(browser, "login")

    # A wrong password: a clear message, in Dutch, and the username stays filled in.
    browser.find_element(By.ID, "username").send_keys(ADMIN_USER)
    browser.find_element(By.ID, "password").send_keys("fout fout fout")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert "Gebruikersnaam of wachtwoord klopt niet." in browser.find_element(By.ID, "login-error").text
    assert browser.find_element(By.ID, "username").get_attribute("value") == ADMIN_USER

    # First login: enrol an authenticator.
    _password_step(browser, base)
    assert browser.current_url.endswith("/inloggen/tweestaps/instellen")
    assert_accessible(browser, "2FA enrolment")
    secret = browser.find_element(By.ID, "totp-secret").text
    browser.find_element(By.ID, "code").send_keys(totp(secret))
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    codes = browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")
    assert len(codes) == 10
    assert_accessible(browser, "recovery codes")
    click_and_wait(browser, (By.CSS_SELECTOR, "a.button"))
    assert browser.current_url.endswith("/werkruimte")
    assert "Welkom, Bea Beheer" in browser.find_element(By.TAG_NAME, "h1").text
    assert_accessible(browser, "workspace")

    # Log out, and log in again with a code from the authenticator.
    click_and_wait(browser, (By.CSS_SELECTOR, "form.inline button"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    _password_step(browser, base)
    assert browser.current_url.endswith("/inloggen/tweestaps")
    assert_accessible(browser, "2FA code")
    browser.find_element(By.ID, "code").send_keys(totp(secret, step_offset=1))
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    assert browser.current_url.endswith("/werkruimte")

    # The administrator sees the organisation, with the fracties' Klachtenregeling status.
    browser.get(base + "/beheer/organisatie")
    assert "Noordstar" in browser.page_source
    assert_accessible(browser, "organisation admin")
    browser.get(base + "/beheer/organisatie/bewerken")
    assert_accessible(browser, "organisation editor")

    cookies = {c["name"]: c for c in browser.get_cookies()}
    assert cookies["tk_session"]["httpOnly"] is True
    assert cookies["tk_session"]["sameSite"] == "Strict"


def test_ask_to_be_called_back(server, browser):
    """Reaching a person without writing down what happened (issue 15): from the home page, with axe."""
    # Only someone with a staff account is offered (they must see the request).
    created = run_cli(server["env"], "user", "create", "--username", "terugbeller", "--name", "Marloes Kerkhoven",
                      "--role", "functionaris", "--person", "vp-extern", "--password-stdin", stdin="een lang wachtwoord voor de test\n")
    assert created.returncode == 0 or "bestaat al" in created.stderr or "exists" in created.stderr, created.stderr
    browser.get(server["base"] + "/?lang=nl")
    click_and_wait(browser, (By.ID, "callback-link"))
    assert_accessible(browser, "call-back form")
    browser.find_element(By.ID, "person-vp-extern").click()
    browser.find_element(By.ID, "callback-phone").send_keys("06 12345678")
    browser.find_element(By.ID, "callback-when").send_keys("dinsdag na 17 uur")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    sent = browser.find_element(By.ID, "callback-sent").text
    assert "Drs. Marloes Kerkhoven" in sent and "belt je terug" in sent
    assert_accessible(browser, "call-back sent")
