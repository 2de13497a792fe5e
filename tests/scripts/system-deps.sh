#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium (end-to-end tests), GDAL and PROJ (reference
# reader/writer and transforms the tests compare against), SpatiaLite (GEOS peer in benchmarks).
set -euo pipefail
need=()
command -v chromium   >/dev/null 2>&1 || need+=(chromium)
command -v ogrinfo    >/dev/null 2>&1 || need+=(gdal-bin)
command -v cs2cs      >/dev/null 2>&1 || need+=(proj-bin)
command -v spatialite >/dev/null 2>&1 || need+=(spatialite-bin)
fc-list 2>/dev/null | grep -qi noto || need+=(fonts-noto-core)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: all present"
  exit 0
fi
echo "system-deps: installing ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system-deps: need root to run: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
