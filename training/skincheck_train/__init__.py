"""SkinCheck training pipeline (HAM10000, 7 classes) producing the ONNX model + card.

See docs/model-contract.md for the contract between this package and the Rust crates.
"""

__version__ = "0.1.0"
