"""The command ``python -m lises.transcripts FIL --id ID --title "…"`` (``make import``).

Exit codes: 0 the excerpt was written; 1 it was not (personal data, names not accepted, an
invalid transcript or an existing file); 2 the command was used wrongly.  Messages are Danish
and never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lises.excerpts.model import Difficulty
from lises.privacy.guard import Report

from .importer import (
    DEFAULT_SETTING,
    DEFAULT_SUMMARY,
    ImportOptions,
    ImportRefused,
    check_transcript,
    parse_speaker,
    save,
)
from .limits import (
    MAX_FILE_BYTES,
    MAX_TOTAL_CHARS,
    MAX_TURN_CHARS,
    MAX_TURNS,
    check_size,
    megabytes,
    number,
)
from .readers import TranscriptError

DESCRIPTION = (
    "Importér en pseudonymiseret udskrift af en samtale (.txt, .docx, .csv eller .xlsx) som "
    "uddrag til gribningstræneren. Udskriften kontrolleres for personoplysninger, før noget "
    "gemmes: CPR-numre, telefonnumre, e-mailadresser og adresser afvises; mulige navne skal "
    "bekræftes med --accepter-navne. Kontrollen er en hjælp, ikke en garanti. "
    f"En udskrift må højst fylde {megabytes(MAX_FILE_BYTES)} og have {MAX_TURNS} ture på "
    f"højst {number(MAX_TURN_CHARS)} tegn ({number(MAX_TOTAL_CHARS)} tegn i alt)."
)
EPILOG = (
    "Eksempel: python -m lises.transcripts samtale.txt --id moede-om-praktik "
    '--title "Mødet om praktik" --prefix S=sagsbehandler:Sagsbehandler --prefix B=borger:Borger'
)
ARGPARSE_DA = {
    "the following arguments are required": "disse argumenter mangler",
    "unrecognized arguments": "ukendte argumenter",
    "expected one argument": "forventer én værdi",
    "invalid choice": "ugyldigt valg",
    "choose from": "vælg mellem",
}


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Brug: ")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        for english, danish in ARGPARSE_DA.items():
            message = message.replace(english, danish)
        self.print_usage(sys.stderr)
        self.exit(2, f"fejl: {message}\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m lises.transcripts",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_Formatter,
        add_help=False,
    )
    p._positionals.title = "argumenter"
    p._optionals.title = "tilvalg"
    p.add_argument("-h", "--help", action="help", help="vis denne hjælp og stop")
    p.add_argument("fil", metavar="FIL", help="udskriften: .txt, .docx, .csv eller .xlsx")
    p.add_argument("--id", required=True, help="uddragets id: små bogstaver, tal og bindestreg")
    p.add_argument("--title", "--titel", dest="title", required=True, help="uddragets titel")
    p.add_argument(
        "--setting",
        "--ramme",
        dest="setting",
        default=DEFAULT_SETTING,
        help="hvor og hvorfor samtalen finder sted",
    )
    p.add_argument(
        "--summary",
        "--resume",
        dest="summary",
        default=DEFAULT_SUMMARY,
        help="en-to sætninger, der vises før uddraget",
    )
    p.add_argument(
        "--difficulty",
        "--svaerhed",
        dest="difficulty",
        default="middel",
        choices=[d.value for d in Difficulty],
        help="sværhedsgrad (standard: middel)",
    )
    p.add_argument(
        "--prefix",
        action="append",
        metavar="KODE=rolle:Navn",
        help="en talerkode, fx S=sagsbehandler:Sagsbehandler (kan gentages; "
        "standard: S=sagsbehandler og B=borger)",
    )
    p.add_argument(
        "--accepter-navne",
        action="store_true",
        help="gem, selv om der er ord, der måske er navne (du har tjekket dem)",
    )
    p.add_argument(
        "--overskriv", action="store_true", help="erstat et eksisterende uddrag med samme id"
    )
    p.add_argument(
        "--mappe",
        type=Path,
        default=None,
        help="mappen, uddraget gemmes i (standard: LISES_LOCAL_DIR/uddrag)",
    )
    return p


def print_report(report: Report) -> None:
    if report.refusals:
        print("Personoplysninger, der skal fjernes, før uddraget kan gemmes:")
        for finding in report.refusals:
            print(f"  AFVIST  {finding.message}")
    if report.warnings:
        print("Ord, der måske er navne:")
        for finding in report.warnings:
            print(f"  ADVARSEL  {finding.message}")
    if report.note:
        print(report.note)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        speakers = tuple(parse_speaker(s) for s in args.prefix) if args.prefix else None
    except ValueError as error:
        print(f"fejl: {error}", file=sys.stderr)
        return 2
    path = Path(args.fil)
    if not path.is_file():
        print(f"fejl: filen {path} findes ikke", file=sys.stderr)
        return 2
    fields = {"speakers": speakers} if speakers else {}
    options = ImportOptions(
        id=args.id,
        title=args.title,
        setting=args.setting,
        summary=args.summary,
        difficulty=Difficulty(args.difficulty),
        **fields,
    )
    try:
        # the size on disk first: a huge file is refused without being read into memory
        check_size(path.stat().st_size, path.name)
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)  # + 1: a file that grew since is still refused
        checked = check_transcript(data, path.name, options)
    except TranscriptError as error:
        print(f"Udskriften kan ikke importeres:\n{error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"fejl: filen {path} kan ikke læses ({error.strerror})", file=sys.stderr)
        return 1
    print_report(checked.report)
    try:
        target = save(
            checked, args.mappe, accept_names=args.accepter_navne, overwrite=args.overskriv
        )
    except ImportRefused as error:
        hint = ""
        if error.report and not error.report.refusals and error.report.warnings:
            hint = "\nTjek ordene ovenfor; er de ikke navne, så kør igen med --accepter-navne."
        print(f"{error}{hint}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Uddraget kunne ikke gemmes ({error.strerror}).", file=sys.stderr)
        return 1
    turns = len(checked.excerpt.turns)
    print(f"Gemt: {target} ({turns} ture). Åbn gribningstræneren og vælg '{options.title}'.")
    return 0
