use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{
    CamView, DiagnosisInfo, Disclaimer, GatedEstimate, GatedTriage, HonestLimits, ProbabilityBars,
    SaveResult,
};
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::state::{use_app_state, ImageSlot, ModelStatus};
use crate::text::capitalise;

/// Everything the model says about the open photo, with the disclaimer always beside it.
#[component]
pub fn ResultPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    // The result of the photo on screen (a late reply for an older photo never shows).
    let result = Memo::new(move |_| {
        let image_id = state.image.with(|s| s.open().map(|i| i.id))?;
        state.result.get().filter(|r| r.image_id == image_id)
    });
    let card = Memo::new(move |_| state.card());
    let base = state.base.get_value();
    let guide_href = move || format!("{base}/guide");
    let image_name = move || {
        state
            .image
            .with_untracked(|s| s.open().map(|i| i.name.clone()))
            .unwrap_or_default()
    };

    view! {
        <section class="results" aria-labelledby="result-title" data-testid="results"
            aria-busy=move || state.busy.get().to_string()>
            <h2 id="result-title">{t!(i18n, result.title)}</h2>
            // Sticky: stays in view while the result scrolls past.
            <div class="results-head">
                <Disclaimer/>
            </div>
            {move || state.result_error.get().map(|e| view! {
                <p class="error" role="alert" data-testid="result-error">{capitalise(&e)} "."</p>
            })}
            {move || match (result.get(), card.get()) {
                (Some(r), Some(card)) => {
                    let c = r.classification.clone();
                    view! {
                        // A photo the gate refuses shows its reason; the estimate only on request.
                        <GatedEstimate check=c.check.clone()>
                            <GatedTriage classification=c.clone()/>
                            <ProbabilityBars classification=c.clone() card=card.clone()/>
                            <p class="timing" data-testid="timing">
                                {t!(i18n, result.timing, ms = format!("{:.0}", r.classify_ms),
                                    <b> = <strong data-ms=format!("{:.1}", r.classify_ms)/>)}
                                {move || state.busy.get().then(|| format!(" — {}", t_string!(i18n, result.updating)))}
                            </p>
                            <CamView result=r.clone() card=card.clone()/>
                            <SaveResult record=skincheck_core::ResultRecord::new(&image_name(), &c, &card) result=r.clone()/>
                            <DiagnosisInfo card=card.clone() top=c.decision.ranking.first().copied().unwrap_or(0)/>
                        </GatedEstimate>
                        <p class="guide-link">
                            <A href=guide_href() attr:data-testid="guide-link">{t!(i18n, guide.link_from_result)}</A>
                        </p>
                        <HonestLimits/>
                    }.into_any()
                }
                _ => view! { <p class="placeholder">{move || placeholder(i18n.get_locale(), &state.model.get(), &state.image.get(), state.busy.get())}</p> }.into_any(),
            }}
        </section>
    }
}

/// What to say while there is no result yet.
fn placeholder(locale: Locale, model: &ModelStatus, image: &ImageSlot, busy: bool) -> &'static str {
    use crate::i18n::td_string;
    match (model, image) {
        (ModelStatus::Failed(_), _) => td_string!(locale, result.waiting.no_model),
        (_, ImageSlot::Empty | ImageSlot::Failed { .. }) => {
            td_string!(locale, result.waiting.add_photo)
        }
        (ModelStatus::Ready { .. }, ImageSlot::Open(_)) if busy => {
            td_string!(locale, result.waiting.classifying)
        }
        (ModelStatus::Ready { .. }, _) => td_string!(locale, result.waiting.reading),
        _ => td_string!(locale, result.waiting.model_loading),
    }
}
