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
  sed "s/^JWT_SECRET=.*/JWT_SECRET=${secret}/" .env.example > .env
  echo "Wrote .env with local settings."
fi
set -a; . ./.env; set +a

db=$(node -e "process.stdout.write(new URL(process.env.DATABASE_URL).pathname.slice(1))")
admin_url=$(node -e "const u=new URL(process.env.DATABASE_URL);u.pathname='/postgres';process.stdout.write(u.toString())")
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '${db}'" | grep -q 1; then
  psql "$admin_url" -qc "CREATE DATABASE \"${db}\"" && echo "Created database ${db}."
fi

npm run --silent build
node dist/cli.js db:migrate
node dist/cli.js demo:seed
echo "Serving the website on http://localhost:${PORT:-3000}/ and the API on http://localhost:${PORT:-3000}/api/v1 (docs: /api/docs)."
exec node dist/main.js
