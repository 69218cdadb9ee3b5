"""Browser tests for the front door (issue 3): the route finder walked in Dutch and in English for
three combinations, one of them a civil servant reporting an MP, with axe on every page."""
import pytest
from selenium.webdriver.common.by import By

from helpers import assert_accessible, click_and_wait

CASES = [
    # (language, reporter, reporter fractie, accused, accused fractie, behaviour items, other kinds, wish,
    #  routes that must be shown, routes that must not, gaps that must be shown)
    ("nl", "ambtenaar", None, "kamerlid", None, ["l"], [], "klacht",
     ["vertrouwenspersoon-ongewenst-intern", "voorzitter-presidium", "griffier", "centraal-meldpunt"],
     ["klachtencommissie"], ["geen-klachtroute-kamerlid"]),
    ("en", "fractiemedewerker", "volkspartij-midden", "ambtenaar", None, ["c", "i"], [], "weet-niet",
     ["vertrouwenspersoon-ongewenst-extern", "leidinggevende", "fractie", "centraal-meldpunt"],
     ["klachtencommissie"], ["klachtencommissie-niet-voor-melder"]),
    ("nl", "ambtenaar", None, "ambtenaar", None, ["e"], ["strafbaar"], "onderzoek",
     ["klachtencommissie", "bevoegd-gezag", "vertrouwenspersoon-integriteit", "politie", "centraal-meldpunt"],
     ["college-onderzoek-integriteit"], []),
]

HEADINGS = {"nl": ("Waar kan ik terecht?", "Hier kun je terecht"), "en": ("Where can I go?", "Where you can go")}


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}-{c[3]}" for c in CASES])
def test_route_finder_flow(server, browser, case):
    lang, reporter, reporter_fractie, accused, accused_fractie, items, kinds, wish, shown, hidden, gaps = case
    base = server["base"]
    browser.get(f"{base}/?lang={lang}")
    click_and_wait(browser, (By.CSS_SELECTOR, "a.button[href='/wegwijzer']"))
    assert browser.find_element(By.TAG_NAME, "h1").text == HEADINGS[lang][0]
    assert_accessible(browser, f"finder form ({lang})")

    browser.find_element(By.ID, f"reporter-{reporter}").click()
    if reporter_fractie:
        browser.find_element(By.CSS_SELECTOR, f"#reporterFractie option[value='{reporter_fractie}']").click()
    browser.find_element(By.ID, f"accused-{accused}").click()
    if accused_fractie:
        browser.find_element(By.CSS_SELECTOR, f"#accusedFractie option[value='{accused_fractie}']").click()
    for item in items:
        browser.find_element(By.ID, f"item-{item}").click()
    for kind in kinds:
        browser.find_element(By.ID, f"kind-{kind}").click()
    browser.find_element(By.ID, f"wish-{wish}").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))

    assert browser.find_element(By.TAG_NAME, "h1").text == HEADINGS[lang][1]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    shown_ids = [e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, "li.route")]
    for route in shown:
        assert f"route-{route}" in shown_ids, f"{route} missing in {shown_ids}"
    for route in hidden:
        assert f"route-{route}" not in shown_ids
    gap_ids = [e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, ".gaps li")]
    for gap in gaps:
        assert f"gap-{gap}" in gap_ids
    assert "0800-0188" in browser.page_source  # the help lines are always there
    assert_accessible(browser, f"finder result ({lang})")

    # Each route links to a page about the body.
    click_and_wait(browser, (By.CSS_SELECTOR, "li.route a[href^='/organen/']"))
    assert browser.current_url.startswith(base + "/organen/")
    assert_accessible(browser, f"body page ({lang})")


def test_missing_answer_keeps_what_was_chosen(server, browser):
    browser.get(server["base"] + "/wegwijzer?lang=nl")
    browser.find_element(By.ID, "reporter-ambtenaar").click()
    browser.find_element(By.ID, "item-g").click()
    # The radio for the accused is required in the browser; remove that to see the server's answer.
    browser.execute_script("document.querySelectorAll('input[name=accused]').forEach(e => e.required = false)")
    click_and_wait(browser, (By.CSS_SELECTOR, "form.finder button[type=submit]"))
    assert "Deze vraag is nog niet beantwoord" in browser.find_element(By.ID, "finder-error").text
    assert browser.find_element(By.ID, "reporter-ambtenaar").is_selected()
    assert browser.find_element(By.ID, "item-g").is_selected()


@pytest.mark.parametrize("path", ["/fracties", "/extern-melden", "/organen"])
def test_public_information_pages_are_accessible(server, browser, path):
    for lang in ("nl", "en"):
        browser.get(f"{server['base']}{path}?lang={lang}")
        assert browser.find_element(By.TAG_NAME, "h1").text
        assert_accessible(browser, f"{path} ({lang})")
