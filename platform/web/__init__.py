"""The staff web interface of a province and the national comparison pages (issue 8).

Server-rendered Django templates, progressively enhanced with htmx (filters, progress
bars) and ECharts (charts), both bundled in ``platform/static/vendor`` (no CDN; the
Content-Security-Policy of ``accounts.middleware`` allows scripts from this site only, so
there is no inline script: page data reaches the charts through ``json_script`` blocks).

- ``selectors``: the reads of each page, always through ``accounts.scoping`` (a user sees
  their region or role; a miss is a 404); indicators from ``indicators.selectors``,
  national aggregates (suppressed) from ``national.selectors``.
- ``services``: background jobs (import check and import, export, indicator recomputation):
  a ``Job`` row holds the file, the progress and the result; ``tasks.job_run`` only calls
  ``services.job_run`` and is queued through the outbox (``outbox``), sent after the commit.
- ``views``: thin; one module per concept (dashboard, organizations, coverage, jobs, users,
  national).
"""
