#!/bin/sh
# Installs the Debian packages winnow needs to build, test and benchmark,
# skipping those already present. Run as root (make does this for you).
set -eu

PACKAGES="
  build-essential cmake ninja-build pkg-config git
  libsimdjson-dev libcli11-dev libfmt-dev libtbb-dev
  zlib1g-dev libzstd-dev zstd libxxhash-dev libutf8proc-dev
  libxml2-dev libgumbo-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  wamerican wbritish
  python3 python3-numpy hyperfine time bc
  libopenmpi-dev openmpi-bin iproute2
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

echo "winnow: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "winnow: need root to install packages; run: sudo apt-get install$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends $missing; then
  apt-get update
  apt-get install -y --no-install-recommends $missing
fi
