#!/usr/bin/env bash
# Builds SkinCheck (release, wasm SIMD, wasm-opt) and serves it on http://127.0.0.1:8080.
# First run on a fresh Debian machine installs the wasm32 target, trunk, wasm-bindgen-cli and
# wasm-opt from crates.io (about 35 minutes on 2 cores, once), then builds (10-15 minutes
# cold, under a minute warm).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

ensure_web_toolchain
ensure_wasm_opt
log "building and serving on http://127.0.0.1:8080 (Ctrl-C to stop)"
exec trunk serve --release --address 127.0.0.1 --port 8080 "$@"
