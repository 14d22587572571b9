//! The presentation of one set as a page of its own (`git okr present
//! --format html`), and the positioning block the report's set page
//! shares with it.

use std::fmt::Write as _;

use okr_model::{Need, OkrSet, Positioning};

use super::markup::escape;
use crate::present::{FIRST_SET, Presentation, measure};

/// Why the team exists, its value and its measures, and its customers'
/// needs; nothing when the set has neither.
pub(crate) fn positioning(out: &mut String, positioning: Option<&Positioning>, needs: &[Need]) {
    if positioning.is_none() && needs.is_empty() {
        return;
    }
    out.push_str("<section class=\"positioning\" aria-labelledby=\"why\">\n<h2 id=\"why\">Why we exist</h2>\n");
    if let Some(pos) = positioning {
        if let Some(why) = &pos.why {
            let _ = writeln!(out, "<p>{}</p>", escape(why));
        }
        if let Some(value) = &pos.value {
            let _ = writeln!(out, "<p><strong>Our value:</strong> {}</p>", escape(value));
        }
        if !pos.measured_by.is_empty() {
            out.push_str("<p><strong>Measured by:</strong></p>\n<ul>\n");
            for m in &pos.measured_by {
                let _ = writeln!(out, "<li>{}</li>", escape(m));
            }
            out.push_str("</ul>\n");
        }
    }
    if !needs.is_empty() {
        out.push_str("<h3>Our customers' needs</h3>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Level</th><th scope=\"col\">Who</th><th scope=\"col\">Need</th></tr></thead>\n<tbody>\n");
        for need in needs {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                need.level.as_str(),
                escape(&need.who),
                escape(&need.need)
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
    }
    out.push_str("</section>\n");
}

/// The presentation as one HTML page, its stylesheet inline.
pub fn page(p: &Presentation<'_>) -> String {
    let set: &OkrSet = p.set;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>{} <span class=\"period\">{}</span></h1>",
        escape(&set.team),
        escape(&set.period.label)
    );
    let mut meta = vec![format!(
        "<span class=\"badge status\">{}</span> version {}",
        set.status, set.version
    )];
    if let Some(parent) = &set.parent {
        meta.push(format!("under {}", escape(parent)));
    }
    let _ = writeln!(body, "<p class=\"meta\">{}</p>", meta.join(" · "));
    positioning(&mut body, set.positioning.as_ref(), &set.needs);

    body.push_str(
        "<section aria-labelledby=\"okrs\">\n<h2 id=\"okrs\">Objectives and key results</h2>\n",
    );
    for (n, objective) in set.objectives.iter().enumerate() {
        let _ = writeln!(
            body,
            "<section class=\"objective\">\n<h3>{}. {}</h3>",
            n + 1,
            escape(&objective.title)
        );
        if !objective.aligns.is_empty() {
            let aligns: Vec<String> = objective.aligns.iter().map(|a| escape(a)).collect();
            let _ = writeln!(body, "<p class=\"meta\">Serves {}.</p>", aligns.join(", "));
        }
        body.push_str("<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Key result</th><th scope=\"col\">Measure</th><th scope=\"col\">Owner</th><th scope=\"col\">Ambition</th></tr></thead>\n<tbody>\n");
        for kr in &objective.key_results {
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&kr.title),
                escape(&measure(kr)),
                escape(kr.owner.as_deref().unwrap_or(&set.team)),
                kr.ambition.map_or("committed", |a| a.as_str())
            );
        }
        body.push_str("</tbody>\n</table></div>\n</section>\n");
    }
    body.push_str("</section>\n");

    body.push_str("<section aria-labelledby=\"since\">\n<h2 id=\"since\">Since last period</h2>\n");
    match p.since() {
        Some(since) => {
            let _ = writeln!(
                body,
                "<p>Compared with {} ({}).</p>\n<ul>",
                escape(&since.period),
                escape(&since.state)
            );
            for item in &since.items {
                let _ = write!(body, "<li>{}: {}", item.label, escape(&item.text));
                if let Some(detail) = &item.detail {
                    let _ = write!(body, " ({})", escape(detail));
                }
                body.push_str("</li>\n");
            }
            body.push_str("</ul>\n");
        }
        None => {
            let _ = writeln!(body, "<p>{FIRST_SET}</p>");
        }
    }
    body.push_str("</section>\n");

    let mut out = String::with_capacity(body.len() + super::STYLE.len() + 512);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"git-okr\">\n");
    let _ = writeln!(
        out,
        "<title>{} · {} · OKRs</title>",
        escape(&set.team),
        escape(&set.period.label)
    );
    let _ = writeln!(out, "<style>\n{}</style>", super::STYLE);
    out.push_str("</head>\n<body>\n<main id=\"main\" class=\"wrap\">\n");
    out.push_str(&body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
