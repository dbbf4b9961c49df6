# The fuzz targets and the committed files each one starts from; sourced by scripts/fuzz.sh
# (seed corpora) and scripts/test.sh (runs every built target once over its seeds).
# shellcheck shell=bash

FUZZ_TARGETS=(decode_preprocess jpeg_complete model_card history_import)

fuzz_seeds() { # target: prints the seed files, one a line, relative to the repository root
    case $1 in
    decode_preprocess)
        # Every format and pixel type decode_rgb reads (fuzz/seeds/images), the lesion photos
        # and the non-lesion pictures under 32 kB; the 249 kB full-size JPEG would slow every
        # mutation.
        ls tests/fixtures/images/*.png tests/fixtures/images/batch/*.jpg \
            tests/fixtures/inputs/* fuzz/seeds/images/*
        find tests/fixtures/non_lesion -type f -size -32k ! -name '*.md' | sort
        ;;
    jpeg_complete)
        ls tests/fixtures/images/batch/*.jpg tests/fixtures/inputs/*.jpg \
            fuzz/seeds/images/*.jpg
        find tests/fixtures/non_lesion -name '*.jpg' -size -32k | sort
        ;;
    model_card)
        ls assets/model.json tests/fixtures/tiny_model.json training/artifacts/model_fp32.json \
            fuzz/seeds/model_card/*.json
        ;;
    history_import) ls tests/fixtures/history_export.json fuzz/seeds/history/*.json ;;
    *)
        echo "unknown fuzz target $1 (known: ${FUZZ_TARGETS[*]})" >&2
        return 1
        ;;
    esac
}
