"""One module knows where everything is (:mod:`lises.core.paths`); after any move it still does."""

from __future__ import annotations

import pytest

from lises.core import paths
from lises.privacy import guard

IN_EVERY_CHECKOUT = [
    "PACKAGE",
    "DATA",
    "REPO",
    "EXERCISES",
    "BOOK_SOURCE",
    "WORD_LISTS",
    "JUPYTER_CONFIG",
    "JUPYTER_DATA",
]


@pytest.mark.parametrize("name", IN_EVERY_CHECKOUT)
def test_path_exists(name):
    assert getattr(paths, name).is_dir(), f"paths.{name} = {getattr(paths, name)}"


def test_repository_root_is_the_course():
    assert (paths.REPO / "_toc.yml").is_file()
    assert (paths.REPO / "pyproject.toml").is_file()
    assert (paths.EXERCISES / "gribning.ipynb").is_file()
    assert (paths.DATA / "excerpts").is_dir()


def test_built_book_and_state_are_under_the_repository():
    for path in (paths.BOOK_HTML, paths.STATE, paths.BROKER):
        assert path.is_relative_to(paths.REPO)


def test_privacy_guard_reads_a_non_empty_course_word_list():
    assert guard.WORD_LISTS == paths.WORD_LISTS
    words = guard.course_words()
    assert words, "the course word list the privacy guard reads is empty"
    assert {"gribning", "Caswell"} <= words
