//! `index.html`: every set by period, each as a card with its progress
//! against the calendar, its key results' health, its last check-in and
//! links to its pages; then the key results that need attention.

use std::fmt::Write as _;

use okr_model::Health;

use crate::overview::SetOverview;
use crate::status::{CheckInStamp, KrStatus, SetStatus};

use super::markup::{
    day, escape, health_badge, long_date, percent, plural, progress_bar, share, slug,
};
use super::{Section, SetFiles, Site, document};

/// The index page.
pub(crate) fn render(site: &Site<'_>) -> String {
    let overview = site.overview;
    let status = &overview.status;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>OKRs as of <time datetime=\"{}\">{}</time></h1>",
        status.as_of,
        long_date(status.as_of)
    );

    // Closed sets are the archive unless they count (`--all`): their cards
    // and pages are there, the totals and "Needs attention" are of the
    // sets still in play.
    let counted: Vec<&SetStatus> = status.sets.iter().filter(|s| overview.counts(s)).collect();
    let krs: Vec<&KrStatus> = counted
        .iter()
        .flat_map(|s| &s.objectives)
        .flat_map(|o| &o.key_results)
        .collect();
    let mut periods: Vec<&str> = Vec::new();
    for set in &status.sets {
        if !periods.contains(&set.period.as_str()) {
            periods.push(&set.period);
        }
    }
    let mut counted_periods: Vec<&str> = counted.iter().map(|s| s.period.as_str()).collect();
    counted_periods.dedup();
    let archived = status.sets.len() - counted.len();
    let archive = match archived {
        0 => String::new(),
        n => format!(
            " {} of past periods {} below, not counted.",
            plural(n, "closed set", "closed sets"),
            if n == 1 { "is" } else { "are" }
        ),
    };
    let _ = writeln!(
        body,
        "<p class=\"lead\">{} in {}, with {}: {}.{archive} <a href=\"alignment.html\">See how they align</a>.</p>",
        plural(
            counted.len(),
            if archived > 0 { "set in play" } else { "set" },
            if archived > 0 { "sets in play" } else { "sets" }
        ),
        plural(
            if archived > 0 {
                counted_periods.len()
            } else {
                periods.len()
            },
            "period",
            "periods"
        ),
        plural(krs.len(), "key result", "key results"),
        tally_text(&krs)
    );
    if let Some(since) = &overview.since {
        let _ = writeln!(
            body,
            "<p>This review looks back to <strong>{}</strong>.</p>",
            escape(&since.label)
        );
    }
    if status.sets.is_empty() {
        body.push_str("<p class=\"empty\">There are no OKR sets at this revision.</p>\n");
    }

    for period in &periods {
        let sets: Vec<_> = site
            .sets()
            .filter(|(s, _, _)| s.period == *period)
            .collect();
        let id = format!("p-{}", slug(period));
        let _ = writeln!(
            body,
            "<section class=\"period-group\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
            escape(period)
        );
        let dates = sets.iter().find_map(|(_, data, _)| *data);
        let elapsed = sets.first().map(|(s, _, _)| s.elapsed);
        match (dates, elapsed) {
            (Some(d), Some(e)) => {
                let _ = writeln!(
                    body,
                    "<p class=\"meta\">{} to {} · {} of the period gone by</p>",
                    long_date(d.start),
                    long_date(d.end),
                    percent(e)
                );
            }
            (None, Some(e)) => {
                let _ = writeln!(
                    body,
                    "<p class=\"meta\">{} of the period gone by</p>",
                    percent(e)
                );
            }
            _ => {}
        }
        body.push_str("<ul class=\"cards\">\n");
        for (set, data, files) in sets {
            card(&mut body, set, data, files);
        }
        body.push_str("</ul>\n</section>\n");
    }

    attention(&mut body, site);
    document(site, "Overview", "", Section::Overview, &body)
}

/// `12 on-track, 3 at-risk, 1 off-track, 2 stale`.
fn tally_text(krs: &[&KrStatus]) -> String {
    let mut parts = Vec::new();
    for (health, word) in [
        (Some(Health::OnTrack), "on-track"),
        (Some(Health::AtRisk), "at-risk"),
        (Some(Health::OffTrack), "off-track"),
        (None, "without a value"),
    ] {
        let n = krs.iter().filter(|k| k.health == health).count();
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    let stale = krs.iter().filter(|k| k.stale).count();
    if stale > 0 {
        parts.push(format!("{stale} stale"));
    }
    if parts.is_empty() {
        "none yet".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The health of each key result, counted: a badge and a number each.
pub(crate) fn tally(krs: &[&KrStatus]) -> String {
    let mut out = String::from("<ul class=\"tally\">");
    for health in [
        Some(Health::OnTrack),
        Some(Health::AtRisk),
        Some(Health::OffTrack),
        None,
    ] {
        let n = krs.iter().filter(|k| k.health == health).count();
        if n > 0 {
            let _ = write!(
                out,
                "<li>{} <span class=\"count\">× {n}</span></li>",
                health_badge(health)
            );
        }
    }
    let stale = krs.iter().filter(|k| k.stale).count();
    if stale > 0 {
        let _ = write!(
            out,
            "<li><span class=\"badge stale\"><span class=\"shape\" aria-hidden=\"true\">◷</span> stale</span> <span class=\"count\">× {stale}</span></li>"
        );
    }
    out.push_str("</ul>");
    out
}

/// How long ago, in words.
pub(crate) fn ago(days: Option<i64>) -> String {
    match days {
        Some(0) => "today".to_owned(),
        Some(1) => "yesterday".to_owned(),
        Some(d) if d < 0 => "after the report's day".to_owned(),
        Some(d) => format!("{d} days ago"),
        None => String::new(),
    }
}

/// The latest check-in of any of `set`'s key results.
pub(crate) fn last_checkin(set: &SetStatus) -> Option<(&CheckInStamp, Option<i64>)> {
    set.objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .filter_map(|k| k.last_checkin.as_ref().map(|c| (c, k.days_since_checkin)))
        .max_by(|a, b| {
            // The fewest days since, then the latest date as written.
            b.1.unwrap_or(i64::MAX)
                .cmp(&a.1.unwrap_or(i64::MAX))
                .then_with(|| a.0.date.cmp(&b.0.date))
        })
}

/// `2026-11-19 by Ada Lovelace (2 days ago)`.
pub(crate) fn stamp(stamp: &CheckInStamp, days: Option<i64>) -> String {
    let ago = ago(days);
    let ago = if ago.is_empty() {
        String::new()
    } else {
        format!(" ({ago})")
    };
    format!(
        "<time datetime=\"{}\">{}</time> by {}{ago}",
        escape(&stamp.date),
        escape(day(&stamp.date)),
        escape(&stamp.author)
    )
}

/// One set's card.
fn card(out: &mut String, set: &SetStatus, data: Option<&SetOverview>, files: &SetFiles) {
    let krs: Vec<&KrStatus> = set.objectives.iter().flat_map(|o| &o.key_results).collect();
    let _ = writeln!(
        out,
        "<li class=\"card\" data-set=\"{}\">",
        escape(&files.reference)
    );
    let _ = writeln!(
        out,
        "<h3><a href=\"{}\">{}</a></h3>",
        escape(&files.page),
        escape(&set.team)
    );
    let parent = data.and_then(|d| d.parent.as_deref());
    let _ = writeln!(
        out,
        "<p class=\"meta\"><span class=\"badge status\">{}</span> v{}{} · {}</p>",
        escape(&set.status),
        escape(&set.version),
        parent
            .map(|p| format!(" · under {}", escape(p)))
            .unwrap_or_default(),
        plural(krs.len(), "key result", "key results")
    );
    let _ = writeln!(
        out,
        "<p class=\"progress\"><span class=\"big\">{}</span> progress <span class=\"muted\">· {} expected by now</span></p>",
        share(set.progress),
        percent(set.elapsed)
    );
    let _ = writeln!(out, "{}", progress_bar(set.progress, Some(set.elapsed)));
    let _ = writeln!(out, "{}", tally(&krs));
    match last_checkin(set) {
        Some((last, days)) => {
            let _ = writeln!(
                out,
                "<p class=\"last\">Last check-in {}</p>",
                stamp(last, days)
            );
        }
        None => out.push_str("<p class=\"last\">No check-in yet</p>\n"),
    }
    let _ = writeln!(
        out,
        "<p class=\"links\"><a href=\"{}\">Key results and charts</a> <a href=\"{}\">History</a></p>",
        escape(&files.page),
        escape(&files.history)
    );
    out.push_str("</li>\n");
}

/// The key results off track or stale, worst first.
fn attention(out: &mut String, site: &Site<'_>) {
    let mut rows: Vec<(u8, &SetStatus, &KrStatus, &SetFiles)> = Vec::new();
    for (set, _, files) in site.sets() {
        if !site.overview.counts(set) {
            continue;
        }
        for kr in set.objectives.iter().flat_map(|o| &o.key_results) {
            let rank = match (kr.health, kr.stale) {
                (Some(Health::OffTrack), _) => 0,
                (_, true) => 1,
                _ => continue,
            };
            rows.push((rank, set, kr, files));
        }
    }
    if rows.is_empty() {
        return;
    }
    rows.sort_by_key(|(rank, ..)| *rank);
    out.push_str("<section class=\"attention\" aria-labelledby=\"attention\">\n<h2 id=\"attention\">Needs attention</h2>\n");
    out.push_str("<p class=\"meta\">Key results off track or without a recent check-in.</p>\n");
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Key result</th><th scope=\"col\">Set</th><th scope=\"col\">Health</th><th scope=\"col\" class=\"num\">Progress</th><th scope=\"col\">Last check-in</th></tr></thead>\n<tbody>\n");
    for (_, set, kr, files) in rows {
        let stale = if kr.stale {
            " <span class=\"badge stale\"><span class=\"shape\" aria-hidden=\"true\">◷</span> stale</span>"
        } else {
            ""
        };
        let last = match &kr.last_checkin {
            Some(c) => stamp(c, kr.days_since_checkin),
            None => "none".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr><td><a href=\"{}#{}\">{}</a></td><td class=\"nowrap\">{}:{}</td><td><span class=\"badges\">{}{stale}</span></td><td class=\"num\">{} <span class=\"muted\">({} expected)</span></td><td>{last}</td></tr>",
            escape(&files.page),
            super::set::kr_anchor(&kr.reference),
            escape(&kr.title),
            escape(&set.period),
            escape(&set.team),
            health_badge(kr.health),
            share(kr.progress),
            percent(kr.expected),
        );
    }
    out.push_str("</tbody>\n</table></div>\n</section>\n");
}
