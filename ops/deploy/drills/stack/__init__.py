"""The machinery of the drills: every piece of the deployment started on this machine, on
free loopback ports, under one temporary directory, and stopped by the PIDs it started
(processes), PostgreSQL in its forms (postgres) and the product behind nginx (product)."""
from .postgres import AutoFailoverCluster, PgBouncer, PlainPostgres, Redis, pgbouncer_follow, psql, streaming_standby
from .processes import (
    AS_ROOT, BASE_DOMAIN, DEPLOY, PG_BIN, PG_MAJOR, REPO_ROOT, Stack, ensure_tools, free_port, log, missing_tools, port_open,
    wait_for,
)
from .product import HttpsClient, Web, make_uscc, manage, organization_body, product_env, product_setup, render_site

__all__ = [
    "AS_ROOT", "BASE_DOMAIN", "DEPLOY", "PG_BIN", "PG_MAJOR", "REPO_ROOT", "AutoFailoverCluster", "HttpsClient", "PgBouncer",
    "PlainPostgres", "Redis", "Stack", "Web", "ensure_tools", "free_port", "log", "make_uscc", "manage", "missing_tools",
    "organization_body", "pgbouncer_follow", "port_open", "product_env", "product_setup", "psql", "render_site",
    "streaming_standby", "wait_for",
]
