#!/usr/bin/env bash
# Runs every SkinCheck test: formatting and lints, Rust native tests, the inference core under
# wasm32 in headless Chromium, the Python training tests, and the browser tests of the built
# app. Installs what is missing first (see scripts/setup.sh). Exits non-zero if any step fails.
#
# Tests over the whole HAM10000 copy run when ../shared/data/ham10000 (or $SKINCHECK_DATA)
# exists and are reported as skipped otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
set -e
ensure_debian_packages build-essential pkg-config
ensure_web_toolchain
ensure_browser
ensure_python_packages
ensure_node_packages
set +e

export SKINCHECK_DATA="${SKINCHECK_DATA:-$(cd .. && pwd)/shared/data/ham10000}"
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=180
passed=0
failed=0
failures=()

step() { # name, command...
    local name=$1
    shift
    log "$name"
    local start=$SECONDS
    if "$@"; then
        passed=$((passed + 1))
        printf '==> %s: ok (%ss)\n' "$name" $((SECONDS - start)) >&2
    else
        failed=$((failed + 1))
        failures+=("$name")
        printf '==> %s: FAILED (%ss)\n' "$name" $((SECONDS - start)) >&2
    fi
}

have_data() { [ -f "$SKINCHECK_DATA/HAM10000_metadata.csv" ]; }

NATIVE_PACKAGES=(-p skincheck-core -p skincheck-metrics -p skincheck-charts -p skincheck-cli -p skincheck-app -p skincheck-history -p skincheck-batch -p skincheck-pwa)

rust_native_tests() {
    if have_data; then
        cargo test "${NATIVE_PACKAGES[@]}" -- --include-ignored
    else
        echo "SKIPPED: tests over the whole HAM10000 copy ($SKINCHECK_DATA not found);" \
            "they are listed as ignored below" >&2
        cargo test "${NATIVE_PACKAGES[@]}"
    fi
}

wasm_clippy() {
    cargo clippy --target wasm32-unknown-unknown -p skincheck-app -- -D warnings &&
        cargo clippy --target wasm32-unknown-unknown -p skincheck-web --features worker -- -D warnings
}

python_tests() {
    ruff check training scripts && ruff format --check training scripts &&
        python3 -m pytest -q training/tests -rs
}

browser_tests() {
    trunk build && cargo build -p skincheck-cli -p skincheck-pwa &&
        SKINCHECK_CLI="$CARGO_TARGET_DIR/debug/skincheck" SKINCHECK_PWA="$CARGO_TARGET_DIR/debug/skincheck-pwa" \
            node --test tests/browser/
}

# The fuzz targets, which scripts/fuzz.sh runs: formatted, lint-free, built and run once over
# their seeds. A plain stable build compiles them and links libFuzzer without instrumentation,
# reusing the dependencies the steps above compiled into this cache (`cargo +nightly fuzz
# build` would need cargo-fuzz and compile everything again, instrumented: 11 min cold).
fuzz_targets() {
    # shellcheck source=fuzz/seeds.sh
    source fuzz/seeds.sh
    local manifest=(--manifest-path fuzz/Cargo.toml --locked)
    cargo fmt --manifest-path fuzz/Cargo.toml --check &&
        cargo clippy "${manifest[@]}" -- -D warnings &&
        cargo build "${manifest[@]}" || return 1
    local target files
    for target in "${FUZZ_TARGETS[@]}"; do
        mapfile -t files < <(fuzz_seeds "$target")
        if ! "$CARGO_TARGET_DIR/debug/$target" "${files[@]}" >"$CARGO_TARGET_DIR/fuzz-$target.log" 2>&1; then
            tail -20 "$CARGO_TARGET_DIR/fuzz-$target.log" >&2
            echo "the fuzz target $target fails on its seeds" >&2
            return 1
        fi
    done
}

layout() {
    python3 scripts/check_structure.py --self-test && python3 scripts/check_structure.py
}

step "rustfmt" cargo fmt --all --check
step "layout (no import cycles, no source over 400 lines)" layout
step "clippy (native)" cargo clippy "${NATIVE_PACKAGES[@]}" --all-targets -- -D warnings
step "clippy (wasm page and worker)" wasm_clippy
step "rust tests (native)" rust_native_tests
step "fuzz targets (build, run once over their seeds)" fuzz_targets
step "core under wasm32 in headless Chromium" \
    cargo test -p skincheck-core --target wasm32-unknown-unknown --test parity --test logic
step "python (ruff + pytest)" python_tests
step "browser tests (trunk build + playwright-core on Debian chromium)" browser_tests

echo
if [ "$failed" -gt 0 ]; then
    printf 'failed steps: %s\n' "${failures[*]}"
fi
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
