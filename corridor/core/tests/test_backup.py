"""``corridor backup`` / ``corridor restore`` round-trip real data on this test run's database
(SQLite by default; PostgreSQL with DATABASE_URL) and the uploaded files."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from corridor.core import backup as backup_module
from corridor.core.testing import OrganizationFactory, make_personas
from corridor.directory.models import Organization


def snapshot() -> dict:
    """Every row of every model, as plain values ordered by primary key."""
    out = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        out[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return out


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "cv").mkdir(parents=True)
    (settings.MEDIA_ROOT / "cv" / "李娜-简历.pdf").write_bytes(b"%PDF-1.4 a CV")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_back_every_row_and_file(tmp_path, media, capsys):
    make_personas()
    OrganizationFactory(slug="xsyu", name_en="Xi'an Shiyou University", name_zh="西安石油大学")
    before = snapshot()
    assert sum(map(len, before.values())) > 20

    file = tmp_path / "backups" / "corridor.backup"
    call_command("backup", str(file))
    out = capsys.readouterr().out
    assert f"{connection.vendor} database backed up" in out and "1 uploaded files" in out

    # Wipe: every row gone, something else written, the CV deleted, a stray file added.
    call_command("flush", "--noinput")
    OrganizationFactory(slug="written-after-the-backup")
    (media / "cv" / "李娜-简历.pdf").unlink()
    (media / "stray.txt").write_text("not in the backup")
    assert snapshot() != before

    call_command("restore", str(file), "--noinput")
    assert "restored" in capsys.readouterr().out
    connection.close()  # read through a fresh connection, as the next request would
    assert snapshot() == before
    assert Organization.objects.get(slug="xsyu").name_zh == "西安石油大学"
    assert not Organization.objects.filter(slug="written-after-the-backup").exists()
    assert (media / "cv" / "李娜-简历.pdf").read_bytes() == b"%PDF-1.4 a CV"
    assert not (media / "stray.txt").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(tmp_path, media):
    OrganizationFactory(slug="kept")
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    with pytest.raises(CommandError, match="neither a Corridor SQLite backup nor a pg_dump"):
        call_command("restore", str(bogus), "--noinput")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing"), "--noinput")
    assert Organization.objects.filter(slug="kept").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_of_the_other_kind_of_database(tmp_path, media):
    other = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        other.write_bytes(backup_module.PGDUMP_MAGIC + b"\x01\x0e\x00")
        expected = "is a postgresql backup but the database is sqlite"
    else:
        other.write_bytes(backup_module.SQLITE_MAGIC + b"\x00" * 100)
        expected = "is a sqlite backup but the database is postgresql"
    backup_module.media_path(other).write_bytes(b"")
    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(other), "--noinput")


@pytest.mark.django_db(transaction=True)
def test_restore_asks_before_replacing_everything(tmp_path, media, monkeypatch):
    OrganizationFactory(slug="kept")
    file = tmp_path / "b"
    call_command("backup", str(file))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled; nothing changed"):
        call_command("restore", str(file))
