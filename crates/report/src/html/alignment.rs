//! `alignment.html`: each period's sets as a tree, company → department
//! → team, each set with its progress and its objectives, and what each
//! objective aligns to and what supports it; then the problems found in
//! the links.

use std::fmt::Write as _;

use okr_model::alignment::{Forest, ObjectiveNode, Placement, SetNode};

use super::markup::{escape, long_date, plural, progress_bar, share, slug};
use super::set::objective_anchor;
use super::{Section, Site, document};

/// The alignment page.
pub(crate) fn render(site: &Site<'_>) -> String {
    let alignment = &site.overview.alignment;
    let mut body = String::from("<h1>Alignment</h1>\n");
    body.push_str("<p class=\"lead\">Each period's sets as trees: a set sits under the set it names as its <code>parent</code>. Under each set, its objectives with their progress, what each aligns to, and what supports it.</p>\n");
    if alignment.periods.is_empty() {
        body.push_str("<p class=\"empty\">There are no OKR sets at this revision.</p>\n");
    }
    for forest in &alignment.periods {
        forest_html(&mut body, site, forest);
    }
    if !alignment.diagnostics.is_empty() {
        body.push_str("<section aria-labelledby=\"problems\">\n<h2 id=\"problems\">Problems in the links</h2>\n<ul class=\"problems\">\n");
        for d in &alignment.diagnostics {
            let _ = writeln!(
                body,
                "<li><span class=\"badge {}\">{}</span> <code>{}:{}:{}</code> {}</li>",
                d.severity.as_str(),
                d.severity.as_str(),
                escape(&d.file),
                d.line,
                d.column,
                escape(&d.message)
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    document(site, "Alignment", "", Section::Alignment, &body)
}

/// One period: its sets as nested lists, depth first.
fn forest_html(out: &mut String, site: &Site<'_>, forest: &Forest) {
    let id = format!("a-{}", slug(&forest.period));
    let _ = writeln!(
        out,
        "<section class=\"forest\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>\n<p class=\"meta\">{} to {} · {}</p>",
        escape(&forest.period),
        long_date(forest.start),
        long_date(forest.end),
        plural(forest.sets.len(), "set", "sets")
    );
    out.push_str("<ul class=\"tree\">\n");
    // The depth of the list item open last; lists open below it.
    let mut depth: Option<usize> = None;
    for node in &forest.sets {
        let target = match depth {
            // A set is at most one level below the one before it.
            Some(d) => node.depth.min(d + 1),
            None => 0,
        };
        match depth {
            Some(d) if target > d => out.push_str("<ul class=\"children\">\n"),
            Some(d) => {
                out.push_str("</li>\n");
                for _ in target..d {
                    out.push_str("</ul>\n</li>\n");
                }
            }
            None => {}
        }
        set_item(out, site, node, &forest.period);
        depth = Some(target);
    }
    if let Some(d) = depth {
        out.push_str("</li>\n");
        for _ in 0..d {
            out.push_str("</ul>\n</li>\n");
        }
    }
    out.push_str("</ul>\n</section>\n");
}

/// `reference` without its `period:` prefix when it is `period`'s.
fn short<'r>(reference: &'r str, period: &str) -> &'r str {
    reference
        .strip_prefix(period)
        .and_then(|rest| rest.strip_prefix(':'))
        .unwrap_or(reference)
}

/// A link to an objective, `period:team/objective`, on its set's page.
fn objective_link(site: &Site<'_>, reference: &str, period: &str) -> String {
    let name = escape(short(reference, period));
    match reference.rsplit_once('/') {
        Some((set, objective)) => match site.set_files(set) {
            Some(files) => format!(
                "<a href=\"{}#{}\">{name}</a>",
                escape(&files.page),
                objective_anchor(objective)
            ),
            None => name,
        },
        None => name,
    }
}

/// A set's list item (left open for its children).
fn set_item(out: &mut String, site: &Site<'_>, node: &SetNode, period: &str) {
    let files = site.set_files(&node.reference);
    let name = match files {
        Some(f) => format!("<a href=\"{}\">{}</a>", escape(&f.page), escape(&node.team)),
        None => escape(&node.team),
    };
    let note = match node.placement {
        Placement::Root | Placement::Child => String::new(),
        Placement::ParentInOtherPeriod => format!(
            " <span class=\"muted\">(under {})</span>",
            escape(
                node.parent_ref
                    .as_deref()
                    .or(node.parent.as_deref())
                    .unwrap_or_default()
            )
        ),
        Placement::ParentUnresolved => format!(
            " <span class=\"badge error\">parent <code>{}</code> unresolved</span>",
            escape(node.parent.as_deref().unwrap_or_default())
        ),
        Placement::ParentCycle => format!(
            " <span class=\"badge error\">parent <code>{}</code> goes round in a cycle</span>",
            escape(node.parent.as_deref().unwrap_or_default())
        ),
    };
    let _ = writeln!(
        out,
        "<li>\n<div class=\"node\" data-set=\"{}\">\n<p class=\"node-head\"><span class=\"team\">{name}</span> <span class=\"badge status\">{}</span> <span class=\"muted\">v{}</span>{note}</p>",
        escape(&node.reference),
        node.status,
        node.version
    );
    let _ = writeln!(
        out,
        "<p class=\"progress\"><strong>{}</strong> {}</p>",
        share(node.progress),
        progress_bar(node.progress, None)
    );
    if !node.objectives.is_empty() {
        out.push_str("<ul class=\"objectives\">\n");
        for objective in &node.objectives {
            objective_item(out, site, objective, period, files.map(|f| f.page.as_str()));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
}

/// An objective with its progress and links.
fn objective_item(
    out: &mut String,
    site: &Site<'_>,
    objective: &ObjectiveNode,
    period: &str,
    page: Option<&str>,
) {
    let title = match page {
        Some(page) => format!(
            "<a href=\"{}#{}\">{}</a>",
            escape(page),
            objective_anchor(&objective.id),
            escape(&objective.title)
        ),
        None => escape(&objective.title),
    };
    let _ = write!(
        out,
        "<li><span class=\"pct\">{}</span> {title}",
        share(objective.progress)
    );
    if let Some(support) = objective.support {
        let _ = write!(
            out,
            " <span class=\"muted\">· supporters {}</span>",
            share(Some(support))
        );
    }
    let mut links = Vec::new();
    for aligned in &objective.aligns {
        links.push(match &aligned.target {
            Some(target) => format!(
                "aligns to {} <span class=\"muted\">{}</span>",
                objective_link(site, target, period),
                share(aligned.progress)
            ),
            None => format!(
                "aligns to <code>{}</code> <span class=\"badge error\">unresolved</span>",
                escape(&aligned.written)
            ),
        });
    }
    for supporter in &objective.supported_by {
        links.push(format!(
            "supported by {} <span class=\"muted\">{}</span>",
            objective_link(site, &supporter.reference, period),
            share(supporter.progress)
        ));
    }
    if !links.is_empty() {
        out.push_str("\n<ul class=\"links\">\n");
        for link in links {
            let _ = writeln!(out, "<li>{link}</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</li>\n");
}
