"""The Voilà exercise pages as learners get them: config, language, no code, no errors."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from lises.tools.serve import LEARNER_PAGES

pytestmark = pytest.mark.browser


def test_voila_configuration_is_committed():
    config = json.loads((REPO / "etc" / "jupyter" / "voila.json").read_text(encoding="utf-8"))
    voila = config["VoilaConfiguration"]
    assert voila["strip_sources"] is True
    assert voila["show_tracebacks"] is False
    # One kernel preheated for each learner page; the broker's pages get none.
    assert voila["preheat_kernel"] is True
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    assert pools.pop("default") == {"pool_size": 0}
    assert pools == {f"{name}.ipynb": {"pool_size": 1} for name in LEARNER_PAGES}
    assert config["Voila"]["ip"] in ("127.0.0.1", "localhost")
    culling = config["MappingKernelManager"]
    # Never cull a kernel whose page is open (a learner listening to a discussion comes
    # back to buttons that work); cull a closed page's kernel within about two minutes, but not
    # before a slow page has connected (pages took up to 40 s on a loaded 2-core machine).
    assert culling["cull_connected"] is False
    assert 60 <= culling["cull_idle_timeout"] <= 120
    assert 0 < culling["cull_interval"] <= 30
    # A dead kernel is not restarted without the notebook's widgets: the page says it is gone.
    assert config["KernelRestarter"]["restart_limit"] == 0
    assert voila["multi_kernel_manager_class"] == "lises.tools.voila_kernels.CappedKernelManager"
    assert (
        config["Voila"]["identity_provider_class"]
        == "lises.tools.voila_login.DanishIdentityProvider"
    )
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


# The notebooks' source, or a widget's Python repr: what Voilà's front end shows as text when a
# widget cannot be drawn (e.g. its kernel died as the page was handed out).
CODE = ("import lises", "from lises", "build_", "children=(", "VBox(", "Button(")


@pytest.mark.parametrize("notebook", sorted(p.stem for p in (REPO / "exercises").glob("*.ipynb")))
def test_served_pages_carry_no_code(voila_server, notebook):
    import urllib.request

    url = f"{voila_server}/voila/render/{notebook}.ipynb"
    with urllib.request.urlopen(url, timeout=120) as response:
        html = response.read().decode()
    assert "application/vnd.jupyter.widget-view+json" in html  # the page's widgets are there
    assert not [code for code in CODE if code in html]
    assert "There was an error when executing cell" not in html
