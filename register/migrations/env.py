"""Alembic environment: run by :func:`register.db.migrate` with the open connection."""

from alembic import context

from register.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
