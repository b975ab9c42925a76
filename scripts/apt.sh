# Sourced by scripts/test and scripts/serve (from the repo root):
# `ensure_debian_packages PATH=PACKAGE...` installs, in one apt-get run, the Debian packages whose
# PATH is missing (through sudo unless root). Without apt-get it says what to install and fails.

ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    if [[ ! -x ${pair%%=*} ]]; then
      missing+=("${pair#*=}")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  if ! command -v apt-get >/dev/null; then
    echo "No apt-get: install ${missing[*]} by hand (Debian's packages of these names)." >&2
    return 1
  fi
  echo "Installing Debian's ${missing[*]}..." >&2
  local as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}
