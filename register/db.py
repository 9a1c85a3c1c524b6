"""Where the register lives and how it is opened: an SQLite file by default, PostgreSQL by URL.

The default file is outside every folder the server publishes:
``$XDG_DATA_HOME/reentry-toolkit/register.sqlite`` (``~/.local/share/…``). ``--db`` on the command
line or the environment variable ``TOOLKIT_REGISTER_DB`` give another file or a database URL
(``postgresql+psycopg://user:password@host/db``). Opening runs the Alembic migrations, so an older
register is brought up to date and a new one is created.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

ENV = "TOOLKIT_REGISTER_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SERVED = Path(__file__).resolve().parent.parent  # the repository: its book and apps are served


class RegisterError(Exception):
    """A problem with what was asked, told in plain words (the command line exits with 2)."""


def default_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "reentry-toolkit" / "register.sqlite"


def database_url(given: str | None = None) -> str:
    """The SQLAlchemy URL for ``given`` (a URL or a file path), the environment, or the default file."""
    given = given or os.environ.get(ENV) or str(default_path())
    if "://" in given:
        url = make_url(given)
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    path = Path(given).expanduser().resolve()
    if path.is_relative_to(SERVED):
        raise RegisterError(
            f"{path} is inside the toolkit's folder, which the server publishes. Keep the register outside it, "
            f"for example in {default_path()}."
        )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def protect(engine: Engine) -> None:
    """An SQLite file holds special-category data: readable and writable by its owner only."""
    path = make_url(engine.url).database if engine.dialect.name == "sqlite" else None
    if path and Path(path).exists():
        Path(path).chmod(0o600)


def migrate(engine: Engine) -> None:
    """Bring the database up to the newest schema (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
