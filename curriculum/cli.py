"""Command line: ``python -m curriculum validate | render | build | stats``."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .i18n import LANGUAGES
from .loader import DATA_DIR, validate

ROOT = Path(__file__).resolve().parent.parent


def _validate(args: argparse.Namespace) -> int:
    from .exercises import validate_exercises

    cur, problems = validate(Path(args.data))
    ex, ex_problems = validate_exercises(cur)
    problems += ex_problems
    for p in problems:
        print(p)
    if problems:
        print(f"\n{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    sessions = sum(len(p.sessions) for p in cur.programmes.values())
    hours = sum(p.total_hours for p in cur.programmes.values())
    print(
        f"OK: {len(cur.programmes)} programmes, {sessions} sessions ({hours:g} hours), "
        f"{len(cur.domains)} needs domains, {len(cur.services)} services, {len(cur.roles)} roles, "
        f"{len(cur.areas)} areas, {len(cur.glossary)} glossary terms; {len(ex.case_studies)} case studies, "
        f"{len(ex.quizzes)} quizzes, {len(ex.role_plays)} role-plays."
    )
    return 0


def _render(args: argparse.Namespace) -> int:
    from .editions import render_edition
    from .loader import CurriculumError

    if args.lang != "en" and Path(args.data).resolve() != Path(DATA_DIR).resolve():
        # The loader now finds the catalogues for a copy of the data too; this refusal stays until its
        # test (tests/test_render_i18n.py) is replaced by one that renders a translated copy.
        print(
            f"To render the {args.lang} edition from {args.data}, set CURRICULUM_DATA={args.data} as well.",
            file=sys.stderr,
        )
        return 2
    # In a translated edition, English that has no translation yet is marked, and shown as English.
    try:
        pages = render_edition(args.lang, Path(args.data), Path(args.out))
    except CurriculumError as exc:
        for p in exc.problems:
            print(p)
        print(f"\n{len(exc.problems)} problem(s) found; nothing rendered.", file=sys.stderr)
        return 1
    print(f"Rendered {pages} pages ({args.lang}) into {args.out}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .editions import ALL, build_all
    from .loader import CurriculumError

    langs = list(ALL) if args.lang == "all" else [x.strip() for x in args.lang.split(",")]
    unknown = [x for x in langs if x not in ALL]
    if unknown:
        print(f"unknown language {', '.join(unknown)}; choose from {', '.join(ALL)} or all", file=sys.stderr)
        return 2
    if args.clean:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
    try:
        packs = _langs(args.packs) if args.packs != "none" else []
        if packs is None:
            return 2
        code = build_all(langs, Path(args.data), echo=lambda text: print(text, flush=True))
        if code == 0:
            from .trainer_kit import build_kit

            # Word handouts always (unchanged ones are not written again); packs only when asked for.
            kit = [x for x in packs if x in langs]
            code = build_kit(langs, Path(args.data), packs=kit, echo=lambda text: print(text, flush=True))
        return code
    except CurriculumError as exc:
        for p in exc.problems:
            print(p)
        print(f"\n{len(exc.problems)} problem(s) found; nothing built.", file=sys.stderr)
        return 1


def _langs(value: str) -> list[str] | None:
    """``all`` or a list such as ``en,cs`` as editions; None (after saying why) when one is unknown."""
    from .editions import ALL

    langs = list(ALL) if value == "all" else [x.strip() for x in value.split(",") if x.strip()]
    if unknown := [x for x in langs if x not in ALL]:
        print(f"unknown language {', '.join(unknown)}; choose from {', '.join(ALL)} or all", file=sys.stderr)
        return None
    return langs


def _packs(args: argparse.Namespace) -> int:
    from .trainer_kit import build_kit

    langs = _langs(args.lang)
    if langs is None:
        return 2
    only = [x.strip() for x in args.only.split(",") if x.strip()] if args.only else None
    return build_kit(
        langs,
        Path(args.data),
        docx=only is None,
        only=only,
        workers=args.workers,
        force=args.force,
        echo=lambda text: print(text, flush=True),
    )


def _stats(args: argparse.Namespace) -> int:
    from .loader import CurriculumError, load_curriculum

    try:
        cur = load_curriculum(Path(args.data))
    except CurriculumError as exc:
        print(exc)
        return 1
    print(f"{'programme':40} {'area':28} {'sessions':>8} {'hours':>6}")
    for p in cur.programmes.values():
        print(f"{p.id:40} {p.area:28} {len(p.sessions):8d} {p.total_hours:6g}")
    total = sum(len(p.sessions) for p in cur.programmes.values())
    hours = sum(p.total_hours for p in cur.programmes.values())
    print(f"{'total':40} {'':28} {total:8d} {hours:6g}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["certificate"]:
        from .certificates import main as certificate_main

        return certificate_main(argv[1:])
    if argv[:1] == ["needs"]:
        from .training_needs import main as needs_main

        return needs_main(argv[1:])
    if argv[:1] == ["i18n"]:
        from .i18n_cli import main as i18n_main

        return i18n_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m curriculum", description=__doc__)
    parser.add_argument("--data", default=str(DATA_DIR), help="curriculum data folder (default: %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every data file; print file:line: field: problem")
    p_render = sub.add_parser("render", help="generate the book's data pages into book/generated")
    p_build = sub.add_parser("build", help="render, then build the book with warnings as errors")
    for p in (p_render, p_build):
        p.add_argument("--out", default=str(ROOT / "book" / "generated"))
    p_render.add_argument(
        "--lang", default="en", choices=list(LANGUAGES), help="language of the pages (default: %(default)s)"
    )
    p_build.add_argument("--clean", action="store_true", help="remove _build first (a cold build)")
    p_build.add_argument("--lang", default="all", help="editions to build: all (default) or a list such as en,cs")
    p_build.add_argument(
        "--packs",
        default="none",
        help="editions to print the packs of ahead, for a static book: none (default: the server of `make serve` "
        "prints each pack on its first request), all, or a list such as en,cs. Word handouts are always made.",
    )
    p_packs = sub.add_parser(
        "packs", help="printable packs (PDF) and Word handouts from the built book; unchanged packs are not printed"
    )
    p_packs.add_argument("--lang", default="en", help="editions: en (default), all, or a list such as en,cs")
    p_packs.add_argument("--workers", type=int, default=0, help="browsers printing at once (default: one a CPU)")
    p_packs.add_argument("--only", default="", help="only these packs (their file names without .pdf, comma-separated)")
    p_packs.add_argument("--force", action="store_true", help="print every pack again, changed or not")
    sub.add_parser("stats", help="programmes, sessions and hours")
    sub.add_parser("certificate", help="a course completion certificate (PDF) for a trainee")
    sub.add_parser("needs", help="staff training needs: form | summary RATINGS.csv (python -m curriculum needs -h)")
    sub.add_parser("i18n", help="translation catalogues: extract | update | stats | todo | apply | check")
    args = parser.parse_args(argv)
    commands = {"validate": _validate, "render": _render, "build": _build, "stats": _stats, "packs": _packs}
    return commands[args.command](args)
