"""Spreadsheet import and export of the registry (issue 4).

Public API, for views, Celery tasks and the ``import_registry`` / ``export_registry`` commands:

- ``imports.services.registry_import(*, actor, rules, kind, file_obj=None, path=None, filename=None,
  partial=False) -> ImportResult``: organizations, party_organizations or members from .xlsx
  or .csv (UTF-8, UTF-8 with BOM, GBK), in the current schema, written through the registry's
  bulk actions (``registry.actions.bulk``): one audit entry per changed row.
- ``imports.exporters.registry_export(*, kind, fmt, unmasked=False, queryset=None) -> bytes``:
  the same layout, .xlsx or .csv.
- ``imports.templates.template_workbook(kind) -> bytes``: the empty Chinese template with its
  填写说明 sheet; ``imports.templates.SHEETS`` the column definitions.
- ``imports.results``: ``ImportResult`` and ``RowError(row, column, message).to_dict()``.

Limits are settings with defaults in ``imports.readers.DEFAULTS``: ``IMPORT_MAX_ROWS``,
``IMPORT_MAX_COLUMNS``, ``IMPORT_MAX_FILE_BYTES``, ``IMPORT_MAX_UNCOMPRESSED_BYTES``,
``IMPORT_MAX_COMPRESSION_RATIO``, ``IMPORT_MAX_HOSTILE_ERRORS``.
"""
