"""Write a thin notebook: optional markdown, then one import and one call (used to create the
course's notebooks so they all have the same shape: kernel spec, language, hidden code)."""

from __future__ import annotations

import argparse

import nbformat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--markdown", default="")
    parser.add_argument("--title", default="", help="the page title (Voilà's browser tab)")
    parser.add_argument("--code", required=True)
    parser.add_argument("--hide-input", action="store_true", help="tag the code cell remove-input")
    args = parser.parse_args()

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    if args.title:
        nb.metadata["title"] = args.title
    if args.markdown:
        nb.cells.append(nbformat.v4.new_markdown_cell(args.markdown))
    code = nbformat.v4.new_code_cell(args.code)
    if args.hide_input:
        code.metadata["tags"] = ["remove-input"]
    nb.cells.append(code)
    for i, cell in enumerate(nb.cells):
        cell["id"] = str(i)  # the ids nbstripout would give
    nbformat.write(nb, args.path)


if __name__ == "__main__":
    main()
