"""The course guide (vejviser): a kernel-free widget that shows each kind of reader their path.

It uses only client-side behaviour (tab switching), so it works in the static book where no
kernel is running, as well as in JupyterLab and Voilà.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

#: (tab title, lead, steps) for each kind of reader, in Danish.
PATHS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Studerende",
        "Du læser kurset alene, på computer eller telefon.",
        (
            "Læs kapitlerne i rækkefølge; hvert kapitel begynder med læringsmål og slutter "
            "med en opsummering.",
            "Prøv selvtesten i hvert kapitel, før du læser videre. Feedbacken forklarer hvorfor.",
            "Brug ordlisten, når et begreb er nyt, og følg henvisningerne til litteraturen.",
        ),
    ),
    (
        "Vidensmægler",
        "Du holder en workshop på 2–4 timer med 4–8 kolleger, nogle gange flere.",
        (
            "Læs kapitlet om vidensmægling og vælg en dagsorden til to eller fire timer.",
            "Print uddelingsarkene, og lad hele rummet lave den samme øvelse samtidig.",
            "Følg rummets svar live, og brug forskellene som oplæg til samtalen.",
            "Arbejd med jeres egne anonymiserede samtaleuddrag, når I er klar til det.",
        ),
    ),
    (
        "Underviser",
        "Du kører øvelserne for et hold fra én computer eller server.",
        (
            "Start øvelserne med én kommando; deltagerne åbner et link og ser ingen kode.",
            "Hver deltager arbejder i sit eget tempo og får feedback med det samme; intet gemmes.",
            "Skal holdet svare sammen og se svarene samlet, så brug workshoprummet.",
        ),
    ),
)


def _path_html(lead: str, steps: tuple[str, ...]) -> str:
    items = "".join(f"<li>{escape(step)}</li>" for step in steps)
    return f"<p>{escape(lead)}</p><ol>{items}</ol>"


def vejviser() -> widgets.Tab:
    """Build the guide: one tab per kind of reader.

    Returns
    -------
    ipywidgets.Tab
        Tabs titled by reader; each holds an HTML widget with the reader's steps.
    """
    tab = widgets.Tab(children=[widgets.HTML(_path_html(lead, steps)) for _, lead, steps in PATHS])
    tab.titles = tuple(title for title, _, _ in PATHS)
    tab.add_class("lises-vejviser")
    return tab
