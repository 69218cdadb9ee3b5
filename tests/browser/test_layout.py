"""Issue 15: at 390 px (a phone) no page scrolls sideways: the home page, the form, the portal and a
handler's case page. Wide tables scroll inside their own box, label/value lists stack."""
from selenium.webdriver.common.by import By

from conftest import run_cli
from helpers import click_and_wait, staff_login
from test_clocks import portal_next, submit

ADVISOR = ("vp.layout", "wachtwoord van de vertrouwenspersoon")


def assert_fits(browser, label):
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{label}: the page is {widths[0]} px wide in a {widths[1]} px window"


def test_no_sideways_scrolling_at_390_px(server, browser):
    base = server["base"]
    created = run_cli(server["env"], "user", "create", "--username", ADVISOR[0], "--name", "Lotte Laag",
                      "--role", "functionaris", "--person", "vp-extern", "--password-stdin", stdin=ADVISOR[1] + "\n")
    assert created.returncode == 0, created.stderr
    code, _ = submit(browser, base, "melding", "vp:vp-extern", "Mijn leidinggevende schreeuwt in het overleg.")
    browser.set_window_size(390, 844)
    for path in ["/", "/wegwijzer", "/melden", "/terugbellen"]:
        browser.get(base + path + "?lang=nl")
        assert_fits(browser, path)
    portal_next(browser, base, code)
    assert_fits(browser, "portal")
    browser.delete_all_cookies()
    staff_login(browser, base, *ADVISOR)
    assert_fits(browser, "workspace")
    click_and_wait(browser, (By.CSS_SELECTOR, "#inbox a"))
    assert_fits(browser, "case page")
