use leptos::html;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use skincheck_charts::timeline::{draw_timeline_in, TimelineData};
use skincheck_history::messages::{chart_label, left_out_text};
use skincheck_history::Timeline;

use super::theme_switch::ColourScheme;
use crate::i18n::{language, t_string, use_i18n};

/// One lesion's class probabilities over time, drawn by the charts crate on a canvas in the
/// page's colours (redrawn when the light or dark scheme changes).
#[component]
pub fn TimelineChart(timeline: Timeline, names: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = NodeRef::<html::Canvas>::new();
    // `None` when drawn; `Some(None)` without a canvas; else the drawing's own error.
    let error = RwSignal::new(None::<Option<String>>);
    let data = TimelineData {
        classes: names,
        points: timeline
            .points
            .iter()
            .map(|p| (p.saved_at_ms, p.probabilities.clone()))
            .collect(),
        utc_offset_minutes: crate::browser::utc_offset_minutes(),
    };
    let points = data.points.len();
    let scheme = ColourScheme::current();
    Effect::new(move |_| {
        let mode = scheme.chart_mode();
        let lang = language(i18n.get_locale());
        let Some(canvas) = canvas.get() else { return };
        let Some(backend) = CanvasBackend::with_canvas_object(canvas) else {
            error.set(Some(None));
            return;
        };
        let drawn = draw_timeline_in(&backend.into_drawing_area(), &data, mode, lang);
        error.set(drawn.err().map(|e| Some(e.message(lang))));
    });
    view! {
        <figure class="timeline">
            <canvas node_ref=canvas width="720" height="320" data-testid="timeline-chart" data-points=points
                role="img" aria-label=move || chart_label(&timeline.label, points, language(i18n.get_locale()))></canvas>
            {(timeline.left_out > 0).then(|| view! {
                <figcaption class="hint">{move || left_out_text(timeline.left_out, language(i18n.get_locale()))}</figcaption>
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{match e {
                None => t_string!(i18n, history.chart.no_canvas).to_owned(),
                Some(detail) => format!("{} {detail}", t_string!(i18n, history.chart.not_drawn)),
            }}</p> })}
        </figure>
    }
}
