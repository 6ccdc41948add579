"""Backups per province: one encrypted file holds a province's schema (``pg_dump`` custom
format) and its rows of the public schema (the province, its domains, and every public row
that refers to it: national snapshot copies, sharing settings), with a manifest of row counts
and the audit chain's head.

- ``services.province_backup`` writes the file; ``services.province_restore`` restores it into
  the current database, a fresh one (the public schema is migrated first) or beside the live
  province under another name (a drill); ``services.restore_drill`` does both and compares.
- ``crypto``: the file is AES-256-GCM in chunks of 1 MiB (each chunk sealed with its number
  and whether it is the last, so chunks cannot be reordered, dropped or cut off), keyed by
  ``BACKUP_ENCRYPTION_KEYS`` (``<id>:<base64 32 bytes>``, the first encrypts, all decrypt).
- The client tools must match the server's major version: ``pg_tool`` picks ``pg_dump`` and
  ``pg_restore`` from PostgreSQL's installations on the machine (Debian's, pgserver's, PATH).
"""
