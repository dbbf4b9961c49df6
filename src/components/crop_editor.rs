//! The photo with the square the model will see drawn on it. The square can be dragged,
//! resized with the slider or the mouse wheel, moved with the arrow keys (+/- to zoom), and
//! a tap elsewhere on the photo centres it there.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use skincheck_core::SquareCrop;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, PointerEvent};

use crate::canvas::put_rgba;
use crate::crop_geometry::{self, min_side};
use crate::i18n::{t, t_string, use_i18n};
use crate::state::{use_app_state, OpenImage};

/// One way of changing the square, e.g. "move left by a step".
type CropRule = Box<dyn Fn(SquareCrop, u32, u32) -> SquareCrop>;

/// An active drag: where the pointer and the square started.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drag {
    pointer_id: i32,
    start_x: f64,
    start_y: f64,
    start: SquareCrop,
}

#[component]
pub fn CropEditor() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let canvas = NodeRef::<html::Canvas>::new();
    let stage = NodeRef::<html::Div>::new();
    let drag = RwSignal::new(None::<Drag>);
    // Why the preview could not be drawn (the canvas's detail; the page words it).
    let draw_error = RwSignal::new(None::<String>);
    let open = Memo::new(move |_| state.image.with(|slot| slot.open().cloned()));

    Effect::new(move |_| {
        if let (Some(image), Some(canvas)) = (open.get(), canvas.get()) {
            let p = &image.preview;
            draw_error.set(
                put_rgba(&canvas, p.width, p.height, &p.rgba)
                    .err()
                    .map(|e| e.0),
            );
        }
    });

    // Changes the square through one of the geometry rules, for the open photo.
    let update = move |f: &dyn Fn(SquareCrop, u32, u32) -> SquareCrop| {
        if let Some(image) = open.get_untracked() {
            let current = state
                .crop
                .get_untracked()
                .unwrap_or_else(|| SquareCrop::centred(image.width, image.height));
            state.crop.set(Some(f(current, image.width, image.height)));
        }
    };
    // Photo pixels per CSS pixel of the displayed preview.
    let scale = move |image: &OpenImage| {
        stage
            .get_untracked()
            .map(|el| el.get_bounding_client_rect())
            .filter(|r| r.width() > 0.0)
            .map_or(1.0, |r| f64::from(image.width) / r.width())
    };

    let on_box_down = move |e: PointerEvent| {
        if let Some(crop) = state.crop.get_untracked() {
            e.prevent_default();
            e.stop_propagation();
            if let Some(target) = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = target.set_pointer_capture(e.pointer_id());
                let _ = target.unchecked_ref::<HtmlElement>().focus();
            }
            drag.set(Some(Drag {
                pointer_id: e.pointer_id(),
                start_x: f64::from(e.client_x()),
                start_y: f64::from(e.client_y()),
                start: crop,
            }));
        }
    };
    let on_box_move = move |e: PointerEvent| {
        let (Some(d), Some(image)) = (drag.get_untracked(), open.get_untracked()) else {
            return;
        };
        if d.pointer_id != e.pointer_id() {
            return;
        }
        let s = scale(&image);
        let dx = ((f64::from(e.client_x()) - d.start_x) * s).round() as i64;
        let dy = ((f64::from(e.client_y()) - d.start_y) * s).round() as i64;
        state.crop.set(Some(crop_geometry::moved(
            d.start,
            dx,
            dy,
            image.width,
            image.height,
        )));
    };
    let on_box_up = move |_: PointerEvent| drag.set(None);
    // A tap on the photo outside the square centres the square on that point.
    let on_stage_down = move |e: PointerEvent| {
        let (Some(image), Some(el)) = (open.get_untracked(), stage.get_untracked()) else {
            return;
        };
        let rect = el.get_bounding_client_rect();
        let s = scale(&image);
        let px = (f64::from(e.client_x()) - rect.left()) * s;
        let py = (f64::from(e.client_y()) - rect.top()) * s;
        update(&|c, w, h| {
            let dx = (px - f64::from(c.x) - f64::from(c.side) / 2.0).round() as i64;
            let dy = (py - f64::from(c.y) - f64::from(c.side) / 2.0).round() as i64;
            crop_geometry::moved(c, dx, dy, w, h)
        });
    };
    let on_wheel = move |e: ev::WheelEvent| {
        if e.delta_y() == 0.0 {
            return;
        }
        e.prevent_default();
        let factor = if e.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 };
        update(&|c, w, h| crop_geometry::zoomed(c, factor, w, h));
    };
    let on_key = move |e: ev::KeyboardEvent| {
        let Some(image) = open.get_untracked() else {
            return;
        };
        let step = i64::from(crop_geometry::step(image.width, image.height))
            * if e.shift_key() { 5 } else { 1 };
        let action: Option<CropRule> = match e.key().as_str() {
            "ArrowLeft" => Some(Box::new(move |c, w, h| {
                crop_geometry::moved(c, -step, 0, w, h)
            })),
            "ArrowRight" => Some(Box::new(move |c, w, h| {
                crop_geometry::moved(c, step, 0, w, h)
            })),
            "ArrowUp" => Some(Box::new(move |c, w, h| {
                crop_geometry::moved(c, 0, -step, w, h)
            })),
            "ArrowDown" => Some(Box::new(move |c, w, h| {
                crop_geometry::moved(c, 0, step, w, h)
            })),
            "+" | "=" => Some(Box::new(|c, w, h| crop_geometry::zoomed(c, 1.1, w, h))),
            "-" | "_" => Some(Box::new(|c, w, h| {
                crop_geometry::zoomed(c, 1.0 / 1.1, w, h)
            })),
            "Home" => Some(Box::new(|_, w, h| SquareCrop::centred(w, h))),
            _ => None,
        };
        if let Some(action) = action {
            e.prevent_default();
            update(&*action);
        }
    };
    let on_size = move |e: ev::Event| {
        if let Ok(side) = event_target_value(&e).parse::<u32>() {
            update(&|c, w, h| crop_geometry::resized(c, side, w, h));
        }
    };
    let centre = move |_| update(&|_, w, h| SquareCrop::centred(w, h));

    // The square's position as percentages of the photo, so it follows any display size.
    let pct = move |f: fn(&SquareCrop, &OpenImage) -> f64| {
        move || match (state.crop.get(), open.get()) {
            (Some(c), Some(image)) => format!("{:.4}%", 100.0 * f(&c, &image)),
            _ => "0%".into(),
        }
    };
    let crop_text = move || match (state.crop.get(), open.get()) {
        (Some(c), Some(image)) => t_string!(
            i18n,
            classifier.crop.square_text,
            side = c.side,
            x = c.x,
            y = c.y,
            width = image.width,
            height = image.height
        ),
        _ => String::new(),
    };

    view! {
        <Show when=move || open.with(Option::is_some)>
            <figure class="crop-editor">
                <div class="crop-stage" node_ref=stage on:pointerdown=on_stage_down on:wheel=on_wheel
                    style:--aspect=move || open.get().map(|i| format!("{:.5}", f64::from(i.width) / f64::from(i.height))).unwrap_or_default()>
                    <canvas node_ref=canvas class="preview" role="img"
                        aria-label=move || open.get().map(|i| t_string!(i18n, classifier.crop.photo_label, name = i.name)).unwrap_or_default()/>
                    <div class="crop-box" tabindex="0" role="group"
                        aria-label=move || t_string!(i18n, classifier.crop.box_label)
                        aria-roledescription=move || t_string!(i18n, classifier.crop.box_role)
                        class:dragging=move || drag.with(Option::is_some)
                        style:left=pct(|c, i| f64::from(c.x) / f64::from(i.width))
                        style:top=pct(|c, i| f64::from(c.y) / f64::from(i.height))
                        style:width=pct(|c, i| f64::from(c.side) / f64::from(i.width))
                        style:height=pct(|c, i| f64::from(c.side) / f64::from(i.height))
                        on:pointerdown=on_box_down
                        on:pointermove=on_box_move
                        on:pointerup=on_box_up
                        on:pointercancel=on_box_up
                        on:keydown=on_key
                    ></div>
                </div>
                <figcaption>
                    <span class="file-name">{move || open.get().map(|i| i.name).unwrap_or_default()}</span>
                    " — " <span data-testid="crop-text">{crop_text}</span>
                </figcaption>
                <div class="crop-controls">
                    <label for="crop-size">{t!(i18n, classifier.crop.size)}</label>
                    <input id="crop-size" type="range"
                        min=move || open.get().map(|i| min_side(i.width, i.height)).unwrap_or(1)
                        max=move || open.get().map(|i| i.width.min(i.height)).unwrap_or(1)
                        prop:value=move || state.crop.get().map(|c| c.side).unwrap_or(1).to_string()
                        aria-valuetext=move || state.crop.get().map(|c| t_string!(i18n, classifier.crop.size_value, side = c.side)).unwrap_or_default()
                        on:input=on_size/>
                    <button type="button" class="secondary" on:click=centre>{t!(i18n, classifier.crop.centre)}</button>
                </div>
                <p class="hint">{t!(i18n, classifier.crop.hint)}</p>
                {move || draw_error.get().map(|detail| view! {
                    <p class="error" role="alert">{crate::text::capitalise(&t_string!(i18n, errors.draw_failed, detail))}</p>
                })}
            </figure>
        </Show>
    }
}
