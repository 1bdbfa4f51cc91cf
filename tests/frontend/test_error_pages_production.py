"""With DEBUG=0 (the production profile, static files collected, served by gunicorn), the 403, 404, CSRF and
500 pages are the platform's own, in English and in Khmer: never Django's plain pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory):
    """A gunicorn of the production profile on a fresh SQLite database, static files collected."""
    tmp = tmp_path_factory.mktemp("production")
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "test-" + "x" * 50, "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "0", "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
           "STATIC_ROOT": str(tmp / "static"), "MEDIA_ROOT": str(tmp / "media"), "CELERY_BROKER_URL": "memory://"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/login/", timeout=10)  # noqa: S310
            break
        except OSError:  # not listening yet, or still loading
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.3)
    yield base
    server.terminate()
    server.wait(timeout=10)


def _get(url: str, *, language: str, data: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers={"Accept-Language": language})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


OWN = ('class="site-header"', "/static/frontend/corridor.")


@pytest.mark.parametrize(("language", "text"), [("en", "Page not found"), ("km", "រកមិនឃើញទំព័រ")])
def test_404_is_the_platforms_own_in_both_languages(production, language, text):
    status, html = _get(production + "/no-such-page/", language=language)
    assert status == 404
    assert text in html and all(mark in html for mark in OWN), html[:500]
    assert f'lang="{language}"' in html


@pytest.mark.parametrize(("language", "text"), [("en", "The form has expired"), ("km", "ទម្រង់ផុតកំណត់ហើយ")])
def test_a_form_without_its_security_cookie_gets_the_platforms_own_403(production, language, text):
    status, html = _get(production + "/login/", language=language, data=b"username=a&password=b")
    assert status == 403
    assert text in html and all(mark in html for mark in OWN), html[:500]
    assert "CSRF verification failed" not in html


def _boom(request):
    raise RuntimeError("the test's own failure")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "text"), [("en", "Something went wrong"), ("km", "មានបញ្ហាកើតឡើង")])
def test_500_is_the_platforms_own_in_both_languages(language, text):
    from django.conf import settings

    with override_settings(DEBUG=False, ROOT_URLCONF=__name__, STORAGES={
            **settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        response = Client(raise_request_exception=False).get("/boom/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html and "corridor.css" in html
