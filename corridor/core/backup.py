"""Back up and restore the database and the uploaded files.

``corridor backup FILE`` writes the database to ``FILE`` — on SQLite a consistent copy
made with SQLite's online backup API (readers and the writer keep working), on
PostgreSQL a ``pg_dump`` custom-format archive — and the uploaded files (``MEDIA_ROOT``)
to ``FILE.media.tar.gz`` beside it. ``corridor restore FILE`` replaces the database's
whole content with the backup (on PostgreSQL in one transaction: all or nothing) and the
uploaded files with the archive's.

PostgreSQL needs ``pg_dump``, ``pg_restore`` and ``psql`` of at least the server's major
version (Debian: ``scripts/install-pg-client``).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore/psql, fixed argument lists
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def media_path(file: Path) -> Path:
    return Path(str(file) + ".media.tar.gz")


def _vendor(alias: str = "default") -> str:
    return connections[alias].vendor


# --- SQLite ------------------------------------------------------------------------


def _sqlite_backup(file: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    tmp = file.with_name(file.name + ".partial")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(tmp)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    tmp.replace(file)


def _sqlite_restore(file: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


# --- PostgreSQL ----------------------------------------------------------------------


def _pg_env_and_db(alias: str) -> tuple[dict[str, str], str]:
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", conf.get("HOST")),
        ("PGPORT", conf.get("PORT")),
        ("PGUSER", conf.get("USER")),
        ("PGPASSWORD", conf.get("PASSWORD")),
    ):
        if value:
            env[key] = str(value)
    return env, conf["NAME"]


def _tool(name: str, server_major: int) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed; install the PostgreSQL {server_major} client "
            f"(scripts/install-pg-client, or apt-get install postgresql-client-{server_major})."
        )
    out = subprocess.run(  # noqa: S603 - a resolved PostgreSQL tool, no shell
        [path, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    major = int(match.group(1)) if match else 0
    if major < server_major:
        raise BackupError(
            f"{name} is version {major} but the server is PostgreSQL {server_major}: install "
            f"postgresql-client-{server_major} (an older {name} cannot read a newer server)."
        )
    return path


def _server_major(alias: str) -> int:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.pg_version // 10000


def _run(command: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    # argument lists built here (tool path, options, our file), no shell
    result = subprocess.run(command, env=env, capture_output=True, **kwargs)  # noqa: S603
    if result.returncode != 0:
        stderr = (
            result.stderr.decode(errors="replace")
            if isinstance(result.stderr, bytes)
            else result.stderr
        )
        raise BackupError(f"{Path(command[0]).name} failed: {stderr.strip()[-2000:]}")
    return result


def _pg_backup(file: Path, alias: str) -> None:
    pg_dump = _tool("pg_dump", _server_major(alias))
    env, name = _pg_env_and_db(alias)
    tmp = file.with_name(file.name + ".partial")
    _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={tmp}", name], env)
    tmp.replace(file)


def _pg_restore(file: Path, alias: str) -> None:
    major = _server_major(alias)
    pg_restore, psql = _tool("pg_restore", major), _tool("psql", major)
    env, name = _pg_env_and_db(alias)
    script = _run([pg_restore, "--no-owner", "--no-privileges", "--file=-", str(file)], env).stdout
    connections[alias].close()
    # One transaction: the old schema goes and the backup's comes, or nothing changes.
    wipe = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
    _run(
        [psql, "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1",
         "--dbname", name, "--file=-"],
        env,
        input=wipe + script,
    )  # fmt: skip


# --- media ---------------------------------------------------------------------------


def _media_backup(file: Path) -> int:
    root = Path(settings.MEDIA_ROOT)
    count = 0
    tmp = file.with_name(file.name + ".partial")
    with tarfile.open(tmp, "w:gz") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    tar.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    count += 1
    tmp.replace(file)
    return count


def _media_restore(file: Path) -> int:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    try:
        with tarfile.open(file, "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.isfile()]
            tar.extractall(staging, members=members, filter="data")
        for child in root.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        for child in staging.iterdir():
            shutil.move(str(child), root / child.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(members)


# --- the two verbs -----------------------------------------------------------------


def backup(file: str | os.PathLike, *, alias: str = "default", media: bool = True) -> dict:
    """Write the database to ``file`` and MEDIA_ROOT to ``file.media.tar.gz``."""
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    vendor = _vendor(alias)
    if vendor == "sqlite":
        _sqlite_backup(file, alias)
    elif vendor == "postgresql":
        _pg_backup(file, alias)
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    result = {"database": vendor, "file": str(file), "bytes": file.stat().st_size}
    if media:
        result["media_files"] = _media_backup(media_path(file))
    return result


def restore(file: str | os.PathLike, *, alias: str = "default", media: bool = True) -> dict:
    """Replace the database's content (and MEDIA_ROOT's) with the backup in ``file``."""
    file = Path(file)
    if not file.is_file():
        raise BackupError(f"{file} does not exist.")
    with file.open("rb") as handle:
        head = handle.read(16)
    vendor = _vendor(alias)
    if head.startswith(SQLITE_MAGIC):
        kind = "sqlite"
    elif head.startswith(PGDUMP_MAGIC):
        kind = "postgresql"
    else:
        raise BackupError(f"{file} is neither a Corridor SQLite backup nor a pg_dump archive.")
    if kind != vendor:
        raise BackupError(
            f"{file} is a {kind} backup but the database is {vendor}: restore it into a "
            f"{kind} database (DATABASE_URL), or move the data with dumpdata/loaddata."
        )
    media_file = media_path(file)
    if media and not media_file.is_file():
        raise BackupError(f"{media_file} (the uploaded files) is missing; use --no-media to skip.")
    if vendor == "sqlite":
        _sqlite_restore(file, alias)
    else:
        _pg_restore(file, alias)
    result = {"database": vendor, "file": str(file)}
    if media:
        result["media_files"] = _media_restore(media_file)
    return result
