#!/usr/bin/env bash
# Installs, with apt-get, every Debian package clustersim needs to build and test.
# Does nothing (and needs no network) when all of them are already there.
set -euo pipefail

PKGS=(
  cmake make g++ pkg-config
  libboost-graph-dev libboost-program-options-dev
  libeigen3-dev
  libprotobuf-dev protobuf-compiler
  libyaml-cpp-dev
  nlohmann-json3-dev
  libgtest-dev libgmock-dev
  libbenchmark-dev
  clang libclang-rt-14-dev
  # the HTML report's browser tests: headless Chromium, xmllint, and a fixed font for text widths
  chromium-headless-shell libxml2-utils fonts-dejavu-core
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
