"""The product's database role may only read and append to the audit log.

``ops/dbroles.py`` grants the product role (``partybuild_app``) its rights on every table the
owner creates, through default privileges: for a schema migrated after that (a province
provisioned later) this takes back every right but SELECT and INSERT on the audit table from
every role that is not its owner. The trigger of 0002 refuses UPDATE, DELETE and TRUNCATE
anyway; without the rights the product's role gets "permission denied" before it, and as it
owns nothing it cannot switch the trigger off (``ops/dbroles.py``)."""
from django.db import migrations

FORWARD = """
DO $$
DECLARE
    grantee_name text;
BEGIN
    FOR grantee_name IN
        SELECT DISTINCT r.rolname
        FROM pg_class c, aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
        WHERE c.oid = 'audit_auditentry'::regclass AND a.grantee <> c.relowner
          AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_auditentry FROM %I', grantee_name);
    END LOOP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_hash")]
    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
