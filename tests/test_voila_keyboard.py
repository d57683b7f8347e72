"""The catching exercise in Voilà, completed with the keyboard only, as a learner would."""

from __future__ import annotations

import pytest

from keyboard import tab_to
from lises.excerpts.files import load_excerpts

pytestmark = pytest.mark.browser

EXCERPT = load_excerpts()["praktikken"]
ANSWERS = {k.turn: k.response.value for k in EXCERPT.key}  # answer as the key does


def test_complete_an_excerpt_with_the_keyboard_only(page, voila_server):
    page.goto(f"{voila_server}/voila/render/gribning.ipynb", timeout=60_000)
    page.locator(".lises-trainer").wait_for(state="visible", timeout=60_000)

    # Choose the excerpt from the dropdown with the keyboard.
    tab_to(page, "SELECT")
    title = f"{EXCERPT.title} ({EXCERPT.difficulty.value})"
    page.keyboard.press("Home")
    for _ in range(20):
        chosen = page.evaluate("() => document.activeElement.selectedOptions[0].text")
        if chosen.replace("\xa0", " ") == title:  # ipywidgets renders spaces as NBSP
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "Start uddraget")
    page.keyboard.press("Enter")

    for _ in range(80):
        page.wait_for_timeout(150)
        text = page.locator(".lises-trainer").inner_text()
        if "Se feedback" in text:
            tab_to(page, "Se feedback")
            page.keyboard.press("Enter")
            break
        if "Bærer borgerens tur" in text:
            question = page.locator("text=Bærer borgerens tur").last.inner_text()
            turn = int(question.split("Tur ")[1].split(":")[0])
            label = "Ja, markér turen" if turn in ANSWERS else "Nej, ingen meningsytring"
            tab_to(page, label)
            page.keyboard.press("Enter")
        elif "Hvad gjorde" in text:
            question = page.locator("text=Du markerede tur").last.inner_text()
            turn = int(question.split("tur ")[1].split(".")[0])
            tab_to(page, ANSWERS[turn].capitalize())
            page.keyboard.press("Enter")
        elif "Pause." in text:
            tab_to(page, "TEXTAREA")
            page.keyboard.type("Du vil gerne ud af praktikken. Fortæl mig mere om det.")
            tab_to(page, "Gem mit svar")
            page.keyboard.press("Enter")
            page.get_by_text("Sådan kunne man gribe det").wait_for(timeout=10_000)
        else:
            tab_to(page, "Vis næste tur")
            page.keyboard.press("Enter")
    else:
        raise AssertionError("the excerpt was not completed")

    result = page.locator(".lises-trainer")
    result.get_by_text("Din kodning sammenlignet med eksperternes").wait_for(timeout=10_000)
    result.get_by_text("Tallene: F1, enighed og kappa").click()  # the figures are folded
    text = result.inner_text()
    assert "Cohens kappa" in text or "Kappa kan ikke beregnes" in text
    assert f"Meningsytringer du fandt: {len(ANSWERS)} af {len(ANSWERS)}" in text
    assert "Enighed tur for tur: 100 %" in text
    picture = result.locator("svg[role=img]")
    assert picture.count() == 1
    assert "Borgerens ture" in picture.locator("desc").text_content()
    assert page.blocked == []
    assert "Traceback" not in page.content()
