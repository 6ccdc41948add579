"""Point-in-time recovery of the whole cluster with pgBackRest (base backup + WAL archive).

A PostgreSQL cluster archives its WAL with ``archive_command = pgbackrest archive-push``; a full
backup is taken; rows are written into two province schemas in many small transactions; the
time is noted (the server's clock, after the last commit before it); more rows are written;
the WAL is switched and archived; the cluster is stopped (as if lost); ``pgbackrest restore
--type=time --target=<noted time>`` restores it into a new data directory, which replays the
archive up to the time and is promoted.

Prints the rows before the time, after it, and in the recovered cluster: the recovered rows
must be exactly those before the time (same ids, in both schemas).

    ./ops/deploy/drill pitr [--before 500] [--after 500]
"""
from __future__ import annotations

import argparse
import os
import shutil
import time

from . import stack as s

SCHEMAS = ("jilin", "guangdong")


class BackRest:
    def __init__(self, stack: s.Stack, pg: s.PlainPostgres, stanza: str = "drill"):
        self.stack, self.pg, self.stanza = stack, pg, stanza
        folder = stack.dir("pgbackrest", postgres=True)
        self.repo = stack.dir("pgbackrest/repo", postgres=True)
        self.config = folder / "pgbackrest.conf"
        self.config.write_text(f"""[global]
repo1-path={self.repo}
repo1-retention-full=2
log-path={stack.logs}
log-level-file=info
log-level-console=warn
lock-path={folder}
spool-path={folder}
start-fast=y
archive-async=n
compress-type=lz4

[{stanza}]
pg1-path={pg.data}
pg1-port={pg.port}
pg1-socket-path={pg.data}
pg1-user=postgres
""")
        if s.AS_ROOT:
            shutil.chown(self.config, "postgres", "postgres")

    def archive_command(self) -> str:
        return f"'pgbackrest --config={self.config} --stanza={self.stanza} archive-push %p'"

    def __call__(self, *args, timeout: float = 300) -> str:
        return self.stack.run(["pgbackrest", f"--config={self.config}", f"--stanza={self.stanza}", *args],
                              as_postgres=True, timeout=timeout, env=self.env).stdout

    # pgBackRest reads a --target time without an offset it understands in the local time zone
    # (TZ); the drill hands it UTC and runs it in UTC.
    env = dict(os.environ, TZ="UTC")


def write_rows(pg: s.PlainPostgres, start: int, count: int, batch: int = 25) -> list[int]:
    ids = list(range(start, start + count))
    for offset in range(0, count, batch):
        chunk = ids[offset:offset + batch]
        values = ",".join(f"({i}, 'row {i}')" for i in chunk)
        statements = ";".join(f"INSERT INTO {schema}.drill_rows VALUES {values}" for schema in SCHEMAS)
        pg.sql(f"BEGIN; {statements}; COMMIT", "partybuild")
    return ids


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=int, default=500, help="rows per schema written before the noted time")
    parser.add_argument("--after", type=int, default=500, help="rows per schema written after it")
    options = parser.parse_args(argv)
    s.ensure_tools()
    with s.Stack("pitr") as stack:
        return run(stack, options)


def run(stack: s.Stack, options) -> int:
    pg = s.PlainPostgres(stack, "pg", initdb=True)
    backrest = BackRest(stack, pg)
    pg.configure({"archive_mode": "on", "archive_command": backrest.archive_command(), "archive_timeout": "60"})
    pg.start()
    pg.sql("CREATE DATABASE partybuild")
    for schema in SCHEMAS:
        pg.sql(f"CREATE SCHEMA {schema}; CREATE TABLE {schema}.drill_rows (id integer PRIMARY KEY, note text NOT NULL)",
               "partybuild")
    backrest("stanza-create")
    backrest("check")
    started = time.monotonic()
    backrest("backup", "--type=full")
    backup_seconds = time.monotonic() - started
    s.log(f"pgBackRest: stanza created, archive checked, full backup in {backup_seconds:.1f} s")
    # pgBackRest records a backup's stop time in whole seconds, and restores to a time only from
    # a backup that stopped before it: the first rows come a little after the backup.
    time.sleep(2.0)

    before = write_rows(pg, 1, options.before)
    # After the last commit before the time; in UTC, whatever the session's time zone (pgBackRest
    # picks the backup set by comparing this time with the backups' stop times).
    target = pg.sql("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
    time.sleep(1.0)
    after = write_rows(pg, options.before + 1, options.after)
    counts_at_end = {schema: int(pg.sql(f"SELECT count(*) FROM {schema}.drill_rows", "partybuild")) for schema in SCHEMAS}
    pg.sql("SELECT pg_switch_wal()")
    backrest("check")  # waits until the switched segment is in the archive
    s.log(f"wrote {len(before)} rows per schema, noted {target}, wrote {len(after)} more; WAL archived")
    pg.stop()  # the cluster is lost; only the repository remains

    restored = s.PlainPostgres(stack, "restored", initdb=False)
    stack.dir("restored", postgres=True)
    started = time.monotonic()
    stack.run(["pgbackrest", f"--config={backrest.config}", "--stanza=drill", f"--pg1-path={restored.data}", "restore",
               "--type=time", f"--target={target}", "--target-action=promote"], as_postgres=True, timeout=600,
              env=backrest.env)
    # pgbackrest restore writes the original port into postgresql.auto.conf; the restored cluster gets its own.
    restored.configure({"listen_addresses": "'127.0.0.1'", "unix_socket_directories": f"'{restored.data}'",
                        "archive_mode": "off"})
    restored.start()
    s.wait_for("recovery to end", lambda: restored.sql("SELECT pg_is_in_recovery()") == "f", timeout=300)
    restore_seconds = time.monotonic() - started

    exact = True
    recovered_counts = {}
    for schema in SCHEMAS:
        ids = [int(x) for x in restored.sql(f"SELECT id FROM {schema}.drill_rows ORDER BY id", "partybuild").split()]
        recovered_counts[schema] = len(ids)
        exact = exact and ids == before
    print()
    print("point-in-time recovery (pgBackRest full backup + WAL archive)")
    print(f"  recovery target                     {target}")
    print(f"  rows per schema before the target   {len(before)}  ({', '.join(SCHEMAS)})")
    print(f"  rows per schema at the end          {counts_at_end}")
    print(f"  rows in the recovered cluster       {recovered_counts}")
    print(f"  exactly the rows before the target  {'yes' if exact else 'NO'}")
    print(f"  full backup {backup_seconds:.1f} s; restore and replay to the target {restore_seconds:.1f} s")
    print("  result", "PASS" if exact else "FAIL")
    return 0 if exact else 1


if __name__ == "__main__":
    raise SystemExit(main())
