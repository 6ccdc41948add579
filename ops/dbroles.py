"""The product's two database roles, so that its own connection cannot rewrite the audit log.

- the **owner** (``partybuild_owner``): owns the database, every schema and table; runs the
  migrations and the provisioning of a province (``migrate_schemas``, ``provision_province``,
  ``./ops/manage``). Held by operators, never by the running product. It may create databases
  (not roles): ``restore_drill`` renames a restored schema in a scratch database.
- the **product** (``partybuild_app``): what the web, worker and beat processes connect as.
  Not a superuser, owns nothing: it reads and writes rows (SELECT, INSERT, UPDATE, DELETE on
  every table, through the owner's default privileges for the tables of provinces added
  later) but only SELECT and INSERT on ``audit_auditentry``; with no ownership it cannot
  ``ALTER TABLE ... DISABLE TRIGGER``, without superuser it cannot set
  ``session_replication_role``, and TRUNCATE is granted on nothing.

``roles_setup`` does it all, idempotently, connected as a superuser: creates or corrects
the roles, hands the database and every object in it to the owner (a database migrated as
``postgres`` before), grants the product role its rights on what exists and, through
default privileges, on what the owner creates later. Migration ``audit.0004`` revokes the
product's UPDATE/DELETE/TRUNCATE on the audit table of each schema migrated afterwards.

``./ops/run`` calls it on the embedded PostgreSQL. In production, run it once as a superuser
(``python -m ops.dbroles --superuser-url postgres://... --database partybuild``), then set
passwords: ``ALTER ROLE partybuild_owner PASSWORD '...'`` (same for partybuild_app).
"""
from __future__ import annotations

import argparse
import sys

OWNER = "partybuild_owner"
APP = "partybuild_app"
TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_RIGHTS = "USAGE, SELECT, UPDATE"
AUDIT_TABLE = "audit_auditentry"
# Rights the product role must never hold on the audit table.
AUDIT_REFUSED = "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
ROLE_LIMITS = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
# The owner may create databases, for the scratch database in which restore_drill renames a
# restored schema (pg_restore cannot rename one); the product role may not.
OWNER_LIMITS = "NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"

_SCHEMAS = """
SELECT nspname FROM pg_namespace
WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname
"""
_OWNED_ELSEWHERE = """
SELECT c.relkind, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = %s)
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
"""
_FUNCTIONS = """
SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY(%s) AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = %s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""


def _ident(name: str):
    from psycopg2 import sql

    return sql.Identifier(name)


def _run(cursor, statement: str, *names: str) -> None:
    from psycopg2 import sql

    cursor.execute(sql.SQL(statement).format(*(_ident(name) for name in names)))


def _role_ensure(cursor, role: str, limits: str = ROLE_LIMITS) -> None:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    _run(cursor, f"{verb} ROLE {{}} LOGIN {limits}", role)


def roles_setup(superuser_dsn: str, *, database: str, owner: str = OWNER, app: str = APP) -> None:
    """Create or correct both roles and every right, connected to ``database`` as a superuser."""
    import psycopg2

    connection = psycopg2.connect(superuser_dsn, dbname=database)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '30s'")  # ALTER ... OWNER waits for running transactions
            _role_ensure(cursor, owner, OWNER_LIMITS)
            _role_ensure(cursor, app)
            _run(cursor, "ALTER DATABASE {} OWNER TO {}", database, owner)
            _run(cursor, "REVOKE CREATE ON DATABASE {} FROM PUBLIC", database)
            _run(cursor, "GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}", database, app)
        connection.autocommit = False
        with connection.cursor() as cursor:  # one transaction: all of it or nothing
            cursor.execute(_SCHEMAS)
            schemas = [name for (name,) in cursor.fetchall()]
            for schema in schemas:
                _run(cursor, "ALTER SCHEMA {} OWNER TO {}", schema, owner)
            cursor.execute(_OWNED_ELSEWHERE, [schemas, owner])
            for kind, schema, name in cursor.fetchall():
                what = {"S": "SEQUENCE", "v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE"}.get(kind, "TABLE")
                _run(cursor, f"ALTER {what} {{}}.{{}} OWNER TO {{}}", schema, name, owner)
            cursor.execute(_FUNCTIONS, [schemas, owner])
            for (signature,) in cursor.fetchall():
                from psycopg2 import sql

                cursor.execute(sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(sql.SQL(signature), _ident(owner)))
            for schema in schemas:
                _run(cursor, "REVOKE CREATE ON SCHEMA {} FROM PUBLIC", schema)
                _run(cursor, "GRANT USAGE ON SCHEMA {} TO {}", schema, app)
                _run(cursor, f"GRANT {TABLE_RIGHTS} ON ALL TABLES IN SCHEMA {{}} TO {{}}", schema, app)
                _run(cursor, f"GRANT {SEQUENCE_RIGHTS} ON ALL SEQUENCES IN SCHEMA {{}} TO {{}}", schema, app)
                cursor.execute("SELECT to_regclass(%s)", [f'"{schema}".{AUDIT_TABLE}'])
                if cursor.fetchone()[0] is not None:
                    _run(cursor, f"REVOKE {AUDIT_REFUSED} ON {{}}.{{}} FROM {{}}", schema, AUDIT_TABLE, app)
            # What the owner creates later (a province provisioned tomorrow) is the product's too;
            # audit.0004 takes back UPDATE/DELETE on each new audit table.
            _run(cursor, "ALTER DEFAULT PRIVILEGES FOR ROLE {} GRANT USAGE ON SCHEMAS TO {}", owner, app)
            _run(cursor, f"ALTER DEFAULT PRIVILEGES FOR ROLE {{}} GRANT {TABLE_RIGHTS} ON TABLES TO {{}}", owner, app)
            _run(cursor, f"ALTER DEFAULT PRIVILEGES FOR ROLE {{}} GRANT {SEQUENCE_RIGHTS} ON SEQUENCES TO {{}}", owner, app)
        connection.commit()
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create the owner and product database roles (run as a superuser).")
    parser.add_argument("--superuser-url", required=True, help="a superuser's connection URL, e.g. postgres://postgres@db/postgres")
    parser.add_argument("--database", required=True)
    parser.add_argument("--owner", default=OWNER)
    parser.add_argument("--app", default=APP)
    args = parser.parse_args(argv)
    roles_setup(args.superuser_url, database=args.database, owner=args.owner, app=args.app)
    print(f"roles {args.owner} (owner, migrations) and {args.app} (product) ready in {args.database}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
