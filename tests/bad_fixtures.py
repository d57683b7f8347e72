"""Bad data-file fixtures: one problem per file, and the message an author must get for it.

A kind of course data file (quizzes, potential sets, dilemma cases, excerpts, codings) keeps a
folder of bad files under ``tests/fixtures/``: each is a small valid file with exactly one
problem, and starts with a header comment that says it is a test fixture and what is wrong with
it (in UTF-8, even where the problem is that the rest is binary or in another encoding).
:class:`BadFixtures` maps every file to the problem lines its loader's
:class:`~lises.core.data_files.DataFileError` must hold, so an author who makes that mistake reads
the file, the place, the field and the Danish problem.

A test module subclasses :class:`BadFixtureTests` and sets its ``fixtures``; the subclass then
holds the three checks, parametrised by the fixture's file name (so a test id reads, e.g.,
``TestBadQuizFiles::test_bad_file_is_rejected_naming_file_place_field_and_message
[id-dublet.yaml]``); a check of its own kind's, as a method taking ``name``, is parametrised
the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from lises.core.data_files import DataFileError

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class BadFixtures:
    """One folder of bad files and what its loader must say about each.

    Parameters
    ----------
    folder : str
        The folder's name under ``tests/fixtures``.
    header : str
        How every file in it begins, so no one takes a fixture for course data.
    messages : Mapping[str, Sequence[str]]
        Each file's name and the problem lines (without the file name) its error must hold,
        all of them and no others.
    load : Callable[[Path], object]
        The loader of one file of this kind.
    error : type[DataFileError]
        What the loader raises for a bad file.
    """

    folder: str
    header: str
    messages: Mapping[str, Sequence[str]]
    load: Callable[[Path], object]
    error: type[DataFileError]

    @property
    def directory(self) -> Path:
        return FIXTURES / self.folder

    @property
    def names(self) -> list[str]:
        return sorted(self.messages)

    def reject(self, path: Path) -> DataFileError:
        """The error loading ``path`` raises (the test fails if it loads)."""
        with pytest.raises(self.error) as info:
            self.load(path)
        return info.value

    def assert_every_fixture_is_listed(self) -> None:
        on_disk = {path.name for path in self.directory.iterdir()}
        unlisted = sorted(on_disk - set(self.messages))
        missing = sorted(set(self.messages) - on_disk)
        assert not unlisted and not missing, (
            f"{self.folder}: filer uden forventet besked {unlisted}, beskeder uden fil {missing}"
        )

    def assert_header_says_what_is_wrong(self, name: str) -> None:
        # Bytes, not text: a fixture may be bad by being binary or not in UTF-8 after its header.
        content = (self.directory / name).read_bytes()
        assert content.startswith(self.header.encode()), (
            f"{name} begynder ikke med '{self.header}…)'"
        )

    def assert_rejected_naming_file_place_and_problem(self, name: str) -> None:
        """Every line of the message starts with the file's name, each expected problem (place,
        field and Danish text) is one of them, and there are no others."""
        path = self.directory / name
        error = self.reject(path)
        text = str(error)
        assert error.path == path
        assert all(line.startswith(f"{name}: ") for line in text.splitlines()), text
        for expected in self.messages[name]:
            assert f"{name}: {expected}" in text, text
        assert len(error.problems) == len(self.messages[name]), text


class BadFixtureTests:
    """The checks of one folder of bad files; a test module subclasses it as ``Test…`` and sets
    ``fixtures``."""

    fixtures: ClassVar[BadFixtures]

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        # pytest finds this hook on a test class too: each subclass runs its own folder's files.
        if "name" in metafunc.fixturenames:
            metafunc.parametrize("name", self.fixtures.names)

    def test_every_bad_fixture_is_listed(self) -> None:
        self.fixtures.assert_every_fixture_is_listed()

    def test_bad_fixture_says_what_is_wrong_with_it(self, name: str) -> None:
        self.fixtures.assert_header_says_what_is_wrong(name)

    def test_bad_file_is_rejected_naming_file_place_field_and_message(self, name: str) -> None:
        self.fixtures.assert_rejected_naming_file_place_and_problem(name)
