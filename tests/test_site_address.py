"""The published address: one value, from ``_config.yml`` or ``LISES_BASEURL`` for one build.

A wrong value stops the build with a Danish message that names where the address is set,
before a site with broken 404 links and sitemap could be published.
"""

from __future__ import annotations

import sys

import pytest
import yaml
from sphinx.errors import ConfigError

from conftest import REPO

sys.path.insert(0, str(REPO / "book" / "_ext"))

from lises_publishing import ENVIRONMENT_VARIABLE, site_address


def _configured() -> str:
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    return config["html"]["baseurl"]


def test_the_configured_address_is_used_without_the_variable(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert site_address(_configured()) == _configured()
    assert _configured().endswith("/")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://kommune.example/kursus/gribning", "https://kommune.example/kursus/gribning/"),
        (" https://skole.example/ ", "https://skole.example/"),
        ("http://localhost:8000/", "http://localhost:8000/"),
    ],
)
def test_the_variable_replaces_the_configured_address(monkeypatch, given, expected):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, given)
    assert site_address(_configured()) == expected


@pytest.mark.parametrize(
    "given", ["gribning/", "/gribning/", "ftp://vaert.example/kursus/", "https://", "kommune.dk"]
)
def test_an_address_that_is_not_whole_stops_the_build_in_danish(monkeypatch, given):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, given)
    with pytest.raises(ConfigError) as raised:
        site_address(_configured())
    message = str(raised.value)
    assert "LISES_BASEURL" in message and "_config.yml" in message
    assert "skal være en hel adresse" in message and repr(given.strip()) in message


def test_an_empty_variable_leaves_the_configured_address(monkeypatch):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "")
    assert site_address(_configured()) == _configured()
