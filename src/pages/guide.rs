use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// The works the guide summarises, as published.
const SOURCES: [&str; 4] = [
    "Friedman RJ, Rigel DS, Kopf AW. Early detection of malignant melanoma: the role of physician examination and self-examination of the skin. CA Cancer J Clin. 1985;35(3):130–151.",
    "Abbasi NR, Shaw HM, Rigel DS, et al. Early diagnosis of cutaneous melanoma: revisiting the ABCD criteria. JAMA. 2004;292(22):2771–2776.",
    "Grob JJ, Bonerandi JJ. The 'ugly duckling' sign: identification of the common characteristics of nevi in an individual as a basis for melanoma screening. Arch Dermatol. 1998;134(1):103–104.",
    "Tschandl P, Rosendahl C, Kittler H. The HAM10000 dataset, a large collection of multi-source dermatoscopic images of common pigmented skin lesions. Sci Data. 2018;5:180161.",
];

/// "Learn to look": the ABCDE rule, the ugly duckling sign and the seven diagnoses' typical
/// dermatoscopic looks, in the project's own words with the sources they summarise. Linked
/// from every result, so a person learns what to watch on their own skin.
#[component]
pub fn GuidePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page prose guide" data-testid="guide">
            <h1>{t!(i18n, guide.title)}</h1>
            <p>{t!(i18n, guide.intro)}</p>
            <h2 id="abcde">{t!(i18n, guide.abcde_title)}</h2>
            <p>{t!(i18n, guide.abcde_intro)}</p>
            <dl class="abcde" data-testid="abcde">
                <dt>{t!(i18n, guide.a_name)}</dt><dd>{t!(i18n, guide.a_text)}</dd>
                <dt>{t!(i18n, guide.b_name)}</dt><dd>{t!(i18n, guide.b_text)}</dd>
                <dt>{t!(i18n, guide.c_name)}</dt><dd>{t!(i18n, guide.c_text)}</dd>
                <dt>{t!(i18n, guide.d_name)}</dt><dd>{t!(i18n, guide.d_text)}</dd>
                <dt>{t!(i18n, guide.e_name)}</dt><dd>{t!(i18n, guide.e_text)}</dd>
            </dl>
            <h2 id="ugly-duckling">{t!(i18n, guide.duckling_title)}</h2>
            <p>{t!(i18n, guide.duckling_text)}</p>
            <h2 id="looks">{t!(i18n, guide.classes_title)}</h2>
            <p>{t!(i18n, guide.classes_intro)}</p>
            <ul class="class-looks" data-testid="class-looks">
                <li data-code="nv">{t!(i18n, guide.look_nv)}</li>
                <li data-code="mel">{t!(i18n, guide.look_mel)}</li>
                <li data-code="bkl">{t!(i18n, guide.look_bkl)}</li>
                <li data-code="bcc">{t!(i18n, guide.look_bcc)}</li>
                <li data-code="akiec">{t!(i18n, guide.look_akiec)}</li>
                <li data-code="vasc">{t!(i18n, guide.look_vasc)}</li>
                <li data-code="df">{t!(i18n, guide.look_df)}</li>
            </ul>
            <h2 id="doctor">{t!(i18n, guide.doctor_title)}</h2>
            <p>{t!(i18n, guide.doctor_text)}</p>
            <h2 id="sources">{t!(i18n, guide.sources_title)}</h2>
            <p>{t!(i18n, guide.sources_intro)}</p>
            // Bibliographic entries stay as published (marked English); what each one is for
            // is translated.
            <ul class="sources" data-testid="guide-sources">
                <li><cite lang="en">{SOURCES[0]}</cite>" ("{t!(i18n, guide.source_abcd)}")"</li>
                <li><cite lang="en">{SOURCES[1]}</cite>" ("{t!(i18n, guide.source_e)}")"</li>
                <li><cite lang="en">{SOURCES[2]}</cite>" ("{t!(i18n, guide.source_duckling)}")"</li>
                <li><cite lang="en">{SOURCES[3]}</cite>" ("{t!(i18n, guide.source_ham)}")"</li>
            </ul>
        </section>
    }
}
