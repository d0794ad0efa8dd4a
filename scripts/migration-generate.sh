#!/usr/bin/env bash
# Generates a migration from the difference between the entities and a database migrated to the latest version.
# Usage: npm run migration:generate -- added_valid_until_to_document
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: npm run migration:generate -- <name_that_reads_like_a_changelog>}
bash scripts/services.sh >/dev/null
db=policy_library_migration_gen_$$
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" -c "CREATE DATABASE ${db}"
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/${db}
npm run --silent build
node dist/cli.js db:migrate
npx typeorm migration:generate --pretty -d dist/database/typeorm-cli.data-source.js "src/database/migrations/${name}"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE ${db} WITH (FORCE)"
echo "Read the new migration, list it in src/database/migrations/index.ts, and commit both."
