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
    let (stdout, report) = evaluate_fixtures(&[], &dir.join("ham.csv"), &[], &dir);
    assert!(stdout.contains("balanced accuracy"), "{stdout}");
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
    let meta = dir.join("meta.csv");
    let (_, isic) = evaluate_fixtures(
        &[],
        &dir.join("gt.csv"),
        &["--metadata", meta.to_str().unwrap()],
        &dir.join("isic"),
    );
    assert_eq!(isic["confusion_matrix"], report["confusion_matrix"]);
    assert_eq!(isic["balanced_accuracy"], report["balanced_accuracy"]);
}

/// `skincheck <global> evaluate --images <fixture images> --labels <labels> <extra> --json
/// <dir>/evaluation.json`, which must succeed: its stdout and the JSON report.
fn evaluate_fixtures(
    global: &[&str],
    labels: &Path,
    extra: &[&str],
    dir: &Path,
) -> (String, Value) {
    std::fs::create_dir_all(dir).unwrap();
    let report_path = dir.join("evaluation.json");
    let images = fixture("images");
    let mut args: Vec<&str> = global.to_vec();
    args.extend([
        "evaluate",
        "--images",
        images.to_str().unwrap(),
        "--labels",
        labels.to_str().unwrap(),
        "--json",
        report_path.to_str().unwrap(),
    ]);
    args.extend(extra);
    let out = skincheck(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    (String::from_utf8_lossy(&out.stdout).into_owned(), report)
}

#[test]
fn help_explains_the_isic_site_mapping() {
    let out = skincheck(&["evaluate", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("posterior torso -> back"), "{help}");
    assert!(help.contains("head/neck -> face"));
}

/// A fresh temporary folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("skincheck-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A flat grey 192x192 PNG: no contrast, no detail.
fn flat_grey_png(dir: &Path) -> PathBuf {
    let path = dir.join("flat_grey.png");
    image::RgbImage::from_pixel(192, 192, image::Rgb([128, 128, 128]))
        .save(&path)
        .unwrap();
    path
}

/// The tiny card with a photo-only gate (the doc's limits, no out-of-distribution part), so
/// the outcome does not depend on the fixture's fitted statistics: the fixture lesions pass
/// and a flat photo fails.
fn card_with_photo_gate(dir: &Path) -> PathBuf {
    let mut card: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("tiny_model.json")).unwrap())
            .unwrap();
    card["quality_gate"] = serde_json::json!({
        "photo": {"min_source_side": 64, "min_brightness": 0.15, "max_brightness": 0.92,
                  "max_clipped_fraction": 0.25, "min_contrast": 0.02, "min_sharpness": 0.09}
    });
    let path = dir.join("gated.json");
    std::fs::write(&path, card.to_string()).unwrap();
    path
}

fn assert_check_shape(check: &Value) {
    let status = check["status"].as_str().expect("status");
    assert!(
        ["ok", "poor_quality", "not_a_lesion"].contains(&status),
        "{check}"
    );
    let reasons = check["reasons"].as_array().expect("reasons");
    assert_eq!(status == "ok", reasons.is_empty(), "{check}");
    assert!(check["ood_score"].is_null() || check["ood_score"].is_number());
    for key in [
        "source_side",
        "brightness",
        "contrast",
        "clipped",
        "sharpness",
    ] {
        assert!(check["measures"][key].is_number(), "{key}: {check}");
    }
}

#[test]
fn classify_reports_the_quality_check_in_json_and_csv() {
    let dir = temp_dir("check");
    let grey = flat_grey_png(&dir);
    let lesion = fixture("images/mel_ISIC_0024310.png");
    let files = [lesion.to_str().unwrap(), grey.to_str().unwrap()];
    let out = skincheck(&["classify", files[0], files[1], "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = stdout_json(&out);
    let results = json["results"].as_array().unwrap();
    for r in results {
        assert_check_shape(&r["check"]);
    }
    assert_eq!(results[1]["check"]["measures"]["contrast"], 0.0);
    assert_eq!(results[1]["check"]["measures"]["source_side"], 192);

    // The fixture's own card: a real verdict where it has a gate, always "ok" otherwise.
    let card: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("tiny_model.json")).unwrap())
            .unwrap();
    let gated = card.get("quality_gate").is_some();
    let grey_check = &results[1]["check"];
    if gated {
        assert_eq!(grey_check["status"], "poor_quality", "{grey_check}");
        let reasons = grey_check["reasons"].as_array().unwrap();
        assert!(
            reasons.contains(&Value::from("low_contrast")),
            "{grey_check}"
        );
        let reference = reference();
        let case = reference["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["image"] == "mel_ISIC_0024310.png" && c.get("check").is_some());
        if let Some(case) = case {
            assert_eq!(results[0]["check"]["status"], case["check"]["status"]);
        }
    } else {
        assert_eq!(grey_check["status"], "ok");
        assert!(grey_check["ood_score"].is_null());
    }

    let out = skincheck(&["classify", files[0], files[1], "--csv"]);
    let csv = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header
        .iter()
        .position(|c| *c == "check")
        .expect("check column");
    assert_eq!(header[col - 1], "triage");
    let cell = |line: &str| line.split(',').nth(col).unwrap_or_default().to_owned();
    if gated {
        assert!(cell(lines[2]).starts_with("poor_quality: "), "{csv}");
        assert!(cell(lines[2]).contains("low_contrast"), "{csv}");
    } else {
        assert_eq!(cell(lines[2]), "ok", "{csv}");
    }
    assert_eq!(
        cell(lines[1]),
        results[0]["check"]["status"].as_str().unwrap()
    );
}

#[test]
fn a_photo_gate_flags_a_flat_photo_in_every_format() {
    let dir = temp_dir("photo-gate");
    let grey = flat_grey_png(&dir);
    let card = card_with_photo_gate(&dir);
    let lesion = fixture("images/nv_ISIC_0024306.png");
    let run = |format: &[&str]| {
        let mut args = vec![
            "--card",
            card.to_str().unwrap(),
            "classify",
            lesion.to_str().unwrap(),
            grey.to_str().unwrap(),
        ];
        args.extend(format);
        let out = skincheck(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let json = stdout_json(&run(&["--json"]));
    let (ok, flat) = (&json["results"][0]["check"], &json["results"][1]["check"]);
    assert_eq!(ok["status"], "ok", "{ok}");
    assert!(ok["ood_score"].is_null(), "no ood statistics in this gate");
    assert_eq!(flat["status"], "poor_quality");
    assert_eq!(
        flat["reasons"],
        serde_json::json!(["too_blurry", "low_contrast"])
    );

    let csv = String::from_utf8_lossy(&run(&["--csv"]).stdout).into_owned();
    assert!(
        csv.contains(",poor_quality: too_blurry; low_contrast,"),
        "{csv}"
    );

    let text = String::from_utf8_lossy(&run(&[]).stdout).into_owned();
    let (first, second) = text.split_at(text.find("flat_grey.png").unwrap());
    assert!(!first.contains("check:"), "the lesion passes: {text}");
    assert!(
        second.contains(
            "  check: POOR QUALITY — The photo has too little contrast to judge: is the lesion in the square?"
        ),
        "{text}"
    );
    assert!(second.contains("  check: POOR QUALITY — The photo is too blurry"));
    assert!(second.contains("triage: NOT APPLICABLE"), "{text}");
    let check_at = second.find("check:").unwrap();
    assert!(
        check_at < second.find('%').unwrap(),
        "before the probabilities"
    );
}

#[test]
fn evaluate_counts_flagged_photos_and_non_lesions() {
    let dir = temp_dir("eval-gate");
    let card = card_with_photo_gate(&dir);
    let others = dir.join("not_lesions");
    std::fs::create_dir_all(&others).unwrap();
    flat_grey_png(&others);
    std::fs::copy(
        fixture("images/bcc_ISIC_0024345.png"),
        others.join("a_lesion_after_all.png"),
    )
    .unwrap();
    std::fs::write(others.join("notes.txt"), "not a photo, not read").unwrap();
    let decisions = classify_all();
    let mut ham = String::from("lesion_id,image_id,dx\n");
    for (stem, _) in &decisions {
        ham += &format!("L{stem},{stem},{}\n", truth_of(stem));
    }
    std::fs::write(dir.join("ham.csv"), ham).unwrap();
    let (stdout, report) = evaluate_fixtures(
        &["--card", card.to_str().unwrap()],
        &dir.join("ham.csv"),
        &["--non-lesion", others.to_str().unwrap()],
        &dir,
    );
    assert!(
        stdout.contains("quality gate         flagged 0 of 6 photos"),
        "{stdout}"
    );
    assert!(
        stdout.contains("non-lesion photos    flagged 1 of 2 (50.0 %)"),
        "{stdout}"
    );
    assert_eq!(report["images"], 6, "metrics still count every photo");
    let gate = &report["quality_gate"];
    assert_eq!(gate["photos"]["mel"], 1);
    assert_eq!(gate["flagged"]["mel"], 0);
    assert_eq!(gate["flagged_fraction"], 0.0);
    assert_eq!(gate["by_reason"]["too_blurry"], 0);
    assert_eq!(gate["photos"].as_object().unwrap().len(), 7);
    let non = &report["non_lesion"];
    assert_eq!(non["photos"], 2);
    assert_eq!(non["flagged"], 1);
    assert_eq!(non["detection_rate"], 0.5);
    assert_eq!(non["missed"], serde_json::json!(["a_lesion_after_all.png"]));
}

#[test]
fn classify_csv_neutralises_file_names_a_spreadsheet_would_run() {
    let dir = temp_dir("hostile-names");
    let photo = std::fs::read(fixture("images/nv_ISIC_0024306.png")).unwrap();
    let hostile = [
        // No '/' on disk: the folder names the app's batch gets are tested in crates/batch.
        "=HYPERLINK(\"evil.example\",\"x\").png",
        "+1.png",
        "-2+3.png",
        "a, \"b\".png",
    ];
    for name in hostile.iter().chain(&["plain.png"]) {
        std::fs::write(dir.join(name), &photo).unwrap();
    }
    std::fs::write(dir.join("@SUM(A1).png"), b"not an image").unwrap();
    // Relative names, as a shell glob in the photos' folder gives them.
    let out = Command::new(env!("CARGO_BIN_EXE_skincheck"))
        .current_dir(&dir)
        .arg("--model")
        .arg(fixture("tiny_model.onnx"))
        .args(["classify", "--csv", "--", "plain.png"])
        .args(hostile)
        .arg("@SUM(A1).png")
        .output()
        .expect("binary runs");
    assert!(!out.status.success(), "one file is not an image");
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not CSV ({e}): {text}"));
    assert_eq!(rows.len(), hostile.len() + 2, "{text}");
    let plain = &rows[0];
    assert_eq!(&plain[0], "plain.png");
    for (row, name) in rows[1..].iter().zip(hostile) {
        let want = if name.starts_with(['=', '+', '-']) {
            format!("'{name}")
        } else {
            name.to_owned()
        };
        assert_eq!(&row[0], want, "{text}");
        // Every other cell, probabilities and crop included, as for a plain name.
        assert_eq!(
            row.iter().skip(1).collect::<Vec<_>>(),
            plain.iter().skip(1).collect::<Vec<_>>()
        );
    }
    let failed = &rows[hostile.len() + 1];
    assert_eq!(&failed[0], "'@SUM(A1).png", "{text}");
    assert!(
        text.contains("\n\"'=HYPERLINK(\"\"evil.example\"\","),
        "{text}"
    );
}
