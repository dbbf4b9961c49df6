//! A lesion's saved results over time: one line per class, the probability (0–100 %) against
//! the date each result was saved. Drawn by the history page; self-contained (its own input
//! type, no dependency on the history crate).

use plotters::coord::Shift;
use plotters::prelude::*;
use skincheck_core::Language;

use crate::palette;
use crate::table::whole_percent;
use crate::theme::ColourMode;

/// One colour per class, in class order: the Okabe–Ito palette, told apart with colour-blind
/// vision too (in this chart's own order, with a brown for an eighth class). The dark page
/// draws them through [`ColourMode::series`].
pub const CLASS_COLOURS: [RGBColor; 8] = [
    palette::BLUE,
    palette::VERMILLION,
    palette::BLUISH_GREEN,
    palette::REDDISH_PURPLE,
    palette::ORANGE,
    palette::SKY_BLUE,
    palette::BROWN,
    palette::BLACK,
];

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineData {
    /// Legend names, in class order.
    pub classes: Vec<String>,
    /// Oldest first: (Unix ms, one probability per class).
    pub points: Vec<(i64, Vec<f32>)>,
    /// Minutes to add to UTC for the viewer's local time (dates on the axis are local).
    pub utc_offset_minutes: i32,
}

/// Where each point landed, `[point][class]` in backend pixels (for hit tests and tests).
pub type PointPixels = Vec<Vec<(i32, i32)>>;

/// The chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum TimelineError {
    #[error("there is nothing to chart")]
    Empty,
    #[error("a point has {found} probabilities for {expected} classes")]
    Ragged { expected: usize, found: usize },
    #[error("drawing the chart failed: {0}")]
    Drawing(String),
}

impl TimelineError {
    /// The error as the page shows it in `language` (English is `Display`).
    pub fn message(&self, language: Language) -> String {
        match (language, self) {
            (Language::En, _) => self.to_string(),
            (Language::De, TimelineError::Empty) => "Es gibt nichts darzustellen.".to_owned(),
            (Language::De, TimelineError::Ragged { expected, found }) => {
                format!("Ein Ergebnis hat {found} Wahrscheinlichkeiten für {expected} Klassen.")
            }
            (Language::De, TimelineError::Drawing(_)) => {
                "Das Diagramm konnte nicht gezeichnet werden.".to_owned()
            }
        }
    }
}

const DAY_MS: i64 = 86_400_000;
const MINUTE_MS: i64 = 60_000;

/// Draws `data` on `area` for a page in `mode` and returns where the points are; dates in
/// English ([`draw_timeline_in`] for a language).
pub fn draw_timeline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &TimelineData,
    mode: ColourMode,
) -> Result<PointPixels, TimelineError> {
    draw_timeline_in(area, data, mode, Language::En)
}

/// [`draw_timeline`] with the axis' dates as `language` writes them (2023-11-14, 14.11.2023).
pub fn draw_timeline_in<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &TimelineData,
    mode: ColourMode,
    language: Language,
) -> Result<PointPixels, TimelineError> {
    if data.points.is_empty() || data.classes.is_empty() {
        return Err(TimelineError::Empty);
    }
    if let Some((_, p)) = data
        .points
        .iter()
        .find(|(_, p)| p.len() != data.classes.len())
    {
        return Err(TimelineError::Ragged {
            expected: data.classes.len(),
            found: p.len(),
        });
    }
    let fail = |e: &dyn std::fmt::Display| TimelineError::Drawing(e.to_string());
    let first = data.points.first().map_or(0, |p| p.0);
    let last = data.points.last().map_or(0, |p| p.0);
    // Results saved within two days are told apart by the hour; otherwise by the day. A
    // margin of a tenth of the span keeps end points off the axes.
    let within_days = last - first < 2 * DAY_MS;
    let min_pad = if within_days {
        30 * MINUTE_MS
    } else {
        DAY_MS / 2
    };
    let pad = ((last - first) / 10).max(min_pad);
    let (x0, x1) = (first - pad, last + pad);
    let offset_ms = i64::from(data.utc_offset_minutes) * MINUTE_MS;

    let ink = mode.ink();
    // The minor grid: a step off the background.
    let grid = match mode {
        ColourMode::Light => RGBColor(238, 238, 238),
        ColourMode::Dark => RGBColor(0x24, 0x29, 0x2F),
    };
    area.fill(&mode.background()).map_err(|e| fail(&e))?;
    // The key sits beside the plot, never over the lines.
    let (width, _) = area.dim_in_pixel();
    let key_width = (width * 34 / 100).clamp(120, 280);
    let (plot, key) = area.split_horizontally(width.saturating_sub(key_width));
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(48)
        .build_cartesian_2d(x0..x1, 0f32..1f32)
        .map_err(|e| fail(&e))?;
    let date = |ms: &i64| {
        let local = *ms + offset_ms;
        let (year, month, day) = civil_date(local);
        match (language, within_days) {
            (Language::En, true) => format!("{month:02}-{day:02} {}", time_text(local)),
            (Language::En, false) => date_text(local),
            (Language::De, true) => format!("{day:02}.{month:02}. {}", time_text(local)),
            (Language::De, false) => format!("{day:02}.{month:02}.{year:04}"),
        }
    };
    let percent = |p: &f32| whole_percent(f64::from(*p));
    chart
        .configure_mesh()
        .x_labels(5)
        .y_labels(6)
        .x_label_formatter(&date)
        .y_label_formatter(&percent)
        .light_line_style(grid)
        .bold_line_style(ink.mix(0.2))
        .axis_style(ink)
        .label_style(("sans-serif", 12).into_font().color(&ink))
        .draw()
        .map_err(|e| fail(&e))?;

    for (class, name) in data.classes.iter().enumerate() {
        let colour = mode.series(CLASS_COLOURS[class % CLASS_COLOURS.len()]);
        let line: Vec<(i64, f32)> = data.points.iter().map(|(t, p)| (*t, p[class])).collect();
        chart
            .draw_series(std::iter::once(PathElement::new(
                line.clone(),
                colour.stroke_width(2),
            )))
            .map_err(|e| fail(&e))?;
        let y = 20 + 22 * class as i32;
        key.draw(&Rectangle::new([(8, y - 5), (20, y + 5)], colour.filled()))
            .map_err(|e| fail(&e))?;
        key.draw(&Text::new(
            name.as_str(),
            (26, y - 7),
            ("sans-serif", 13).into_font().color(&ink),
        ))
        .map_err(|e| fail(&e))?;
        chart
            .draw_series(
                line.into_iter()
                    .map(|point| Circle::new(point, 4, colour.filled())),
            )
            .map_err(|e| fail(&e))?;
    }
    area.present().map_err(|e| fail(&e))?;

    Ok(data
        .points
        .iter()
        .map(|(t, p)| p.iter().map(|v| chart.backend_coord(&(*t, *v))).collect())
        .collect())
}

/// `07:05` for Unix ms (UTC; add the offset first for local time).
pub fn time_text(ms: i64) -> String {
    let minutes = ms.rem_euclid(DAY_MS) / MINUTE_MS;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `2026-11-26` (UTC) for Unix ms.
pub fn date_text(ms: i64) -> String {
    let (year, month, day) = civil_date(ms);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Year, month and day (UTC) of Unix ms, without a date library (Hinnant's civil-from-days).
fn civil_date(ms: i64) -> (i64, i64, i64) {
    let days = ms.div_euclid(DAY_MS);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    use plotters_backend::{
        BackendColor, BackendCoord, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    };

    /// What a [`TestBitmap`] drew, kept after the drawing area is gone.
    #[derive(Default)]
    struct Drawn {
        width: u32,
        rgb: Vec<[u8; 3]>,
        texts: Vec<String>,
    }

    impl Drawn {
        fn at(&self, (x, y): (i32, i32)) -> [u8; 3] {
            self.rgb[(y as u32 * self.width + x as u32) as usize]
        }
    }

    /// An RGB bitmap that records text instead of rasterising it (no font in native tests).
    struct TestBitmap {
        height: u32,
        drawn: Rc<RefCell<Drawn>>,
    }

    fn bitmap(width: u32, height: u32) -> (TestBitmap, Rc<RefCell<Drawn>>) {
        let drawn = Rc::new(RefCell::new(Drawn {
            width,
            rgb: vec![[0, 0, 0]; (width * height) as usize],
            texts: Vec::new(),
        }));
        (
            TestBitmap {
                height,
                drawn: drawn.clone(),
            },
            drawn,
        )
    }

    impl DrawingBackend for TestBitmap {
        type ErrorType = std::io::Error;
        fn get_size(&self) -> (u32, u32) {
            (self.drawn.borrow().width, self.height)
        }
        fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            Ok(())
        }
        fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            Ok(())
        }
        fn draw_pixel(
            &mut self,
            (x, y): BackendCoord,
            colour: BackendColor,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            let (w, h) = self.get_size();
            if x < 0 || y < 0 || x >= w as i32 || y >= h as i32 {
                return Ok(());
            }
            let mut drawn = self.drawn.borrow_mut();
            let px = &mut drawn.rgb[(y as u32 * w + x as u32) as usize];
            let a = colour.alpha.clamp(0.0, 1.0);
            let src = [colour.rgb.0, colour.rgb.1, colour.rgb.2];
            for (dst, s) in px.iter_mut().zip(src) {
                *dst = (f64::from(s) * a + f64::from(*dst) * (1.0 - a)).round() as u8;
            }
            Ok(())
        }
        fn draw_text<S: BackendTextStyle>(
            &mut self,
            text: &str,
            _style: &S,
            _pos: BackendCoord,
        ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
            self.drawn.borrow_mut().texts.push(text.to_owned());
            Ok(())
        }
        fn estimate_text_size<S: BackendTextStyle>(
            &self,
            text: &str,
            _style: &S,
        ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
            Ok((7 * text.len() as u32, 12))
        }
    }

    fn rgb(c: RGBColor) -> [u8; 3] {
        [c.0, c.1, c.2]
    }

    const NOV_14_2023: i64 = 1_700_000_000_000;

    fn data() -> TimelineData {
        TimelineData {
            classes: vec!["nv".into(), "mel".into(), "bkl".into()],
            points: vec![
                (NOV_14_2023, vec![0.9, 0.05, 0.05]),
                (NOV_14_2023 + 30 * DAY_MS, vec![0.6, 0.3, 0.1]),
                (NOV_14_2023 + 90 * DAY_MS, vec![0.2, 0.7, 0.1]),
            ],
            utc_offset_minutes: 0,
        }
    }

    #[test]
    fn each_point_is_drawn_in_its_class_colour_at_its_probability() {
        let (backend, drawn) = bitmap(640, 360);
        let pixels =
            draw_timeline(&backend.into_drawing_area(), &data(), ColourMode::Light).expect("drawn");
        let bitmap = drawn.borrow();
        assert_eq!(pixels.len(), 3);
        // Later dates are further right; higher probabilities higher up.
        assert!(pixels[0][0].0 < pixels[1][0].0 && pixels[1][0].0 < pixels[2][0].0);
        assert!(pixels[0][0].1 < pixels[2][0].1, "nv falls over time");
        assert!(pixels[0][1].1 > pixels[2][1].1, "mel rises over time");
        // Where classes do not overlap, the marker has its class colour.
        for (point, class) in [(0, 0), (1, 0), (1, 1), (2, 0), (2, 1)] {
            let colour = rgb(CLASS_COLOURS[class]);
            assert_eq!(
                bitmap.at(pixels[point][class]),
                colour,
                "point {point} class {class}"
            );
        }
        // Halfway between the first two nv markers lies the nv line.
        let (a, b) = (pixels[0][0], pixels[1][0]);
        let mid = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
        let near_line = (-2..=2).any(|dy| bitmap.at((mid.0, mid.1 + dy)) == rgb(CLASS_COLOURS[0]));
        assert!(near_line, "no nv line near {mid:?}");
        // The background stays white away from the data.
        assert_eq!(bitmap.at((3, 3)), [255, 255, 255]);
    }

    #[test]
    fn axes_show_dates_and_percentages_and_the_legend_names_classes() {
        let (backend, drawn) = bitmap(640, 360);
        draw_timeline(&backend.into_drawing_area(), &data(), ColourMode::Light).expect("drawn");
        let texts = &drawn.borrow().texts;
        for wanted in ["nv", "mel", "bkl", "0 %", "100 %"] {
            assert!(
                texts.iter().any(|t| t == wanted),
                "{wanted} missing from {texts:?}"
            );
        }
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("2023-1") || t.starts_with("2024-0")),
            "no date label in {texts:?}"
        );
    }

    #[test]
    fn a_single_result_and_bad_input() {
        let area = bitmap(320, 200).0.into_drawing_area();
        let one = TimelineData {
            classes: vec!["nv".into()],
            points: vec![(NOV_14_2023, vec![1.0])],
            utc_offset_minutes: 0,
        };
        assert_eq!(
            draw_timeline(&area, &one, ColourMode::Light)
                .expect("drawn")
                .len(),
            1
        );
        let empty = TimelineData {
            classes: vec!["nv".into()],
            points: vec![],
            utc_offset_minutes: 0,
        };
        assert!(matches!(
            draw_timeline(&area, &empty, ColourMode::Light),
            Err(TimelineError::Empty)
        ));
        let ragged = TimelineData {
            classes: vec!["nv".into(), "mel".into()],
            points: vec![(NOV_14_2023, vec![1.0])],
            utc_offset_minutes: 0,
        };
        assert!(matches!(
            draw_timeline(&area, &ragged, ColourMode::Light),
            Err(TimelineError::Ragged {
                expected: 2,
                found: 1
            })
        ));
    }

    #[test]
    fn results_of_one_day_are_labelled_by_local_time_and_the_key_is_beside_the_plot() {
        let (backend, drawn) = bitmap(640, 360);
        let data = TimelineData {
            classes: vec!["nv".into(), "mel".into()],
            points: vec![
                (NOV_14_2023, vec![0.9, 0.1]),
                (NOV_14_2023 + 3 * 3_600_000, vec![0.4, 0.6]),
            ],
            // UTC+1: 22:13 UTC is 23:13 local.
            utc_offset_minutes: 60,
        };
        let pixels =
            draw_timeline(&backend.into_drawing_area(), &data, ColourMode::Light).expect("drawn");
        let drawn = drawn.borrow();
        assert!(
            drawn
                .texts
                .iter()
                .any(|t| t.starts_with("11-14 2") || t.starts_with("11-15 0")),
            "no local date-and-hour label in {:?}",
            drawn.texts
        );
        // Every point lies left of the key (which starts at 66 % of the width).
        assert!(pixels.iter().flatten().all(|&(x, _)| x < 640 * 66 / 100));
        // The key's swatches: class colours in the right third.
        assert_eq!(drawn.at((640 * 66 / 100 + 14, 20)), rgb(CLASS_COLOURS[0]));
        assert_eq!(drawn.at((640 * 66 / 100 + 14, 42)), rgb(CLASS_COLOURS[1]));
    }

    #[test]
    fn the_dark_page_gets_a_dark_background_and_visible_lines() {
        let (backend, drawn) = bitmap(640, 360);
        let dark = ColourMode::Dark;
        let pixels = draw_timeline(&backend.into_drawing_area(), &data(), dark).expect("drawn");
        let bitmap = drawn.borrow();
        assert_eq!(bitmap.at((3, 3)), rgb(dark.background()));
        assert_eq!(bitmap.at(pixels[0][0]), rgb(CLASS_COLOURS[0]));
        // Black, lost on the dark page, is drawn as Okabe–Ito's yellow.
        assert_eq!(dark.series(CLASS_COLOURS[7]), palette::YELLOW);
    }

    #[test]
    fn german_dates_and_errors() {
        let (backend, drawn) = bitmap(640, 360);
        let area = backend.into_drawing_area();
        draw_timeline_in(&area, &data(), ColourMode::Light, Language::De).expect("drawn");
        let texts = &drawn.borrow().texts;
        assert!(
            texts
                .iter()
                .any(|t| t.ends_with(".2023") || t.ends_with(".2024")),
            "no German date label in {texts:?}"
        );
        let ragged = TimelineError::Ragged {
            expected: 2,
            found: 1,
        };
        assert_eq!(
            ragged.message(Language::De),
            "Ein Ergebnis hat 1 Wahrscheinlichkeiten für 2 Klassen."
        );
        assert_eq!(ragged.message(Language::En), ragged.to_string());
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date_text(0), "1970-01-01");
        assert_eq!(date_text(NOV_14_2023), "2023-11-14");
        assert_eq!(date_text(951_782_400_000), "2000-02-29");
        assert_eq!(date_text(-DAY_MS), "1969-12-31");
        assert_eq!(time_text(NOV_14_2023), "22:13");
    }
}
