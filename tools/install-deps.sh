#!/usr/bin/env bash
# Installs what building, running and testing ungcuu needs on Debian 12, only what is missing:
# Debian packages with apt-get (as root, or through sudo) and the web UI's npm packages with
# `npm ci`. Usage: tools/install-deps.sh [build|test]  (test adds PostgreSQL, Chromium, wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-build}

packages=(
  cmake ninja-build g++-12 clang-14 libclang-rt-14-dev pkg-config git
  libboost1.81-dev libboost-json1.81-dev libsqlite3-dev libpq-dev libsodium-dev libssl-dev
  libspdlog-dev libfmt-dev libcli11-dev libmagic-dev libzip-dev zlib1g-dev libpugixml-dev
  libcurl4-openssl-dev libcairo2-dev libpango1.0-dev fonts-liberation2 libxlsxwriter-dev
  libyaml-cpp-dev libre2-dev libvectorscan-dev libsimdjson-dev libyara-dev libclamav-dev
)
if [[ "$purpose" == "test" ]]; then
  packages+=(clang-format-14 clang-tidy-14 llvm-14 libgtest-dev libgmock-dev libbenchmark-dev postgresql
             postgresql-client chromium dnsmasq-base wrk curl poppler-utils unzip python3-aiosmtpd python3-jsonschema zstd rsyslog
             bsdutils)
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# Node.js from another source (e.g. NodeSource) provides node and npm without Debian's packages.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for package in "${missing[@]}"; do
    [[ "$package" == nodejs || "$package" == npm ]] || filtered+=("$package")
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "install-deps: these Debian packages are missing: ${missing[*]}" >&2
      echo "install-deps: installing them needs root, and this machine has no sudo. Either run" >&2
      echo "  su -c 'apt-get update && apt-get install -y --no-install-recommends ${missing[*]}'" >&2
      echo "or install sudo (as root: apt-get install sudo; adduser $(id -un) sudo), log in again" >&2
      echo "and run this command once more." >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web UI's packages, pinned by web/package-lock.json; reinstalled when the lock changes.
stamp=web/node_modules/.ungcuu-lock
if [[ ! -f "$stamp" ]] || ! cmp -s web/package-lock.json "$stamp"; then
  echo "install-deps: npm ci (web UI)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  cp web/package-lock.json "$stamp"
fi
