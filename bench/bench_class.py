"""Benchmark: an instructor's class opening the catching exercise at once.

Run with ``make bench-class STUDENTS=30 POOL=4`` (or ``.venv/bin/python bench/bench_class.py
--students 30 --pool 4``).  It starts exactly the command an instructor runs, ``make class
POOL=4``, that is ``python -m lises.tools.serve --class --pool 4``: the same three learner
notebooks, the course's Voilà configuration (``etc/jupyter/voila.json`` through
``lises.tools.serve.voila_env``), the same pools and kernel cap.  As ``bench_room.py`` and
``tests/class_server.py`` start their servers, it adds only what keeps it on this machine: a free
port and ``--host 127.0.0.1`` (loopback, not the whole network), with the Jupyter runtime folder
and IPython's folder in a throw-away temporary folder (the rest of the environment is the
caller's: under ``make``, the Makefile's ``.state``).  The token is the random one the server
makes, read from the link it prints, and the students open that printed link as it is.

When the pools are filled (as they are by the time an instructor has shown the link), one
headless Chromium (Debian's, :mod:`lises.tools.headless`) opens the link in ``--students``
browser contexts at the same moment, one context per student.  Each student waits until the
exercise is usable as a person sees it (the excerpt chooser and "Start uddraget" visible and
enabled; the page is hidden behind "Øvelsen indlæses …" until then), then, with the keyboard
only, chooses an excerpt, starts it and answers the first ``--steps`` steps.  A key press's
feedback time runs from the key's ``keydown`` until the exercise's text has changed, has stayed
quiet for 100 ms and, after an Enter, the focus is on the next step's first control (where every
answered step puts it).

It prints (targets are not asserted; it never fails on the figures): students ready, time to
usable p50/p95/max (and when the server had delivered the page), key-to-feedback p50/p95, kernels
started, the peak of the server's RSS summed over the server and its kernels (and a kernel's RSS
and USS at the end), the server's CPU seconds, and every page that showed the "fuldt" page, an
error page or the "afbrudt" banner, or was still loading or blank when its student gave up
(``--timeout``).  The browser runs on the same cores as the server and competes with it: its own
CPU seconds (Chromium and Playwright's driver) are printed apart, and so is what the rest of the
machine used meanwhile (other programs on a shared machine slow everything down).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "widgets"))

from lises.excerpts.files import load_excerpts  # noqa: E402
from lises.gribning.texts import option_label  # noqa: E402
from lises.tools.headless import launch  # noqa: E402

EXERCISE = "gribning"
ROOT = ".lises-trainer"
QUIET_MS = 100
LINK = re.compile(r"^\s+(\S+)\s+(http://\S+)\s*$", re.MULTILINE)
REPLY = "Det lyder vigtigt for dig. Fortæl mig mere om det."
# Requests that would leave the machine (a third-party font or script): refused, and counted.
REMOTE = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")

# What the page shows, as a person sees it: 'klar' once the chooser and the start button can be
# used, or what stands in their way.
STATE_JS = """
(root) => {
  const seen = e => e && e.checkVisibility() && e.getClientRects().length > 0;
  if (seen(document.querySelector('.lises-afbrudt'))) return 'afbrudt';
  if (document.querySelector('.lises-error-code'))  // the lises template's error pages
    return document.title.includes('fulde') ? 'fuldt' : 'fejlside';
  if (document.querySelector('[data-mime-type="application/vnd.jupyter.error"], '
      + '[data-mime-type="application/vnd.jupyter.stderr"]')) return 'fejl i øvelsen';
  const trainer = document.querySelector(root);
  if (!trainer) return null;
  const chooser = trainer.querySelector('select');
  const start = [...trainer.querySelectorAll('button')]
      .find(b => b.textContent.trim() === 'Start uddraget');
  return seen(chooser) && !chooser.disabled && seen(start) && !start.disabled ? 'klar' : null;
}
"""
# Why a page is not usable when a student gives up waiting.
WHY_JS = """
() => {
  const loading = document.getElementById('loading');
  if (loading) return 'indlæses stadig: ' + loading.innerText.trim();
  if (!document.querySelector('.jp-OutputArea-output')) return 'tom side: intet output fra øvelsen';
  return 'øvelsen er ikke tegnet færdig';
}
"""
# Before a key press: note the keydown's time, the control it was pressed on and every change in
# the exercise after it.  Each answer's screen ends by moving the focus to its first control, so
# an Enter has been answered once the focus is on a new control; an arrow key in the chooser
# changes only the excerpt's introduction.
ARM_JS = """
([root, moves]) => {
  const r = document.querySelector(root);
  const s = {before: r.innerText, key: null, last: null, on: document.activeElement, moves};
  window.__bench = s;
  document.addEventListener('keydown', () => { if (s.key === null) s.key = performance.now(); },
                            {capture: true, once: true});
  s.observer = new MutationObserver(() => { if (s.key !== null) s.last = performance.now(); });
  s.observer.observe(r, {subtree: true, childList: true, characterData: true, attributes: true});
}
"""
SETTLED_JS = """
([root, quiet]) => {
  const s = window.__bench;
  const r = document.querySelector(root);
  const now = document.activeElement;
  const moved = now !== s.on && r.contains(now)
      && ['BUTTON', 'SELECT', 'TEXTAREA'].includes(now.tagName);
  return s.key !== null && s.last !== null && performance.now() - s.last >= quiet
      && r.innerText !== s.before && (moved || !s.moves);
}
"""
# The control that has the focus, as 'BUTTON Vis næste tur' (a select shows only its tag);
# anything else (the page itself while a screen is being replaced) is not a control.
FOCUSED_JS = """
() => { const e = document.activeElement;
  if (!e || !['BUTTON', 'SELECT', 'TEXTAREA', 'INPUT'].includes(e.tagName)) return '';
  return e.tagName + ' ' + (e.tagName === 'SELECT' ? '' : (e.innerText || e.value || '')) }
"""


@dataclass
class Student:
    number: int
    ready_s: float | None = None
    delivered_s: float | None = None
    outcome: str = "ikke klar"
    feedback_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Sampler(threading.Thread):
    """Every half second: RSS summed over the server's process tree (peak), the kernels seen,
    and each process's CPU seconds (kept after it exits); the same for the browser's processes
    (this process's other children: Playwright's driver and Chromium)."""

    def __init__(self, server: psutil.Process):
        super().__init__(daemon=True)
        self.server = server
        self.stopped = threading.Event()
        self.rss_peak = 0.0
        self.kernels: set[int] = set()
        self.cpu: dict[int, float] = {}
        self.browser_cpu: dict[int, float] = {}

    def tree(self) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            return [self.server, *self.server.children(recursive=True)]
        return []

    def sample(self) -> None:
        server = self.tree()
        rss = self._walk(server, self.cpu)
        self.rss_peak = max(self.rss_peak, rss)
        for proc in server:
            with contextlib.suppress(psutil.Error):
                if "ipykernel" in " ".join(proc.cmdline()):
                    self.kernels.add(proc.pid)
        own = {p.pid for p in server}
        with contextlib.suppress(psutil.Error):
            browser = [p for p in psutil.Process().children(recursive=True) if p.pid not in own]
            self._walk(browser, self.browser_cpu)

    @staticmethod
    def _walk(procs: list[psutil.Process], cpu: dict[int, float]) -> float:
        total = 0
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                cpu[proc.pid] = times.user + times.system
                total += proc.memory_info().rss
        return total / 2**20

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            self.sample()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_class(
    pool: int, students: int, max_kernels: int | None, folder: Path
) -> tuple[subprocess.Popen, str]:
    """``python -m lises.tools.serve --class --pool N --students M`` (``make class POOL=N
    STUDENTS=M``) on a loopback port; the printed link."""
    command = [sys.executable, "-m", "lises.tools.serve", "--class", "--pool", str(pool)]
    command += ["--students", str(students)]
    command += ["--voila-port", str(free_port()), "--host", "127.0.0.1"]
    command += [] if max_kernels is None else ["--max-kernels", str(max_kernels)]
    env = os.environ | {
        "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
        "IPYTHONDIR": str(folder / "ipython"),
    }
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR"):  # run outside make: not under $HOME
        env.setdefault(var, str(folder / var.lower()))
    print("$ python", " ".join(command[1:]), flush=True)
    log = folder / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=folder,
            start_new_session=True,  # whatever is left at the end can be found and ended
        )
    deadline = time.monotonic() + 180
    while not (links := dict(LINK.findall(read(log)))):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_class(process)
            raise RuntimeError(f"holdets server startede ikke:\n{read(log)[-3000:]}")
        time.sleep(0.3)
    if EXERCISE not in links:
        stop_class(process)
        raise RuntimeError(f"serveren tilbyder ikke {EXERCISE}: {', '.join(links)}")
    return process, links[EXERCISE]


def read(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")


def stop_class(process: subprocess.Popen) -> None:
    """SIGTERM as a service manager sends it (the server stops Voilà), then the leftovers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=60)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # only what is left behind
    process.wait()


def wait_for_pools(log: Path, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while read(log).count("is filled with") < 3:  # the three learner pages' pools
        if time.monotonic() > deadline:
            raise TimeoutError(f"puljerne blev ikke fyldt:\n{read(log)[-3000:]}")
        time.sleep(0.5)


async def focus(page, label: str, limit: int = 40) -> None:
    """Tab until the focused element's text contains ``label``, as a keyboard user does."""
    for _ in range(limit):
        if label.lower() in (await page.evaluate(FOCUSED_JS)).lower():
            return
        await page.keyboard.press("Tab")
    raise RuntimeError(f"'{label}' blev ikke nået med Tab")


async def press(page, key: str, what: str, timeout_ms: float = 120_000) -> float:
    """Press ``key`` on ``what``; milliseconds from its keydown until the exercise has reacted."""
    await page.evaluate(ARM_JS, [ROOT, key == "Enter"])
    await page.keyboard.press(key)
    try:
        await page.wait_for_function(
            SETTLED_JS, arg=[ROOT, QUIET_MS], polling=20, timeout=timeout_ms
        )
    except Exception as error:
        seen = await page.evaluate(
            "(root) => { const s = window.__bench; return [s.key !== null, s.last !== null, "
            "document.querySelector(root).innerText !== s.before, "
            "document.activeElement !== s.on] }",
            ROOT,
        )
        raise RuntimeError(
            f"{key} på {what!r}: ingen færdig reaktion på {timeout_ms / 1000:.0f} s "
            f"(tast set, ændring set, tekst ændret, fokus flyttet: {seen}; {type(error).__name__})"
        ) from error
    return await page.evaluate(
        "() => { const s = window.__bench; s.observer.disconnect(); return s.last - s.key }"
    )


async def work(page, student: Student, steps: int, answers: dict[str, dict[int, str]]) -> None:
    """Choose an excerpt, start it and answer ``steps`` steps, with the keyboard only."""
    await focus(page, "SELECT")
    for _ in range(student.number % 3 + 1):  # the students spread over the first excerpts
        student.feedback_ms.append(await press(page, "ArrowDown", "Vælg uddrag"))
    label = await page.evaluate(
        f"() => document.querySelector('{ROOT} select').selectedOptions[0].text"
    )
    key = answers.get(label.replace("\xa0", " "), {})
    await focus(page, "Start uddraget")
    student.feedback_ms.append(await press(page, "Enter", "Start uddraget"))
    for _ in range(steps):
        text = (await page.locator(ROOT).inner_text()).replace("\xa0", " ")
        if "Se feedback" in text:
            break
        if "Bærer borgerens tur" in text:
            turn = int(text.split("Bærer borgerens tur")[0].rsplit("Tur ", 1)[1].split(":")[0])
            target = "Ja, markér turen" if turn in key else "Nej, ingen meningsytring"
        elif "Hvad gjorde" in text:
            turn = int(text.split("Du markerede tur ")[-1].split(".")[0])
            target = key.get(turn, "spejle").capitalize()
        elif "Pause." in text:
            await focus(page, "TEXTAREA")
            await page.keyboard.type(REPLY)
            target = "Gem mit svar"
        else:
            target = "Vis næste tur"
        await focus(page, target)
        student.feedback_ms.append(await press(page, "Enter", target))


async def attend(context, link: str, student: Student, start: asyncio.Event, args) -> None:
    page = context.pages[0]
    await start.wait()
    began = time.perf_counter()
    arrival = None
    try:
        response = await page.goto(link, wait_until="commit", timeout=args.timeout * 1000)

        async def delivered() -> None:
            await response.finished()  # the last byte of the page: Voilà has run the notebook
            student.delivered_s = time.perf_counter() - began

        arrival = asyncio.create_task(delivered())
        handle = await page.wait_for_function(
            STATE_JS, arg=ROOT, polling=100, timeout=args.timeout * 1000
        )
        student.outcome = await handle.json_value()
        if student.outcome != "klar":
            return
        student.ready_s = time.perf_counter() - began
        await arrival
        await work(page, student, args.steps, args.answers)
    except Exception as error:  # a student's failure is a figure, not the end of the run
        if student.outcome == "ikke klar":
            with contextlib.suppress(Exception):
                student.outcome = f"ikke klar ({await page.evaluate(WHY_JS)})"
        student.problems.append(f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
        if args.shots:
            with contextlib.suppress(Exception):
                args.shots.mkdir(parents=True, exist_ok=True)
                await page.screenshot(path=args.shots / f"student-{student.number}.png")
    finally:
        if arrival is not None and not arrival.done():
            arrival.cancel()
        with contextlib.suppress(Exception):
            late = await page.evaluate(STATE_JS, ROOT)
            if late not in (None, "klar", student.outcome):
                student.problems.append(f"siden viste til sidst: {late}")


async def run_class(link: str, args, sampler: Sampler) -> tuple[list[Student], float, int]:
    from playwright.async_api import async_playwright

    students = [Student(number) for number in range(1, args.students + 1)]
    blocked = []
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        contexts = []
        for _ in students:  # made beforehand: the class arrives at once, not one by one
            context = await browser.new_context(locale="da-DK")
            await context.route(REMOTE, lambda r: blocked.append(r.request.url) or r.abort())
            await context.new_page()
            contexts.append(context)
        start = asyncio.Event()
        tasks = [attend(c, link, s, start, args) for c, s in zip(contexts, students, strict=True)]
        gathered = asyncio.gather(*tasks)
        await asyncio.sleep(1)
        sampler.sample()
        began = time.perf_counter()
        start.set()
        await gathered
        elapsed = time.perf_counter() - began
        await browser.close()
    return students, elapsed, len(blocked)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (every core, every program) since boot."""
    times = psutil.cpu_times()  # guest time is already in user time; steal is not ours
    busy = ("user", "nice", "system", "irq", "softirq")
    return sum(getattr(times, name, 0.0) for name in busy)


def kernel_memory(server: psutil.Process) -> tuple[int, float, float]:
    """Kernels running, their mean RSS and mean USS (private memory), in MB."""
    rss, uss = [], []
    for proc in server.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "ipykernel" in " ".join(proc.cmdline()):
                info = proc.memory_full_info()
                rss.append(info.rss / 2**20)
                uss.append(info.uss / 2**20)
    n = len(rss) or 1
    return len(rss), sum(rss) / n, sum(uss) / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--pool", type=int, default=4, help="the class server's --pool")
    parser.add_argument("--max-kernels", type=int, help="the class server's --max-kernels")
    parser.add_argument("--steps", type=int, default=5, help="steps answered after the start")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a student waits")
    parser.add_argument("--shots", type=Path, help="screenshots of failed pages go here")
    parser.add_argument("--keep-log", type=Path, help="copy the server's output to this file")
    args = parser.parse_args(argv)
    args.answers = {
        option_label(e): {k.turn: k.response.value for k in e.key} for e in load_excerpts().values()
    }
    try:
        return measure(args)
    except (RuntimeError, TimeoutError) as error:  # the server did not start, or its pools
        print(f"bench/bench_class.py: målingen stoppede: {error}", file=sys.stderr)
        return 1


def measure(args: argparse.Namespace) -> int:
    """Start the class server, let the class arrive, print the figures."""
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="lises-bench-class-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        process, link = start_class(args.pool, args.students, args.max_kernels, folder)
        try:
            server = psutil.Process(process.pid)
            sampler = Sampler(server)
            sampler.start()
            wait_for_pools(folder / "server.log")
            pools_s = time.perf_counter() - started
            sampler.sample()
            idle_rss, idle_kernels = sampler.rss_peak, len(sampler.kernels)
            idle_cpu = sum(sampler.cpu.values())
            machine, own, wall = busy_seconds(), time.process_time(), time.perf_counter()
            students, elapsed, blocked = asyncio.run(run_class(link, args, sampler))
            machine, own = busy_seconds() - machine, time.process_time() - own
            wall = time.perf_counter() - wall
            sampler.sample()
            running, kernel_rss, kernel_uss = kernel_memory(server)
            sampler.stopped.set()
        finally:
            stop_class(process)
            log = read(folder / "server.log")
            if args.keep_log:
                args.keep_log.write_text(log, encoding="utf-8")
    ready = [s for s in students if s.outcome == "klar"]
    times = [s.ready_s for s in ready if s.ready_s is not None]
    feedback = [ms for s in students for ms in s.feedback_ms]
    served = [s.delivered_s for s in ready if s.delivered_s is not None]
    cpu = sum(sampler.cpu.values())
    browser_cpu = sum(sampler.browser_cpu.values())
    n = len(students)
    print(
        f"\nmachine: {os.cpu_count()} cores, load average before the run "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min)"
    )
    print(
        f"server up and pools filled in {pools_s:.1f} s: {idle_kernels} kernels, "
        f"{idle_rss:.0f} MB, {idle_cpu:.1f} CPU s"
    )
    print(f"students ready: {len(ready)} of {n}")
    if times:
        print(
            f"time to usable: p50 {pct(times, 0.5):.1f} s, p95 {pct(times, 0.95):.1f} s, "
            f"max {max(times):.1f} s; first {min(times):.1f} s; each: "
            + " ".join(f"{t:.0f}" for t in sorted(times))
        )
    if served:
        print(
            f"page delivered by the server (last byte): p50 {pct(served, 0.5):.1f} s, "
            f"p95 {pct(served, 0.95):.1f} s, max {max(served):.1f} s; the rest of the time "
            "to usable is the browser's JavaScript building the page"
        )
    print(
        f"key-to-feedback: p50 {pct(feedback, 0.5):.0f} ms, p95 {pct(feedback, 0.95):.0f} ms, "
        f"max {max(feedback, default=0):.0f} ms ({len(feedback)} key presses)"
    )
    print(
        f"kernels started: {len(sampler.kernels)} ({len(sampler.kernels) - idle_kernels} "
        f"during the class); running at the end: {running}; refused as 'fuldt': "
        f"{log.count('Ingen ny kerne')}"
    )
    print(
        f"server RSS peak (server + kernels): {sampler.rss_peak:.0f} MB; a kernel at the end: "
        f"RSS {kernel_rss:.0f} MB, USS {kernel_uss:.0f} MB (private) on average"
    )
    print(
        f"server CPU: {cpu:.1f} s (of which start and pools {idle_cpu:.1f} s); "
        f"the class took {elapsed:.1f} s"
    )
    print(
        f"browser CPU: {browser_cpu:.1f} s "
        f"(one Chromium, {n} contexts, on the same {os.cpu_count()} cores as the server: "
        "the students' browsers compete with it, which real students' machines do not)"
    )
    others = machine - (cpu - idle_cpu) - browser_cpu - own
    print(
        f"the whole machine was busy {machine:.1f} of {wall * (os.cpu_count() or 1):.0f} CPU s "
        f"in the {wall:.0f} s of the browser's run (start to close): the server "
        f"{cpu - idle_cpu:.1f} s, the browser {browser_cpu:.1f} s, this script {own:.1f} s, "
        f"other programs about {max(others, 0):.1f} s"
    )
    lost = log.count("Timeout waiting for IOPub output")
    if lost:
        print(
            f"Voilà gave up waiting for a notebook's output {lost} times (its 4 s IOPub "
            "timeout, 'Timeout waiting for IOPub output' in the server's output): such a page "
            "shows no exercise"
        )
    if blocked:
        print(f"requests that would have left the machine (refused): {blocked}")
    for s in students:
        if s.outcome != "klar" or s.problems:
            print(f"  student {s.number}: {s.outcome}; {'; '.join(s.problems) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
