"""Browser tests for the integrity registers (issue 14).

Staff: an employee declares a €75 gift; their manager decides "surrender to charity" with a reason;
the integrity coordinator sees it in the register.
MPs: an MP declares a side activity; the Griffie publishes it; the public page and the CSV show it;
a later change leaves the earlier version readable by date. The first publication is moved back to
24 November 2021 in the database (the server's clock is the real one), as if published then.
Staff, further: a side activity put to the manager (hours not a number refused, the rest kept) and
decided on conditions with a day to look again; a trip extension asked and approved in writing; the
manager's workspace says both wait; the allowed side activity of his designated function is public.
Financial interests: declared in a risk function, flagged, assessed with measures; HR reads it.
Every form and decision page is checked with axe."""
import csv
import io
import sqlite3
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import run_cli
from helpers import assert_accessible, click_and_wait, staff_login

EMPLOYEE = ("mw.aksoy", "wachtwoord van de medewerker", "medewerker-ict", "Ruben Aksoy")
MANAGER = ("ll.ramdin.reg", "wachtwoord van de leidinggevende", "manager-ict", "Priya Ramdin")
COORDINATOR = ("ic.register", "wachtwoord van de coordinator", "integriteitscoordinator", "Hanneke Smeulders")
MEMBER = ("kl.deroos", "wachtwoord van het kamerlid", "kamerlid-1", "Hanna de Roos")
GRIFFIE = ("gr.verhaar", "wachtwoord van de griffie", "griffie-plenair-1", "Joost Verhaar")


def _create(server, account):
    created = run_cli(server["env"], "user", "create", "--username", account[0], "--name", account[3],
                      "--role", "functionaris", "--person", account[2], "--password-stdin", stdin=account[1] + "\n")
    assert created.returncode == 0, created.stderr


def _main_text(browser):
    return browser.find_element(By.TAG_NAME, "main").text


def test_gift_declared_decided_and_registered(server, browser):
    base = server["base"]
    for account in (EMPLOYEE, MANAGER, COORDINATOR):
        _create(server, account)
    day = datetime.now(ZoneInfo("Europe/Amsterdam")).date() - timedelta(days=3)

    staff_login(browser, base, EMPLOYEE[0], EMPLOYEE[1])
    browser.get(base + "/werkruimte/verklaringen")
    assert "Priya Ramdin" in browser.find_element(By.ID, "declaration-manager").text
    assert_accessible(browser, "declaration form")
    browser.find_element(By.ID, "kind-geschenk").click()
    browser.find_element(By.ID, "giver").send_keys("Leverancier Kantoorstoelen BV")
    browser.find_element(By.ID, "occasion").send_keys("Afsluiting aanbesteding")
    browser.find_element(By.ID, "value").send_keys("-75")
    browser.find_element(By.ID, "date-day").send_keys(str(day.day))
    browser.find_element(By.ID, "date-month").send_keys(str(day.month))
    browser.find_element(By.ID, "date-year").send_keys(str(day.year))
    browser.find_element(By.ID, "timing-achteraf").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "#declaration-form button[type=submit]"))
    # A negative value is refused in words; what was typed is still there.
    assert "onder nul" in browser.find_element(By.ID, "declaration-errors").text
    assert browser.find_element(By.ID, "giver").get_attribute("value") == "Leverancier Kantoorstoelen BV"
    value = browser.find_element(By.ID, "value")
    value.clear()
    value.send_keys("75")
    click_and_wait(browser, (By.CSS_SELECTOR, "#declaration-form button[type=submit]"))
    assert browser.find_elements(By.ID, "declaration-saved"), _main_text(browser)
    assert "Leverancier Kantoorstoelen BV" in browser.find_element(By.ID, "declarations-own").text

    browser.delete_all_cookies()
    staff_login(browser, base, MANAGER[0], MANAGER[1])
    browser.get(base + "/werkruimte/verklaringen")
    table = browser.find_element(By.ID, "declarations-to-decide")
    assert "Ruben Aksoy" in table.text and "€ 75,00" in table.text
    click_and_wait(browser, (By.LINK_TEXT, "Ruben Aksoy"))
    assert "Meer dan de grens" in browser.find_element(By.ID, "declaration-flags").text
    assert_accessible(browser, "declaration decision page")
    browser.find_element(By.ID, "outcome-afstaan").click()
    Select(browser.find_element(By.ID, "surrender")).select_by_value("goed-doel")
    browser.find_element(By.ID, "reason").send_keys("Meer dan 50 euro; de stoel gaat naar de voedselbank.")
    click_and_wait(browser, (By.CSS_SELECTOR, "#decision-form button[type=submit]"))
    assert browser.find_element(By.ID, "declaration-state").text == "Afstaan: Aan een goed doel"
    assert "voedselbank" in browser.find_element(By.ID, "declaration-reason").text

    browser.delete_all_cookies()
    staff_login(browser, base, COORDINATOR[0], COORDINATOR[1])
    browser.get(base + "/werkruimte/verklaringen")
    register = browser.find_element(By.ID, "declarations-register").text
    assert "Ruben Aksoy" in register and "Leverancier Kantoorstoelen BV" in register and "Aan een goed doel" in register
    assert_accessible(browser, "coordinator's register")


def _csv(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        return list(csv.reader(io.StringIO(response.read().decode("utf-8")), delimiter=";"))


def _submit(browser, base, description, entry=None, paid=True):
    browser.get(base + "/werkruimte/registers")
    if entry:
        Select(browser.find_element(By.ID, "entry")).select_by_visible_text(entry)
    browser.find_element(By.ID, "kind-nevenactiviteit").click()
    field = browser.find_element(By.ID, "description")
    field.clear()
    field.send_keys(description)
    if paid:
        browser.find_element(By.ID, "paid").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "#register-form button[type=submit]"))
    assert browser.find_elements(By.ID, "register-saved"), _main_text(browser)


def _publish_all(browser, base):
    browser.get(base + "/werkruimte/registers")
    while True:
        buttons = browser.find_elements(By.CSS_SELECTOR, "#register-pending button[type=submit]")
        if not buttons:
            break
        click_and_wait(browser, buttons[0])
    assert browser.find_elements(By.ID, "register-nothing-pending")


def test_member_side_activity_published_and_versioned(server, browser):
    base = server["base"]
    for account in (MEMBER, GRIFFIE):
        _create(server, account)

    member_secret = staff_login(browser, base, MEMBER[0], MEMBER[1])
    browser.get(base + "/werkruimte")
    click_and_wait(browser, (By.LINK_TEXT, "Registers Kamerleden"))
    assert_accessible(browser, "member's register page")
    _submit(browser, base, "Voorzitter Stichting Vogelzang")
    assert "Wacht op de Griffie" in browser.find_element(By.ID, "register-mine").text
    # Not public before the Griffie publishes it.
    browser.get(base + "/registers/lid/kamerlid-1")
    assert "Vogelzang" not in _main_text(browser)

    browser.delete_all_cookies()
    griffie_secret = staff_login(browser, base, GRIFFIE[0], GRIFFIE[1])
    browser.get(base + "/werkruimte/registers")
    assert "Voorzitter Stichting Vogelzang" in browser.find_element(By.ID, "register-pending").text
    assert_accessible(browser, "Griffie's register page")
    _publish_all(browser, base)

    browser.delete_all_cookies()
    browser.get(base + "/registers/lid/kamerlid-1")
    assert "Voorzitter Stichting Vogelzang" in browser.find_element(By.ID, "register-lines").text
    assert_accessible(browser, "public register page")
    rows = _csv(base + "/api/v1/registers/nevenactiviteit/csv")
    assert rows[0][:5] == ["id", "lid", "naam", "register", "omschrijving"]
    mine = [row for row in rows[1:] if row[1] == "kamerlid-1"]
    assert [row[4] for row in mine] == ["Voorzitter Stichting Vogelzang"] and mine[0][5] == "ja"

    # As if that version had been published on 24 November 2021.
    database = Path(server["data"]) / "tegenkracht.sqlite"
    with sqlite3.connect(database) as connection:
        changed = connection.execute("UPDATE register_versions SET published_on = '2021-11-24' "
                                     "WHERE member_id = 'kamerlid-1' AND description = 'Voorzitter Stichting Vogelzang'").rowcount
        assert changed == 1

    # The member changes the function; the Griffie publishes the change today.
    staff_login(browser, base, MEMBER[0], MEMBER[1], member_secret)
    _submit(browser, base, "Penningmeester Stichting Vogelzang", entry="Nevenactiviteit: Voorzitter Stichting Vogelzang", paid=False)
    browser.delete_all_cookies()
    staff_login(browser, base, GRIFFIE[0], GRIFFIE[1], griffie_secret)
    _publish_all(browser, base)
    browser.delete_all_cookies()

    browser.get(base + "/registers/lid/kamerlid-1")
    now = browser.find_element(By.ID, "register-lines").text
    assert "Penningmeester Stichting Vogelzang" in now and "Voorzitter Stichting" not in now
    browser.get(base + "/registers/lid/kamerlid-1?datum=2021-11-24")
    assert "24 november 2021" in browser.find_element(By.ID, "register-as-of").text
    then = browser.find_element(By.ID, "register-lines").text
    assert "Voorzitter Stichting Vogelzang" in then and "Penningmeester" not in then
    browser.get(base + "/registers/lid/kamerlid-1?datum=2021-11-23")
    assert browser.find_elements(By.ID, "register-empty")
    earlier = [row for row in _csv(base + "/api/v1/registers/nevenactiviteit/csv?date=2021-11-24")[1:] if row[1] == "kamerlid-1"]
    assert [(row[4], row[6], row[10]) for row in earlier] == [("Voorzitter Stichting Vogelzang", "2021-11-24", "2021-11-24")]
    today = [row for row in _csv(base + "/api/v1/registers/nevenactiviteit/csv")[1:] if row[1] == "kamerlid-1"]
    assert [row[4] for row in today] == ["Penningmeester Stichting Vogelzang"] and today[0][5] == "nee"


def _fill_date(browser, field, day):
    browser.find_element(By.ID, f"{field}-day").send_keys(str(day.day))
    browser.find_element(By.ID, f"{field}-month").send_keys(str(day.month))
    browser.find_element(By.ID, f"{field}-year").send_keys(str(day.year))


def test_side_activity_and_trip_extension_put_to_the_manager(server, browser):
    """The staff side activity (nine questions, a decision with a day to look again) and the trip
    extension (asked before departure, approved in writing), each page checked with axe."""
    base = server["base"]
    employee = ("mw.aksoy.neven", EMPLOYEE[1], EMPLOYEE[2], EMPLOYEE[3])
    manager = ("ll.ramdin.neven", MANAGER[1], MANAGER[2], MANAGER[3])
    for account in (employee, manager):
        _create(server, account)
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()

    staff_login(browser, base, employee[0], employee[1])
    browser.get(base + "/werkruimte/nevenwerkzaamheden")
    assert_accessible(browser, "side activity form")
    browser.find_element(By.ID, "activity").send_keys("Docent datajournalistiek")
    browser.find_element(By.ID, "organisation").send_keys("Hogeschool Utrecht")
    browser.find_element(By.ID, "paid").click()
    browser.find_element(By.ID, "hours").send_keys("veel")
    _fill_date(browser, "start", today + timedelta(days=30))
    browser.find_element(By.ID, "yes-kennis-uit-functie").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "#side-activity-form button[type=submit]"))
    # Hours that are not a number: said in words, the rest kept (the ticked question too).
    assert "uren per maand" in browser.find_element(By.ID, "side-activity-errors").text
    assert browser.find_element(By.ID, "activity").get_attribute("value") == "Docent datajournalistiek"
    assert browser.find_element(By.ID, "yes-kennis-uit-functie").is_selected()
    hours = browser.find_element(By.ID, "hours")
    hours.clear()
    hours.send_keys("8")
    click_and_wait(browser, (By.CSS_SELECTOR, "#side-activity-form button[type=submit]"))
    assert browser.find_elements(By.ID, "side-activity-saved"), _main_text(browser)

    browser.get(base + "/werkruimte/reisverlenging")
    assert_accessible(browser, "trip extension form")
    browser.find_element(By.ID, "destination").send_keys("Brussel, overleg bij de Europese Commissie")
    _fill_date(browser, "departure", today + timedelta(days=14))
    browser.find_element(By.ID, "position-einde").click()
    browser.find_element(By.ID, "hours").send_keys("48")
    browser.find_element(By.ID, "pays-costs").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "#trip-form button[type=submit]"))
    assert browser.find_elements(By.ID, "trip-saved"), _main_text(browser)

    browser.delete_all_cookies()
    staff_login(browser, base, manager[0], manager[1])
    waiting = browser.find_element(By.ID, "waiting-declarations").text
    assert "nevenwerkzaamheid" in waiting and "dienstreis" in waiting
    browser.get(base + "/werkruimte/nevenwerkzaamheden")
    click_and_wait(browser, (By.CSS_SELECTOR, "#side-activities-to-decide a"))
    assert_accessible(browser, "side activity decision page")
    browser.find_element(By.ID, "outcome-toegestaan-met-voorwaarden").click()
    browser.find_element(By.ID, "reason").send_keys("Past naast het werk.")
    browser.find_element(By.ID, "conditions").send_keys("Niet over dossiers van de eigen commissie.")
    look_again = today + timedelta(days=365)
    _fill_date(browser, "reassess", look_again)
    click_and_wait(browser, (By.CSS_SELECTOR, "#decision-form button[type=submit]"))
    assert "Toegestaan met voorwaarden" in browser.find_element(By.ID, "side-activity-state").text
    assert "eigen commissie" in browser.find_element(By.ID, "side-activity-conditions").text

    browser.get(base + "/werkruimte/reisverlenging")
    click_and_wait(browser, (By.CSS_SELECTOR, "#trips-to-decide a"))
    assert_accessible(browser, "trip extension decision page")
    browser.find_element(By.ID, "outcome-goedgekeurd").click()
    click_and_wait(browser, (By.CSS_SELECTOR, "#decision-form button[type=submit]"))
    assert browser.find_element(By.ID, "trip-state").text.startswith("Goedgekeurd op")

    # His function is designated: the allowed side activity is public now, without login (Aw art. 5(1)(c)).
    browser.delete_all_cookies()
    browser.get(base + "/registers/ambtenaren")
    published = browser.find_element(By.ID, "published-side-activities").text
    assert "Ruben Aksoy" in published and "Docent datajournalistiek" in published
    assert_accessible(browser, "published side activities")


def test_financial_interest_declared_in_a_risk_function(server, browser):
    """The employee holds a risk function: the page says he must declare; a partner's shares in a
    supplier are flagged; the manager allows them with measures; HR of the employer reads it."""
    base = server["base"]
    employee = ("mw.aksoy.belang", EMPLOYEE[1], EMPLOYEE[2], EMPLOYEE[3])
    manager = ("ll.ramdin.belang", MANAGER[1], MANAGER[2], MANAGER[3])
    hr = ("hr.kortlever.belang", "wachtwoord van hr", "hr-1", "Wendy Kortlever")
    for account in (employee, manager, hr):
        _create(server, account)
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()

    staff_login(browser, base, employee[0], employee[1])
    browser.get(base + "/werkruimte/financiele-belangen")
    assert "Inkoop en contractbeheer ICT" in browser.find_element(By.ID, "financial-interest-duty").text
    assert_accessible(browser, "financial interest form")
    browser.find_element(By.ID, "kind-effecten").click()
    browser.find_element(By.ID, "holder").click()
    browser.find_element(By.ID, "subject").send_keys("Aandelen Datacentrum Noord BV")
    _fill_date(browser, "since", today.replace(day=1) if today.day > 1 else today)
    browser.find_element(By.ID, "sign-leverancier-werkgever").click()
    browser.find_element(By.ID, "since-month").clear()
    browser.find_element(By.ID, "since-month").send_keys("13")
    click_and_wait(browser, (By.CSS_SELECTOR, "#financial-interest-form button[type=submit]"))
    # An impossible day: said in words, the rest kept.
    assert browser.find_elements(By.ID, "financial-interest-errors"), _main_text(browser)
    assert browser.find_element(By.ID, "subject").get_attribute("value") == "Aandelen Datacentrum Noord BV"
    assert browser.find_element(By.ID, "sign-leverancier-werkgever").is_selected()
    month = browser.find_element(By.ID, "since-month")
    month.clear()
    month.send_keys(str(today.month))
    click_and_wait(browser, (By.CSS_SELECTOR, "#financial-interest-form button[type=submit]"))
    assert browser.find_elements(By.ID, "financial-interest-saved"), _main_text(browser)

    browser.delete_all_cookies()
    staff_login(browser, base, manager[0], manager[1])
    assert "financieel belang" in browser.find_element(By.ID, "waiting-declarations").text
    browser.get(base + "/werkruimte/financiele-belangen")
    assert "kan de dienst raken" in browser.find_element(By.ID, "financial-interests-to-decide").text
    click_and_wait(browser, (By.CSS_SELECTOR, "#financial-interests-to-decide a"))
    assert browser.find_elements(By.ID, "financial-interest-flagged")
    assert_accessible(browser, "financial interest decision page")
    browser.find_element(By.ID, "outcome-toegestaan-met-maatregelen").click()
    browser.find_element(By.ID, "reason").send_keys("Datacentrum Noord is leverancier van de Kamer.")
    browser.find_element(By.ID, "measures").send_keys("Niet betrokken bij de aanbesteding van hosting.")
    click_and_wait(browser, (By.CSS_SELECTOR, "#decision-form button[type=submit]"))
    assert "Toegestaan met maatregelen" in browser.find_element(By.ID, "financial-interest-state").text

    browser.delete_all_cookies()
    staff_login(browser, base, hr[0], hr[1])
    browser.get(base + "/werkruimte/financiele-belangen")
    assert "Datacentrum Noord" in browser.find_element(By.ID, "financial-interests-hr").text
    assert_accessible(browser, "financial interests for HR")
