use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use skincheck_core::ModelCard;

use crate::canvas::put_rgba;
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};
use crate::state::{use_app_state, ResultView};

/// The square as the model saw it, under the class activation map of the top class (or the
/// class the user picks), with an opacity slider.
#[component]
pub fn CamView(result: ResultView, card: Arc<ModelCard>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let base = NodeRef::<html::Canvas>::new();
    let overlay = NodeRef::<html::Canvas>::new();
    // Why the pixels could not be drawn; the page says it in its language.
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
                error.set(Some(e.0));
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
                    error.set(Some(e.0));
                }
            }
        }
    });

    // Each class's name in the page's language (the card's own for a code it lacks).
    let name_of = {
        let card = card.clone();
        move |locale: Locale, i: usize| {
            card.classes
                .get(i)
                .map(|c| {
                    crate::diagnoses::name(locale, &c.code)
                        .map_or_else(|| c.name.clone(), str::to_owned)
                })
                .unwrap_or_default()
        }
    };
    let class_name = {
        let name_of = name_of.clone();
        move || name_of(i18n.get_locale(), class())
    };

    view! {
        <h3>{t!(i18n, result.cam.title)}</h3>
        <div class="cam">
            <div class="cam-stage">
                <canvas node_ref=base class="cam-base" role="img"
                    aria-label=move || t_string!(i18n, result.cam.base_label)></canvas>
                <canvas node_ref=overlay id="cam-overlay" class="cam-overlay" data-testid="cam-overlay" role="img"
                    aria-label=move || t_string!(i18n, result.cam.overlay_label, class = class_name())></canvas>
            </div>
            <div class="cam-controls">
                <div class="field">
                    <label for="cam-class">{t!(i18n, result.cam.map_for)}</label>
                    <select id="cam-class" on:change=move |e| {
                        state.cam_class.set(event_target_value(&e).parse::<usize>().ok());
                    }>
                        {(0..classes).map(|i| {
                            let name_of = name_of.clone();
                            let label = move || {
                                let locale = i18n.get_locale();
                                let name = name_of(locale, i);
                                match i == top {
                                    true => format!("{name} ({})", td_string!(locale, result.cam.top)),
                                    false => name,
                                }
                            };
                            view! { <option value=i.to_string() selected=move || class() == i>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="cam-opacity">{t!(i18n, result.cam.opacity)}</label>
                    <input id="cam-opacity" type="range" min="0" max="1" step="0.05"
                        prop:value=move || state.cam_opacity.get().to_string()
                        aria-valuetext=move || crate::i18n::language(i18n.get_locale()).percent(f64::from(state.cam_opacity.get()), 0)
                        on:input=move |e| {
                            if let Ok(v) = event_target_value(&e).parse::<f32>() {
                                state.cam_opacity.set(v.clamp(0.0, 1.0));
                            }
                        }/>
                </div>
                <p class="hint">{t!(i18n, result.cam.hint)}</p>
            </div>
            {move || error.get().map(|detail| view! {
                <p class="error" role="alert">{crate::text::capitalise(&t_string!(i18n, errors.draw_failed, detail))}</p>
            })}
        </div>
    }
}
