#!/usr/bin/env bash
# Command 1: set up, migrate, load the demo into an empty database, and run the web server with a
# Celery worker, all on the embedded defaults (SQLite database, SQLite Celery broker).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p var
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py demo_load --if-empty

# -B runs the scheduled jobs (e.g. deleting expired requests for advice) inside this worker.
.venv/bin/celery -A sustain worker --pool=solo -B --schedule var/celerybeat-schedule \
  --loglevel=INFO >var/celery-worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT

address="${HOST:-127.0.0.1}:${PORT:-8000}"
cat <<MSG

  Sustain is starting at http://$address/
  Staff sign-in:  http://$address/staff/   user: demo-staff   password: sustain-demo
  Celery worker log: var/celery-worker.log       Stop with Ctrl+C.

MSG
.venv/bin/python manage.py runserver "$address"
