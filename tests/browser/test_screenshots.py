"""Screenshots of the key pages at desktop width and at 390 px, for docs/screens/ (issue 15). Runs only
with TEGENKRACHT_SCREENSHOTS=1 (`scripts/screenshots`), so the test suite writes nothing into docs/."""
import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT
from helpers import click_and_wait
from test_clocks import submit

pytestmark = pytest.mark.skipif(os.environ.get("TEGENKRACHT_SCREENSHOTS") != "1", reason="screenshots only on request")

OUT = ROOT / "docs" / "screens"


def shoot(browser, name):
    height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 2400)")
    width = browser.get_window_size()["width"]
    browser.set_window_size(width, height)
    browser.save_screenshot(str(OUT / f"{name}.png"))


def test_screenshots(server, browser):
    base = server["base"]
    OUT.mkdir(parents=True, exist_ok=True)
    code, _ = submit(browser, base, "klacht", "klachtencommissie", "Mijn chef kleineert mij in elk overleg, waar iedereen bij is.",
                     name="Kim Klager", accused="E. Chef")
    for width, suffix in [(1280, "desktop"), (390, "390px")]:
        browser.set_window_size(width, 900)
        browser.get(base + "/?lang=nl")
        shoot(browser, f"home-{suffix}")
        browser.set_window_size(width, 900)
        browser.get(base + "/wegwijzer?lang=nl")
        for element in ["reporter-ambtenaar", "accused-ambtenaar", "item-i", "wish-praten"]:
            browser.find_element(By.ID, element).click()
        click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
        shoot(browser, f"routes-{suffix}")
        browser.set_window_size(width, 900)
        browser.get(base + "/melden?lang=nl")
        shoot(browser, f"form-{suffix}")
        browser.set_window_size(width, 900)
        browser.delete_all_cookies()
        browser.get(base + "/portaal")
        browser.find_element(By.ID, "code").send_keys(code)
        click_and_wait(browser, (By.CSS_SELECTOR, "form.stack button[type=submit]"))
        shoot(browser, f"portal-{suffix}")
