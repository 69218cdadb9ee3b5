"""Fixtures for the browser tests: a real `tegenkracht serve` on a free local port with the demo
organisation on a fresh SQLite file, and headless Debian Chromium driven by Selenium.

Nothing is downloaded: the browser and its driver come from Debian's packages (chromium,
chromium-driver), and Selenium Manager is kept offline."""
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("TEGENKRACHT_BINARY", ROOT / ".build" / "debug" / "tegenkracht"))
ADMIN_USER = "beheerder.test"
ADMIN_PASSWORD = "een lang en sterk wachtwoord"

os.environ.setdefault("SE_OFFLINE", "true")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(env, *args, stdin=None):
    return subprocess.run([str(BINARY), *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                          text=True, timeout=120)


@contextlib.contextmanager
def serving(env, data, *arguments, what="server"):
    """A `tegenkracht serve` on a free local port with this environment, its log in the data
    directory; yields its base URL once /healthz answers, and stops it afterwards."""
    port = _free_port()
    log = open(Path(data) / "server.log", "w")
    process = subprocess.Popen([str(BINARY), "serve", *arguments, "--hostname", "127.0.0.1", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            process.kill()
            raise RuntimeError(f"{what} did not start: " + (Path(data) / "server.log").read_text())
        time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def server():
    assert BINARY.exists(), f"build first: {BINARY} is missing"
    data = tempfile.mkdtemp(prefix="tegenkracht-browser-")
    env = dict(os.environ, TEGENKRACHT_DATA_DIR=data, TEGENKRACHT_ROOT=str(ROOT))
    env.pop("DATABASE_URL", None)
    created = run_cli(env, "user", "create", "--username", ADMIN_USER, "--name", "Bea Beheer",
                      "--role", "beheerder", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert created.returncode == 0, created.stderr
    with serving(env, data, "--demo") as base:
        yield {"base": base, "env": env, "data": data}
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture()
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    binary = "/usr/lib/chromium/chromium"
    if Path(binary).exists():
        options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                              options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    # Wait for elements to appear after a navigation (form posts return before the next page is parsed).
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
