"""Benchmarks: ``./ops/bench [--size S|M|L|XL|national]`` (issues 9 and 21).

Every operation of the product is timed beside a *reference* that does the same work with
nothing in between (hand-written SQL through psycopg2, a trivial endpoint of the same web
stack, openpyxl + COPY, DDL replay ...), in the same run, on a fresh database of generated
data. The table (bench/RESULTS.md) gives both and their ratio: the machine is shared and
noisy, so the ratio is the number to read, not the milliseconds.

Layout:
  run.py          the command: arguments, the run's database, the operations, the report
  database.py     which PostgreSQL server (as ops/localenv picks it), the bench database, the machine
  data.py         loading generated data: provinces, demo registries, snapshots, tokens; disk and memory
  national_data.py, national_build.py   the national size: 31 provinces in a template database
  background_import.py   an import in a process of its own (operation 7)
  deploy/         a bench-only app whose extra migration adds one column (operation 6)
  clone.py        new province schemas by DDL replay (the reference of operation 6, and fast set-up)
  timing.py       timing helpers: samples, median, p95
  load.py         load tests: wrk (or a bounded Python load generator) and the raw query under load
  server.py       the gunicorn subprocess on 127.0.0.1
  sql.py          the hand-written reference SQL (operations 1, 4, 5)
  operations/     one module per operation of the issue
  report.py       the table and RESULTS.md
  findings.py     what limits us where a target is missed: causes found by profiling, and fixes
  settings.py, urls.py, views.py   the web stack as configured, plus a trivial DRF endpoint (bench only)
"""
