//! The model the app ships, on the whole lesion-grouped test split of the HAM10000 copy:
//! `assets/evaluation.json` must be exactly what `skincheck evaluate` computes today (with the
//! committed non-lesion set).
//! Needs the data set (`$SKINCHECK_DATA` or `../shared/data/ham10000`), so it is ignored by a
//! plain `cargo test`; `scripts/test.sh` runs it with `--include-ignored` when the data is
//! there and says so when it is not.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data_dir() -> PathBuf {
    std::env::var_os("SKINCHECK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/data/ham10000"))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
#[ignore = "needs the HAM10000 copy (../shared/data/ham10000 or $SKINCHECK_DATA)"]
fn shipped_evaluation_json_is_reproduced_by_evaluate() {
    let data = data_dir();
    assert!(
        data.join("HAM10000_metadata.csv").exists(),
        "HAM10000 copy not found at {}",
        data.display()
    );
    let out_path = std::env::temp_dir().join(format!("skincheck-ship-{}.json", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_skincheck"))
        .current_dir(root())
        .args(["evaluate", "--images"])
        .arg(data.join("images"))
        .args(["--labels", "training/splits/test_metadata.csv"])
        .args(["--non-lesion", "tests/fixtures/non_lesion", "--json"])
        .arg(&out_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = read_json(&out_path);
    let shipped = read_json(&root().join("assets/evaluation.json"));
    let card = read_json(&root().join("assets/model.json"));
    assert_eq!(
        shipped["model_sha256"], card["sha256"],
        "evaluation.json is for another model"
    );
    // The quality gate's counts too: flagged test photos per class and reason, non-lesions.
    for key in [
        "images",
        "confusion_matrix",
        "model_sha256",
        "quality_gate",
        "non_lesion",
    ] {
        assert_eq!(fresh[key], shipped[key], "{key}");
    }
    for key in ["balanced_accuracy", "accuracy", "macro_auc"] {
        let (a, b) = (fresh[key].as_f64().unwrap(), shipped[key].as_f64().unwrap());
        assert!((a - b).abs() < 1e-9, "{key}: {a} now vs {b} shipped");
    }
    assert!(
        fresh["images"].as_u64().unwrap() > 1000,
        "the whole test split"
    );
}
