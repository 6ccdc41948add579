"""Real foreign-key constraints where the referenced tables exist: in every province schema.

The model declares these keys without a constraint because the public schema (national
users) has no registry or regions tables. The search path of a province's migration starts
with its own schema, so ``to_regclass`` finds its tables; in public it finds none.
"""
from django.db import migrations

KEYS = [
    ("region_id", "regions_region", "accounts_roleassignment_region_fk"),
    ("supervisor_id", "registry_supervisor", "accounts_roleassignment_supervisor_fk"),
    ("organization_id", "registry_socialorganization", "accounts_roleassignment_organization_fk"),
    ("instructor_id", "registry_instructor", "accounts_roleassignment_instructor_fk"),
]

FORWARD = "\n".join(
    f"""DO $$ BEGIN
    IF to_regclass('{table}') IS NOT NULL THEN
        ALTER TABLE accounts_roleassignment ADD CONSTRAINT {name}
            FOREIGN KEY ({column}) REFERENCES {table} (id) DEFERRABLE INITIALLY DEFERRED;
    END IF;
END $$;"""
    for column, table, name in KEYS
)
REVERSE = "\n".join(f"ALTER TABLE accounts_roleassignment DROP CONSTRAINT IF EXISTS {name};" for _, _, name in KEYS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, REVERSE)]
