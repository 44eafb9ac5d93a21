//! Horizontal bar charts drawn as SVG by the app: one row per label, one bar per series, the
//! value written beside each bar. Accessible: the SVG is an image with a title and a text
//! summary, and the table of its numbers is one click away. Hand-drawn rather than a charting
//! library, because a few rectangles cost a few kilobytes of wasm and a library costs hundreds.

use crate::{format, i18n::use_i18n};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Geometry in viewBox units; the SVG is 320 wide, so at a 320 px screen one unit is one pixel.
const WIDTH: f64 = 320.0;
const LABEL: f64 = 74.0;
const VALUE: f64 = 44.0;
const BAR: f64 = 12.0;
const GAP: f64 = 10.0;

#[component]
pub fn BarChart(
    id: String,
    title: String,
    labels: Vec<String>,
    series: Vec<Series>,
    /// How a value is written (a count, days, a percentage).
    format_value: fn(f64, crate::i18n::Lang) -> String,
) -> impl IntoView {
    let i18n = use_i18n();
    let rtl = i18n.lang() == crate::i18n::Lang::Fa;
    let lang = i18n.lang();
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, &b| a.max(b)).max(1e-9);
    let row = series.len() as f64 * (BAR + 2.0) + GAP;
    let height = labels.len() as f64 * row + 4.0;
    let track = WIDTH - LABEL - VALUE;
    // x of a point `d` units into the bar track, from the label's side.
    let x = move |d: f64| if rtl { WIDTH - LABEL - 6.0 - d } else { LABEL + 6.0 + d };
    let rows = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let top = i as f64 * row + 2.0;
            let bars = series
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let v = s.values.get(i).copied().flatten();
                    let len = v.map_or(0.0, |v| (v / max * (track - 8.0)).max(if v > 0.0 { 1.5 } else { 0.0 }));
                    let y = top + k as f64 * (BAR + 2.0);
                    // Numbers are laid out left to right in both languages; in RTL the value sits
                    // to the left of the bar's end, in LTR to its right.
                    let (bx, tx, anchor) = if rtl { (x(len), x(len) - 3.0, "end") } else { (x(0.0), x(len) + 3.0, "start") };
                    let text = v.map(|v| format_value(v, lang)).unwrap_or_else(|| "—".into());
                    view! {
                        <rect class=format!("chart__bar chart__bar--{k}") x=format::tenths(bx) y=format::tenths(y) width=format::tenths(len) height=format::tenths(BAR) rx="2" />
                        <text class="chart__value" x=format::tenths(tx) y=format::tenths(y + BAR - 1.5) text-anchor=anchor direction="ltr">
                            {text}
                        </text>
                    }
                })
                .collect_view();
            let lx = if rtl { WIDTH - 2.0 } else { 2.0 };
            view! {
                <g>
                    <text class="chart__label" x=format::tenths(lx) y=format::tenths(top + (row - GAP) / 2.0 + 4.0) direction=if rtl { "rtl" } else { "ltr" }>{label.clone()}</text>
                    {bars}
                </g>
            }
        })
        .collect_view();
    // The text alternative: for the first series, its highest and lowest rows.
    let summary = series.first().map(|s| {
        let points: Vec<(usize, f64)> = s.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).collect();
        let hi = points.iter().copied().fold(None::<(usize, f64)>, |a, p| if a.is_none_or(|a| p.1 > a.1) { Some(p) } else { a });
        let lo = points.iter().copied().fold(None::<(usize, f64)>, |a, p| if a.is_none_or(|a| p.1 < a.1) { Some(p) } else { a });
        let t = i18n.t();
        match (hi, lo) {
            (Some(h), Some(l)) => crate::i18n::fill(
                t.chart_summary,
                &[
                    ("name", &s.name),
                    ("high", &labels[h.0]),
                    ("high_value", &format_value(h.1, lang)),
                    ("low", &labels[l.0]),
                    ("low_value", &format_value(l.1, lang)),
                ],
            ),
            _ => t.chart_empty.to_owned(),
        }
    });
    let legend = series
        .iter()
        .enumerate()
        .map(|(k, s)| view! { <li><span class=format!("chart__swatch chart__bar--{k}") aria-hidden="true"></span> {s.name.clone()}</li> })
        .collect_view();
    // The table is built when it is first opened: most visitors read the chart, and its 12
    // rows of cells were a third of the page's elements to create before it could be used.
    let opened = RwSignal::new(false);
    let table = {
        let (labels, series, title) = (StoredValue::new(labels), StoredValue::new(series), title.clone());
        move || {
            opened.get().then(|| {
                let head = series.with_value(|ss| ss.iter().map(|s| view! { <th scope="col">{s.name.clone()}</th> }).collect_view());
                let body = labels.with_value(|labels| {
                    labels
                        .iter()
                        .enumerate()
                        .map(|(i, label)| {
                            let cells = series.with_value(|ss| {
                                ss.iter()
                                    .map(|s| view! { <td>{s.values.get(i).copied().flatten().map(|v| format_value(v, lang)).unwrap_or_else(|| "—".into())}</td> })
                                    .collect_view()
                            });
                            view! { <tr><th scope="row">{label.clone()}</th>{cells}</tr> }
                        })
                        .collect_view()
                });
                view! {
                    <div class="table-scroll">
                        <table class="periods">
                            <caption>{title.clone()}</caption>
                            <thead><tr><th scope="col">{i18n.text(|m| m.chart_period)}</th>{head}</tr></thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                }
            })
        }
    };
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <figure class="chart" id=id.clone()>
            <figcaption class="chart__caption">{title.clone()}</figcaption>
            <ul class="chart__legend">{legend}</ul>
            <svg
                class="chart__svg"
                viewBox=format!("0 0 {} {}", WIDTH as i64, height.round() as i64)
                role="img"
                aria-labelledby=labelled_by
            >
                <title id=title_id>{title.clone()}</title>
                <desc id=desc_id>{summary.clone()}</desc>
                {rows}
            </svg>
            <p class="chart__summary" aria-hidden="true">{summary}</p>
            // It starts closed, so its first toggle opens it.
            <details class="chart__table" on:toggle=move |_| opened.set(true)>
                <summary>{i18n.text(|m| m.chart_table)}</summary>
                {table}
            </details>
        </figure>
    }
}

pub fn count(v: f64, lang: crate::i18n::Lang) -> String {
    format::number(v, lang)
}

pub fn days(v: f64, lang: crate::i18n::Lang) -> String {
    format::decimal(v, 1, lang)
}

pub fn percent(v: f64, lang: crate::i18n::Lang) -> String {
    let sign = if lang == crate::i18n::Lang::Fa { "٪" } else { "%" };
    format!("{}{sign}", format::decimal(v * 100.0, 0, lang))
}
