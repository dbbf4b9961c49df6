use std::sync::Arc;

use leptos::prelude::*;
use skincheck_charts::Chart;

use super::chart_canvas::{ChartCanvas, ChartHeight, DrawChart};

/// One chart as the Data and Model pages show it: title, takeaway, the drawing, and its
/// numbers as a collapsible table (the text alternative).
#[component]
pub fn ChartFigure(chart: Chart) -> impl IntoView {
    let name = chart.id();
    let title = chart.title();
    let takeaway = chart.takeaway();
    let table = chart.table();
    let label = format!("{title}. {takeaway} The numbers are in the table below.");
    let shared = Arc::new(chart);
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
                <summary>"Show the numbers"</summary>
                <div class="table-scroll">
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
                </div>
            </details>
        </figure>
    }
}
