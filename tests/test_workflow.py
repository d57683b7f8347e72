"""The Pages workflow (``.github/workflows/publish.yml``) against the README, CI and the build.

The workflow must build and test the book with exactly the README's test command (the one
``.ci/run`` runs), for the address Pages reports, and publish what that command built: the site
from ``_build/html`` on pushes to main, the PDFs from ``_build/html/_downloads`` on tags ``v*``.
Each check reads the other side from its source (README.md, .ci/run, the Makefile, the
publishing extension, :mod:`lises.tools.book_pdf`), so none of them can drift apart unnoticed.
Plain file reading: no network, no build.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import re
import shlex
from importlib.resources import files
from pathlib import PurePosixPath

import jsonschema
import pytest
import yaml

from conftest import REPO
from lises.core import paths
from lises.tools.book_pdf import BOOK_PDF, DOWNLOADS, HANDOUTS_PDF, SUMMARY_JSON, handout_filename

WORKFLOW_FILE = REPO / ".github" / "workflows" / "publish.yml"
WORKFLOW = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))
JOBS = WORKFLOW["jobs"]
# YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
TRIGGERS = WORKFLOW.get("on", WORKFLOW.get(True))

MAIN = "refs/heads/main"
TAG = "refs/tags/v2.0"
OTHER_BRANCH = "refs/heads/ny-tekst"
# A handout's file name as book_pdf makes it (the real headings live in the built book).
SOME_HANDOUT = handout_filename("Dagsorden for workshoppen")
RELEASED_PDFS = [BOOK_PDF, HANDOUTS_PDF, SOME_HANDOUT]


def _readme_test_command() -> str:
    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    section = re.search(r"^### The two commands\n(.*?)(?=^#|\Z)", readme, re.M | re.S)
    assert section, "README.md has no section '### The two commands'"
    row = re.search(r"^\|\s*run every test[^|]*\|\s*`([^`]+)`\s*\|", section.group(1), re.M)
    assert row, "'### The two commands' has no table row 'run every test …' with a command"
    return row.group(1).strip()


README_TEST_COMMAND = _readme_test_command()


def _steps(job: str) -> list[dict]:
    return JOBS[job]["steps"]


def _step(job: str, *, step_id: str | None = None, uses: str | None = None) -> dict:
    found = [
        step
        for step in _steps(job)
        if (step_id is None or step.get("id") == step_id)
        and (uses is None or str(step.get("uses", "")).split("@")[0] == uses)
    ]
    assert len(found) == 1, f"job {job!r} has {len(found)} steps with id={step_id!r} uses={uses!r}"
    return found[0]


def _runs_for(condition: str | None, ref: str) -> bool:
    """Whether a job's or step's ``if:`` lets a run of ``ref`` through.

    Only the two forms this workflow uses are understood; anything else fails the test, so a
    new condition is read by a person rather than guessed at here.
    """
    if condition is None:
        return True
    expression = condition.strip().removeprefix("${{").removesuffix("}}").strip()
    equal = re.fullmatch(r"github\.ref\s*==\s*'([^']+)'", expression)
    if equal:
        return ref == equal.group(1)
    starts = re.fullmatch(r"startsWith\(\s*github\.ref\s*,\s*'([^']+)'\s*\)", expression)
    if starts:
        return ref.startswith(starts.group(1))
    pytest.fail(f"the test does not understand the condition {condition!r}")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _commands(script: str) -> list[list[str]]:
    """The commands of a ``run:`` script, each as its words, without variable assignments."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
            words = words[1:]
        if words:
            commands.append(words)
    return commands


def test_triggers_are_main_tags_and_by_hand():
    assert TRIGGERS is not None, "publish.yml has no 'on:' section"
    assert TRIGGERS["push"]["branches"] == ["main"], TRIGGERS["push"]
    assert TRIGGERS["push"]["tags"] == ["v*"], TRIGGERS["push"]
    assert "workflow_dispatch" in TRIGGERS, "the workflow cannot be started by hand"
    assert set(TRIGGERS) == {"push", "workflow_dispatch"}, f"unexpected triggers: {set(TRIGGERS)}"


def test_permissions_are_read_only_unless_a_job_asks():
    assert WORKFLOW["permissions"] == {"contents": "read"}, WORKFLOW["permissions"]


def test_a_running_deployment_is_never_cancelled():
    concurrency = WORKFLOW["concurrency"]
    assert concurrency["cancel-in-progress"] is False, "a newer push would cut a deploy short"
    assert concurrency["group"].startswith("pages"), concurrency
    # Per ref: a tag's release run waiting in the queue is not replaced by a push to main.
    assert "${{ github.ref }}" in concurrency["group"], concurrency


def test_readme_ci_and_workflow_run_the_same_test_command():
    ci_lines = [
        line.strip()
        for line in REPO.joinpath(".ci", "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_lines[-1] == README_TEST_COMMAND, (
        f".ci/run ends with {ci_lines[-1]!r}, the README's test command is {README_TEST_COMMAND!r}"
    )
    build = _step("build", step_id="build")
    assert build["run"].strip() == README_TEST_COMMAND, (
        f"the workflow builds with {build['run']!r}, the README says {README_TEST_COMMAND!r}"
    )


def test_no_other_step_builds_or_tests_on_its_own():
    # Everything the site and the release hold comes from the README's command, nothing else.
    for name, job in JOBS.items():
        for step in job.get("steps", []):
            if step.get("id") == "build" and name == "build":
                continue
            for words in _commands(step.get("run", "")):
                program = PurePosixPath(words[0]).name
                builds = program in {"make", "jupyter-book", "pytest"} or any(
                    module in words for module in ("pytest", "lises.tools.book_pdf")
                )
                assert not builds, f"job {name!r} runs {words} outside the README's command"


def test_build_runs_on_the_readmes_debian_as_root_with_git_first():
    job = JOBS["build"]
    assert job["runs-on"] == "ubuntu-latest"
    assert job["container"]["image"] == "debian:bookworm", "README's platform is Debian 12"
    steps = _steps("build")
    checkout = steps.index(_step("build", uses="actions/checkout"))
    (prepare,) = [step for step in steps if "apt-get install" in step.get("run", "")]
    assert steps.index(prepare) < checkout, "git must be installed before actions/checkout"
    commands = _commands(prepare["run"])
    assert not [words for words in commands if words[0] == "sudo"], "the container has no sudo"
    (install,) = [words for words in commands if words[:2] == ["apt-get", "install"]]
    for package in ("git", "make", "python3", "python3-venv", "nodejs", "npm", "ca-certificates"):
        assert package in install, f"the README's prerequisite {package} is not installed"
    # make test runs pytest with an empty $HOME: only the system git config reaches it there.
    safe = ["git", "config", "--system", "--add", "safe.directory", "$GITHUB_WORKSPACE"]
    assert safe in commands, "git would refuse the workspace, which another user owns"


def test_the_site_is_built_for_the_address_pages_reports():
    spec = importlib.util.spec_from_file_location(
        "lises_publishing", REPO / "book" / "_ext" / "lises_publishing.py"
    )
    publishing = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(publishing)
    steps = _steps("build")
    pages = _step("build", uses="actions/configure-pages")
    build = _step("build", step_id="build")
    assert pages.get("id") == "pages", "configure-pages needs id 'pages' for its outputs"
    assert steps.index(pages) < steps.index(build), "the address must be known before building"
    assert build["env"] == {
        publishing.ENVIRONMENT_VARIABLE: "${{ steps.pages.outputs.base_url }}/"
    }, build.get("env")
    # Reading the Pages settings of a private repository needs pages: read.
    assert JOBS["build"]["permissions"]["pages"] == "read", JOBS["build"]["permissions"]


def test_pages_get_the_folder_the_book_is_built_into():
    makefile = REPO.joinpath("Makefile").read_text(encoding="utf-8")
    build_line = re.search(r"jupyter-book build (\S+)(.*)", makefile)
    assert build_line, "the Makefile has no `jupyter-book build` line"
    # Jupyter Book writes to <source>/_build/html unless told otherwise.
    assert "--path-output" not in build_line.group(2), build_line.group(0)
    assert "--builder" not in build_line.group(2), build_line.group(0)
    built_into = PurePosixPath(build_line.group(1)) / "_build" / "html"
    upload = _step("build", uses="actions/upload-pages-artifact")
    assert PurePosixPath(upload["with"]["path"]) == built_into, upload["with"]
    # The same folder the PDF step and the tests read as the built book.
    assert REPO / built_into == paths.BOOK_HTML, "lises.core.paths reads another folder"


@pytest.mark.parametrize(("ref", "published"), [(MAIN, True), (TAG, False), (OTHER_BRANCH, False)])
def test_only_main_is_uploaded_and_deployed(ref, published):
    upload = _step("build", uses="actions/upload-pages-artifact")
    deploy = JOBS["deploy"]
    assert _runs_for(upload.get("if"), ref) is published, (ref, upload.get("if"))
    assert _runs_for(deploy.get("if"), ref) is published, (ref, deploy.get("if"))


def test_deploy_uses_pages_own_deployment():
    deploy = JOBS["deploy"]
    assert deploy["needs"] in ("build", ["build"]), deploy["needs"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}, deploy["permissions"]
    assert deploy["environment"]["name"] == "github-pages"
    step = _step("deploy", uses="actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


@pytest.mark.parametrize(("ref", "released"), [(TAG, True), (MAIN, False), (OTHER_BRANCH, False)])
def test_release_runs_only_for_version_tags(ref, released):
    assert _runs_for(JOBS["release"].get("if"), ref) is released, JOBS["release"].get("if")


def test_release_attaches_the_pdfs_the_build_makes():
    release = JOBS["release"]
    assert release["needs"] in ("build", ["build"]), release["needs"]
    assert release["permissions"] == {"contents": "write"}, release["permissions"]

    upload = _step("build", uses="actions/upload-artifact")
    uploaded = _lines(upload["with"]["path"])
    assert all(PurePosixPath(p).parent == PurePosixPath("_build/html", DOWNLOADS) for p in uploaded)
    assert upload["with"]["if-no-files-found"] == "error", "a missing PDF must fail the build"

    download = _step("release", uses="actions/download-artifact")
    assert download["with"]["name"] == upload["with"]["name"], "release fetches another artifact"
    gh_release = _step("release", uses="softprops/action-gh-release")
    attached = _lines(gh_release["with"]["files"])
    assert all(PurePosixPath(p).parent == PurePosixPath(download["with"]["path"]) for p in attached)
    assert gh_release["with"]["fail_on_unmatched_files"] is True

    for patterns, what in ((uploaded, "uploaded"), (attached, "attached to the release")):
        names = [PurePosixPath(p).name for p in patterns]
        for pdf in RELEASED_PDFS:
            matching = [n for n in names if fnmatch.fnmatchcase(pdf, n)]
            assert len(matching) == 1, f"{pdf} is {what} by {matching} (of {names})"
        assert not any(fnmatch.fnmatchcase(SUMMARY_JSON, n) for n in names), SUMMARY_JSON


def _uses() -> list[str]:
    return [
        step["uses"] for job in JOBS.values() for step in job.get("steps", []) if "uses" in step
    ]


@pytest.mark.parametrize("uses", _uses())
def test_every_action_is_pinned(uses):
    assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", uses), (
        f"{uses} is not pinned to a version tag or a commit (a branch like @main moves)"
    )


def test_workflow_matches_githubs_schema():
    # GitHub's published workflow schema, as vendored by check-jsonschema (pinned): offline, so
    # a misspelt key or permission ("runs_on", "pages: reed") fails here, not on GitHub.
    vendored = files("check_jsonschema.builtin_schemas.vendor") / "github-workflows.json"
    schema = json.loads(vendored.read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1); the schema names it "on".
    workflow = {("on" if key is True else key): value for key, value in WORKFLOW.items()}
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft7Validator(schema).iter_errors(workflow)
    ]
    assert not errors, errors
    broken = {**workflow, "jobs": {**workflow["jobs"], "build": {**workflow["jobs"]["build"]}}}
    broken["jobs"]["build"]["runs_on"] = broken["jobs"]["build"].pop("runs-on")
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken)), "the schema checks keys"
