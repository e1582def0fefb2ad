"""Online backup and restore of the database: SQLite's backup API (a consistent copy while
the app keeps running), pg_dump/pg_restore on PostgreSQL (custom format)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def _pg_env(settings_dict) -> tuple[list[str], dict]:
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools are needed).")
    return path


def backup(target: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        subprocess.run(  # noqa: S603 - a fixed argv, no shell
            [
                _tool("pg_dump"),
                "-Fc",
                "--no-owner",
                "-f",
                str(target),
                *args,
                connection.settings_dict["NAME"],
            ],
            check=True,
            env=env,
        )
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")
    return target


def restore(source: Path, alias: str = "default") -> None:
    """Replace the database's content with the backup's (the schema comes with it)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    connection = connections[alias]
    if connection.vendor == "sqlite":
        src = sqlite3.connect(source)
        try:
            connection.ensure_connection()
            src.backup(connection.connection)
        finally:
            src.close()
    elif connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_env(connection.settings_dict)
        subprocess.run(  # noqa: S603 - a fixed argv, no shell
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                connection.settings_dict["NAME"],
                *args,
                str(source),
            ],
            check=True,
            env=env,
        )
    else:
        raise BackupError(f"No restore method for {connection.vendor}.")
