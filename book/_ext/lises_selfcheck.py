"""The book's self-checks that work without a server: ``{selvtest-gribning}``,
``{selvtest-potentialer}``, ``{selvtest-dilemma}`` and ``{selvtest-forstaaelse}``.

In a page::

    ```{selvtest-gribning} under-30 mentor flere-ytringer
    ```

    ```{selvtest-potentialer} fem-potentialer
    ```

    ```{selvtest-dilemma} refusion roede-lamper prioritering
    ```

    ```{selvtest-forstaaelse} projektet
    ```

puts the catching exercise (over the named excerpts), the potentials sorting (over the named
set), the dilemma weighing (over the named cases) or the understanding questions of a quiz file
(``data/quizzes/``: a kind the book has and Voilà has not) into the page.  The payload is made at
build time by :mod:`lises.book` from the same data files and text functions as the Voilà
exercises and carried encoded in the page;
``static/lises-selvtest.js`` (next to this module) runs the exercise in the browser; this
extension adds it to the build and to the pages that hold a self-check only (a ``.js`` in the
book's ``_static/`` would be injected into every page).  Without JavaScript the reader is told
where the exercise runs instead.  In print (the PDF) the controls are hidden and a block made
here shows instead: the exercise's items (the excerpts' titles and situations, or the items to
sort) and a line saying where the exercise is done.  An unknown id stops the build with a
Danish message that names the page and the id; the page depends on the data files, so an edited
excerpt rebuilds it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective

from lises.book.dilemma_check import dilemma_payload
from lises.book.quiz_check import print_html as quiz_print_html
from lises.book.quiz_check import quiz_payload
from lises.book.selfcheck import encode, gribning_payload, potential_payload
from lises.core import exercises
from lises.dilemma.files import default_dilemma_dir, load_cases
from lises.excerpts.files import EXCERPT_SUFFIXES, default_excerpt_dir, load_excerpts
from lises.potentials.files import default_potential_dir, load_sets
from lises.quizzes.files import default_quiz_dir, load_quizzes

STATIC = Path(__file__).resolve().parent / "static"
SCRIPT = "lises-selvtest.js"
NOSCRIPT = (
    "Øvelsen kører i browseren og kræver JavaScript. Du kan også lave den i Voilà-udgaven "
    "af kursets øvelser (se vejviseren i kapitel 1)."
)


class SelvtestError(SphinxError):
    category = "Fejl i selvtest"


PRINT_WHERE = (
    "Øvelsen laves på skærmen, hvor du får svar med det samme: på denne side i bogens "
    "netudgave, eller som »{title}« blandt kursets øvelser i Voilà (se vejviseren i kapitel 1)."
)


#: Self-checks the book has and Voilà has not (no notebook, so not in lises.core.exercises).
BOOK_ONLY = {
    "forstaaelse": (
        "Selvtesten laves på skærmen, hvor du får svar og forklaringer med det samme: på "
        "denne side i bogens netudgave.",
        "Selvtesten kører i browseren og kræver JavaScript. Spørgsmålene står herunder, og "
        "kapitlets tekst giver svarene.",
    )
}


def _print_block(kind: str, items: str) -> str:
    """What a printed page shows instead of the controls: the items and where to do it."""
    if kind in BOOK_ONLY:
        where = BOOK_ONLY[kind][0]
    else:
        where = PRINT_WHERE.format(title=exercises.kind(kind).heading)
    return (
        f'<div class="lises-selvtest-print"><p class="lises-selvtest-where">'
        f"<strong>{escape(where)}</strong></p>{items}</div>"
    )


def _gribning_items(excerpts: list) -> str:
    rows = "".join(
        f"<li><strong>{escape(e.title)}</strong>: {escape(e.setting)}</li>" for e in excerpts
    )
    return f"<p>Samtaleuddragene i øvelsen:</p><ul>{rows}</ul>"


def _potential_items(potential_set) -> str:
    rows = "".join(f"<li>{escape(item.text)}</li>" for item in potential_set.items)
    return (
        f"<p>{escape(potential_set.intro)} Placér hvert emne under et af de fem potentialer:</p>"
        f"<ol>{rows}</ol>"
    )


def _dilemma_items(cases: list) -> str:
    rows = "".join(
        f"<li><strong>{escape(c.title)}</strong>: {escape(c.question)}</li>" for c in cases
    )
    return (
        "<p>Sagerne i øvelsen. Vej de fire dimensioner (effektivitet, fairness, responsivitet og "
        f"respekt) fra 0 til 5, vælg en handling, og begrund dit valg:</p><ul>{rows}</ul>"
    )


def _container(kind: str, payload: dict, label: str, printed: str) -> nodes.raw:
    noscript = BOOK_ONLY[kind][1] if kind in BOOK_ONLY else NOSCRIPT
    html = (
        f'<div class="lises-selvtest" data-kind="{kind}" role="region" '
        f'aria-label="{escape(label)}">'
        f"<noscript><p>{escape(noscript)}</p></noscript>"
        f"{_print_block(kind, printed)}"
        f'<script type="text/plain" class="lises-selvtest-data">{encode(payload)}</script>'
        "</div>"
    )
    return nodes.raw("", html, format="html")


class _SelfCheckDirective(SphinxDirective):
    has_content = False
    final_argument_whitespace = True
    data_dir: ClassVar[Path]

    def _depend_on_data(self) -> None:
        for path in sorted(self.data_dir.rglob("*")):
            if path.suffix in EXCERPT_SUFFIXES:
                self.env.note_dependency(str(path))

    def _unknown(self, what: str, wanted: list[str], known: dict) -> None:
        missing = [w for w in wanted if w not in known]
        if missing:
            raise SelvtestError(
                f"{self.env.docname}: {what} {', '.join(missing)} findes ikke "
                f"(kendte: {', '.join(sorted(known))})"
            )


class GribningSelfCheck(_SelfCheckDirective):
    """``{selvtest-gribning} id [id …]``: the catching exercise over these excerpts."""

    required_arguments = 1
    optional_arguments = 20
    data_dir = default_excerpt_dir()

    def run(self) -> list[nodes.Node]:
        self._depend_on_data()
        excerpts = load_excerpts()
        wanted = " ".join(self.arguments).split()
        self._unknown("uddraget", wanted, excerpts)
        chosen = [excerpts[w] for w in wanted]
        payload = gribning_payload(chosen)
        return [_container("gribning", payload, "Øvelse i gribning", _gribning_items(chosen))]


class PotentialSelfCheck(_SelfCheckDirective):
    """``{selvtest-potentialer} id``: the sorting exercise over this set."""

    required_arguments = 1
    data_dir = default_potential_dir()

    def run(self) -> list[nodes.Node]:
        self._depend_on_data()
        sets = load_sets()
        self._unknown("sættet", self.arguments, sets)
        chosen = sets[self.arguments[0]]
        payload = potential_payload(chosen)
        return [
            _container(
                "potentialer", payload, "Øvelse: de fem potentialer", _potential_items(chosen)
            )
        ]


class DilemmaSelfCheck(_SelfCheckDirective):
    """``{selvtest-dilemma} id [id …]``: the dilemma weighing over these cases."""

    required_arguments = 1
    optional_arguments = 10
    data_dir = default_dilemma_dir()

    def run(self) -> list[nodes.Node]:
        self._depend_on_data()
        cases = load_cases()
        wanted = " ".join(self.arguments).split()
        self._unknown("sagen", wanted, cases)
        chosen = [cases[w] for w in wanted]
        payload = dilemma_payload(chosen, list(cases.values()))
        return [_container("dilemma", payload, "Øvelse: vej dilemmaet", _dilemma_items(chosen))]


class QuizSelfCheck(_SelfCheckDirective):
    """``{selvtest-forstaaelse} id``: the understanding questions of this quiz file."""

    required_arguments = 1
    data_dir = default_quiz_dir()

    def run(self) -> list[nodes.Node]:
        self._depend_on_data()
        quizzes = load_quizzes()
        self._unknown("quizzen", self.arguments, quizzes)
        quiz = quizzes[self.arguments[0]]
        label = f"Selvtest: {quiz.title}"
        return [_container("forstaaelse", quiz_payload(quiz), label, quiz_print_html(quiz))]


def _add_static(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


def _add_script(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # Only on pages with a self-check; priority 400 puts it into the page's script list before
    # other handlers (lises_assets) filter that list.
    if 'class="lises-selvtest"' in (context.get("body") or ""):
        app.add_js_file(SCRIPT)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _add_script, priority=400)
    app.add_directive("selvtest-gribning", GribningSelfCheck)
    app.add_directive("selvtest-potentialer", PotentialSelfCheck)
    app.add_directive("selvtest-dilemma", DilemmaSelfCheck)
    app.add_directive("selvtest-forstaaelse", QuizSelfCheck)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
