# Sourced by scripts/run and scripts/test (from the repo root): `ensure_venv <requirements file>`.
# Creates .venv with python3.11 (else python3) and pip-installs the file into it, quietly; pip is
# skipped while a stamp in .venv records the same hash of all requirements*.txt files.

ensure_venv() {
  local requirements=$1
  local stamp=".venv/.installed-${requirements%.txt}"
  if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c '' 2>/dev/null; then
    local python=python3
    if python3.11 -c '' 2>/dev/null; then
      python=python3.11
    fi
    echo "Creating .venv with $("$python" --version 2>&1)..." >&2
    rm -rf .venv
    "$python" -m venv .venv
  fi
  local wanted
  wanted=$(cat requirements*.txt | sha256sum)
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    echo "Installing $requirements into .venv..." >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$wanted" >"$stamp"
  fi
}
