"""The recommendations for a saved assessment, for integrations and tests.

    python -m widgets.needs recommend ASSESSMENT.json

prints ``{"offers": [...]}`` (see :func:`curriculum.recommend.as_json`), best first, for a
needs-assessment file of any version or a workshop file. A file that cannot be used gets one
plain line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def recommend_file(path: Path, lang: str = "en") -> dict:
    """The offers for the assessment in ``path``; FileProblem or OSError when it cannot be read."""
    from curriculum.recommend import as_json, recommend

    from ..catalogue import catalogue
    from ..flow.model import assessment_of
    from .model import summary_of

    rec = assessment_of(path.read_bytes())
    cur = catalogue(lang).curriculum
    return as_json(cur, recommend(cur, summary_of(rec).person))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.needs", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("recommend", help="print the offers for a saved assessment as JSON, best first")
    rec.add_argument("assessment", type=Path, help="a saved needs assessment (.json, any version) or workshop file")
    rec.add_argument("--lang", default="en", help="the language of titles and reasons (default: en)")
    args = parser.parse_args(argv)

    from curriculum import CurriculumError
    from curriculum.i18n import normalise_language, set_language

    from ..files import FileProblem

    lang = normalise_language(args.lang)
    set_language(lang)
    try:
        result = recommend_file(args.assessment, lang)
    except FileProblem as exc:
        print(f"{args.assessment}: {' '.join(exc.messages)}", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"{args.assessment}: this is a folder, not a saved assessment.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{args.assessment}: cannot be read ({exc.strerror or exc}).", file=sys.stderr)
        return 2
    except CurriculumError as exc:
        print(f"The curriculum data has problems; run python -m curriculum validate ({exc}).", file=sys.stderr)
        return 2
    try:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (| head): not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
