#!/usr/bin/env bash
# Builds SkinCheck (release, wasm SIMD, wasm-opt) and serves it on http://127.0.0.1:8080.
# First run on a fresh Debian machine installs the wasm32 target, trunk and wasm-bindgen-cli
# from crates.io (about 20 minutes on 2 cores, once) and wasm-opt from npm (seconds), then
# builds (a cold release build takes 15-25 minutes, most of it wasm-opt on the worker).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

ensure_web_toolchain
ensure_node
ensure_wasm_opt
log "building and serving on http://127.0.0.1:8080 (Ctrl-C to stop)"
# No live-reload script: the page's CSP only runs the inline scripts of the build itself.
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port 8080 "$@"
