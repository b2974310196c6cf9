#!/usr/bin/env bash
# Create .venv with the exact versions in requirements.lock (skipped when already current).
# With --system, also install the Debian packages the test suite needs (as root, with apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

# msgfmt (the translation test compiles the Thai catalogue); Debian's Chromium and Thai fonts
# for the browser tests (Playwright drives /usr/bin/chromium; it never downloads a browser);
# HarfBuzz-Subset for WeasyPrint to embed font subsets in report PDFs; poppler-utils (pdftotext)
# for the tests that read the PDFs' text layer back.
SYSTEM_PACKAGES=(gettext chromium fonts-thai-tlwg libharfbuzz-subset0 poppler-utils)

if [[ "${1:-}" == "--system" ]]; then
  missing=()
  for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if ((${#missing[@]})); then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      echo "setup: installing ${missing[*]} with apt-get"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
      echo "setup: please install these Debian packages: ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

# pyenv's shims refuse versions that are not selected: select its newest 3.12 if it has one.
if command -v pyenv >/dev/null 2>&1 && [[ -z "${PYENV_VERSION:-}" ]]; then
  pyenv_312=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.12\.[0-9]+$' | sort -V | tail -n 1 || true)
  if [[ -n "$pyenv_312" ]]; then export PYENV_VERSION="$pyenv_312"; fi
fi

pick_python() {
  local candidate
  for candidate in python3.12 python3.13 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "setup: Python 3.11, 3.12 or 3.13 is needed (3.12 preferred)" >&2
  exit 1
}

lock_hash=$(sha256sum requirements.lock | cut -d' ' -f1)
if [[ -x .venv/bin/python && "$(cat .venv/.lock-sha256 2>/dev/null)" == "$lock_hash" ]]; then
  exit 0
fi
python=$(pick_python)
echo "setup: creating .venv with $($python --version)"
rm -rf .venv
"$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-virtualenv \
  --no-deps -r requirements.lock
.venv/bin/python -m pip check
echo "$lock_hash" > .venv/.lock-sha256
