//! `/reports`: the agency's performance, a Jalali year at a time (`?year=1404`), as SVG charts
//! with their tables, and the year's totals.

use crate::{
    api::Api,
    app::use_page_title,
    components::{
        chart::{self, BarChart, Series},
        error_panel::ErrorPanel,
        later::Later,
        loading::Loading,
    },
    format,
    i18n::use_i18n,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use miz_core::reports::{Report, Stats, YearReport};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<Api>();
    use_page_title(|t| t.reports_title);
    let data = crate::resource::ErasedResource::new(move || {
        let api = api.clone();
        async move { api.reports().await }
    });
    let body = move || match data.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error on_retry=Callback::new(move |_| data.refetch()) /> }.into_any(),
        Some(Ok(r)) if r.years.is_empty() => view! { <p role="status">{i18n.text(|m| m.reports_none)}</p> }.into_any(),
        Some(Ok(r)) => view! { <ReportView report=r /> }.into_any(),
    };
    view! {
        <div class="page reports-page">
            <h1 tabindex="-1">{i18n.text(|m| m.reports_title)}</h1>
            <p class="lead">{i18n.text(|m| m.reports_intro)}</p>
            {body}
        </div>
    }
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let years: Vec<i64> = report.years.iter().map(|y| y.year).collect();
    let newest = years[0];
    let chosen = Memo::new(move |_| query.get().get("year").and_then(|y| miz_core::digits::to_ascii_digits(&y).parse::<i64>().ok()).unwrap_or(newest));
    let deadline = report.deadline_working_days;
    let report = StoredValue::new(report);
    let options = years
        .iter()
        .map(|&y| view! { <option value=y.to_string() selected=move || chosen.get() == y>{move || format::digits(&y.to_string(), i18n.lang())}</option> })
        .collect_view();
    let change = move |ev: leptos::ev::Event| {
        let y = event_target_value(&ev);
        navigate(&crate::paths::to(&format!("/reports?year={y}")), leptos_router::NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    let year = move || {
        let y = chosen.get();
        report.with_value(|r| r.years.iter().find(|x| x.year == y).or(r.years.first()).cloned())
    };
    view! {
        <div class="field">
            <label class="field__label" for="report-year">{i18n.text(|m| m.reports_year)}</label>
            <select id="report-year" class="field__input report-year" on:change=change>{options}</select>
        </div>
        <p class="field__hint">{move || crate::i18n::fill(i18n.t().report_deadline, &[("days", &format::number(f64::from(deadline), i18n.lang()))])}</p>
        {move || year().map(|y| view! { <YearView year=y /> })}
    }
}

fn sum(s: &Stats, answered: bool) -> f64 {
    let k = if answered { s.answered } else { s.received };
    f64::from(k.total())
}

#[component]
fn YearView(year: YearReport) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let lang = i18n.lang();
    let labels: Vec<String> = year.months.iter().map(|m| format::jalali_month(m.month, lang).to_owned()).collect();
    let col = |f: &dyn Fn(&Stats) -> Option<f64>| year.months.iter().map(|m| f(&m.stats)).collect::<Vec<_>>();
    let cases = vec![
        Series { name: t.report_received.into(), values: col(&|s| Some(sum(s, false))) },
        Series { name: t.report_answered.into(), values: col(&|s| Some(sum(s, true))) },
    ];
    let days = vec![
        Series { name: t.report_median.into(), values: col(&|s| s.median_days) },
        Series { name: t.report_p90.into(), values: col(&|s| s.p90_days) },
    ];
    let within = vec![Series { name: t.report_within.into(), values: col(&|s| s.within_deadline) }];
    let drafts = vec![
        Series { name: t.report_comments.into(), values: col(&|s| Some(f64::from(s.comments_received))) },
        Series { name: t.report_accepted.into(), values: col(&|s| Some(f64::from(s.comments_accepted))) },
        Series { name: t.report_drafts.into(), values: col(&|s| Some(f64::from(s.drafts_published))) },
    ];
    let (l2, l3, l4) = (labels.clone(), labels.clone(), labels.clone());
    let y = year.year;
    let tot = year.totals.clone();
    let n = move |v: u32| format::number(f64::from(v), lang);
    let opt = move |v: Option<f64>, f: fn(f64, crate::i18n::Lang) -> String| v.map(|v| f(v, lang)).unwrap_or_else(|| "—".into());
    let year_label = format::digits(&y.to_string(), lang);
    view! {
        <section class="report-totals" aria-labelledby="totals-title">
            <h2 id="totals-title">{crate::i18n::fill(t.reports_totals, &[("year", &year_label)])}</h2>
            <dl class="facts">
                <dt>{t.kind_complaint_plural}</dt><dd>{n(tot.received.complaint)}</dd>
                <dt>{t.kind_criticism_plural}</dt><dd>{n(tot.received.criticism)}</dd>
                <dt>{t.kind_suggestion_plural}</dt><dd>{n(tot.received.suggestion)}</dd>
                <dt>{t.kind_request_plural}</dt><dd>{n(tot.received.request)}</dd>
                <dt>{t.report_answered}</dt><dd>{n(tot.answered.total())}</dd>
                <dt>{t.report_median}</dt><dd>{opt(tot.median_days, chart::days)}</dd>
                <dt>{t.report_p90}</dt><dd>{opt(tot.p90_days, chart::days)}</dd>
                <dt>{t.report_within}</dt><dd>{opt(tot.within_deadline, chart::percent)}</dd>
                <dt>{t.report_drafts}</dt><dd>{n(tot.drafts_published)}</dd>
                <dt>{t.report_comments}</dt><dd>{n(tot.comments_received)}</dd>
                <dt>{t.report_accepted}</dt><dd>{n(tot.comments_accepted)}</dd>
                <dt>{t.report_partly}</dt><dd>{n(tot.comments_partly_accepted)}</dd>
            </dl>
        </section>
        <BarChart id="chart-cases".into() title=t.chart_cases.into() labels=labels series=cases format_value=chart::count />
        // Below the first screen: each in a task of its own.
        <Later>
            <BarChart id="chart-days".into() title=t.chart_days.into() labels=l2.clone() series=days.clone() format_value=chart::days />
        </Later>
        <Later>
            <BarChart id="chart-within".into() title=t.chart_within.into() labels=l3.clone() series=within.clone() format_value=chart::percent />
        </Later>
        <Later>
            <BarChart id="chart-drafts".into() title=t.chart_drafts.into() labels=l4.clone() series=drafts.clone() format_value=chart::count />
        </Later>
    }
}
