use leptos::html;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use skincheck_charts::timeline::{draw_timeline, TimelineData};
use skincheck_history::Timeline;

/// One lesion's class probabilities over time, drawn by the charts crate on a canvas.
#[component]
pub fn TimelineChart(timeline: Timeline, names: Vec<String>) -> impl IntoView {
    let canvas = NodeRef::<html::Canvas>::new();
    let error = RwSignal::new(None::<String>);
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
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let Some(backend) = CanvasBackend::with_canvas_object(canvas) else {
            error.set(Some("this browser gave no 2D canvas for the chart".into()));
            return;
        };
        let drawn = draw_timeline(&backend.into_drawing_area(), &data);
        error.set(drawn.err().map(|e| e.to_string()));
    });
    view! {
        <figure class="timeline">
            <canvas node_ref=canvas width="720" height="320" data-testid="timeline-chart" data-points=points
                role="img" aria-label=format!("Probability of each class over time for {}, {} saved result(s)", timeline.label, points)></canvas>
            {(timeline.left_out > 0).then(|| view! {
                <figcaption class="hint">{format!("{} result(s) from a model with other classes are not drawn.", timeline.left_out)}</figcaption>
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </figure>
    }
}
