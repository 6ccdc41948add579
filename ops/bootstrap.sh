# Sourced by the ops/ scripts: make sure .venv exists and holds the project and its test tools.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "[ops] Python 3.11 or newer is needed; '$PY' is $("$PY" --version 2>&1 || echo 'not found')." >&2
  echo "[ops] Install Python 3.11+, then run again with it, e.g. PYTHON=python3.11 $0 (delete .venv if it was made by an older one)." >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "[ops] creating $VENV" >&2
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha1sum "$REPO_ROOT/pyproject.toml" | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "[ops] installing the project into $VENV" >&2
  "$VENV/bin/python" -m pip install -q --upgrade pip >&2
  "$VENV/bin/python" -m pip install -q -e "$REPO_ROOT[test]" >&2
  rm -f "$VENV"/.installed-* && touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
export PYTHONPATH="$REPO_ROOT/platform:$REPO_ROOT${PYTHONPATH:+:$PYTHONPATH}"
cd "$REPO_ROOT"
