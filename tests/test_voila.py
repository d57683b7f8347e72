"""The Voilà exercise pages as participants get them: config, language, no code, no errors."""

from __future__ import annotations

import json

import pytest

from conftest import REPO

pytestmark = pytest.mark.browser


def test_voila_configuration_is_committed():
    config = json.loads((REPO / "etc" / "jupyter" / "voila.json").read_text(encoding="utf-8"))
    voila = config["VoilaConfiguration"]
    assert voila["strip_sources"] is True
    assert voila["show_tracebacks"] is False
    assert voila["preheat_kernel"] is True and voila["default_pool_size"] >= 1
    assert config["Voila"]["ip"] in ("127.0.0.1", "localhost")
    culling = config["MappingKernelManager"]
    assert 120 <= culling["cull_idle_timeout"] <= 300
    assert culling["cull_interval"] > 0
    assert config["VoilaExporter"]["language_code"] == "da"


def test_exercise_page_runs_in_voila(page, voila_server):
    response = page.goto(f"{voila_server}/voila/render/gribning.ipynb", timeout=60_000)
    assert response.status == 200
    page.locator(".lises-trainer").wait_for(state="visible", timeout=60_000)
    html = page.content()
    # Voilà reports notebook errors inside a 200 page: check the content, not the status.
    assert "There was an error when executing cell" not in html
    assert "Traceback" not in html
    assert "from lises" not in html, "the notebook's source must be stripped"
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("button", name="Start uddraget").is_visible()
    assert page.blocked == [], f"blocked requests to other hosts: {page.blocked}"


def test_voila_does_not_serve_notebook_sources(voila_server):
    import urllib.error
    import urllib.request

    for path in ("/voila/files/gribning.ipynb", "/files/gribning.ipynb", "/api/contents"):
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(voila_server + path, timeout=10)
