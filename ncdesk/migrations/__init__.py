"""Alembic migrations, shipped inside the package so an installed ncdesk can upgrade its files."""
