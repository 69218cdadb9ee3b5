"""The example files in deploy/ stay true to the code (docs/operations.md, "Deploying on Debian"):
env.example names every variable the service reads and nothing else, nginx accepts the site file
and its body limits are the service's, and the unit, the msmtp file and the admin wrapper parse."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SOURCES = ROOT / "Sources"

# Read by a library or a program the service runs, not by our Swift code; each with where.
READ_ELSEWHERE = {
    "LOG_LEVEL": "Vapor's LoggingSystem.bootstrap(from:)",
    "PGSSLROOTCERT": "libpq in pg_dump and psql, which `tegenkracht backup` and `restore` run",
}


def _swift_sources() -> str:
    return "\n".join(path.read_text(errors="replace") for path in SOURCES.rglob("*.swift"))


def variables_the_code_reads() -> set[str]:
    """Every NAME in `environment["NAME"]` that is read (not assigned for a child process) and in
    `Environment.get("NAME")`, across Sources/."""
    text = _swift_sources()
    read = re.compile(r'environment\[\s*"([A-Z][A-Z0-9_]*)"\s*\](?!\s*=(?!=))')
    vapor_get = re.compile(r'Environment\.get\(\s*"([A-Z][A-Z0-9_]*)"\s*\)')
    return set(read.findall(text)) | set(vapor_get.findall(text))


def variables_in_env_example() -> dict[str, bool]:
    """NAME -> set (True) or only mentioned in a comment (False)."""
    names: dict[str, bool] = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        match = re.match(r"^\s*(#\s*)?([A-Z][A-Z0-9_]*)=", line)
        if match:
            names[match.group(2)] = names.get(match.group(2), False) or match.group(1) is None
    return names


def test_env_example_names_only_what_the_code_reads():
    read = variables_the_code_reads()
    assert "DATABASE_URL" in read and "TEGENKRACHT_KEY_FILE" in read, "the scan of Sources/ found nothing"
    unknown = sorted(set(variables_in_env_example()) - read - set(READ_ELSEWHERE))
    assert not unknown, f"deploy/env.example names variables nothing reads: {unknown}"

    vapor = ROOT / ".build" / "checkouts" / "vapor" / "Sources"
    if vapor.exists():
        assert any("LOG_LEVEL" in p.read_text(errors="replace") for p in vapor.rglob("*.swift"))
    assert '"pg_dump"' in _swift_sources(), "backup no longer runs pg_dump: PGSSLROOTCERT is not needed"


def test_env_example_names_everything_the_code_reads():
    read = {name for name in variables_the_code_reads() if name.startswith("TEGENKRACHT_") or name == "DATABASE_URL"}
    missing = sorted(read - set(variables_in_env_example()))
    assert not missing, f"deploy/env.example does not mention (set or commented): {missing}"


def test_env_example_reads_the_same_in_sh_and_systemd():
    """systemd (EnvironmentFile=) and /bin/sh (tegenkracht-admin) both read the file: no value may
    hold a character the two treat differently."""
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if re.match(r"^[A-Z][A-Z0-9_]*=", line):
            value = line.split("=", 1)[1]
            inner = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
            assert not re.search(r"[$`\\\"']", inner), line
            assert " " not in inner or value.startswith('"'), line
    result = subprocess.run(["sh", "-c", f'set -a; . "{DEPLOY / "env.example"}"; env'], capture_output=True,
                            text=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, check=True)
    values = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert values["TEGENKRACHT_MAIL_FROM"] == "Meldpunt Tegenkracht <meldpunt@example.org>"
    assert "sslmode=verify-full" in values["DATABASE_URL"]


def test_unit_sets_only_variables_the_code_reads():
    unit = (DEPLOY / "tegenkracht@.service").read_text()
    names = re.findall(r"^Environment=([A-Z][A-Z0-9_]*)=", unit, re.M)
    assert names and set(names) <= variables_the_code_reads()
    # The env file must not override what the unit sets per instance.
    assert not any(variables_in_env_example().get(name) for name in names)


def test_nginx_body_limits_are_the_services():
    conf = (DEPLOY / "nginx-tegenkracht.conf").read_text()
    middleware = (SOURCES / "TegenkrachtApp/Web/Shared/CSRFMiddleware.swift").read_text()
    configure = (SOURCES / "TegenkrachtApp/configure.swift").read_text()
    large_path = re.search(r'largeBodyPath = "([^"]+)"', middleware).group(1)
    large_mib = int(re.search(r"largeBodyLimit = (\d+) \* 1024 \* 1024", middleware).group(1))
    default = re.search(r'defaultMaxBodySize = "(\d+)mb"', configure).group(1)
    location = re.search(r"location = " + re.escape(large_path) + r" \{(.*?)\}", conf, re.S)
    assert location, f"no location for {large_path}"
    assert f"client_max_body_size {large_mib}m;" in location.group(1)
    assert f"\n    client_max_body_size {default}m;" in conf


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nginx_accepts_the_site_file():
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        pytest.skip("nginx is not installed")
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-nginx-"))
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=meldpunt.example.org", "-keyout", str(work / "key.pem"),
                        "-out", str(work / "cert.pem")], check=True, capture_output=True)
        site = (DEPLOY / "nginx-tegenkracht.conf").read_text()
        site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {work / 'cert.pem'};", site)
        site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {work / 'key.pem'};", site)
        site = site.replace("/var/log/nginx/", f"{work}/")
        # Ports that need no root; the IPv6 twins of each listen line are left out.
        ports = {}
        def listen(match):
            if match.group(1):
                return ""
            port = ports.setdefault(match.group(2), _free_port())
            return f"listen 127.0.0.1:{port}{match.group(3)};"
        site = re.sub(r"listen\s+(\[::\]:)?(\d+)([^;]*);", listen, site)
        assert set(ports) == {"80", "443"}
        (work / "site.conf").write_text(site)
        (work / "nginx.conf").write_text(f"""events {{}}
http {{
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    access_log off;
    include {work}/site.conf;
}}
""")
        result = subprocess.run([nginx, "-t", "-p", str(work), "-c", str(work / "nginx.conf"),
                                 "-g", f"pid {work}/nginx.pid; error_log stderr;"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "test is successful" in result.stderr
        assert "[warn]" not in result.stderr, result.stderr
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_systemd_accepts_the_unit():
    analyze = shutil.which("systemd-analyze")
    units = next((p for p in (Path("/usr/lib/systemd/system"), Path("/lib/systemd/system")) if p.is_dir()), None)
    if analyze is None or units is None:
        pytest.skip("systemd-analyze is not installed")
    root = Path(tempfile.mkdtemp(prefix="tegenkracht-systemd-"))
    try:
        shutil.copytree(units, root / "usr/lib/systemd/system", symlinks=True)
        (root / "etc/systemd/system").mkdir(parents=True)
        shutil.copy(DEPLOY / "tegenkracht@.service", root / "etc/systemd/system/tegenkracht@.service")
        (root / "etc/tegenkracht").mkdir(parents=True)
        (root / "etc/tegenkracht/env").write_text("")
        stub = root / "opt/tegenkracht/8080/bin/tegenkracht"
        stub.parent.mkdir(parents=True)
        stub.write_text("#!/bin/sh\n")
        stub.chmod(0o755)
        result = subprocess.run([analyze, "verify", "--man=no", f"--root={root}", "tegenkracht@8080.service"],
                                capture_output=True, text=True, timeout=60)
        ours = [line for line in (result.stdout + result.stderr).splitlines() if "tegenkracht" in line]
        assert result.returncode == 0 and not ours, result.stdout + result.stderr
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_msmtp_reads_the_example():
    msmtp = shutil.which("msmtp")
    if msmtp is None:
        pytest.skip("msmtp is not installed")
    work = Path(tempfile.mkdtemp(prefix="tegenkracht-msmtp-"))
    try:
        config = work / "msmtprc"
        shutil.copy(DEPLOY / "msmtprc.example", config)
        config.chmod(0o600)
        result = subprocess.run([msmtp, "-C", str(config), "--pretend"], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        settings = dict(line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
        assert settings["tls"] == "on" and settings["tls_starttls"] == "on" and settings["tls_certcheck"] == "on"
        assert settings["port"] == "587"
        assert settings["logfile"] == "(not set)" and settings["syslog"] == "(not set)"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_admin_wrapper_parses():
    subprocess.run(["sh", "-n", str(DEPLOY / "tegenkracht-admin")], check=True)


def test_the_documentation_names_every_deploy_file():
    operations = (ROOT / "docs/operations.md").read_text()
    for path in DEPLOY.iterdir():
        assert f"deploy/{path.name}" in operations, f"docs/operations.md does not mention deploy/{path.name}"
