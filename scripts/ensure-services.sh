#!/usr/bin/env bash
# Makes sure the test suite's real services exist on this machine: a PostgreSQL 15 server on
# 127.0.0.1:5432 with the role identity/identity, and Debian's Chromium for Playwright. Installs
# them from Debian's packages when missing (needs root), as CI does on a fresh machine.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
updated=""
apt_install() {
  if [ -z "$updated" ]; then $SUDO apt-get update -qq; updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [ -z "${TEST_PG_URL:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "installing postgresql (Debian)"
    apt_install postgresql
  fi
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then $SUDO pg_createcluster "$version" main >/dev/null; fi
  $SUDO pg_ctlcluster "$version" main start 2>/dev/null || true
  for i in $(seq 1 30); do
    if $SUDO su postgres -c "psql -tAc 'select 1'" >/dev/null 2>&1; then break; fi
    sleep 1
  done
  if ! $SUDO su postgres -c "psql -tAc \"select 1 from pg_roles where rolname='identity'\"" | grep -q 1; then
    $SUDO su postgres -c "psql -q -c \"create role identity login password 'identity' superuser\""
  fi
fi

if [ "${SKIP_E2E:-}" != "1" ] && [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (Debian)"
  apt_install chromium
fi
# A CJK font, so the Chinese pages' screenshots show characters instead of boxes (#24).
if [ "${SKIP_E2E:-}" != "1" ] && [ ! -d /usr/share/fonts/truetype/wqy ]; then
  echo "installing a CJK font (Debian fonts-wqy-microhei)"
  apt_install fonts-wqy-microhei
fi

# The importer's tests (test/import, #22): a MariaDB server holding the old systems' real tables,
# PHP's password_hash for their bcrypt hashes and Werkzeug's generate_password_hash (from the
# Python package index, in a virtual environment under .cache) for the Flask project's.
if [ "${SKIP_IMPORT_SERVICES:-}" != "1" ]; then
  if ! command -v mariadbd >/dev/null 2>&1 && ! [ -x /usr/sbin/mariadbd ]; then
    echo "installing mariadb-server (Debian)"
    apt_install mariadb-server
  fi
  if ! command -v php >/dev/null 2>&1; then
    echo "installing php-cli (Debian)"
    apt_install php-cli
  fi
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "installing python3-venv (Debian)"
    apt_install python3-venv
  fi
  venv="$(cd "$(dirname "$0")/.." && pwd)/.cache/werkzeug-venv"
  if ! [ -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import werkzeug' >/dev/null 2>&1; then
    echo "installing werkzeug (pip, into $venv)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q werkzeug
  fi
fi
