"""A bench-only app (``bench_deploy``), in every province schema of a bench run: its second
migration, kept apart in ``migrations_column`` (chosen with MIGRATION_MODULES), adds one
column, which is what operation 6 times as "a deploy with one added column"."""
