//! Every chart rendered to a bitmap with the same code the app draws on its canvas, from the
//! shipped JSON and from small hand-made fixtures, and checked pixel by pixel.
//!
//! The PNGs are written to `$SKINCHECK_CHART_PNG_DIR` when set (to look at them).

use std::path::Path;
use std::sync::Arc;

use plotters::prelude::*;
use skincheck_charts::data::evaluation_from_json;
use skincheck_charts::palette::{self, class_colour};
use skincheck_charts::{
    hit_test, Chart, ConfusionView, DatasetStats, HitRegion, Theme, TrainingRun,
};
use skincheck_metrics::report::{DatasetInfo, ModelInfo, Sample};
use skincheck_metrics::EvaluationReport;

const ASSETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

struct Rendered {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
    regions: Vec<HitRegion>,
}

impl Rendered {
    fn pixel(&self, x: i32, y: i32) -> RGBColor {
        assert!(
            x >= 0 && y >= 0 && (x as u32) < self.width && (y as u32) < self.height,
            "({x}, {y}) off the bitmap"
        );
        let i = 3 * (y as usize * self.width as usize + x as usize);
        RGBColor(self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }

    fn count(&self, colour: RGBColor) -> usize {
        self.rgb
            .chunks(3)
            .filter(|p| p[0] == colour.0 && p[1] == colour.1 && p[2] == colour.2)
            .count()
    }

    fn non_white(&self) -> usize {
        self.rgb.chunks(3).filter(|p| p != &[255, 255, 255]).count()
    }

    fn region(&self, prefix: &str) -> &HitRegion {
        self.regions
            .iter()
            .find(|r| r.text.starts_with(prefix))
            .unwrap_or_else(|| panic!("no hover region starting {prefix:?}"))
    }
}

/// Renders `chart` `css_width` CSS pixels wide at `dpr`, as the app sizes its canvas.
fn render(chart: &Chart, css_width: f64, dpr: f64) -> Rendered {
    render_tagged(chart, css_width, dpr, "")
}

/// [`render`], the PNG (if any) named with `tag`.
fn render_tagged(chart: &Chart, css_width: f64, dpr: f64, tag: &str) -> Rendered {
    skincheck_charts::register_native_font().unwrap();
    let theme = Theme::new(dpr, css_width);
    let width = (css_width * dpr).round() as u32;
    let height = (chart.css_height(css_width) * dpr).round() as u32;
    let mut rgb = vec![0u8; (width * height * 3) as usize];
    let regions = {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        chart.draw(&root, &theme).unwrap()
    };
    let r = Rendered {
        width,
        height,
        rgb,
        regions,
    };
    if let Some(dir) = std::env::var_os("SKINCHECK_CHART_PNG_DIR") {
        let path = Path::new(&dir).join(format!("{tag}{}-{}w-{}x.png", chart.id(), css_width, dpr));
        image::save_buffer(&path, &r.rgb, width, height, image::ColorType::Rgb8).unwrap();
    }
    r
}

/// `dir/file` read and parsed with `parse`.
fn load<T, E: std::fmt::Debug>(dir: &str, file: &str, parse: fn(&str) -> Result<T, E>) -> Arc<T> {
    let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
    Arc::new(parse(&text).unwrap())
}

fn shipped_stats() -> Arc<DatasetStats> {
    load(ASSETS, "dataset_stats.json", DatasetStats::from_json)
}

fn shipped_report() -> Arc<EvaluationReport> {
    load(ASSETS, "evaluation.json", evaluation_from_json)
}

fn shipped_training() -> Arc<TrainingRun> {
    load(ASSETS, "training.json", TrainingRun::from_json)
}

fn small_stats() -> Arc<DatasetStats> {
    load(FIXTURES, "small_stats.json", DatasetStats::from_json)
}

/// A 3-class report computed by the metrics crate from 10 known samples: nv 5 (4 right,
/// 1 called mel), mel 4 (3 right, 1 called nv), df 1 (right).
fn small_report() -> Arc<EvaluationReport> {
    let codes: Vec<String> = ["nv", "mel", "df"].map(String::from).to_vec();
    let names = codes.clone();
    let info = ModelInfo {
        model_id: "fixture",
        model_sha256: "00",
        class_codes: &codes,
        class_names: &names,
        malignant: &[false, true, false],
        temperature: 0.8,
        melanoma_index: Some(1),
    };
    let s = |truth: usize, p: [f64; 3]| {
        let decision = (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
        Sample {
            truth,
            probabilities: p.to_vec(),
            uncalibrated: p.map(|v| (v + 1.0 / 3.0) / 2.0).to_vec(),
            decision,
            triage: usize::from(p[1] > 0.3),
        }
    };
    let samples = vec![
        s(0, [0.9, 0.05, 0.05]),
        s(0, [0.8, 0.1, 0.1]),
        s(0, [0.7, 0.2, 0.1]),
        s(0, [0.6, 0.3, 0.1]),
        s(0, [0.3, 0.6, 0.1]),
        s(1, [0.1, 0.8, 0.1]),
        s(1, [0.2, 0.7, 0.1]),
        s(1, [0.3, 0.6, 0.1]),
        s(1, [0.5, 0.4, 0.1]),
        s(2, [0.1, 0.1, 0.8]),
    ];
    let dataset = DatasetInfo {
        description: "fixture".into(),
        labels_file: "none".into(),
        skipped: vec![],
    };
    let report = EvaluationReport::compute(&info, dataset, &samples, "test");
    assert_eq!(
        report.confusion_matrix,
        vec![vec![4, 1, 0], vec![1, 3, 0], vec![0, 0, 1]]
    );
    Arc::new(report)
}

fn all_charts(
    stats: Arc<DatasetStats>,
    report: Arc<EvaluationReport>,
    training: Arc<TrainingRun>,
) -> Vec<Chart> {
    let mut charts = Chart::dataset(stats);
    charts.extend(Chart::evaluation(report));
    charts.push(Chart::Training(training));
    charts
}

#[test]
fn every_chart_draws_at_desktop_and_phone_sizes_with_hover_regions_inside() {
    let shipped = all_charts(shipped_stats(), shipped_report(), shipped_training());
    let small = all_charts(small_stats(), small_report(), shipped_training());
    let tagged = shipped
        .iter()
        .map(|c| ("", c))
        .chain(small.iter().map(|c| ("small-", c)));
    for (tag, chart) in tagged {
        for (css, dpr) in [(760.0, 1.0), (328.0, 3.0)] {
            let r = render_tagged(chart, css, dpr, tag);
            let drawn = r.non_white() as f64 / f64::from(r.width * r.height);
            assert!(
                drawn > 0.03,
                "{} at {css}px x{dpr}: only {:.1} % drawn",
                chart.id(),
                100.0 * drawn
            );
            assert!(!r.regions.is_empty(), "{}: no hover regions", chart.id());
            for region in &r.regions {
                assert!(!region.text.is_empty());
                let (x, y) = region.centre();
                assert!(
                    x >= 0 && y >= 0 && x < r.width as i32 && y < r.height as i32,
                    "{}: {region:?} off the chart",
                    chart.id()
                );
                // Hovering a region's centre finds it or a smaller one on top of it.
                let found = hit_test(&r.regions, x, y).unwrap();
                assert!(found == region || found.contains(x, y));
            }
            assert!(!chart.takeaway().is_empty() && !chart.table().rows.is_empty());
        }
    }
}

#[test]
fn nv_has_the_longest_bar_and_each_bar_has_its_class_colour() {
    let stats = shipped_stats();
    let chart = Chart::ImagesPerClass(stats.clone());
    let r = render(&chart, 760.0, 1.0);
    let width = |code: &str| {
        let region = r.region(&format!("{code} ("));
        // Bars start at the region's left; walk right while the class colour continues.
        let index = stats.classes.iter().position(|c| c == code).unwrap();
        let colour = class_colour(index);
        let y = region.centre().1;
        assert_eq!(r.pixel(region.left + 1, y), colour, "{code} bar colour");
        (region.left..r.width as i32)
            .take_while(|&x| r.pixel(x, y) == colour)
            .count()
    };
    let widths: Vec<(String, usize)> = stats
        .classes
        .iter()
        .map(|c| (c.clone(), width(c)))
        .collect();
    let longest = widths.iter().max_by_key(|w| w.1).unwrap();
    assert_eq!(longest.0, "nv", "{widths:?}");
    // A log axis: df's 96 images still get a bar at least half as long as nv's 5,687.
    let df = widths.iter().find(|w| w.0 == "df").unwrap().1;
    assert!(df * 2 > longest.1, "{widths:?}");
    assert!(
        chart.takeaway().starts_with("67 % of the images are nv"),
        "{}",
        chart.takeaway()
    );
}

#[test]
fn confusion_diagonal_is_blue_and_errors_vermillion() {
    for report in [small_report(), shipped_report()] {
        let k = report.classes.len();
        for view in [ConfusionView::Counts, ConfusionView::RowShares] {
            let r = render(&Chart::Confusion(report.clone(), view), 600.0, 1.0);
            assert_eq!(r.regions.len(), k * k);
            for t in 0..k {
                for p in 0..k {
                    let cell = &r.regions[t * k + p];
                    assert!(cell.text.starts_with(&format!(
                        "true {}, predicted {}:",
                        report.classes[t], report.classes[p]
                    )));
                    let c = r.pixel(cell.left + 1, cell.top + 1);
                    assert_eq!(
                        c,
                        skincheck_charts::performance::confusion_cell_colour(&report, t, p)
                    );
                    let n = report.confusion_matrix[t][p];
                    if t == p && n > 0 {
                        assert!(c.2 > c.0, "diagonal {t} is not blue: {c:?}");
                    } else if n > 0 {
                        assert!(c.0 > c.2, "error cell {t},{p} is not vermillion: {c:?}");
                    }
                }
            }
        }
    }
    let small = small_report();
    let takeaway = Chart::Confusion(small.clone(), ConfusionView::RowShares).takeaway();
    assert!(
        takeaway.contains("mel taken for nv: 25 % of the 4 mel"),
        "{takeaway}"
    );
    assert!(Chart::Confusion(small, ConfusionView::Counts)
        .takeaway()
        .starts_with("8 of the 10 test images (80 %)"));
}

#[test]
fn roc_curves_run_from_the_origin_to_the_top_right_corner() {
    let report = shipped_report();
    let r = render(&Chart::Roc(report.clone()), 760.0, 1.0);
    for (i, curve) in report.roc.iter().enumerate() {
        let mine: Vec<&HitRegion> = r
            .regions
            .iter()
            .filter(|h| h.text.starts_with(&format!("{}:", curve.code)))
            .collect();
        let (first, last) = (mine.first().unwrap(), mine.last().unwrap());
        assert!(
            first.text.contains("sensitivity 0.0 % at 0.0 %"),
            "{}",
            first.text
        );
        assert!(
            last.text.contains("sensitivity 100.0 % at 100.0 %"),
            "{}",
            last.text
        );
        // (1, 1) is the plot's top right: right of and above every other point.
        let all = r.regions.iter().map(|h| h.centre());
        let (x, y) = last.centre();
        assert!(all.clone().all(|(ox, oy)| ox <= x && oy >= y));
        // Some curve's colour is drawn right at the corner.
        let colours: Vec<RGBColor> = report
            .roc
            .iter()
            .enumerate()
            .map(|(j, _)| class_colour(j))
            .collect();
        let near = (-3..=3).flat_map(|dx| (-3..=3).map(move |dy| (x + dx, y + dy)));
        assert!(
            near.clone()
                .any(|(px, py)| colours.contains(&r.pixel(px, py))),
            "no curve at (1,1) for {}",
            curve.code
        );
        let _ = i;
    }
    let takeaway = Chart::Roc(report.clone()).takeaway();
    assert!(
        takeaway.starts_with(&format!("Mean AUC {:.3}", report.macro_auc.unwrap())),
        "{takeaway}"
    );
}

#[test]
fn stacked_bars_split_each_class_by_its_counts() {
    let stats = small_stats();
    let r = render(&Chart::Confirmation(stats.clone()), 760.0, 1.0);
    // mel is 100 % histopathology: its whole bar is histopathology blue.
    let mel = r.region("mel, histopathology: 20 of 20");
    let y = mel.centre().1;
    assert_eq!(r.pixel(mel.left + 2, y), palette::BLUE);
    assert_eq!(r.pixel(mel.right - 2, y), palette::BLUE);
    // nv: 30 % histopathology then 70 % follow-up, in that order.
    let histo = r.region("nv, histopathology: 30 of 100");
    let follow = r.region("nv, follow-up: 70 of 100");
    let ratio = f64::from(follow.right - follow.left) / f64::from(histo.right - histo.left);
    assert!((ratio - 70.0 / 30.0).abs() < 0.1, "{ratio}");
    assert_eq!(r.pixel(follow.left + 2, follow.centre().1), palette::ORANGE);
    let takeaway = Chart::Confirmation(stats).takeaway();
    assert_eq!(
        takeaway,
        "Every mel image was confirmed by histopathology, but only 30 % of nv images were: the \
         rest rely on follow-up or expert consensus, so some labels may be wrong."
    );
}

#[test]
fn heatmap_cells_are_darker_for_larger_shares() {
    let stats = small_stats();
    let r = render(&Chart::BodySite(stats.clone()), 760.0, 1.0);
    let cell = |prefix: &str| {
        let h = r.region(prefix);
        r.pixel(h.left + 1, h.top + 1)
    };
    let luminance =
        |c: RGBColor| 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    // df is 100 % lower extremity, nv 60 % back, mel 0 % lower extremity.
    let full = cell("df on the lower extremity: 10 of 10");
    let some = cell("nv on the back: 60 of 100");
    let none = cell("mel on the lower extremity: 0 of 20");
    assert_eq!(full, palette::sequential(1.0));
    assert!(luminance(full) < luminance(some) && luminance(some) < luminance(none));
    assert_eq!(
        Chart::BodySite(stats).takeaway(),
        "100 % of df images are of the lower extremity, against 8 % of all images: body site \
         carries information, so the model takes it as an input."
    );
    let age = Chart::Age(small_stats());
    assert!(
        age.takeaway()
            .starts_with("The median patient is 25–29 years old for nv but 60–64 for mel"),
        "{}",
        age.takeaway()
    );
}

#[test]
fn reliability_and_training_have_one_hover_point_per_bin_and_epoch() {
    let report = shipped_report();
    let r = render(&Chart::Reliability(report.clone()), 760.0, 1.0);
    let filled =
        |rel: &skincheck_metrics::Reliability| rel.bins.iter().filter(|b| b.count > 0).count();
    assert_eq!(
        r.regions.len(),
        filled(&report.reliability_before) + filled(&report.reliability_after)
    );
    assert!(r.count(palette::BLUE) > 50 && r.count(palette::ORANGE) > 50);

    let run = shipped_training();
    let r = render(&Chart::Training(run.clone()), 760.0, 1.0);
    assert_eq!(r.regions.len(), run.history.len());
    // Epoch bands run left to right without overlapping.
    for pair in r.regions.windows(2) {
        assert!(pair[0].right <= pair[1].left + 1, "{:?}", pair);
    }
    let best = run
        .history
        .iter()
        .max_by(|a, b| {
            a.val_balanced_accuracy
                .unwrap()
                .total_cmp(&b.val_balanced_accuracy.unwrap())
        })
        .unwrap();
    assert!(Chart::Training(run.clone()).takeaway().contains(&format!(
        "in epoch {} of {}",
        best.epoch,
        run.history.len()
    )));
}

#[test]
fn a_higher_pixel_ratio_draws_the_same_chart_sharper() {
    let chart = Chart::ImagesPerClass(shipped_stats());
    let one = render(&chart, 400.0, 1.0);
    let two = render(&chart, 400.0, 2.0);
    assert_eq!((two.width, two.height), (2 * one.width, 2 * one.height));
    // The same regions, at twice the coordinates (within rounding).
    assert_eq!(one.regions.len(), two.regions.len());
    for (a, b) in one.regions.iter().zip(&two.regions) {
        assert_eq!(a.text, b.text);
        assert!((2 * a.right - b.right).abs() <= 4, "{a:?} vs {b:?}");
    }
}

#[test]
fn tables_carry_the_json_numbers() {
    let report = shipped_report();
    let counts = Chart::Confusion(report.clone(), ConfusionView::Counts).table();
    for (t, code) in report.classes.iter().enumerate() {
        for (p, predicted) in report.classes.iter().enumerate() {
            let want = report.confusion_matrix[t][p].to_string();
            assert_eq!(counts.cell(code, predicted), Some(want.as_str()));
        }
    }
    let per_class = Chart::PerClass(report.clone()).table();
    for c in &report.per_class {
        let support = c.metrics.support.to_string();
        assert_eq!(
            per_class.cell(&c.code, "test images"),
            Some(support.as_str())
        );
        let recall = format!("{:.1} %", 100.0 * c.metrics.recall.unwrap());
        assert_eq!(per_class.cell(&c.code, "recall"), Some(recall.as_str()));
    }
    let stats = shipped_stats();
    let sites = Chart::BodySite(stats.clone()).table();
    let face: u64 = stats
        .classes
        .iter()
        .map(|c| {
            stats.localization_per_class[c]
                .get("face")
                .copied()
                .unwrap_or(0)
        })
        .sum();
    let shown: u64 = stats
        .classes
        .iter()
        .map(|c| {
            sites
                .cell("face", c)
                .unwrap()
                .replace(',', "")
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    assert_eq!(shown, face);
    let run = shipped_training();
    assert_eq!(
        Chart::Training(run.clone()).table().rows.len(),
        run.history.len()
    );
}

#[test]
fn sparse_data_draws_without_panicking() {
    // A class with no images at all, no ages, sexes, sites or confirmations recorded.
    let stats = DatasetStats::from_json(
        r#"{"total_images": 5, "classes": ["nv", "df"], "images_per_class": {"nv": 5, "df": 0},
            "age_histogram_5y_per_class": {"nv": {"unknown": 5}}, "sex_per_class": {},
            "localization_per_class": {"nv": {"unknown": 5}}, "dx_type_per_class": {}}"#,
    )
    .unwrap();
    // A class absent from the test images: no recall, no ROC curve.
    let codes: Vec<String> = ["nv", "mel"].map(String::from).to_vec();
    let info = ModelInfo {
        model_id: "fixture",
        model_sha256: "00",
        class_codes: &codes,
        class_names: &codes,
        malignant: &[false, true],
        temperature: 1.2,
        melanoma_index: Some(1),
    };
    let sample = |p: [f64; 2], decision| Sample {
        truth: 0,
        probabilities: p.to_vec(),
        uncalibrated: p.to_vec(),
        decision,
        triage: 0,
    };
    let dataset = DatasetInfo {
        description: "fixture".into(),
        labels_file: "none".into(),
        skipped: vec![],
    };
    let report = EvaluationReport::compute(
        &info,
        dataset,
        &[sample([0.9, 0.1], 0), sample([0.4, 0.6], 1)],
        "test",
    );
    assert!(report.roc[1].points.is_empty() && report.per_class[1].metrics.recall.is_none());
    let report = evaluation_from_json(&serde_json::to_string(&report).unwrap()).unwrap();
    let run = TrainingRun::from_json(r#"{"history": [{"epoch": 1, "train_loss": 0.5}]}"#).unwrap();
    for chart in all_charts(Arc::new(stats), Arc::new(report), Arc::new(run)) {
        let r = render(&chart, 320.0, 1.0);
        assert!(r.non_white() > 0, "{} drew nothing", chart.id());
        assert!(!chart.takeaway().is_empty());
    }
}

#[test]
fn inconsistent_evaluation_files_are_refused_with_a_reason() {
    let mut report = (*shipped_report()).clone();
    report.confusion_matrix.pop();
    let e = evaluation_from_json(&serde_json::to_string(&report).unwrap()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "evaluation.json is inconsistent: its confusion matrix is not 7 x 7"
    );
    let e = evaluation_from_json("{\"classes\": []}")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("evaluation.json is not valid: missing field"),
        "{e}"
    );
}

#[test]
fn diagnosis_names_come_from_the_names_given() {
    // Without names (dataset_stats.json carries none) a class is shown by its code; the app
    // passes the model card's.
    let stats = (*small_stats()).clone();
    let plain = Chart::ImagesPerClass(Arc::new(stats.clone()));
    assert_eq!(plain.table().cell("mel", "diagnosis"), Some("mel"));
    let card = [
        ("nv", "Melanocytic nevus"),
        ("mel", "Melanoma"),
        ("df", "Dermatofibroma"),
    ];
    let chart = Chart::ImagesPerClass(Arc::new(stats.with_class_names(card)));
    assert_eq!(chart.table().cell("mel", "diagnosis"), Some("Melanoma"));
    let r = render(&chart, 760.0, 1.0);
    assert!(r.region("mel (Melanoma): 20 images").text.ends_with("15 %"));
}
