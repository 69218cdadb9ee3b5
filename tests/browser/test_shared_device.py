"""Issue 15, safe on a shared or borrowed device: the "Snel weg" control on public and portal pages
(a link without JavaScript, Shift three times with it), a visible log-out in the portal, and a focus
ring with at least 3:1 contrast on white. The contrast is computed here from the colours the browser
applies (WCAG relative luminance), not read from the stylesheet."""
import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from helpers import assert_accessible, click_and_wait
from test_clocks import submit


def luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted([luminance(a), luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgb(css):
    values = [int(float(v)) for v in re.findall(r"[\d.]+", css)[:3]]
    assert len(values) == 3, css
    return values


def test_exit_control_on_public_pages(server, browser):
    base = server["base"]
    for path in ["/", "/wegwijzer", "/melden", "/portaal"]:
        browser.get(base + path + "?lang=nl")
        link = browser.find_element(By.ID, "exit-page")
        assert link.text.startswith("Snel weg"), path
        assert link.get_attribute("href").endswith("/weg"), path
    # Typing a code in capitals (Shift with each letter) does not leave the page.
    browser.get(base + "/portaal")
    browser.find_element(By.ID, "code").send_keys("KQRT")
    assert browser.current_url.startswith(base)
    assert browser.find_element(By.ID, "code").get_attribute("value") == "KQRT"
    # Shift three times leaves the page, without it staying in the history.
    browser.get(base + "/melden?lang=nl")
    ActionChains(browser).send_keys(Keys.SHIFT).send_keys(Keys.SHIFT).send_keys(Keys.SHIFT).perform()
    WebDriverWait(browser, 10).until(lambda d: not d.current_url.startswith(base))


def test_visible_log_out_and_focus_contrast(server, browser):
    base = server["base"]
    submit(browser, base, "melding", "vp:vp-extern", "Mijn leidinggevende schreeuwt in het overleg.")
    # From the confirmation straight to the report, without typing the code again.
    click_and_wait(browser, (By.ID, "to-my-report"))
    logout = browser.find_element(By.ID, "portal-logout")
    assert logout.is_displayed()
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.color, s.backgroundColor];", logout)
    text, background = rgb(style[0]), rgb(style[1])
    assert contrast(text, background) >= 4.5, style
    # The focus ring on the page's white background.
    field = browser.find_element(By.ID, "message-text") if browser.find_elements(By.ID, "message-text") else logout
    browser.execute_script("arguments[0].focus()", field)
    ring = browser.execute_script("return getComputedStyle(arguments[0]).outlineColor", field)
    assert contrast(rgb(ring), (255, 255, 255)) >= 3, ring
    assert_accessible(browser, "portal with the log-out bar")
    # "Snel weg" from the portal ends the session too: Back shows no report.
    browser.find_element(By.ID, "exit-page").click()
    WebDriverWait(browser, 10).until(lambda d: not d.current_url.startswith(base))
    browser.get(base + "/portaal/melding")
    assert browser.find_elements(By.ID, "code"), "the portal session outlived Snel weg"
    assert not browser.find_elements(By.ID, "portal-logout")



def test_double_submit_gives_one_code(server, browser):
    """Two posts of one filled-in form at once (a double click): both answers show the same code."""
    base = server["base"]
    browser.delete_all_cookies()
    browser.get(base + "/melden?lang=nl")
    browser.find_element(By.ID, "kind-melding").click()
    browser.find_element(By.ID, "recipient-vp:vp-extern").click()
    browser.find_element(By.ID, "whatHappened").send_keys("Mijn collega scheldt mij uit in het overleg.")
    browser.find_element(By.ID, "when").send_keys("sinds maart")
    browser.find_element(By.ID, "mode-anoniem").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    # The double click happens on the check page's send button.
    pages = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const data = new FormData(document.querySelector('#check-send-form'));
        Promise.all([1, 2].map(() => fetch('/melden', {method: 'POST', body: data}).then(r => r.text())))
            .then(done, e => done(['error ' + e]));
    """)
    codes = [re.search(r'id="receipt-code">([0-9A-Z-]+)<', page) for page in pages]
    assert all(codes), [page[:300] for page in pages]
    assert codes[0].group(1) == codes[1].group(1)


def test_log_out_ends_the_portal_session(server, browser):
    base = server["base"]
    submit(browser, base, "melding", "vp:vp-extern", "Mijn leidinggevende schreeuwt in het overleg.")
    click_and_wait(browser, (By.ID, "to-my-report"))
    click_and_wait(browser, (By.ID, "portal-logout"))
    browser.get(base + "/portaal/melding")
    assert browser.find_elements(By.ID, "code")
    assert not browser.find_elements(By.ID, "portal-logout")
