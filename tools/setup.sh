#!/usr/bin/env bash
# Idempotent set-up: installs the Debian packages the build needs (when
# missing), configures with CMake + Ninja and builds.
# Usage: tools/setup.sh [--build-only]   (--build-only skips the apt step)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RESNET_BUILD_DIR:-$root/build}

packages=(cmake ninja-build g++ pkg-config
          llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22
          libclang-rt-22-dev
          # resnet-compile links with gold (binutils), else ld.lld where
          # installed: faster than GNU ld with 100 MB of weights.
          lld
          libfmt-dev nlohmann-json3-dev libonnx-dev libprotobuf-dev
          protobuf-compiler libgtest-dev python3 python3-numpy python3-onnx
          python3-setuptools python3-venv libstb-dev
          # The optional tests' modules (REQUIRES: torch, torchvision,
          # sklearn): CI installs them so that none of those is skipped.
          python3-torch python3-torchvision python3-sklearn)

if [[ "${1:-}" != "--build-only" ]]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    echo "setup: installing ${missing[*]}"
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build"
