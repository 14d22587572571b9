//! A set's page: its objectives, and under each its key results with
//! their numbers, health, caveat and a chart of their values over the
//! period; the key results dropped from the set come last.

use std::fmt::Write as _;

use crate::checkin::number;
use crate::overview::{KrSeries, SetOverview};
use crate::status::{KrStatus, SetStatus};

use super::chart::{self, Chart};
use super::index::{stamp, tally};
use super::markup::{
    day, escape, health_badge, long_date, percent, progress_bar, share, slug, value,
};
use super::{Section, SetFiles, Site, document};

/// From a set's page back to the site's folder.
pub(crate) const ROOT: &str = "../../";

/// The fragment of a key result's article: `kr-platform-paved-road-ci-time`.
pub(crate) fn kr_anchor(reference: &str) -> String {
    format!("kr-{}", slug(reference))
}

/// The fragment of an objective's section: `o-paved-road`.
pub(crate) fn objective_anchor(id: &str) -> String {
    format!("o-{}", slug(id))
}

/// The pages of the set `set` aligns under, when it is in the report.
pub(crate) fn parent_files<'s>(site: &'s Site<'_>, reference: &str) -> Option<&'s SetFiles> {
    let node = site
        .overview
        .alignment
        .periods
        .iter()
        .flat_map(|f| &f.sets)
        .find(|n| n.reference == reference)?;
    site.set_files(node.parent_ref.as_deref()?)
}

/// The set's page.
pub(crate) fn render(
    site: &Site<'_>,
    set: &SetStatus,
    data: Option<&SetOverview>,
    files: &SetFiles,
) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol><li><a href=\"{ROOT}index.html\">Overview</a></li><li>{}</li><li aria-current=\"page\">{}</li></ol></nav>",
        escape(&set.period),
        escape(&set.team)
    );
    let _ = writeln!(
        body,
        "<h1>{} <span class=\"period\">{}</span></h1>",
        escape(&set.team),
        escape(&set.period)
    );

    let mut meta = vec![format!(
        "<span class=\"badge status\">{}</span> version {}",
        escape(&set.status),
        escape(&set.version)
    )];
    if let Some(parent) = data.and_then(|d| d.parent.as_deref()) {
        meta.push(match parent_files(site, &files.reference) {
            Some(p) => format!(
                "under <a href=\"{ROOT}{}\">{}</a>",
                escape(&p.page),
                escape(parent)
            ),
            None => format!("under {}", escape(parent)),
        });
    }
    if let Some(d) = data {
        meta.push(format!("{} to {}", long_date(d.start), long_date(d.end)));
    }
    meta.push(format!("<code>{}</code>", escape(&set.path)));
    let _ = writeln!(body, "<p class=\"meta\">{}</p>", meta.join(" · "));

    let krs: Vec<&KrStatus> = set.objectives.iter().flat_map(|o| &o.key_results).collect();
    body.push_str("<div class=\"summary\">\n");
    let _ = writeln!(
        body,
        "<p class=\"progress\"><span class=\"big\">{}</span> progress <span class=\"muted\">· {} of the period gone by</span></p>",
        share(set.progress),
        percent(set.elapsed)
    );
    let _ = writeln!(body, "{}", progress_bar(set.progress, Some(set.elapsed)));
    let _ = writeln!(body, "{}", tally(&krs));
    let _ = writeln!(
        body,
        "<p class=\"links\"><a href=\"{ROOT}{}\">How this set came to be</a></p>",
        escape(&files.history)
    );
    body.push_str("</div>\n");
    if let Some(d) = data {
        super::present::positioning(&mut body, d.positioning.as_ref(), &d.needs);
        if let Some(grade) = d.history.grade.as_ref().filter(|_| set.status == "closed") {
            graded(&mut body, grade, set);
        }
    }

    let dropped = data.map_or(&[][..], |d| &d.dropped[..]);
    if set.objectives.len() > 1 || !dropped.is_empty() {
        body.push_str("<nav class=\"toc\" aria-label=\"Objectives\">\n<ol>\n");
        for objective in &set.objectives {
            let _ = writeln!(
                body,
                "<li><a href=\"#{}\">{}</a> <span class=\"muted\">{}</span></li>",
                objective_anchor(&objective.id),
                escape(&objective.title),
                share(objective.progress)
            );
        }
        if !dropped.is_empty() {
            body.push_str("<li><a href=\"#dropped\">Dropped key results</a></li>\n");
        }
        body.push_str("</ol>\n</nav>\n");
    }

    let mut charts = 0;
    let mut index = 0;
    for objective in &set.objectives {
        let anchor = objective_anchor(&objective.id);
        let _ = writeln!(
            body,
            "<section class=\"objective\" id=\"{anchor}\" aria-labelledby=\"{anchor}-h\">\n<h2 id=\"{anchor}-h\">{}</h2>",
            escape(&objective.title)
        );
        let _ = writeln!(
            body,
            "<p class=\"meta\"><span class=\"progress\"><strong>{}</strong> progress</span> {} · <code>{}</code></p>",
            share(objective.progress),
            progress_bar(objective.progress, Some(set.elapsed)),
            escape(&objective.id)
        );
        if objective.key_results.is_empty() {
            body.push_str("<p class=\"empty\">No key results yet.</p>\n");
        }
        for kr in &objective.key_results {
            let series = data.and_then(|d| {
                d.key_results
                    .iter()
                    .find(|s| s.reference == kr.reference)
                    .or_else(|| d.key_results.get(index))
            });
            index += 1;
            charts += 1;
            key_result(&mut body, site, kr, series, data, charts);
        }
        body.push_str("</section>\n");
    }
    if set.objectives.is_empty() {
        body.push_str("<p class=\"empty\">This set has no objectives yet.</p>\n");
    }

    if let (Some(d), false) = (data, dropped.is_empty()) {
        body.push_str("<section class=\"dropped\" id=\"dropped\" aria-labelledby=\"dropped-h\">\n<h2 id=\"dropped-h\">Dropped key results</h2>\n");
        body.push_str("<p class=\"meta\">Checked in during the period, then dropped from the set in an iteration. Their values stay on record.</p>\n");
        for series in dropped {
            charts += 1;
            dropped_key_result(&mut body, site, series, d, charts);
        }
        body.push_str("</section>\n");
    }

    let title = format!("{} · {}", set.team, set.period);
    document(site, &title, ROOT, Section::Set, &body)
}

/// One fact of a key result: a term and its description.
fn fact(out: &mut String, term: &str, description: &str) {
    let _ = writeln!(out, "<div><dt>{term}</dt><dd>{description}</dd></div>");
}

/// A key result's article.
fn key_result(
    out: &mut String,
    site: &Site<'_>,
    kr: &KrStatus,
    series: Option<&KrSeries>,
    data: Option<&SetOverview>,
    n: usize,
) {
    let unit = kr.unit.as_deref();
    let _ = writeln!(
        out,
        "<article class=\"kr\" id=\"{}\">\n<header>\n<h3>{}</h3>",
        kr_anchor(&kr.reference),
        escape(&kr.title)
    );
    let stale = if kr.stale {
        " <span class=\"badge stale\"><span class=\"shape\" aria-hidden=\"true\">◷</span> stale</span>"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<p class=\"badges\">{}{stale} <code class=\"ref\">{}</code></p>\n</header>",
        health_badge(kr.health),
        escape(&kr.reference)
    );
    out.push_str("<div class=\"kr-body\">\n<div class=\"kr-facts\">\n<dl class=\"facts\">\n");
    fact(
        out,
        "Current",
        &format!("<strong>{}</strong>", escape(&value(kr.current, unit))),
    );
    if let Some(derived) = &kr.derived {
        fact(out, "Measured by", &escape(&derived.describe()));
    }
    fact(out, "Target", &escape(&value(kr.target, unit)));
    fact(out, "Baseline", &escape(&value(kr.baseline, unit)));
    fact(
        out,
        "Progress",
        &format!(
            "{} <span class=\"muted\">· {} expected</span> {}",
            share(kr.progress),
            percent(kr.expected),
            progress_bar(kr.progress, Some(kr.expected))
        ),
    );
    fact(
        out,
        "Confidence",
        &kr.confidence.map_or_else(|| "—".to_owned(), number),
    );
    fact(
        out,
        "Owner",
        &kr.owner.as_deref().map_or_else(|| "—".to_owned(), escape),
    );
    let last = match &kr.last_checkin {
        Some(c) => stamp(c, kr.days_since_checkin),
        None => "none yet".to_owned(),
    };
    fact(out, "Last check-in", &last);
    out.push_str("</dl>\n");
    if let Some(caveat) = series.and_then(|s| s.caveat.as_deref()) {
        let _ = writeln!(
            out,
            "<p class=\"caveat\"><strong>Caveat:</strong> {}</p>",
            escape(caveat)
        );
    }
    out.push_str("</div>\n");
    match (series, data) {
        (Some(series), Some(d)) => figure(out, site, series, d, n, false),
        _ => out.push_str("<p class=\"empty\">No values on record for a chart.</p>\n"),
    }
    out.push_str("</div>\n</article>\n");
}

/// A dropped key result's article: what it was and its chart.
fn dropped_key_result(
    out: &mut String,
    site: &Site<'_>,
    series: &KrSeries,
    data: &SetOverview,
    n: usize,
) {
    let unit = series.unit.as_deref();
    let _ = writeln!(
        out,
        "<article class=\"kr dropped\" id=\"dropped-{}\">\n<header>\n<h3>{}</h3>",
        slug(&series.reference),
        escape(&series.title)
    );
    let _ = writeln!(
        out,
        "<p class=\"badges\"><span class=\"badge dropped\"><span class=\"shape\" aria-hidden=\"true\">✕</span> dropped</span> <code class=\"ref\">{}</code></p>\n</header>",
        escape(&series.reference)
    );
    out.push_str("<div class=\"kr-body\">\n<div class=\"kr-facts\">\n<dl class=\"facts\">\n");
    let last = series.points.iter().rev().find(|p| p.value.is_some());
    fact(
        out,
        "Last value",
        &escape(&value(last.and_then(|p| p.value).or(series.initial), unit)),
    );
    fact(out, "Target", &escape(&value(series.target, unit)));
    fact(out, "Baseline", &escape(&value(series.baseline, unit)));
    if let Some(p) = last {
        fact(
            out,
            "Last check-in",
            &format!(
                "<time datetime=\"{}\">{}</time> by {}",
                escape(&p.date),
                escape(day(&p.date)),
                escape(&p.author)
            ),
        );
    }
    out.push_str("</dl>\n");
    if let Some(caveat) = series.caveat.as_deref() {
        let _ = writeln!(
            out,
            "<p class=\"caveat\"><strong>Caveat:</strong> {}</p>",
            escape(caveat)
        );
    }
    out.push_str("</div>\n");
    figure(out, site, series, data, n, true);
    out.push_str("</div>\n</article>\n");
}

/// A key result's chart, its caption and legend, and its values as a
/// table for those who cannot see the chart (and for print).
fn figure(
    out: &mut String,
    site: &Site<'_>,
    series: &KrSeries,
    data: &SetOverview,
    n: usize,
    dropped: bool,
) {
    let id = format!("chart-{n}");
    out.push_str("<figure class=\"chart\">\n");
    out.push_str(&chart::svg(&Chart {
        series,
        start: data.start,
        end: data.end,
        as_of: Some(site.overview.status.as_of),
        dropped,
        id: &id,
    }));
    out.push('\n');
    let _ = writeln!(
        out,
        "<figcaption><span class=\"legend\" aria-hidden=\"true\"><span class=\"key value{}\">value</span> <span class=\"key pace\">expected pace</span> <span class=\"key target\">target</span> <span class=\"key baseline\">baseline</span></span> {}</figcaption>",
        if dropped { " dropped" } else { "" },
        escape(&chart::summary(series, data.start, data.end))
    );
    points_table(out, series);
    out.push_str("</figure>\n");
}

/// The values behind a chart: the initial value, then each check-in.
fn points_table(out: &mut String, series: &KrSeries) {
    let unit = series.unit.as_deref();
    let _ = writeln!(
        out,
        "<details class=\"points\"><summary>Check-ins ({})</summary>",
        series.points.len()
    );
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Author</th><th scope=\"col\" class=\"num\">Value</th><th scope=\"col\" class=\"num\">Confidence</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n");
    if series.initial.is_some() {
        let _ = writeln!(
            out,
            "<tr><td>start</td><td></td><td class=\"num\">{}</td><td class=\"num\"></td><td class=\"note\">the value when the set was defined</td></tr>",
            escape(&value(series.initial, unit))
        );
    }
    for point in &series.points {
        let shown = match point.value {
            Some(_) => value(point.value, unit),
            None => "cleared".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr><td><time datetime=\"{}\">{}</time></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"note\">{}</td></tr>",
            escape(&point.date),
            escape(day(&point.date)),
            escape(&point.author),
            escape(&shown),
            point.confidence.map(number).unwrap_or_default(),
            escape(point.note.trim())
        );
    }
    if series.points.is_empty() && series.initial.is_none() {
        out.push_str("<tr><td colspan=\"5\">No values yet.</td></tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</details>\n");
}

/// A closed set's grade: its score, each key result's, and its review.
fn graded(out: &mut String, grade: &crate::history::Grade, set: &SetStatus) {
    out.push_str(
        "<section class=\"grade\" aria-labelledby=\"grade\">\n<h2 id=\"grade\">Grade</h2>\n",
    );
    let _ = writeln!(
        out,
        "<p class=\"progress\"><span class=\"big\">{}</span> the set's score</p>",
        grade.score.map_or_else(|| "not scored".to_owned(), number)
    );
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Key result</th><th scope=\"col\" class=\"num\">Score</th></tr></thead>\n<tbody>\n");
    for (reference, score) in &grade.key_results {
        let title = set
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .find(|k| &k.reference == reference)
            .map_or(reference.as_str(), |k| k.title.as_str());
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(title),
            score.map_or_else(|| "—".to_owned(), number)
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
    for (heading, items) in [
        ("Lessons", &grade.lessons),
        ("Failures", &grade.failures),
        ("To continue", &grade.continue_),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h3>{heading}</h3>\n<ul>");
        for item in items {
            let _ = writeln!(out, "<li>{}</li>", escape(item));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
