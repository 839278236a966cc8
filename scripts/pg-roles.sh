#!/usr/bin/env bash
# Create Visitator's two PostgreSQL roles and its database (docs/operations.md, "Database roles").
#
#   sudo -u postgres bash scripts/pg-roles.sh DATABASE OWNER_ROLE APP_ROLE
#
# OWNER_ROLE owns the database: migrations, `visitator db-roles`, the retention job's deletes and
# backups run as it (MIGRATE_DATABASE_URL). APP_ROLE is what the web server and workers connect as
# (DATABASE_URL); it gets its rights from `visitator db-roles APP_ROLE`, run as OWNER_ROLE after
# `visitator migrate`. Neither role is a superuser or may create roles or databases.
# Passwords are asked for (psql's \password), never put on a command line. Safe to run again.
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 DATABASE OWNER_ROLE APP_ROLE" >&2
    exit 2
fi
database=$1 owner=$2 app=$3
for name in "$database" "$owner" "$app"; do
    if [[ ! $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
        echo "$name: use a plain name (a-z, 0-9, _)" >&2
        exit 2
    fi
done

psql --set ON_ERROR_STOP=1 --quiet <<SQL
SELECT 'CREATE ROLE $owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'
    WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$owner') \gexec
SELECT 'CREATE ROLE $app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT'
    WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$app') \gexec
SELECT 'CREATE DATABASE $database OWNER $owner ENCODING ''UTF8'''
    WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$database') \gexec
REVOKE ALL ON DATABASE $database FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $database TO $app;
SQL

if [[ -t 0 ]]; then
    echo "Password for $owner:"
    psql --quiet --command "\\password $owner"
    echo "Password for $app:"
    psql --quiet --command "\\password $app"
fi
echo "Roles $owner (owner) and $app (application) and database $database are ready."
echo "Next, as $owner: DATABASE_URL=\$MIGRATE_DATABASE_URL visitator migrate && DATABASE_URL=\$MIGRATE_DATABASE_URL visitator db-roles $app"
