"""Benchmark: the catching exercise in Voilà against a bare one-button notebook (the floor).

Run with ``make bench`` (or ``.venv/bin/python bench/bench_gribning.py``).  It serves both
notebooks with the course's own Voilà configuration, drives them in headless Chromium and prints:

- time to interactive (TTI): from navigation until the first button can be used, as users get
  it (preheated kernel pool) and cold (no pool: kernel start and notebook run on request);
- click-to-feedback latency, p50 and p95: from a click until the page has finished reacting
  (the last DOM change before 100 ms of quiet);
- kernel memory (RSS and USS) of the kernel behind each page after the clicks.

It prints figures and ratios against the floor and the course's targets (TTI ≤ 1.1× the floor,
p95 ≤ 150 ms, RSS ≤ 1.25× the floor); it never fails on them.  All state (Jupyter runtime,
Chromium profile) goes to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "widgets"))

from lises.excerpts.files import load_excerpts  # noqa: E402
from lises.tools.headless import is_local, launch  # noqa: E402
from lises.tools.serve import EXERCISES, stop, voila_command, voila_env, wait_for_http  # noqa: E402

FLOOR_CODE = """\
import ipywidgets as widgets

button = widgets.Button(description="Klik")
answer = widgets.HTML()
button.on_click(lambda _: setattr(answer, "value", f"<p>Klik nr. {button.n_clicks}</p>"))
button.n_clicks = 0
button.on_click(lambda _: setattr(button, "n_clicks", button.n_clicks + 1))
box = widgets.VBox([button, answer])
box.add_class("lises-floor")
box"""

# Click a button by its text, then resolve with the milliseconds until the last DOM change of
# the reaction (the reaction is over after QUIET ms without mutations).
CLICK_JS = """
async ([rootSelector, label, quiet]) => {
  const root = document.querySelector(rootSelector);
  const button = [...root.querySelectorAll('button')]
      .find(b => b.innerText.replace(/\\u00a0/g, ' ').trim() === label && !b.disabled);
  if (!button) throw new Error('no button ' + label);
  let last = null;
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
  const start = performance.now();
  button.click();
  while (last === null || performance.now() - last < quiet) {
    await new Promise(r => setTimeout(r, 5));
    if (performance.now() - start > 10000) break;
  }
  observer.disconnect();
  return last === null ? null : last - start;
}
"""
QUIET_MS = 100


@dataclass
class Figures:
    tti_served: list[float]
    tti_cold: list[float]
    clicks: list[float]
    final_feedback: list[float]
    rss: float
    uss: float


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebooks(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells.append(nbformat.v4.new_code_cell(FLOOR_CODE))
    nbformat.write(nb, folder / "floor.ipynb")
    shutil.copy2(EXERCISES / "gribning.ipynb", folder / "gribning.ipynb")


@contextmanager
def voila(folder: Path, state: Path, *extra: str):
    port = free_port()
    log = open(state / f"voila-{port}.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        voila_command(port, folder, *extra),
        env=voila_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=state,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=60, process=process)
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop(process)
        log.close()


def new_page(browser):
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
    return page


def first_control(name: str) -> str:
    return ".lises-floor button" if name == "floor" else ".lises-trainer button"


def load(browser, url: str, name: str):
    """Open the notebook; return the page and seconds until its first button is usable."""
    page = new_page(browser)
    start = time.perf_counter()
    page.goto(f"{url}/voila/render/{name}.ipynb", wait_until="commit", timeout=120_000)
    page.locator(first_control(name)).first.wait_for(state="visible", timeout=120_000)
    page.wait_for_function(
        "s => { const b = document.querySelector(s); return b && !b.disabled }",
        arg=first_control(name),
    )
    return page, time.perf_counter() - start


def close(page) -> None:
    context = page.context
    page.close(run_before_unload=True)
    context.close()


def kernel_memory(page, server: subprocess.Popen) -> tuple[float, float]:
    """RSS and USS (MB) of the kernel process behind ``page`` (found by its kernel id)."""
    kernel_id = page.evaluate(
        "() => document.body.innerHTML.match(/kernelId\\W+([0-9a-f-]{36})/)[1]"
    )
    for child in psutil.Process(server.pid).children(recursive=True):
        if any(kernel_id in part for part in child.cmdline()):
            info = child.memory_full_info()
            return info.rss / 2**20, info.uss / 2**20
    raise RuntimeError(f"no kernel process for {kernel_id}")


def click(page, root: str, label: str) -> float:
    ms = page.evaluate(CLICK_JS, [root, label, QUIET_MS])
    if ms is None:
        raise RuntimeError(f"'{label}' changed nothing")
    return ms


def run_floor(page, clicks: int) -> list[float]:
    return [click(page, ".lises-floor", "Klik") for _ in range(clicks)]


def run_trainer(page, count: int) -> tuple[list[float], list[float]]:
    """Complete each excerpt the way the key answers; return step and final-feedback latencies."""
    excerpts = load_excerpts()
    root = ".lises-trainer"
    steps, finals = [], []
    by_label = {f"{e.title} ({e.difficulty.value})": e for e in excerpts.values()}
    for index in range(count):
        page.locator(f"{root} select").select_option(index=index)
        page.wait_for_timeout(200)
        title = page.evaluate(
            f"() => document.querySelector('{root} select').selectedOptions[0].text"
        ).replace("\xa0", " ")
        answers = {k.turn: k.response.value for k in by_label[title].key}
        steps.append(click(page, root, "Start uddraget"))
        for _ in range(200):
            text = page.locator(root).inner_text().replace("\xa0", " ")
            if "Se feedback" in text:
                finals.append(click(page, root, "Se feedback"))
                break
            if "Bærer borgerens tur" in text:
                turn = int(text.split("Bærer borgerens tur")[0].rsplit("Tur ", 1)[1].split(":")[0])
                label = "Ja, markér turen" if turn in answers else "Nej, ingen meningsytring"
            elif "Hvad gjorde" in text:
                turn = int(text.split("Du markerede tur ")[-1].split(".")[0])
                label = answers[turn].capitalize()
            elif "Pause." in text:
                page.locator(f"{root} textarea").fill("Det lyder vigtigt for dig. Fortæl mere.")
                page.wait_for_timeout(100)  # let the text reach the kernel before the click
                label = "Gem mit svar og se næste tur"
            else:
                label = "Vis næste tur"
            steps.append(click(page, root, label))
        else:
            raise RuntimeError(f"excerpt {title} was not completed")
        click(page, root, "Vælg et andet uddrag")
    return steps, finals


def pool_settle(seconds: float) -> None:
    # After a page takes the preheated kernel, Voilà starts and runs the next one; measuring
    # while it does would time the refill, not the page.
    time.sleep(seconds)


def measure(browser, served: str, cold: str, server, loads: int, count: int):
    figures = {}
    tti = {"floor": ([], []), "gribning": ([], [])}
    for _ in range(loads):
        for name in tti:
            for index, url in enumerate((served, cold)):
                page, seconds = load(browser, url, name)
                tti[name][index].append(seconds)
                close(page)
            pool_settle(3)
    for name in tti:
        page, _ = load(browser, served, name)
        if name == "floor":
            clicks, finals = run_floor(page, 60), []
        else:
            clicks, finals = run_trainer(page, count)
        rss, uss = kernel_memory(page, server)
        close(page)
        figures[name] = Figures(*tti[name], clicks, finals, rss, uss)
        pool_settle(3)
    return figures


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(figures: dict[str, Figures]) -> None:
    floor, trainer = figures["floor"], figures["gribning"]

    def line(label: str, a: float, b: float, unit: str, target: str = "") -> None:
        ratio = b / a if a else float("nan")
        print(f"{label:<34}{a:>10.1f}{b:>12.1f} {unit:<3}{ratio:>8.2f}×  {target}")

    print(f"\n{'':<34}{'floor':>10}{'gribning':>12}     {'ratio':>8}   target")
    line(
        "TTI, preheated (median)",
        1000 * statistics.median(floor.tti_served),
        1000 * statistics.median(trainer.tti_served),
        "ms",
        "≤ 1.10×",
    )
    line(
        "TTI, cold kernel (median)",
        1000 * statistics.median(floor.tti_cold),
        1000 * statistics.median(trainer.tti_cold),
        "ms",
    )
    line("click-to-feedback p50", pct(floor.clicks, 0.5), pct(trainer.clicks, 0.5), "ms")
    line(
        "click-to-feedback p95",
        pct(floor.clicks, 0.95),
        pct(trainer.clicks, 0.95),
        "ms",
        "≤ 150 ms",
    )
    line("click-to-feedback max", max(floor.clicks), max(trainer.clicks), "ms")
    print(
        f"{'final feedback (score + picture)':<34}{'':>10}"
        f"{statistics.median(trainer.final_feedback):>12.1f} ms  median of "
        f"{len(trainer.final_feedback)}, max {max(trainer.final_feedback):.1f} ms"
    )
    line("kernel RSS", floor.rss, trainer.rss, "MB", "≤ 1.25×")
    line("kernel USS (private memory)", floor.uss, trainer.uss, "MB")
    print(
        f"\nSamples: {len(floor.tti_served)} loads per notebook and mode; "
        f"{len(floor.clicks)} floor clicks, {len(trainer.clicks)} trainer clicks "
        f"(quiet window {QUIET_MS} ms subtracted)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", type=int, default=5, help="page loads per notebook and mode")
    parser.add_argument("--excerpts", type=int, default=9, help="excerpts to complete")
    args = parser.parse_args(argv)

    state = Path(tempfile.mkdtemp(prefix="lises-bench-"))
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        os.environ[var] = str(state / var.lower())
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    notebooks = state / "notebooks"
    notebooks.mkdir()
    write_notebooks(notebooks)
    count = min(args.excerpts, len(load_excerpts()))

    from playwright.sync_api import sync_playwright

    try:
        with (
            voila(notebooks, state) as (served, server),
            voila(notebooks, state, "--VoilaConfiguration.preheat_kernel=False") as (cold, _),
            sync_playwright() as playwright,
        ):
            browser = launch(playwright)
            # One warm-up load each, so that the first measured load does not pay for disk caches.
            for name in ("floor", "gribning"):
                close(load(browser, served, name)[0])
            pool_settle(3)
            figures = measure(browser, served, cold, server, args.loads, count)
            browser.close()
    finally:
        shutil.rmtree(state, ignore_errors=True)
    print(f"CPU: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
