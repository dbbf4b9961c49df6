use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use skincheck_core::ModelCard;

use crate::canvas::put_rgba;
use crate::state::{use_app_state, ResultView};

/// The square as the model saw it, under the class activation map of the top class (or the
/// class the user picks), with an opacity slider.
#[component]
pub fn CamView(result: ResultView, card: Arc<ModelCard>) -> impl IntoView {
    let state = use_app_state();
    let base = NodeRef::<html::Canvas>::new();
    let overlay = NodeRef::<html::Canvas>::new();
    let error = RwSignal::new(None::<String>);
    let top = result
        .classification
        .decision
        .ranking
        .first()
        .copied()
        .unwrap_or(0);
    let classes = card.classes.len();
    // A class picked for an earlier result stays picked if this model has it.
    let class = move || {
        state
            .cam_class
            .get()
            .filter(|&c| c < classes)
            .unwrap_or(top)
    };

    let view_px = result.view.clone();
    Effect::new(move |_| {
        if let Some(canvas) = base.get() {
            if let Err(e) = put_rgba(&canvas, view_px.width, view_px.height, &view_px.rgba) {
                error.set(Some(e.to_string()));
            }
        }
    });
    let cam = result.classification.raw.cam.clone();
    let side = result.view.width;
    Effect::new(move |_| {
        let (class, opacity) = (class(), state.cam_opacity.get());
        if let Some(canvas) = overlay.get() {
            if class < cam.classes {
                let rgba = cam.upsampled(class, side, side).to_rgba(opacity);
                if let Err(e) = put_rgba(&canvas, side, side, &rgba) {
                    error.set(Some(e.to_string()));
                }
            }
        }
    });

    let names: Vec<(usize, String)> = card
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.name.clone()))
        .collect();
    let class_name = {
        let card = card.clone();
        move || {
            card.classes
                .get(class())
                .map(|c| c.name.clone())
                .unwrap_or_default()
        }
    };

    view! {
        <h3>"Where the model looked"</h3>
        <div class="cam">
            <div class="cam-stage">
                <canvas node_ref=base class="cam-base" role="img"
                    aria-label="The square of the photo as the model saw it"></canvas>
                <canvas node_ref=overlay id="cam-overlay" class="cam-overlay" data-testid="cam-overlay" role="img"
                    aria-label=move || format!("Activation map for {}: brighter yellow means stronger evidence", class_name())></canvas>
            </div>
            <div class="cam-controls">
                <div class="field">
                    <label for="cam-class">"Map for"</label>
                    <select id="cam-class" on:change=move |e| {
                        state.cam_class.set(event_target_value(&e).parse::<usize>().ok());
                    }>
                        {names.into_iter().map(|(i, name)| view! {
                            <option value=i.to_string() selected=move || class() == i>
                                {name}{(i == top).then_some(" (top)")}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="cam-opacity">"Map opacity"</label>
                    <input id="cam-opacity" type="range" min="0" max="1" step="0.05"
                        prop:value=move || state.cam_opacity.get().to_string()
                        aria-valuetext=move || format!("{:.0} %", 100.0 * state.cam_opacity.get())
                        on:input=move |e| {
                            if let Ok(v) = event_target_value(&e).parse::<f32>() {
                                state.cam_opacity.set(v.clamp(0.0, 1.0));
                            }
                        }/>
                </div>
                <p class="hint">
                    "Dark blue to yellow: how much each part of the square raised this class's "
                    "score (scaled within the square). A map shows where the model looked, not "
                    "why it is right."
                </p>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}
