#!/usr/bin/env bash
# Fails when the entities and the committed migrations disagree (a migration is missing or was edited by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh >/dev/null
db=policy_library_migration_check_$$
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" -c "CREATE DATABASE ${db}"
trap 'psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db} WITH (FORCE)"' EXIT
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/${db}
npm run --silent build
node dist/cli.js db:migrate
if npx typeorm migration:generate --check -d dist/database/typeorm-cli.data-source.js src/database/migrations/drift; then
  echo "Migrations match the entities."
else
  echo "The entities differ from the migrations: run 'npm run migration:generate -- <name>' and commit the result." >&2
  exit 1
fi
