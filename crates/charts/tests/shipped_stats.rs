//! The Data page draws `assets/dataset_stats.json`; this checks it against the HAM10000 copy
//! it claims to describe, counting the metadata CSV independently of the Python pipeline.
//! Needs the data set (`$SKINCHECK_DATA` or `../shared/data/ham10000`), so it is ignored by a
//! plain `cargo test`; `scripts/test.sh` runs it with `--include-ignored` when the data is
//! there and says so when it is not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use skincheck_charts::data::Counts;
use skincheck_charts::DatasetStats;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data_dir() -> PathBuf {
    std::env::var_os("SKINCHECK_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/data/ham10000"))
}

/// HAM10000's age (e.g. `"80.0"`, or empty) as the 5-year bin the JSON uses.
fn age_bin(age: &str) -> String {
    match age.trim().parse::<f64>() {
        Ok(a) if a.is_finite() && a >= 0.0 => {
            let lower = (a / 5.0).floor() as u32 * 5;
            format!("{lower}-{}", lower + 4)
        }
        _ => "unknown".to_owned(),
    }
}

#[test]
#[ignore = "needs the HAM10000 copy (../shared/data/ham10000 or $SKINCHECK_DATA)"]
fn shipped_dataset_stats_match_the_metadata_csv() {
    let csv_path = data_dir().join("HAM10000_metadata.csv");
    let csv = std::fs::read_to_string(&csv_path)
        .unwrap_or_else(|e| panic!("HAM10000 copy not readable at {}: {e}", csv_path.display()));
    let text = std::fs::read_to_string(root().join("assets/dataset_stats.json")).unwrap();
    let stats = DatasetStats::from_json(&text).unwrap();

    let mut images = Counts::new();
    let mut lesions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut per: [BTreeMap<String, Counts>; 4] = Default::default();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().map(str::trim),
        Some("lesion_id,image_id,dx,dx_type,age,sex,localization")
    );
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.trim().split(',').collect();
        assert_eq!(f.len(), 7, "unexpected row {line:?}");
        let dx = f[2].to_owned();
        *images.entry(dx.clone()).or_default() += 1;
        lesions
            .entry(dx.clone())
            .or_default()
            .insert(f[0].to_owned());
        let or_unknown = |s: &str| {
            if s.is_empty() {
                "unknown".to_owned()
            } else {
                s.to_owned()
            }
        };
        let keys = [
            age_bin(f[4]),
            or_unknown(f[5]),
            or_unknown(f[6]),
            or_unknown(f[3]),
        ];
        for (table, key) in per.iter_mut().zip(keys) {
            *table.entry(dx.clone()).or_default().entry(key).or_default() += 1;
        }
    }
    assert_eq!(stats.images_per_class, images);
    assert_eq!(stats.total_images, images.values().sum::<u64>());
    let lesion_counts: Counts = lesions
        .iter()
        .map(|(k, v)| (k.clone(), v.len() as u64))
        .collect();
    assert_eq!(stats.lesions_per_class, lesion_counts);
    assert_eq!(stats.age_histogram_5y_per_class, per[0]);
    assert_eq!(stats.sex_per_class, per[1]);
    assert_eq!(stats.localization_per_class, per[2]);
    assert_eq!(stats.dx_type_per_class, per[3]);
}
