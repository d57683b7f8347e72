"""The course guide (vejviser): a kernel-free widget that shows each kind of reader their path.

It uses only client-side behaviour (tab switching), so it works in the static book where no
kernel is running, as well as in JupyterLab and Voilà.  Each tab links to its exercises: the
book's self-checks (relative to the guide's page, book/velkommen/) and the Voilà pages that
``make serve`` starts (``lises.tools.serve``, Voilà on port 8866).  Each tab's text starts with
its title, shown in print only (the print style shows every tab, without the tab bar), and
the links print as names: a link to this machine's Voilà leads nowhere on paper.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from lises.core import exercises
from lises.core.exercises import Audience

#: Where ``make serve`` serves the Voilà exercises (lises.tools.serve's default port).
VOILA = "http://localhost:8866/"
VOILA_NOTE = "Øvelserne i Voilà åbner, når kurset kører på din computer (make serve)."

#: (tab title, lead, steps) for each kind of reader, in Danish.
PATHS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Studerende",
        "Du læser kurset alene, på computer eller telefon.",
        (
            "Læs kapitlerne i rækkefølge; hvert kapitel begynder med læringsmål og slutter "
            "med en opsummering.",
            "Prøv selvtesten i kapitel 2 til 6 (linkene herunder), før du læser videre. "
            "Feedbacken forklarer hvorfor, og dine svar bliver i din browser.",
            "Skriv dine svar på spørgsmålene til refleksion; bruger et spørgsmål erfaring fra et "
            'jobcenter, så svar på varianten mærket "Læser du alene?".',
            "Brug ordlisten, når et begreb er nyt, og følg henvisningerne til litteraturen.",
        ),
    ),
    (
        "Vidensmægler",
        "Du holder en workshop på 2–4 timer med 4–8 kolleger, nogle gange flere.",
        (
            "Læs kapitlet om vidensmægling og vælg en dagsorden til to eller fire timer.",
            "Print uddelingsarkene, og lad hele rummet lave den samme øvelse samtidig.",
            'Start workshoprummet med make workshop TITLE="…"; deltagerne går ind med koden '
            "eller QR-koden. Efter en genstart: make workshop RESUME=KODE.",
            "Følg rummets svar, mens de kommer ind, og brug forskellene som oplæg til samtalen.",
            "Facilitatorguiden har også varianter til et hold på omkring 25 og til en sal.",
            "Arbejd med jeres egne anonymiserede samtaleuddrag, når I er klar til det.",
        ),
    ),
    (
        "Underviser",
        "Du kører øvelserne for et hold fra én computer eller server.",
        (
            "Start øvelserne med én kommando, make class; deltagerne åbner linket og ser ingen "
            "programkode.",
            "Hver deltager arbejder i sit eget tempo og får feedback med det samme; intet gemmes.",
            "Skal holdet svare sammen og se svarene samlet, så brug workshoprummet (make workshop "
            'TITLE="…").',
        ),
    ),
)


def _voila(name: str) -> tuple[str, str]:
    return f"{exercises.kind(name).heading} (Voilà)", f"{VOILA}voila/render/{name}.ipynb"


#: The exercises each tab links to, in the order of PATHS: (link text, address).
LINKS: tuple[tuple[tuple[str, str], ...], ...] = (
    (
        ("Selvtesten om LISES-projektet (kapitel 2)", "../projektet/index.html"),
        ("Selvtesten om de fem potentialer (kapitel 3)", "../potentialer/index.html"),
        ("Selvtesten med dilemmaerne (kapitel 4)", "../dilemmaer/index.html"),
        ("Selvtesten i gribning (kapitel 5)", "../samtalen/index.html"),
        ("Selvtesten om vidensmægling (kapitel 6)", "../vidensmaegling/index.html"),
        *(_voila(name) for name in exercises.pages(Audience.LEARNER)),
    ),
    (
        ("Facilitatorguiden", "../vidensmaegling/facilitatorguide.html"),
        ("Uddelingsark til workshoppen", "../vidensmaegling/handouts.html"),
        *(_voila(name) for name in exercises.pages(Audience.BROKER)),
    ),
    (
        ("Listen over kursets øvelser (Voilà)", VOILA),
        *(_voila(name) for name in exercises.pages(Audience.LEARNER)),
    ),
)


def _path_html(
    title: str, lead: str, steps: tuple[str, ...], links: tuple[tuple[str, str], ...]
) -> str:
    items = "".join(f"<li>{escape(step)}</li>" for step in steps)
    exercise_links = "".join(
        f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for text, href in links
    )
    # On paper a link to this machine's Voilà leads nowhere: the names print as text instead.
    names = ", ".join(escape(text) for text, _ in links)
    return (
        f'<p class="lises-print-only"><strong>{escape(title)}</strong></p>'
        f"<p>{escape(lead)}</p><ol>{items}</ol>"
        f"<p><strong>Øvelserne:</strong></p>"
        f'<ul class="lises-screen-only">{exercise_links}</ul>'
        f'<p class="lises-print-only">{names}.</p>'
        f'<p class="lises-muted">{escape(VOILA_NOTE)}</p>'
    )


def vejviser() -> widgets.Tab:
    """Build the guide: one tab per kind of reader.

    Returns
    -------
    ipywidgets.Tab
        Tabs titled by reader; each holds an HTML widget with the reader's steps.
    """
    tab = widgets.Tab(
        children=[
            widgets.HTML(_path_html(title, lead, steps, links))
            for (title, lead, steps), links in zip(PATHS, LINKS, strict=True)
        ]
    )
    tab.titles = tuple(title for title, _, _ in PATHS)
    tab.add_class("lises-vejviser")
    return tab
