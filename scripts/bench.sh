#!/usr/bin/env bash
# SkinCheck's benchmark (prints figures; not part of scripts/test.sh). Builds the release CLI
# and one release dist per build variant, then measures in one run, on this machine:
# tract-wasm in the app's worker, onnxruntime-web (wasm) in the same headless Chromium,
# tract native and Python onnxruntime on identical input tensors; cold start, further photos,
# Long Tasks and bytes per file. Writes docs/benchmarks.md (the part between its markers).
#
#   scripts/bench.sh                         # the shipped build only
#   scripts/bench.sh shipped wasm-opt-off    # builds side by side (first = reference)
#   BENCH_RUNS=50 BENCH_COLD=5 scripts/bench.sh
#   BENCH_OUT=/tmp/bench.md scripts/bench.sh   # leave docs/benchmarks.md alone
#
# Variants: shipped (Cargo.toml's release profile, index.html's wasm-opt settings: none for the
# worker, trunk's -O for the page; assets/ as they are), wasm-opt-O (trunk's -O for both),
# model-fp32 (the shipped build with the fp32 weights of training/artifacts/model_fp32.onnx
# instead of the shipped fp16 ones), wasm-opt-off (no wasm-opt, and the worker keeps its
# function names, which the post-build step drops otherwise: its worker is the one profiled
# when it is given), wasm-opt-O3, wasm-opt-Oz, rust-opt-s,
# rust-opt-z, lto-fat. Each release build of the worker takes minutes on 2 cores (wasm-opt
# alone several); rust-* variants rebuild tract once.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
ensure_web_toolchain
ensure_browser
ensure_node
ensure_wasm_opt
if [ ! -d bench/node_modules/onnxruntime-web ]; then
    log "installing the benchmark's packages (onnxruntime-web, playwright-core; no browser download)"
    (cd bench && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(shipped)
OUT_ROOT=dist-bench

# Builds one variant's dist into $OUT_ROOT/<name>. The Rust profile is changed through
# cargo's CARGO_PROFILE_RELEASE_* variables and wasm-opt through trunk's data-wasm-opt, on a
# temporary copy of index.html, so no tracked file changes.
build_variant() {
    # wasm_opt: "-" keeps index.html's settings, "" is trunk's default (-O), else -O<level>.
    local name=$1 wasm_opt=- envs=()
    case "$name" in
    shipped) ;;
    model-fp32)
        [ -f "$OUT_ROOT/shipped/index.html" ] || build_variant shipped
        log "variant $name: the shipped build with the fp32 model"
        rm -rf "${OUT_ROOT:?}/$name"
        cp -r "$OUT_ROOT/shipped" "$OUT_ROOT/$name"
        cp training/artifacts/model_fp32.onnx "$OUT_ROOT/$name/assets/model.onnx"
        sed 's/"model_fp32.onnx"/"model.onnx"/' training/artifacts/model_fp32.json >"$OUT_ROOT/$name/assets/model.json"
        # A new card: the page's pin and the precache list follow it.
        cargo run --quiet -p skincheck-pwa -- "$OUT_ROOT/$name"
        return
        ;;
    wasm-opt-off) wasm_opt=0 envs=(SKINCHECK_KEEP_WASM_NAMES=1) ;;
    wasm-opt-O) wasm_opt="" ;;
    wasm-opt-O3) wasm_opt=3 ;;
    wasm-opt-Oz) wasm_opt=z ;;
    rust-opt-s) envs=(CARGO_PROFILE_RELEASE_OPT_LEVEL=s) ;;
    rust-opt-z) envs=(CARGO_PROFILE_RELEASE_OPT_LEVEL=z) ;;
    lto-fat) envs=(CARGO_PROFILE_RELEASE_LTO=fat) ;;
    *)
        echo "unknown variant $name" >&2
        return 2
        ;;
    esac
    local html=index.html
    if [ "$wasm_opt" != - ]; then
        html=".bench-index-$name.html"
        sed -e 's/ data-wasm-opt="[^"]*"//' \
            -e "s/data-trunk rel=\"rust\"/data-trunk rel=\"rust\" data-wasm-opt=\"$wasm_opt\"/" index.html >"$html"
    fi
    log "building variant $name"
    local start=$SECONDS
    env "${envs[@]}" trunk build "$html" --release --dist "$OUT_ROOT/$name"
    [ "$html" = index.html ] || rm -f "$html"
    printf '==> variant %s built in %ss\n' "$name" $((SECONDS - start)) >&2
}

log "building the native CLI (release)"
cargo build --release -p skincheck-cli
args=()
for v in "${variants[@]}"; do
    build_variant "$v"
    args+=(--variant "$v=$OUT_ROOT/$v")
done

log "measuring (tract-wasm, onnxruntime-web, native, cold starts)"
SKINCHECK_RUSTC="$(rustc --version)" node bench/bench.mjs \
    --cli "$CARGO_TARGET_DIR/release/skincheck" \
    --runs "${BENCH_RUNS:-30}" --warmup "${BENCH_WARMUP:-5}" --cold "${BENCH_COLD:-3}" \
    --out "${BENCH_OUT:-docs/benchmarks.md}" --command "scripts/bench.sh ${variants[*]}" "${args[@]}"
