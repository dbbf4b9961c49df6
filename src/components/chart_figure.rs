use std::sync::Arc;

use leptos::prelude::*;
use skincheck_charts::{Chart, ChartError};

use super::chart_canvas::{ChartCanvas, ChartHeight, DrawChart};
use crate::i18n::{t, t_string, td_string, use_i18n, Locale};

/// One chart as the Data and Model pages show it: title, takeaway, the drawing, and its
/// numbers as a collapsible table (the text alternative), all in the page's language and
/// rewritten when it changes.
#[component]
pub fn ChartFigure(chart: Chart) -> impl IntoView {
    let i18n = use_i18n();
    let language = move || crate::i18n::language(i18n.get_locale());
    let name = chart.id();
    let shared = Arc::new(chart);
    let title = {
        let chart = shared.clone();
        move || chart.title_in(language())
    };
    let takeaway = {
        let chart = shared.clone();
        move || chart.takeaway_in(language())
    };
    let label = {
        let chart = shared.clone();
        Signal::derive(move || {
            let l = language();
            let (title, takeaway) = (chart.title_in(l), chart.takeaway_in(l));
            t_string!(i18n, charts.figure.label, title, takeaway).to_string()
        })
    };
    let table = {
        let chart = shared.clone();
        move || {
            let table = chart.table_in(language());
            view! {
                <table>
                    <thead><tr>{table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {table.rows.iter().map(|row| view! {
                            <tr>{row.iter().enumerate().map(|(i, cell)| if i == 0 {
                                view! { <th scope="row">{cell.clone()}</th> }.into_any()
                            } else {
                                view! { <td>{cell.clone()}</td> }.into_any()
                            }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
        }
    };
    let draw: DrawChart = {
        let chart = shared.clone();
        Arc::new(move |area, theme| chart.draw(area, theme))
    };
    let height: ChartHeight = {
        let chart = shared.clone();
        Arc::new(move |width| chart.css_height(width))
    };
    let heading_id = format!("chart-{name}");
    let labelled_by = heading_id.clone();
    view! {
        <figure class="chart" data-testid=format!("chart-{name}") aria-labelledby=labelled_by>
            <h3 id=heading_id>{title}</h3>
            <p class="takeaway">{takeaway}</p>
            <ChartCanvas draw=draw height=height label=label name=name/>
            <details class="chart-table">
                <summary>{t!(i18n, charts.figure.show_numbers)}</summary>
                <div class="table-scroll">{table}</div>
            </details>
        </figure>
    }
}

/// Why a chart page's file could not be had: fetching it (the fetch's own English sentence)
/// or reading it. Shown with [`ChartDataError::message`] in the page's language.
#[derive(Debug, Clone)]
pub enum ChartDataError {
    Fetch { file: &'static str, detail: String },
    Invalid(Arc<ChartError>),
}

impl ChartDataError {
    pub fn message(&self, locale: Locale) -> String {
        match (self, locale) {
            (ChartDataError::Fetch { detail, .. }, Locale::en) => detail.clone(),
            (ChartDataError::Fetch { file, .. }, Locale::de) => {
                let file = file.rsplit('/').next().unwrap_or(file);
                td_string!(locale, charts.load.fetch_failed, file).to_string()
            }
            (ChartDataError::Invalid(e), _) => e.message(crate::i18n::language(locale)),
        }
    }
}

/// Fetches the app file `file` (e.g. `assets/evaluation.json`) and parses it with `parse`.
pub async fn fetch_chart_data<T>(
    base: &str,
    file: &'static str,
    parse: impl FnOnce(&str) -> Result<T, ChartError>,
) -> Result<T, ChartDataError> {
    let url = crate::base_path::asset_url(base, file);
    let text = crate::fetch::fetch_text(&url)
        .await
        .map_err(|detail| ChartDataError::Fetch { file, detail })?;
    parse(&text).map_err(|e| ChartDataError::Invalid(Arc::new(e)))
}
