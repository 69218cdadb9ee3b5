#!/usr/bin/env bash
# Installs what the tests need and is not there yet: Debian's chromium and chromium-driver, the
# PostgreSQL server, nginx (two instances behind one proxy), msmtp (mail to a real SMTP server), and a
# Python virtual environment (.venv) with pytest, Selenium, axe, schemathesis and aiosmtpd.
# Nothing is downloaded outside Debian's packages and PyPI; no browser is fetched by Playwright or
# Selenium Manager. Needs root (or sudo) only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v msmtp >/dev/null 2>&1 || missing+=(msmtp)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import pytest, selenium, selenium_axe_python, scipy, schemathesis, aiosmtpd, authlib' >/dev/null 2>&1; then
  .venv/bin/pip install -q --disable-pip-version-check -r tests/browser/requirements.txt
fi
