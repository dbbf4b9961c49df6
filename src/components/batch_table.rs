use leptos::prelude::*;
use skincheck_batch::{BatchRow, RowStatus, SortDirection, SortKey};

use crate::batch_session::use_batch;

/// The batch results, one row per file, sortable by every column; a classified row opens
/// its heat map. Rows re-render only when their own status changes.
#[component]
pub fn BatchTable() -> impl IntoView {
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
    let header = move |key: SortKey, label: &'static str| {
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
    };

    view! {
        <Show when=move || batch.queue.with(|q| !q.is_empty())>
            <div class="table-scroll">
                <table class="batch-table" data-testid="batch-table">
                    <caption class="visually-hidden">"Batch results; press a column to sort, a row to see its heat map"</caption>
                    <thead>
                        <tr>
                            {header(SortKey::Added, "#")}
                            <th scope="col"><span class="visually-hidden">"Thumbnail"</span></th>
                            {header(SortKey::File, "File")}
                            {header(SortKey::TopClass, "Top class")}
                            {header(SortKey::TopProbability, "Probability")}
                            {header(SortKey::Triage, "Triage")}
                            <th scope="col">"Check"</th>
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
                    <td data-probability=record.top_probability.to_string()>{format!("{:.1} %", record.top_probability * 100.0)}</td>
                    {match record.check.as_ref().filter(|c| !c.is_ok()) {
                        None => view! {
                            <td><span class=format!("triage-chip triage-{}", record.triage)>{record.triage.clone()}</span></td>
                            <td data-check="ok">"ok"</td>
                        }.into_any(),
                        // A photo the gate refused gets no triage colour, only its reason.
                        Some(c) => view! {
                            <td class="no-triage">"none"</td>
                            <td data-check=c.status.as_str() title=c.headline().unwrap_or_default()>
                                <span class="check-chip">{c.status.as_str().replace('_', " ")}</span>
                            </td>
                        }.into_any(),
                    }}
                </tr>
            }
            .into_any()
        }
        status => {
            let (tag, text) = match status {
                RowStatus::Queued => ("queued", "Waiting…".to_string()),
                RowStatus::Running { .. } => ("running", "Classifying…".to_string()),
                RowStatus::Failed { message } => ("failed", crate::text::capitalise(&message)),
                _ => ("cancelled", "Cancelled".to_string()),
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
