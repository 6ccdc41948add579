"""The transactional outbox: a task queued inside a transaction is a row of this table,
written in the same transaction, and is published to the broker only once it commits.

- ``services.outbox_enqueue(task_name, args=..., key=...)`` writes the row and publishes it
  right after the commit (``transaction.on_commit``). A rolled-back transaction queues nothing;
  a broker that is down when the transaction commits loses nothing: the row waits.
- ``tasks.relay`` (beat, every ``OUTBOX_RELAY_SECONDS``) publishes what is due: rows never
  published (the broker was down), and rows published but not acknowledged within
  ``OUTBOX_REDELIVER_AFTER`` seconds (the broker lost the message, or the worker that took it
  died), with a backoff on failures, up to ``OUTBOX_MAX_ATTEMPTS`` publications.
- A message is acknowledged when its task has finished, successfully or for good
  (``signals``: Celery's ``task_postrun``), not when a worker takes it: a worker killed
  mid-task leaves it unacknowledged, so it is sent again. Tasks sent through the outbox
  must therefore be idempotent (``web.services.job_run`` claims its job first).

The table lives in the public schema only (a shared app): a province's transaction writes it
through the search path (``<province>, public``), and one relay serves every province. Each
row names the schema its task runs in (tenant-schemas-celery's ``_schema_name`` header).
Rows hold task names and ids, never personal data.
"""
