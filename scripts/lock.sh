#!/usr/bin/env bash
# Re-pin every dependency (runtime and dev, from pyproject.toml) into requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(PYENV_VERSION="${PYENV_VERSION:-3.12.1}" command -v python3.12 || command -v python3)
rm -rf .venv-lock
PYENV_VERSION="${PYENV_VERSION:-3.12.1}" "$python" -m venv .venv-lock
.venv-lock/bin/python - > .venv-lock/wanted.txt <<'PY'
import tomllib

with open("pyproject.toml", "rb") as handle:
    project = tomllib.load(handle)
print("\n".join(project["project"]["dependencies"] + project["dependency-groups"]["dev"]))
PY
.venv-lock/bin/pip install --quiet --disable-pip-version-check -r .venv-lock/wanted.txt
{
  echo "# Exact versions of every dependency; regenerate with: make lock"
  .venv-lock/bin/pip freeze --exclude-editable
} > requirements.lock
rm -rf .venv-lock
