#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ for SECONDS each (default 60), one after the other, and
# prints per target the executions libFuzzer ran and whether it found a crash. Not part of
# scripts/test.sh, which only builds the targets.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # all targets when none is named
#
# Needs the nightly toolchain (libFuzzer's instrumentation); installs cargo-fuzz from crates.io
# when it is missing. Builds in fuzz/target, so the instrumented builds never touch the shared
# build cache. Seed corpora are written to fuzz/corpus/<target>/ from the committed fixtures
# (and keep what earlier runs found); crashes land in fuzz/artifacts/<target>/. Exits non-zero
# when a target crashed or failed to build.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# shellcheck source=fuzz/seeds.sh
source fuzz/seeds.sh

SECS=${1:-60}
shift $(($# > 0 ? 1 : 0))
TARGETS=("${@:-${FUZZ_TARGETS[@]}}")
FUZZ_TARGET_DIR=fuzz/target

if ! rustup toolchain list | grep -q '^nightly'; then
    log "installing the nightly toolchain (minimal profile)"
    rustup toolchain install nightly --profile minimal || exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz (cargo install, a few minutes on 2 cores, once)"
    # Its own temporary build folder, not the shared cache.
    env -u CARGO_TARGET_DIR cargo install cargo-fuzz --locked || exit 1
fi

# A libFuzzer dictionary of the JSON keys and string values in the seeds, so mutations
# splice in names the parser knows instead of guessing them byte by byte.
json_dict() { # dict file, seeds...
    local out=$1
    shift
    grep -ohE '"[A-Za-z0-9_ ./:;+-]{1,40}"' "$@" | sort -u |
        sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/"/' >"$out"
}

log "building the fuzz targets (nightly, instrumented, in $FUZZ_TARGET_DIR)"
start=$SECONDS
mkdir -p "$FUZZ_TARGET_DIR"
if ! cargo +nightly fuzz build --target-dir "$FUZZ_TARGET_DIR" >"$FUZZ_TARGET_DIR/build.log" 2>&1; then
    tail -30 "$FUZZ_TARGET_DIR/build.log" >&2
    echo "FAILED: building the fuzz targets" >&2
    exit 1
fi
printf '==> built in %ss\n' $((SECONDS - start)) >&2

results=()
crashed=0
for target in "${TARGETS[@]}"; do
    corpus=fuzz/corpus/$target
    mkdir -p "$corpus"
    mapfile -t files < <(fuzz_seeds "$target") && [ ${#files[@]} -gt 0 ] || exit 1
    cp -n "${files[@]}" "$corpus/"
    opts=(-max_total_time="$SECS" -print_final_stats=1 -timeout=60)
    case $target in
    jpeg_complete) opts+=(-max_len=32768) ;; # the marker structure, not the scan length
    model_card | history_import)
        json_dict "$corpus.dict" "${files[@]}"
        opts+=(-dict="$corpus.dict")
        ;;
    esac
    log "fuzzing $target for ${SECS}s (corpus $corpus, $(find "$corpus" -type f | wc -l) files)"
    out=$FUZZ_TARGET_DIR/$target.log
    cargo +nightly fuzz run --target-dir "$FUZZ_TARGET_DIR" "$target" "$corpus" -- "${opts[@]}" \
        >"$out" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    if [ -z "$execs" ]; then # a crash ends the run before the final stats
        execs=$(grep -oE '^#[0-9]+' "$out" | tail -1 | tr -d '#')
    fi
    if [ "$rc" -eq 0 ]; then
        verdict="no crash"
    else
        crashed=1
        artifact=$(sed -n 's/.*Test unit written to //p' "$out" | tail -1)
        verdict="CRASH (exit $rc): ${artifact:-see $out}"
        grep -m1 -E 'panicked at|ERROR: (libFuzzer|AddressSanitizer)' "$out" | sed 's/^/    /' >&2
    fi
    results+=("$(printf '%-18s %12s executions in %ss  %s' "$target" "${execs:-?}" "$SECS" "$verdict")")
done

echo
printf '%s\n' "${results[@]}"
exit "$crashed"
