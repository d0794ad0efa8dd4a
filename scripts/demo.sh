#!/usr/bin/env bash
# One command from a fresh clone to a running library with a sample catalogue:
# installs what is missing, starts PostgreSQL and Redis if needed, migrates, seeds, serves on $PORT (3000).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/node-runtime.sh
[ -d node_modules ] || npm ci
bash scripts/services.sh

# Local settings live in .env (not committed); the first run writes one with a fresh token secret.
if [ ! -f .env ]; then
  secret=$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))")
  app_password=$(node -e "process.stdout.write(require('node:crypto').randomBytes(18).toString('hex'))")
  sed -e "s/^JWT_SECRET=.*/JWT_SECRET=${secret}/" -e "s/change-me-app-password/${app_password}/" .env.example > .env
  echo "Wrote .env with local settings."
fi
set -a; . ./.env; set +a

# The database is created by the schema's owner (the application's own role may not).
owner_url=${DATABASE_OWNER_URL:-$DATABASE_URL}
db=$(node -e "process.stdout.write(new URL(process.argv[1]).pathname.slice(1))" "$owner_url")
admin_url=$(node -e "const u=new URL(process.argv[1]);u.pathname='/postgres';process.stdout.write(u.toString())" "$owner_url")
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '${db}'" | grep -q 1; then
  psql "$admin_url" -qc "CREATE DATABASE \"${db}\"" && echo "Created database ${db}."
fi

npm run --silent build
node dist/cli.js db:migrate
node dist/cli.js demo:seed
echo "Serving the website on http://localhost:${PORT:-3000}/ and the API on http://localhost:${PORT:-3000}/api/v1 (docs: /api/docs)."
exec node dist/main.js
