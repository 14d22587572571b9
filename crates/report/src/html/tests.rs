//! The site as a whole: its pages, their structure, their hooks for a
//! browser test, escaping, and determinism.

use okr_model::timeline::KrRun;

use super::*;
use crate::history::{Grade, Iteration};
use crate::overview::{KrSeries, Point, Since, sample};

fn text(page: &Page) -> &str {
    std::str::from_utf8(&page.content).unwrap_or_default()
}

fn find<'p>(pages: &'p [Page], path: &str) -> &'p str {
    pages
        .iter()
        .find(|p| p.path == path)
        .map(text)
        .unwrap_or_else(|| panic!("no page {path}"))
}

fn html_pages(pages: &[Page]) -> impl Iterator<Item = &Page> {
    pages.iter().filter(|p| p.path.ends_with(".html"))
}

#[test]
fn a_page_for_each_set_and_its_history() {
    let pages = site(&sample());
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "index.html",
            "alignment.html",
            "sets/2026-q4/engineering.html",
            "sets/2026-q4/engineering.history.html",
            "sets/2026-q4/platform.html",
            "sets/2026-q4/platform.history.html",
            "sets/2026-q4/checkout.html",
            "sets/2026-q4/checkout.history.html",
            "style.css",
        ]
    );
    assert!(find(&pages, "style.css").contains("@media print"));
}

#[test]
fn the_same_overview_gives_the_same_bytes() {
    assert_eq!(site(&sample()), site(&sample()));
}

#[test]
fn every_page_is_a_whole_accessible_document() {
    let pages = site(&sample());
    for page in html_pages(&pages) {
        let html = text(page);
        let path = &page.path;
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{path}"
        );
        assert!(html.contains("<meta name=\"viewport\""), "{path}");
        let head = &html[..html.find("</head>").unwrap_or(0)];
        assert_eq!(head.matches("<title>").count(), 1, "{path}");
        for landmark in ["<header", "<main", "<nav", "<footer"] {
            assert!(html.contains(landmark), "{path} has no {landmark}");
        }
        let root = "../".repeat(path.matches('/').count());
        assert!(
            html.contains(&format!(
                "<link rel=\"stylesheet\" href=\"{root}style.css\">"
            )),
            "{path}"
        );
        // Nothing is loaded from elsewhere.
        assert!(
            !html.contains("href=\"http") && !html.contains("src="),
            "{path}"
        );
        assert!(!html.contains("<script"), "{path}");
        // Headings go down one level at a time, from a single h1.
        assert_eq!(html.matches("<h1").count(), 1, "{path}");
        let mut last = 0;
        for (i, _) in html.match_indices("<h") {
            let level = html[i + 2..].chars().next().and_then(|c| c.to_digit(10));
            if let Some(level) = level {
                assert!(level <= last + 1, "{path}: h{level} after h{last}");
                last = level;
            }
        }
        // Every relative link leads to a page of the site.
        for (i, _) in html.match_indices("href=\"") {
            let href = &html[i + 6..];
            let href = &href[..href.find('"').unwrap_or(0)];
            let file = href.split('#').next().unwrap_or_default();
            if file.is_empty() {
                continue;
            }
            let mut parts: Vec<&str> = path.split('/').collect();
            parts.pop();
            for part in file.split('/') {
                if part == ".." {
                    parts.pop();
                } else {
                    parts.push(part);
                }
            }
            let target = parts.join("/");
            assert!(
                pages.iter().any(|p| p.path == target),
                "{path} links to {href}, which is not in the site"
            );
        }
    }
}

#[test]
fn hooks_for_a_browser_test() {
    let mut overview = sample();
    let extra = KrSeries {
        reference: "platform/paved-road/old-kr".to_owned(),
        title: "An old key result".to_owned(),
        ..overview.sets[1].key_results[0].clone()
    };
    overview.sets[1].dropped.push(extra);
    let pages = site(&overview);
    let index = find(&pages, "index.html");
    for set in &overview.status.sets {
        assert_eq!(
            index
                .matches(&format!("data-set=\"{}:{}\"", set.period, set.team))
                .count(),
            1
        );
    }
    for (i, set) in overview.status.sets.iter().enumerate() {
        let page = find(&pages, &format!("sets/2026-q4/{}.html", set.team));
        let krs = set.objectives.iter().flat_map(|o| &o.key_results).count();
        assert_eq!(page.matches("<svg class=\"kr-chart\"").count(), krs);
        assert_eq!(
            page.matches("<svg class=\"kr-chart dropped\"").count(),
            overview.sets[i].dropped.len()
        );
        // Each chart is labelled by its own title and description.
        let charts = page.matches("<svg class=\"kr-chart").count();
        for n in 1..=charts {
            assert!(page.contains(&format!(
                "aria-labelledby=\"chart-{n}-title chart-{n}-desc\""
            )));
            assert_eq!(page.matches(&format!("id=\"chart-{n}-title\"")).count(), 1);
        }
        // Each check-in and the initial value have a tooltip.
        let points: usize = overview.sets[i]
            .key_results
            .iter()
            .chain(&overview.sets[i].dropped)
            .map(|s| s.points.len() + usize::from(s.initial.is_some()))
            .sum();
        assert_eq!(page.matches("<circle class=\"hit\"").count(), points);
    }
    let platform = find(&pages, "sets/2026-q4/platform.html");
    assert!(platform.contains("id=\"dropped\""));
    assert!(
        platform.contains("<title>2026-10-15 · Ada Lovelace\n"),
        "{platform}"
    );
}

#[test]
fn the_set_page_shows_each_key_result() {
    let pages = site(&sample());
    let page = find(&pages, "sets/2026-q4/platform.html");
    for needle in [
        "<h1>platform <span class=\"period\">2026-Q4</span></h1>",
        "under <a href=\"../../sets/2026-q4/engineering.html\">engineering</a>",
        "Cut median CI pipeline time on main from 14 minutes to 6 minutes",
        "<strong>9.5 minutes</strong>",
        "<dt>Target</dt><dd>6 minutes</dd>",
        "<dt>Baseline</dt><dd>14 minutes</dd>",
        "<dt>Confidence</dt><dd>0.8</dd>",
        "<dt>Owner</dt><dd>platform</dd>",
        "<strong>Caveat:</strong> Queue time is included",
        "class=\"badge health on-track\"",
        "<summary>Check-ins (3)</summary>",
        "week 2: measured on the dashboard",
        "href=\"../../sets/2026-q4/platform.history.html\"",
    ] {
        assert!(page.contains(needle), "no {needle:?}");
    }
}

#[test]
fn the_alignment_is_a_tree() {
    let pages = site(&sample());
    let page = find(&pages, "alignment.html");
    let engineering = page
        .find("data-set=\"2026-Q4:engineering\"")
        .unwrap_or(usize::MAX);
    let platform = page.find("data-set=\"2026-Q4:platform\"").unwrap_or(0);
    assert!(engineering < platform);
    // The teams are in a list nested in engineering's item.
    let between = &page[engineering..platform];
    assert!(
        between.contains("<ul class=\"children\">\n<li>"),
        "{between}"
    );
    assert_eq!(page.matches("<ul").count(), page.matches("</ul>").count());
    let items = page.matches("<li>").count() + page.matches("<li ").count();
    assert_eq!(items, page.matches("</li>").count());
    assert!(page.contains("aligns to <a href=\"sets/2026-q4/engineering.html#o-"));
    assert!(page.contains("supported by <a href=\"sets/2026-q4/"));
}

#[test]
fn the_history_page_shows_iterations_and_their_changes() {
    let old_text = include_str!("../../../../okrs/2026-Q4/platform.toml");
    let new_text = old_text.replace("target = 6\n", "target = 5\n").replace(
        "A paved road so smooth that teams stop asking for exceptions",
        "A paved road so smooth that nobody asks for exceptions",
    );
    let old = okr_model::parse("okrs/2026-Q4/platform.toml", old_text);
    let new = okr_model::parse("okrs/2026-Q4/platform.toml", &new_text);
    let (Some(old_set), Some(new_set)) = (old.set.as_ref(), new.set.as_ref()) else {
        panic!("the example does not parse");
    };
    let file = |set| okr_diff::SetFile {
        path: "okrs/2026-Q4/platform.toml",
        set,
    };
    let diff = okr_diff::diff(&[file(old_set)], &[file(new_set)]);
    let mut overview = sample();
    let history = &mut overview.sets[1].history;
    let first = history.iterations[0].clone();
    history.iterations.push(Iteration {
        version: "1.1".to_owned(),
        status: "final".to_owned(),
        date: "2026-10-02T10:00:00+00:00".to_owned(),
        stage: Some("review".to_owned()),
        subject: "okr(platform): finalize".to_owned(),
        why: "The review asked for more.\n\nAnd got it.".to_owned(),
        tag: Some("okr/2026-Q4/platform/final".to_owned()),
        changes: diff.sets.into_iter().next(),
        ..first
    });
    history.check_ins.commits = 3;
    history.check_ins.first = Some("2026-10-15T09:30:00+00:00".to_owned());
    history.check_ins.last = Some("2026-11-26T09:30:00+00:00".to_owned());
    history.check_ins.key_results.push(KrRun {
        reference: "platform/paved-road/ci-pipeline-time".to_owned(),
        unit: Some("minutes".to_owned()),
        start: Some(14.0),
        last: Some(9.5),
        check_ins: 3,
    });
    history.grade = Some(Grade {
        score: Some(0.7),
        key_results: vec![("platform/paved-road/ci-pipeline-time".to_owned(), Some(0.6))],
        lessons: vec!["Measure first.".to_owned()],
        failures: Vec::new(),
        continue_: vec!["Game days.".to_owned()],
    });
    let pages = site(&overview);
    let page = find(&pages, "sets/2026-q4/platform.history.html");
    for needle in [
        "<h1>How platform came to be",
        "<a href=\"#v1-1-0\">1.0</a>",
        "<a href=\"#v2-1-1\">1.1</a>",
        "<p class=\"subject\">okr(platform): finalize</p>",
        "<p>The review asked for more.</p>\n<p>And got it.</p>",
        "<code>okr/2026-Q4/platform/final</code>",
        "<dt>Stage</dt><dd>review</dd>",
        "<strong class=\"class\">target-changed</strong>",
        "<del>6</del> → <ins>5</ins>",
        "<strong class=\"class\">reworded</strong>",
        "<ins>nobody</ins>",
        "The first version.",
        "3 check-in commits from 2026-10-15 to 2026-11-26.",
        "<h2 id=\"grade\">Grade: 0.7</h2>",
        "<li>Measure first.</li>",
    ] {
        assert!(page.contains(needle), "no {needle:?} in\n{page}");
    }
    assert_eq!(page.matches("<ul").count(), page.matches("</ul>").count());
}

/// What a hostile user might write.
const HOSTILE: &str = "<script>alert(1)</script>\"'&";

/// The sample with [`HOSTILE`] in every field a user writes.
fn hostile() -> Overview {
    let h = || HOSTILE.to_owned();
    let mut overview = sample();
    if let Some(r) = &mut overview.revision {
        r.spec = h();
    }
    overview.since = Some(Since {
        label: h(),
        time: 0,
    });
    for set in &mut overview.status.sets {
        set.team = h();
        set.path = h();
        for objective in &mut set.objectives {
            objective.id = h();
            objective.title = h();
            for kr in &mut objective.key_results {
                kr.title = h();
                kr.unit = Some(h());
                kr.owner = Some(h());
                kr.reference = h();
                if let Some(last) = &mut kr.last_checkin {
                    last.author = h();
                    last.date = h();
                }
            }
        }
    }
    for set in &mut overview.sets {
        set.parent = Some(h());
        for series in &mut set.key_results {
            series.title = h();
            series.unit = Some(h());
            series.caveat = Some(h());
            for point in &mut series.points {
                point.author = h();
                point.note = h();
            }
        }
        set.dropped.push(KrSeries {
            reference: h(),
            title: h(),
            unit: Some(h()),
            baseline: Some(1.0),
            target: Some(2.0),
            initial: None,
            caveat: Some(h()),
            points: vec![Point {
                commit: h(),
                time: 1_790_000_000,
                date: h(),
                author: h(),
                before: None,
                value: Some(1.5),
                confidence_before: None,
                confidence: None,
                note: h(),
            }],
        });
        let history = &mut set.history;
        history.path = h();
        history.notes.push(h());
        for i in &mut history.iterations {
            i.author = h();
            i.subject = h();
            i.why = h();
            i.stage = Some(h());
            i.tag = Some(h());
        }
        history.grade = Some(Grade {
            score: None,
            key_results: vec![(h(), None)],
            lessons: vec![h()],
            failures: vec![h()],
            continue_: vec![h()],
        });
    }
    for forest in &mut overview.alignment.periods {
        for node in &mut forest.sets {
            node.team = h();
            for objective in &mut node.objectives {
                objective.title = h();
                for aligned in &mut objective.aligns {
                    aligned.written = h();
                    aligned.target = None;
                }
            }
        }
    }
    overview
}

#[test]
fn what_users_wrote_is_escaped_everywhere() {
    let pages = site(&hostile());
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    for page in html_pages(&pages) {
        let html = text(page);
        assert!(
            !html.to_ascii_lowercase().contains("<script"),
            "{} has a raw script",
            page.path
        );
        assert!(
            html.contains(escaped),
            "{} shows no escaped text",
            page.path
        );
        assert!(
            !page.path.contains('<') && !page.path.contains(".."),
            "{}",
            page.path
        );
    }
    // Three sets of the same hostile team each get their own pages.
    let mut paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let count = paths.len();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), count);
    // Inside the SVG too: titles, tooltips and plotters' own text.
    let set = find(&pages, "sets/2026-q4/script-alert-1-script.html");
    assert!(set.contains(&format!(
        "<title id=\"chart-1-title\">{escaped}&quot;&#39;&amp;</title>"
    )));
    let e = format!("{escaped}&quot;&#39;&amp;");
    assert!(set.contains(&format!(" · {e}\n1.5 {e}")), "{set}");
}

#[test]
fn an_empty_overview_still_makes_a_site() {
    let mut overview = sample();
    overview.status.sets.clear();
    overview.sets.clear();
    overview.alignment.periods.clear();
    overview.revision = None;
    let pages = site(&overview);
    assert_eq!(pages.len(), 3);
    assert!(find(&pages, "index.html").contains("There are no OKR sets"));
    assert!(find(&pages, "index.html").contains("The working tree"));
}

#[test]
fn sets_without_their_data_or_key_results() {
    let mut overview = sample();
    // The data of the last set is missing; another set lost its objectives.
    overview.sets.pop();
    overview.status.sets[0].objectives.clear();
    overview.status.sets[1].objectives[0].key_results.clear();
    let pages = site(&overview);
    assert!(find(&pages, "sets/2026-q4/engineering.html").contains("no objectives yet"));
    assert!(find(&pages, "sets/2026-q4/checkout.html").contains("No values on record"));
    assert!(find(&pages, "sets/2026-q4/checkout.history.html").contains("No history"));
}

#[test]
fn the_index_page() {
    let pages = site(&sample());
    let index = find(&pages, "index.html");
    // The cards: the shell is checked above, the list below is long.
    let start = index.find("<main").unwrap_or(0);
    let end = index
        .find("<section class=\"attention\"")
        .unwrap_or(index.len());
    insta::assert_snapshot!(&index[start..end]);
}
