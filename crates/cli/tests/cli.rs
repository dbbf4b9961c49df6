//! The `skincheck` binary end to end: classify output against the onnxruntime reference,
//! human errors for bad files, and `evaluate` on HAM10000- and ISIC-format label files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

fn skincheck(args: &[&str]) -> Output {
    let model = fixture("tiny_model.onnx");
    Command::new(env!("CARGO_BIN_EXE_skincheck"))
        .arg("--model")
        .arg(&model)
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn reference() -> Value {
    let text = std::fs::read_to_string(fixture("reference_tiny_model.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn classify_json_matches_the_onnxruntime_reference() {
    let reference = reference();
    let cases = reference["cases"].as_array().unwrap();
    let with_meta = cases
        .iter()
        .find(|c| c["sex"] == "male" && c["image"] == "mel_ISIC_0024310.png")
        .expect("reference has a male case");
    let image = fixture("images/mel_ISIC_0024310.png");
    let age = with_meta["age"].as_f64().unwrap().to_string();
    let site = with_meta["site"].as_str().unwrap();
    let out = skincheck(&[
        "classify",
        image.to_str().unwrap(),
        "--json",
        "--age",
        &age,
        "--sex",
        "male",
        "--site",
        site,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = stdout_json(&out);
    let result = &json["results"][0];
    let probs: Vec<f64> = result["probabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| pair[1].as_f64().unwrap())
        .collect();
    let expected: Vec<f64> = with_meta["probabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_f64().unwrap())
        .collect();
    for (p, e) in probs.iter().zip(&expected) {
        assert!((p - e).abs() < 1e-5, "{probs:?} vs {expected:?}");
    }
    assert_eq!(result["decision"], with_meta["decision"]);
    assert_eq!(result["triage"], with_meta["triage"]);
    assert_eq!(result["sex"], "male");
    assert_eq!(result["model_sha256"], reference["model_sha256"]);
}

#[test]
fn bad_files_get_a_reason_and_the_rest_still_run() {
    let dir = std::env::temp_dir().join(format!("skincheck-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.jpg");
    std::fs::write(&empty, b"").unwrap();
    let text = dir.join("notes.png");
    std::fs::write(&text, b"just some text").unwrap();
    let good = fixture("images/nv_ISIC_0024306.png");
    let out = skincheck(&[
        "classify",
        empty.to_str().unwrap(),
        text.to_str().unwrap(),
        good.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json = stdout_json(&out);
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
    let errors = json["errors"].as_array().unwrap();
    assert!(errors[0]["error"].as_str().unwrap().contains("empty"));
    assert!(errors[1]["error"]
        .as_str()
        .unwrap()
        .contains("not an image"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 of 3 images could not be classified"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn bad_arguments_and_tampered_model_are_explained() {
    let image = fixture("images/nv_ISIC_0024306.png");
    let out = skincheck(&["classify", image.to_str().unwrap(), "--age", "300"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("between 0 and 120"));
    let out = skincheck(&["classify", image.to_str().unwrap(), "--site", "elbow"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown body site"));

    let dir = std::env::temp_dir().join(format!("skincheck-tamper-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut bytes = std::fs::read(fixture("tiny_model.onnx")).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    std::fs::write(dir.join("model.onnx"), &bytes).unwrap();
    std::fs::copy(fixture("tiny_model.json"), dir.join("model.json")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_skincheck"))
        .arg("--model")
        .arg(dir.join("model.onnx"))
        .args(["classify", image.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not match its card"), "{stderr}");
}

/// Runs `classify --json` on each fixture and returns (image id, decision, probabilities).
fn classify_all() -> Vec<(String, String)> {
    let images: Vec<PathBuf> = std::fs::read_dir(fixture("images"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    let mut args = vec!["classify".to_owned(), "--json".to_owned()];
    args.extend(images.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let json = stdout_json(&skincheck(&refs));
    json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let stem = Path::new(r["file"].as_str().unwrap())
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (stem, r["decision"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// The fixture file names start with their true diagnosis ("mel_ISIC_...").
fn truth_of(stem: &str) -> &str {
    stem.split('_').next().unwrap()
}

#[test]
fn evaluate_agrees_with_classify_in_both_label_formats() {
    let decisions = classify_all();
    assert_eq!(decisions.len(), 6);
    let correct = decisions.iter().filter(|(s, d)| truth_of(s) == d).count();
    let dir = std::env::temp_dir().join(format!("skincheck-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // HAM10000 layout, plus one unusable row that must be reported, not dropped silently.
    let mut ham = String::from("lesion_id,image_id,dx,dx_type,age,sex,localization\n");
    for (stem, _) in &decisions {
        ham += &format!("L,{stem},{},histo,,unknown,unknown\n", truth_of(stem));
    }
    ham += "L,ISIC_missing,mel,histo,50,male,back\nL,ISIC_odd,scc,histo,50,male,back\n";
    std::fs::write(dir.join("ham.csv"), ham).unwrap();
    let report_path = dir.join("evaluation.json");
    let out = skincheck(&[
        "evaluate",
        "--images",
        fixture("images").to_str().unwrap(),
        "--labels",
        dir.join("ham.csv").to_str().unwrap(),
        "--json",
        report_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("balanced accuracy"), "{stdout}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    assert_eq!(report["images"], 6);
    let accuracy = report["accuracy"].as_f64().unwrap();
    assert!((accuracy - correct as f64 / 6.0).abs() < 1e-12);
    let skipped = report["dataset"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2);
    let cm: u64 = report["confusion_matrix"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(|v| v.as_u64().unwrap()))
        .sum();
    assert_eq!(cm, 6);
    // Every photo shares lesion "L": one cluster, so every resample is the whole set.
    let iv = &report["intervals"];
    assert_eq!(iv["lesions"], 1);
    assert_eq!(iv["accuracy"][0].as_f64().unwrap(), accuracy);
    assert_eq!(iv["accuracy"][1].as_f64().unwrap(), accuracy);

    // HAM labels carry their own metadata: an extra --metadata is refused, not ignored.
    let out = skincheck(&[
        "evaluate",
        "--images",
        fixture("images").to_str().unwrap(),
        "--labels",
        dir.join("ham.csv").to_str().unwrap(),
        "--metadata",
        dir.join("ham.csv").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--metadata"), "{stderr}");
    assert!(stderr.contains("only for ISIC ground truth"), "{stderr}");

    // The same truth as an ISIC 2018 ground-truth file with a metadata file.
    let cols = ["MEL", "NV", "BCC", "AKIEC", "BKL", "DF", "VASC"];
    let mut gt = format!("image,{}\n", cols.join(","));
    let mut meta = String::from("image,age_approx,anatom_site_general,sex\n");
    for (stem, _) in &decisions {
        let hot: Vec<&str> = cols
            .iter()
            .map(|c| {
                if c.eq_ignore_ascii_case(truth_of(stem)) {
                    "1.0"
                } else {
                    "0.0"
                }
            })
            .collect();
        gt += &format!("{stem},{}\n", hot.join(","));
        meta += &format!("{stem},,,\n");
    }
    std::fs::write(dir.join("gt.csv"), gt).unwrap();
    std::fs::write(dir.join("meta.csv"), meta).unwrap();
    let isic_path = dir.join("isic.json");
    let out = skincheck(&[
        "evaluate",
        "--images",
        fixture("images").to_str().unwrap(),
        "--labels",
        dir.join("gt.csv").to_str().unwrap(),
        "--metadata",
        dir.join("meta.csv").to_str().unwrap(),
        "--json",
        isic_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let isic: Value = serde_json::from_str(&std::fs::read_to_string(&isic_path).unwrap()).unwrap();
    assert_eq!(isic["confusion_matrix"], report["confusion_matrix"]);
    assert_eq!(isic["balanced_accuracy"], report["balanced_accuracy"]);
}

#[test]
fn help_explains_the_isic_site_mapping() {
    let out = skincheck(&["evaluate", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("posterior torso -> back"), "{help}");
    assert!(help.contains("head/neck -> face"));
}
