//! Every chart drawn for the dark page: the dark background everywhere nothing is drawn,
//! light ink, the class colours (black swapped for yellow) and the dark heatmap ramps.
//!
//! The PNGs are written to `$SKINCHECK_CHART_PNG_DIR` when set (to look at them).

use std::path::Path;
use std::sync::Arc;

use plotters::prelude::*;
use skincheck_charts::data::evaluation_from_json;
use skincheck_charts::palette::{self, contrast_ratio};
use skincheck_charts::performance::confusion_cell_colour_in;
use skincheck_charts::{Chart, ColourMode, ConfusionView, DatasetStats, Theme, TrainingRun};

const ASSETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets");
const DARK: ColourMode = ColourMode::Dark;

struct Rendered {
    width: u32,
    rgb: Vec<u8>,
    regions: Vec<skincheck_charts::HitRegion>,
}

impl Rendered {
    fn pixel(&self, x: i32, y: i32) -> RGBColor {
        let i = 3 * (y as usize * self.width as usize + x as usize);
        RGBColor(self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }

    fn share(&self, keep: impl Fn(RGBColor) -> bool) -> f64 {
        let n = self
            .rgb
            .chunks(3)
            .filter(|p| keep(RGBColor(p[0], p[1], p[2])))
            .count();
        n as f64 / (self.rgb.len() / 3) as f64
    }
}

fn render(chart: &Chart, css_width: f64, dpr: f64) -> Rendered {
    skincheck_charts::register_native_font().unwrap();
    let theme = Theme::new(dpr, css_width).with_mode(DARK);
    let width = (css_width * dpr).round() as u32;
    let height = (chart.css_height(css_width) * dpr).round() as u32;
    let mut rgb = vec![0u8; (width * height * 3) as usize];
    let regions = {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        chart.draw(&root, &theme).unwrap()
    };
    if let Some(dir) = std::env::var_os("SKINCHECK_CHART_PNG_DIR") {
        let path = Path::new(&dir).join(format!("dark-{}-{css_width}w-{dpr}x.png", chart.id()));
        image::save_buffer(&path, &rgb, width, height, image::ColorType::Rgb8).unwrap();
    }
    Rendered {
        width,
        rgb,
        regions,
    }
}

fn shipped() -> Vec<Chart> {
    let read = |file: &str| std::fs::read_to_string(format!("{ASSETS}/{file}")).unwrap();
    let stats = Arc::new(DatasetStats::from_json(&read("dataset_stats.json")).unwrap());
    let report = Arc::new(evaluation_from_json(&read("evaluation.json")).unwrap());
    let run = Arc::new(TrainingRun::from_json(&read("training.json")).unwrap());
    let mut charts = Chart::dataset(stats);
    charts.extend(Chart::evaluation(report));
    charts.push(Chart::Training(run));
    charts
}

#[test]
fn every_chart_draws_light_ink_on_the_dark_background() {
    let bg = DARK.background();
    for chart in shipped() {
        for (css, dpr) in [(760.0, 1.0), (328.0, 3.0)] {
            let r = render(&chart, css, dpr);
            let id = chart.id();
            let corner = r.pixel(r.width as i32 - 1, 0);
            assert_eq!(corner, bg, "{id}: corner is not the page background");
            let background = r.share(|c| c == bg);
            assert!(background > 0.1, "{id}: only {background:.2} background");
            // Something light is drawn (text, axes), and nothing is left white.
            let light = r.share(|c| palette::relative_luminance(c) > 0.5);
            assert!(light > 0.002, "{id} at {css}px: no light ink ({light:.4})");
            let white = r.share(|c| c == palette::WHITE);
            assert!(white < 0.01, "{id}: {white:.3} of the chart is white");
        }
    }
}

#[test]
fn dark_bars_and_cells_keep_their_colours() {
    let charts = shipped();
    let images = charts
        .iter()
        .find(|c| c.id() == "images-per-class")
        .unwrap();
    let Chart::ImagesPerClass(stats) = images else {
        unreachable!()
    };
    let r = render(images, 760.0, 1.0);
    for (i, code) in stats.classes.iter().enumerate() {
        let region = r
            .regions
            .iter()
            .find(|h| h.text.starts_with(&format!("{code} (")))
            .unwrap();
        let colour = r.pixel(region.left + 1, region.centre().1);
        assert_eq!(colour, DARK.series(palette::class_colour(i)), "{code}");
        assert!(contrast_ratio(colour, DARK.background()) >= 3.0, "{code}");
    }
    // The seventh class (df in the shipped order) is black on white, yellow on dark.
    assert_eq!(DARK.series(palette::class_colour(6)), palette::YELLOW);

    let confusion = charts
        .iter()
        .find(|c| c.id() == "confusion-counts")
        .unwrap();
    let Chart::Confusion(report, ConfusionView::Counts) = confusion else {
        unreachable!()
    };
    let r = render(confusion, 600.0, 1.0);
    let k = report.classes.len();
    for t in 0..k {
        for p in 0..k {
            let cell = &r.regions[t * k + p];
            let c = r.pixel(cell.left + 1, cell.top + 1);
            assert_eq!(c, confusion_cell_colour_in(report, t, p, DARK));
            if report.confusion_matrix[t][p] > 0 {
                assert!((t == p) == (c.2 > c.0), "cell {t},{p}: {c:?}");
            }
        }
    }
}
