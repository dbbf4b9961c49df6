"""The command-line entry points, one module per command (`python -m skincheck_train.cli.NAME
--help`); the library modules of `skincheck_train` hold the work and no argparse.

train           train, calibrate, export and evaluate (pipeline.run)
ship            copy a finished run's chosen variant into the app's assets
split           the committed lesion-grouped split files
report          markdown summary of a finished run
gate            fit the quality gate into a card, or write degraded test photos
reference       onnxruntime reference outputs for the Rust parity tests
rule_cases      the shared rule case files (tests/fixtures/rules)
fixture_images  the model-size fixture PNGs, or the full-size fixture photo
fixture_model   the tiny contract model for the Rust tests
non_lesion      the committed non-lesion picture set
half            fp16-weight (and int8 1x1 conv) ONNX variant of a model
quantize        int8 weight-only ONNX variant of a model

Commands that read HAM10000 take `--data DIR`, else `$SKINCHECK_DATA`, else
`../shared/data/ham10000` beside the repository (`data.default_data_dir`).
"""
