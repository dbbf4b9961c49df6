use std::sync::Arc;

use leptos::prelude::*;
use plotters_canvas::CanvasBackend;
use skincheck_charts::plotters::coord::Shift;
use skincheck_charts::plotters::prelude::{DrawingArea, IntoDrawingArea};
use skincheck_charts::{hit_test, ChartError, ColourMode, HitRegion, Theme};

use super::theme_switch::ColourScheme;
use crate::i18n::{td_string, use_i18n, Locale};

/// What a [`ChartCanvas`] draws: any chart function over plotters' `DrawingBackend`,
/// here given the canvas backend. Returns the hover regions in backend pixels.
pub type DrawChart = Arc<
    dyn Fn(&DrawingArea<CanvasBackend, Shift>, &Theme) -> Result<Vec<HitRegion>, ChartError>
        + Send
        + Sync,
>;

/// The CSS height for a CSS width.
pub type ChartHeight = Arc<dyn Fn(f64) -> f64 + Send + Sync>;

/// A `<canvas>` that draws a chart at its container's width, sharp at any device pixel
/// ratio (backing store = CSS size × ratio, sizes scaled by [`Theme`]), in the page's light
/// or dark colours ([`ColourScheme`]), redraws when the window is resized or zoomed or the
/// scheme or the language changes (its words and hover texts are the page's language), and
/// shows the value under the pointer (mouse, pen or touch)
/// from the chart's hover regions; with the keyboard, the arrow keys step through them.
/// Reusable for any chart of `skincheck-charts`.
#[component]
pub fn ChartCanvas(
    /// Draws the chart.
    draw: DrawChart,
    /// Height in CSS pixels for the available width.
    height: ChartHeight,
    /// The canvas' accessible name (the chart's title and takeaway), in the page's language.
    #[prop(into)]
    label: Signal<String>,
    /// `data-chart` attribute, a stable name for tests and styles.
    name: &'static str,
) -> impl IntoView {
    let canvas_ref = NodeRef::<leptos::html::Canvas>::new();
    let regions = StoredValue::new(Vec::<HitRegion>::new());
    let ratio = StoredValue::new(1.0f64);
    let tooltip = RwSignal::new(None::<(String, f64, f64)>);
    // Which way the tooltip extends from the pointer, so it stays inside the chart.
    let side = move |x: f64| {
        let width = canvas_ref
            .get_untracked()
            .map_or(0.0, |c| f64::from(c.client_width()));
        if x < width / 3.0 {
            "chart-tooltip from-left"
        } else if x > 2.0 * width / 3.0 {
            "chart-tooltip from-right"
        } else {
            "chart-tooltip"
        }
    };
    let error = RwSignal::new(None::<String>);
    let css_height = RwSignal::new(None::<f64>);
    let scheme = ColourScheme::current();
    let i18n = use_i18n();

    let redraw = {
        let draw = draw.clone();
        move || {
            let Some(canvas) = canvas_ref.get_untracked() else {
                return;
            };
            let locale = i18n.get_locale_untracked();
            match paint(
                &canvas,
                &draw,
                &height,
                scheme.chart_mode_untracked(),
                locale,
            ) {
                Ok((found, dpr, shown_height)) => {
                    css_height.set(Some(shown_height));
                    regions.set_value(found);
                    ratio.set_value(dpr);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    {
        let redraw = redraw.clone();
        Effect::new(move |_| {
            scheme.chart_mode();
            i18n.get_locale();
            tooltip.set(None);
            if canvas_ref.get().is_some() {
                redraw();
            }
        });
    }
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        tooltip.set(None);
        redraw();
    });
    on_cleanup(move || resize.remove());

    let show = move |x: f64, y: f64| {
        let dpr = ratio.get_value();
        let (bx, by) = ((x * dpr).round() as i32, (y * dpr).round() as i32);
        let text = regions.with_value(|r| hit_test(r, bx, by).map(|h| h.text.clone()));
        tooltip.set(text.map(|t| (t, x, y)));
    };
    // Keyboard: arrow keys step through the hover regions, Escape hides the value.
    let focused = StoredValue::new(None::<usize>);
    let step = move |e: leptos::ev::KeyboardEvent| {
        let count = regions.with_value(Vec::len);
        let next = match (e.key().as_str(), focused.get_value()) {
            (_, _) if count == 0 => return,
            ("ArrowRight" | "ArrowDown", None) => 0,
            ("ArrowRight" | "ArrowDown", Some(i)) => (i + 1) % count,
            ("ArrowLeft" | "ArrowUp", None) => count - 1,
            ("ArrowLeft" | "ArrowUp", Some(i)) => (i + count - 1) % count,
            ("Escape", _) => {
                focused.set_value(None);
                tooltip.set(None);
                return;
            }
            _ => return,
        };
        e.prevent_default();
        focused.set_value(Some(next));
        let dpr = ratio.get_value();
        regions.with_value(|r| {
            let (x, y) = r[next].centre();
            tooltip.set(Some((
                r[next].text.clone(),
                f64::from(x) / dpr,
                f64::from(y) / dpr,
            )));
        });
    };
    view! {
        <div class="chart-canvas">
            <canvas
                node_ref=canvas_ref
                role="img"
                aria-label=move || label.get()
                data-chart=name
                style:height=move || css_height.get().map(|h| format!("{h:.0}px"))
                on:pointermove=move |e| show(f64::from(e.offset_x()), f64::from(e.offset_y()))
                on:pointerdown=move |e| show(f64::from(e.offset_x()), f64::from(e.offset_y()))
                on:pointerleave=move |_| tooltip.set(None)
                tabindex="0"
                on:keydown=step
                on:blur=move |_| tooltip.set(None)
            ></canvas>
            {move || tooltip.get().map(|(text, x, y)| view! {
                <div class=side(x) data-testid="chart-tooltip" role="status"
                    style:left=format!("{x:.0}px") style:top=format!("{y:.0}px")>{text}</div>
            })}
            {move || error.get().map(|e| view! { <p class="notice">{e}</p> })}
        </div>
    }
}

/// Sizes the canvas' backing store to its container and draws; returns the hover regions,
/// the pixel ratio and the CSS height the canvas must be shown at.
fn paint(
    canvas: &web_sys::HtmlCanvasElement,
    draw: &DrawChart,
    height: &ChartHeight,
    mode: ColourMode,
    locale: Locale,
) -> Result<(Vec<HitRegion>, f64, f64), String> {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let css_width = canvas
        .parent_element()
        .map_or(0, |p| p.client_width())
        .max(200) as f64;
    let css_height = height(css_width);
    let (w, h) = (
        (css_width * dpr).round() as u32,
        (css_height * dpr).round() as u32,
    );
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    let language = crate::i18n::language(locale);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| td_string!(locale, charts.figure.no_canvas).to_owned())?;
    let area = backend.into_drawing_area();
    let theme = Theme::new(dpr, css_width)
        .with_mode(mode)
        .with_language(language);
    let regions = draw(&area, &theme).map_err(|e| e.message(language))?;
    Ok((regions, dpr, css_height))
}
