#!/bin/sh
# Runs once, when the Postgres volume is first initialised: gives Temporal its own role
# and its two databases, so the application role never owns Temporal's tables.
set -eu

psql -v ON_ERROR_STOP=1 -v pw="$TEMPORAL_DB_PASSWORD" \
  --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE temporal LOGIN PASSWORD :'pw';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
SQL
