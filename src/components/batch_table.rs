use leptos::prelude::*;
use leptos_i18n::I18nContext;
use skincheck_batch::{BatchRow, RowStatus, SortDirection, SortKey};
use skincheck_core::{CheckReason, CheckStatus, PhotoCheck};

use crate::batch_session::{use_batch, BatchSession};
use crate::i18n::{language, t, t_string, use_i18n, Locale};

/// The batch results, one row per file, sortable by every column; a classified row opens
/// its heat map. Rows re-render only when their own status changes.
#[component]
pub fn BatchTable() -> impl IntoView {
    let i18n = use_i18n();
    let batch = use_batch();
    // (row, status tag): a row's view is rebuilt only when it moves on in its life cycle.
    let keyed = move || {
        let order = batch.order();
        batch.queue.with(|q| {
            order
                .into_iter()
                .filter_map(|i| q.row(i).map(|r| (i, status_tag(r))))
                .collect::<Vec<_>>()
        })
    };

    view! {
        <Show when=move || batch.queue.with(|q| !q.is_empty())>
            <div class="table-scroll">
                <table class="batch-table" data-testid="batch-table">
                    <caption class="visually-hidden">{t!(i18n, batch.table.caption)}</caption>
                    <thead>
                        <tr>
                            {sort_header(batch, SortKey::Added, "#")}
                            <th scope="col"><span class="visually-hidden">{t!(i18n, batch.table.thumbnail)}</span></th>
                            {sort_header(batch, SortKey::File, t!(i18n, batch.table.file))}
                            {sort_header(batch, SortKey::TopClass, t!(i18n, batch.table.top_class))}
                            {sort_header(batch, SortKey::TopProbability, t!(i18n, batch.table.probability))}
                            {sort_header(batch, SortKey::Triage, t!(i18n, batch.table.triage))}
                            <th scope="col">{t!(i18n, batch.table.check)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=keyed key=|k| *k let:item>
                            {batch.queue.with_untracked(|q| q.row(item.0).cloned()).map(|row| row_view(item.0, row))}
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// A column head that sorts by `key`, the second press reversing the order.
fn sort_header(batch: BatchSession, key: SortKey, label: impl IntoView + 'static) -> impl IntoView {
    let sorted = move || batch.sort.get().0 == key;
    let aria = move || match batch.sort.get() {
        (k, SortDirection::Ascending) if k == key => "ascending",
        (k, SortDirection::Descending) if k == key => "descending",
        _ => "none",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button type="button" class="sort-button" data-sort=format!("{key:?}")
                on:click=move |_| batch.sort.update(|(k, d)| {
                    if *k == key {
                        *d = d.flipped();
                    } else {
                        // Probabilities and triage read best highest first.
                        *k = key;
                        *d = match key {
                            SortKey::TopProbability | SortKey::Triage => SortDirection::Descending,
                            _ => SortDirection::Ascending,
                        };
                    }
                })>
                {label}
                <span aria-hidden="true">{move || match (sorted(), batch.sort.get().1) {
                    (true, SortDirection::Ascending) => " ▲",
                    (true, SortDirection::Descending) => " ▼",
                    _ => "",
                }}</span>
            </button>
        </th>
    }
}

fn status_tag(row: &BatchRow<String>) -> u8 {
    match row.status {
        RowStatus::Queued => 0,
        RowStatus::Running { .. } => 1,
        RowStatus::Done { .. } => 2,
        RowStatus::Failed { .. } => 3,
        RowStatus::Cancelled => 4,
    }
}

fn row_view(index: usize, row: BatchRow<String>) -> impl IntoView {
    let i18n = use_i18n();
    let batch = use_batch();
    let number = index + 1;
    let selected = move || {
        batch
            .detail
            .with(|d| d.as_ref().map(|d| d.row()) == Some(index))
    };
    match row.status {
        RowStatus::Done {
            record,
            extra: thumbnail,
            ..
        } => {
            let probabilities = serde_json::to_string(&record.probabilities).unwrap_or_default();
            let top = record.top_probability;
            let open = move || batch.show_detail(index);
            view! {
                <tr class="batch-row done" data-row=index data-file=row.file.clone() data-status="done"
                    data-top=record.top_class.clone() data-probabilities=probabilities
                    aria-selected=move || selected().to_string()
                    on:click=move |_| open()>
                    <td>{number}</td>
                    <td><img class="thumb" src=thumbnail alt="" width="48" height="48"/></td>
                    <th scope="row">
                        <button type="button" class="link-button" on:click=move |e| { e.stop_propagation(); open(); }>
                            {row.file.clone()}
                        </button>
                    </th>
                    <td>{record.top_class.clone()}</td>
                    <td data-probability=record.top_probability.to_string()>
                        {move || crate::text::probability(top, language(i18n.get_locale()))}
                    </td>
                    {match record.check.clone().filter(|c| !c.is_ok()) {
                        None => {
                            let level = record.triage.clone();
                            let chip = format!("triage-chip triage-{level}");
                            view! {
                                <td><span class=chip>{move || triage_text(i18n, &level)}</span></td>
                                <td data-check="ok">{t!(i18n, batch.table.check_ok)}</td>
                            }.into_any()
                        }
                        // A photo the gate refused gets no triage colour, only its reason.
                        Some(c) => {
                            let status = c.status;
                            view! {
                                <td class="no-triage">{t!(i18n, batch.table.no_triage)}</td>
                                <td data-check=status.as_str() title=move || reasons_text(i18n, &c)>
                                    <span class="check-chip">{move || check_text(i18n, status)}</span>
                                </td>
                            }.into_any()
                        }
                    }}
                </tr>
            }
            .into_any()
        }
        status => {
            // A failure's message was written in the page's language when it happened.
            let (tag, failure) = match status {
                RowStatus::Queued => ("queued", None),
                RowStatus::Running { .. } => ("running", None),
                RowStatus::Failed { message } => {
                    ("failed", Some(crate::text::capitalise(&message)))
                }
                _ => ("cancelled", None),
            };
            let text = move || match (tag, &failure) {
                (_, Some(message)) => message.clone(),
                ("queued", _) => t_string!(i18n, batch.table.waiting).to_owned(),
                ("running", _) => t_string!(i18n, batch.table.classifying).to_owned(),
                _ => t_string!(i18n, batch.table.cancelled).to_owned(),
            };
            view! {
                <tr class=format!("batch-row {tag}") data-row=index data-file=row.file.clone() data-status=tag>
                    <td>{number}</td>
                    <td></td>
                    <th scope="row">{row.file.clone()}</th>
                    <td colspan="4" class:error=tag == "failed">{text}</td>
                </tr>
            }
            .into_any()
        }
    }
}

/// A triage level as the page names it; an unknown level (a newer card) as written.
fn triage_text(i18n: I18nContext<Locale>, level: &str) -> String {
    match level {
        "benign" => t_string!(i18n, batch.table.level.benign).to_owned(),
        "suspicious" => t_string!(i18n, batch.table.level.suspicious).to_owned(),
        "malignant" => t_string!(i18n, batch.table.level.malignant).to_owned(),
        other => other.to_owned(),
    }
}

fn check_text(i18n: I18nContext<Locale>, status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Ok => t_string!(i18n, batch.table.check_ok),
        CheckStatus::PoorQuality => t_string!(i18n, batch.table.status.poor_quality),
        CheckStatus::NotALesion => t_string!(i18n, batch.table.status.not_a_lesion),
    }
}

/// Every reason the gate gave, for the check cell's tooltip ("too blurry; too dark").
fn reasons_text(i18n: I18nContext<Locale>, check: &PhotoCheck) -> String {
    let reason = |r: &CheckReason| match r {
        CheckReason::TooSmall => t_string!(i18n, batch.table.reason.too_small),
        CheckReason::TooBlurry => t_string!(i18n, batch.table.reason.too_blurry),
        CheckReason::TooDark => t_string!(i18n, batch.table.reason.too_dark),
        CheckReason::Overexposed => t_string!(i18n, batch.table.reason.overexposed),
        CheckReason::LowContrast => t_string!(i18n, batch.table.reason.low_contrast),
        CheckReason::NotALesion => t_string!(i18n, batch.table.reason.not_a_lesion),
    };
    crate::text::capitalise(
        &check
            .reasons
            .iter()
            .map(reason)
            .collect::<Vec<_>>()
            .join("; "),
    )
}
