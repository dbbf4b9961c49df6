use leptos::prelude::*;

use crate::classifier_session::{use_classifier, ClassifyJob};
use crate::components::{CropEditor, ImageInput, MetadataForm, ModelStatusBar, ResultPanel};
use crate::i18n::{t, use_i18n};
use crate::state::{use_app_state, ModelStatus};

/// The main page: photo in, square chosen, details given, result out. Any change to the
/// photo, the square or the details asks the worker for a fresh classification.
#[component]
pub fn ClassifierPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let session = use_classifier();
    // A photo shared to the app or opened with it arrives as a chosen one does.
    crate::shared_photo::receive(session, i18n);

    Effect::new(move |_| {
        let ready = state.model.with(|m| matches!(m, ModelStatus::Ready { .. }));
        let image_id = state.image.with(|s| s.open().map(|i| i.id));
        let crop = state.crop.get();
        let metadata = state.form.metadata();
        if let (true, Some(image_id), Some(crop), Ok(metadata)) = (ready, image_id, crop, metadata)
        {
            session.classify(ClassifyJob {
                image_id,
                crop,
                metadata,
            });
        }
    });

    view! {
        <div class="classifier">
            <h1 class="visually-hidden">{t!(i18n, classifier.page.title)}</h1>
            <ModelStatusBar/>
            <div class="columns">
                <div class="column-input">
                    <ImageInput/>
                    <section class="crop-section" aria-labelledby="crop-title">
                        <h2 id="crop-title">{t!(i18n, classifier.page.crop_title)}</h2>
                        <CropEditor/>
                        <Show when=move || state.image.with(|s| s.open().is_none())>
                            <p class="placeholder">{t!(i18n, classifier.page.crop_placeholder)}</p>
                        </Show>
                        <MetadataForm/>
                    </section>
                </div>
                <div class="column-result">
                    <ResultPanel/>
                </div>
            </div>
        </div>
    }
}
