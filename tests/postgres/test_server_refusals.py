"""What only a database file can do is refused plainly on a server, saying what to use
instead: backups and restores (pg_dump), encryption (TLS and the server's own disk)."""

from __future__ import annotations

from tests.cli.conftest import write_csv


def test_backup_restore_and_encrypt_on_a_server_say_what_to_use_instead(ncdesk, pg, tmp_path):
    server = pg.create("refusals")
    people = write_csv(tmp_path / "p.csv", "person_ref,first_name\nR1,Rita\n")
    assert ncdesk("import", "people", people, "--db", server).code == 0
    backup = ncdesk("backup", "--db", server, "--to", tmp_path / "b.db")
    assert backup.code == 1 and "pg_dump" in backup.err
    restore = ncdesk("restore", "--db", server, "--from", tmp_path / "b.db")
    assert restore.code == 1 and "pg_restore" in restore.err
    encrypt = ncdesk("encrypt", "--db", server, "--recovery-key-out", tmp_path / "k.pdf")
    assert encrypt.code == 1 and "TLS" in encrypt.err
    assert not (tmp_path / "b.db").exists() and not (tmp_path / "k.pdf").exists()
    check = ncdesk("check", "--db", server)
    assert check.code == 0 and "Integrity: ok" in check.out
    assert "postgresql+psycopg" not in check.out  # the server and database, in words
