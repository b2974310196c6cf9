#!/usr/bin/env bash
# Command 2: ruff, mypy, the whole suite on SQLite, then the whole suite again on PostgreSQL with
# Celery on Redis (including a real worker process). Says which parts ran.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --system

PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sustain}"
REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
ran=()

echo "== 1/3 ruff, mypy and the import contracts"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy .
.venv/bin/lint-imports
ran+=("ruff + mypy + import contracts: passed")

echo "== 2/3 pytest on SQLite, Celery tasks in-process"
env -u DATABASE_URL -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND \
  .venv/bin/pytest -m "not services"
ran+=("pytest on SQLite: passed")

services_answer() {
  .venv/bin/python - "$PG_URL" "$REDIS_URL" <<'PY'
import sys
from urllib.parse import urlsplit

import psycopg
import redis

pg, rd = urlsplit(sys.argv[1]), sys.argv[2]
try:
    psycopg.connect(host=pg.hostname, port=pg.port or 5432, user=pg.username or None,
                    password=pg.password or None, dbname="postgres", connect_timeout=3).close()
    redis.Redis.from_url(rd, socket_connect_timeout=3).ping()
except Exception as exc:  # any failure means "not available": the message says which
    print(f"   not reachable: {exc}")
    sys.exit(1)
PY
}

echo "== 3/3 pytest on PostgreSQL + Redis with a real Celery worker"
if ! services_answer && [[ "${CI:-}" == "true" && "$(id -u)" == 0 ]]; then
  echo "   CI: starting PostgreSQL and Redis"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  sleep 3
fi
if services_answer; then
  DATABASE_URL="$PG_URL" CELERY_BROKER_URL="$REDIS_URL" CELERY_RESULT_BACKEND="$REDIS_URL" \
    CELERY_TASK_DEFAULT_QUEUE="sustain-test-$$" .venv/bin/pytest
  ran+=("pytest on PostgreSQL + Redis, real Celery worker: passed")
elif [[ "${CI:-}" == "true" ]]; then
  echo "PostgreSQL and Redis are required in CI and did not answer on 127.0.0.1" >&2
  exit 1
else
  ran+=("pytest on PostgreSQL + Redis: NOT RUN (no server answered; set TEST_DATABASE_URL and TEST_REDIS_URL)")
fi

echo
echo "== What ran"
printf '   %s\n' "${ran[@]}"
