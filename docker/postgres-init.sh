#!/usr/bin/env bash
# Runs once, when the PostgreSQL data directory is first initialised (docker-entrypoint-initdb.d),
# as the superuser POSTGRES_USER. One database per service, each owned by a role of its own that
# logs in with its own password and is no superuser: intake-service cannot read triage's tables,
# and no service can create roles or databases. The passwords come from the environment
# (docker-compose.yml, .env) and reach SQL as psql variables (:'name' quotes them as literals).
set -euo pipefail

: "${INTAKE_DATABASE_PASSWORD:?set INTAKE_DATABASE_PASSWORD (see .env.example)}"
: "${TRIAGE_DATABASE_PASSWORD:?set TRIAGE_DATABASE_PASSWORD (see .env.example)}"
: "${CONTENT_DATABASE_PASSWORD:?set CONTENT_DATABASE_PASSWORD (see .env.example)}"

psql --set ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set intake_password="$INTAKE_DATABASE_PASSWORD" \
  --set triage_password="$TRIAGE_DATABASE_PASSWORD" \
  --set content_password="$CONTENT_DATABASE_PASSWORD" <<'SQL'
-- Nobody but a database's owner (and the superuser) may connect to it or create in it.
REVOKE ALL ON DATABASE postgres FROM PUBLIC;

CREATE ROLE intake LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'intake_password';
CREATE DATABASE intake OWNER intake;
REVOKE ALL ON DATABASE intake FROM PUBLIC;

CREATE ROLE triage LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'triage_password';
CREATE DATABASE triage OWNER triage;
REVOKE ALL ON DATABASE triage FROM PUBLIC;

CREATE ROLE content LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'content_password';
CREATE DATABASE content OWNER content;
REVOKE ALL ON DATABASE content FROM PUBLIC;
SQL
