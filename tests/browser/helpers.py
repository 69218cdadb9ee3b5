"""Small helpers shared by the browser tests: TOTP codes (RFC 6238) and the axe check."""
import base64
import hashlib
import hmac
import struct
import time

SERIOUS = {"serious", "critical"}


def totp(secret_base32: str, step_offset: int = 0, at: float | None = None) -> str:
    """The 6-digit TOTP code of a base32 secret (SHA-1, 30 s), as an authenticator app shows it."""
    secret = secret_base32.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30) + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def assert_accessible(driver, label: str):
    """Runs axe-core on the current page; fails on any serious or critical violation."""
    from selenium_axe_python import Axe

    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    bad = [v for v in results["violations"] if v.get("impact") in SERIOUS]
    assert not bad, f"{label}: " + axe.report(bad)
    return results


def click_and_wait(browser, target, timeout=15):
    """Clicks something that loads a new page and waits until the old page is gone and the new one
    has loaded, so the next look-up cannot find an element of the page being left. `target` is an
    element or a (By, selector) pair; a pair is looked up again if the page was still settling."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    ready = lambda driver: driver.execute_script("return document.readyState") == "complete"
    WebDriverWait(browser, timeout).until(ready)
    for attempt in range(3):
        element = browser.find_element(*target) if isinstance(target, tuple) else target
        old = browser.find_element(By.TAG_NAME, "html")
        try:
            element.click()
            break
        except (StaleElementReferenceException, WebDriverException):
            if attempt == 2 or not isinstance(target, tuple):
                raise
            WebDriverWait(browser, timeout).until(ready)
    def left(driver):
        # The old page is gone. Chrome says so either as a stale element or, while the new document
        # replaces it, as "Node with given id does not belong to the document": both mean it left.
        try:
            old.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True

    WebDriverWait(browser, timeout).until(left)
    WebDriverWait(browser, timeout).until(ready)


def staff_login(browser, base, username, password, secret=None):
    """Logs a staff member in: enrols an authenticator on the first login (returns its secret), or
    uses a code from the known secret (the next time step, so it is never one already used)."""
    from selenium.webdriver.common.by import By

    browser.get(base + "/inloggen")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(password)
    click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    if secret is None:
        secret = browser.find_element(By.ID, "totp-secret").text
        browser.find_element(By.ID, "code").send_keys(totp(secret))
        click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
        assert browser.find_elements(By.ID, "recovery-codes"), browser.find_element(By.TAG_NAME, "main").text
        click_and_wait(browser, (By.CSS_SELECTOR, "#main a.button"))
    else:
        browser.find_element(By.ID, "code").send_keys(totp(secret, step_offset=1))
        click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
    return secret


DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december")


def dutch_date(day) -> str:
    """A date as the Dutch pages write it: "9 december 2026" (issue 15)."""
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"
