#!/usr/bin/env bash
# Create or update everything the course needs; idempotent and quick when nothing changed.
#   scripts/setup.sh          Debian graphviz and chromium, Python venv (.venv), front-end files
#                             (node_modules)
#   scripts/setup.sh --test   also the Debian packages the tests need (hunspell-da, postgresql)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '== %s\n' "$*"; }

# 1. Debian packages. The book needs graphviz (its figures are drawn from text at build time)
#    and chromium (it prints the book as PDF); the tests also need hunspell-da and a PostgreSQL
#    server. CI runs as root on a fresh machine.
packages=(graphviz chromium)
(( want_test )) && packages+=(hunspell hunspell-da postgresql haproxy)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Python environment, reinstalled only when the lock or the package metadata change.
stamp=.venv/.lises-installed
digest=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$digest" ]]; then
  say "creating Python environment (.venv)"
  [[ -x .venv/bin/python ]] || python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade "pip>=24"
  .venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements.txt
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  echo "$digest" > "$stamp"
fi

# 3. Front-end files from npm, exactly as locked (no CDN at run time).
npm_digest=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ "$(cat node_modules/.lises-installed 2>/dev/null)" != "$npm_digest" ]]; then
  say "installing front-end files (npm ci)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
  echo "$npm_digest" > node_modules/.lises-installed
  rm -rf share/jupyter/voila/templates/lises/static/fontawesome
fi
fa_target=share/jupyter/voila/templates/lises/static/fontawesome
if [[ ! -f $fa_target/css/all.min.css ]]; then
  mkdir -p "$fa_target"
  cp -r node_modules/@fortawesome/fontawesome-free/{css,webfonts} "$fa_target/"
fi

# 4. The notebook filter named in .gitattributes: without it in the clone's git config, a
#    notebook committed with outputs (and answers in them) would go into history unstripped.
if git rev-parse --git-dir >/dev/null 2>&1 &&
   ! git config --get filter.nbstripout.clean 2>/dev/null | grep -q nbstripout; then
  say "installing the nbstripout git filter"
  .venv/bin/nbstripout --install
fi
