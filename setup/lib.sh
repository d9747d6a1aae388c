#!/usr/bin/env bash
# Shared set-up steps for setup/run and setup/test. Source it; do not run it.
# Every step is idempotent and says what it does.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The cache folder the setup owns: Odoo source, venv, filestore. Override with PRACTICE_CACHE.
PRACTICE_CACHE="${PRACTICE_CACHE:-$HOME/.cache/practice-stack}"
export PRACTICE_CACHE PROJECT_DIR
ODOO_CACHE_DIR="$PRACTICE_CACHE/odoo-18.0"
ODOO_UPSTREAM_URL="${PRACTICE_ODOO_URL:-https://github.com/odoo/odoo.git}"
REQUIREMENTS="$PROJECT_DIR/setup/requirements.txt"
PG_ROLE="${PGUSER:-practice}"
PG_PASSWORD="${PGPASSWORD:-practice}"
PG_HOST="${PGHOST:-localhost}"
PG_PORT="${PGPORT:-5432}"

say() { printf '\033[1m[practice]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[practice] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# Prints the series of an Odoo source tree ("18.0"), or nothing when it is not one.
odoo_series() {
    local tree="$1"
    [ -f "$tree/odoo/release.py" ] && [ -f "$tree/odoo-bin" ] || return 0
    python3 - "$tree/odoo/release.py" <<'PY'
import sys
ns = {}
try:
    exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), ns)
    print(ns.get("serie") or ns.get("series") or "")
except Exception:
    pass
PY
}

# Finds Odoo 18.0: $ODOO_SRC, then the cache folder, then a download from upstream.
# Sets ODOO_SRC or exits non-zero saying exactly what to provide.
locate_odoo() {
    local series
    if [ -n "${ODOO_SRC:-}" ]; then
        series="$(odoo_series "$ODOO_SRC")"
        [ "$series" = "18.0" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree (found series '${series:-none}': it needs odoo-bin and odoo/release.py with serie 18.0)."
        say "Odoo 18.0 from ODOO_SRC: $ODOO_SRC"
        export ODOO_SRC; return 0
    fi
    series="$(odoo_series "$ODOO_CACHE_DIR")"
    if [ "$series" = "18.0" ]; then
        ODOO_SRC="$ODOO_CACHE_DIR"; export ODOO_SRC
        say "Odoo 18.0 from the cache folder: $ODOO_SRC"; return 0
    elif [ -n "$series" ]; then
        die "$ODOO_CACHE_DIR holds Odoo series '$series', not 18.0. Remove it or point ODOO_SRC at an Odoo 18.0 tree."
    fi
    if [ "${PRACTICE_OFFLINE:-0}" != "1" ] && command -v git >/dev/null \
        && timeout 15 git ls-remote --heads "$ODOO_UPSTREAM_URL" 18.0 >/dev/null 2>&1; then
        say "Downloading Odoo 18.0 from $ODOO_UPSTREAM_URL into $ODOO_CACHE_DIR (once; about 1 GB)"
        rm -rf "$ODOO_CACHE_DIR.partial"
        git clone --quiet --depth 1 --branch 18.0 "$ODOO_UPSTREAM_URL" "$ODOO_CACHE_DIR.partial" \
            || die "Download of Odoo 18.0 failed."
        mv "$ODOO_CACHE_DIR.partial" "$ODOO_CACHE_DIR"
        ODOO_SRC="$ODOO_CACHE_DIR"; export ODOO_SRC; return 0
    fi
    die "No Odoo 18.0 found. Provide one of:
  - ODOO_SRC=/path/to/odoo   (an Odoo 18.0 source tree: odoo-bin, odoo/, addons/)
  - an Odoo 18.0 source tree placed at $ODOO_CACHE_DIR
  - network access to $ODOO_UPSTREAM_URL (branch 18.0), downloaded into that folder automatically."
}

# A venv in the cache folder, rebuilt when requirements.txt or the Python version changes.
ensure_venv() {
    local py="${PRACTICE_PYTHON:-python3}" stamp want
    want="$(cat "$REQUIREMENTS" | sha256sum | cut -c1-16)-$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    VENV="$PRACTICE_CACHE/venv"
    stamp="$VENV/.practice-stamp"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        say "Python venv up to date: $VENV"
    else
        say "Creating the Python venv in $VENV (requirements changed or first run)"
        rm -rf "$VENV"
        "$py" -m venv "$VENV"
        "$VENV/bin/pip" install --quiet --upgrade pip wheel
        "$VENV/bin/pip" install --quiet -r "$REQUIREMENTS" || die "pip install -r $REQUIREMENTS failed (see above)."
        echo "$want" > "$stamp"
    fi
    # Make `import odoo` resolve to the located tree (rewritten each run: ODOO_SRC may change).
    local site
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_SRC" > "$site/practice-odoo-src.pth"
    PY="$VENV/bin/python"
    export VENV PY
}

pg_ok() { PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ROLE" -d postgres -tAc 'select 1' >/dev/null 2>&1; }

# PostgreSQL: PGHOST/PGPORT/PGUSER/PGPASSWORD when given, else the machine's own server.
ensure_postgres() {
    command -v psql >/dev/null || die "No PostgreSQL client found. Install PostgreSQL (Debian/Ubuntu: apt-get install postgresql) or set PGHOST/PGPORT/PGUSER/PGPASSWORD to a server."
    if pg_ok; then say "PostgreSQL reachable at $PG_HOST:$PG_PORT as $PG_ROLE"; export PG_ROLE PG_PASSWORD PG_HOST PG_PORT; return 0; fi
    if [ -n "${PGHOST:-}" ]; then die "Cannot connect to PostgreSQL at $PG_HOST:$PG_PORT as $PG_ROLE (PGHOST/PGUSER/PGPASSWORD given)."; fi
    command -v pg_lsclusters >/dev/null || die "PostgreSQL server not found. Install it (Debian/Ubuntu: apt-get install postgresql) or set PGHOST/PGPORT/PGUSER/PGPASSWORD."
    local cluster
    cluster="$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2" "$4}')"
    [ -n "$cluster" ] || die "No PostgreSQL cluster exists. Create one: pg_createcluster 15 main --start"
    set -- $cluster
    if [ "$3" != "online" ]; then
        say "Starting PostgreSQL cluster $1/$2"
        if [ "$(id -u)" = "0" ]; then pg_ctlcluster "$1" "$2" start; else sudo -n pg_ctlcluster "$1" "$2" start; fi
    fi
    say "Ensuring the login role '$PG_ROLE' (Odoo refuses the postgres superuser)"
    local as_pg=(psql -v ON_ERROR_STOP=1 -qtA -d postgres)
    if [ "$(id -u)" = "0" ]; then as_pg=(runuser -u postgres -- "${as_pg[@]}"); else as_pg=(sudo -n -u postgres "${as_pg[@]}"); fi
    "${as_pg[@]}" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
    CREATE ROLE "$PG_ROLE" LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
    for _ in $(seq 1 30); do pg_ok && break; sleep 0.5; done
    pg_ok || die "PostgreSQL started but $PG_ROLE cannot log in at $PG_HOST:$PG_PORT."
    export PG_ROLE PG_PASSWORD PG_HOST PG_PORT
}

# Debian's chromium for the browser tours.
ensure_chromium() {
    if command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then
        return 0
    fi
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        say "Installing Debian's chromium for browser tours"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
            || die "apt-get install chromium failed; install Chromium for the browser tours."
    else
        die "Chromium not found: install it (Debian: apt-get install chromium) for the browser tours."
    fi
}

# Odoo command line with this project's config and addons.
odoo_cmd() {
    printf '%s\n' "$PY" "$ODOO_SRC/odoo-bin" -c "$PROJECT_DIR/odoo.conf" \
        "--addons-path=$ODOO_SRC/addons,$PROJECT_DIR/addons" \
        "--data-dir=$PRACTICE_CACHE/data" \
        "--db_host=$PG_HOST" "--db_port=$PG_PORT" "--db_user=$PG_ROLE" "--db_password=$PG_PASSWORD"
}

# Installable practice addons, comma-separated (PRACTICE_ADDONS overrides: a comma-separated subset).
practice_addons() {
    if [ -n "${PRACTICE_ADDONS:-}" ]; then echo "$PRACTICE_ADDONS"; return 0; fi
    local names=()
    for m in "$PROJECT_DIR"/addons/practice_*/__manifest__.py; do
        [ -f "$m" ] || continue
        grep -qE "[\"']installable[\"']: *False" "$m" && continue
        names+=("$(basename "$(dirname "$m")")")
    done
    (IFS=,; echo "${names[*]}")
}

db_exists() { PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ROLE" -d postgres -tAc "select 1 from pg_database where datname='$1'" | grep -q 1; }
drop_db() { PGPASSWORD="$PG_PASSWORD" dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ROLE" --if-exists --force "$1"; rm -rf "$PRACTICE_CACHE/data/filestore/$1"; }

bootstrap() {
    locate_odoo
    ensure_venv
    ensure_postgres
}
