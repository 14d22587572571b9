//! The small pieces every page is made of: escaping, names safe in paths
//! and fragments, dates, values with their units, and the health badge.

use chrono::{DateTime, NaiveDate};
use okr_model::Health;

use crate::checkin::number;
pub(crate) use crate::checkin::percent;

/// `text` safe in HTML and SVG, in text and in quoted attributes: the five
/// characters that can end or start markup become entities, and control
/// characters other than line breaks and tabs are dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` as a name safe in a path and a URL: ASCII letters (lower case,
/// for file systems that ignore case), digits, `-` and `_`; anything else
/// becomes `-`. Never empty, never `.` or `..`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'a'..='z' | '0'..='9' | '-' | '_' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ => {
                if !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
        if out.len() >= 80 {
            break;
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "x".to_owned()
    } else {
        out.to_owned()
    }
}

/// The date part of an RFC 3339 time, `2026-11-19`.
pub(crate) fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// The day of an epoch time, in UTC.
pub(crate) fn day_of(time: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(time, 0).map(|d| d.date_naive())
}

/// `1 Oct 2026`.
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// `9.5 minutes`, `74%`, `—` without a value.
pub(crate) fn value(v: Option<f64>, unit: Option<&str>) -> String {
    match (v, unit) {
        (Some(v), Some("%")) => format!("{}%", number(v)),
        (Some(v), Some(u)) if !u.is_empty() => format!("{} {u}", number(v)),
        (Some(v), _) => number(v),
        (None, _) => "—".to_owned(),
    }
}

/// A share as a percentage, `—` without one.
pub(crate) fn share(progress: Option<f64>) -> String {
    progress.map_or_else(|| "—".to_owned(), percent)
}

/// `1 set`, `2 sets`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The CSS class and the shape of a health: the word says it, the shape
/// and the colour repeat it.
fn health_look(health: Option<Health>) -> (&'static str, &'static str, &'static str) {
    match health {
        Some(Health::OnTrack) => ("on-track", "●", "on-track"),
        Some(Health::AtRisk) => ("at-risk", "▲", "at-risk"),
        Some(Health::OffTrack) => ("off-track", "■", "off-track"),
        None => ("no-value", "○", "no value"),
    }
}

/// The health badge: a shape, then the word, in the health's colours.
pub(crate) fn health_badge(health: Option<Health>) -> String {
    let (class, shape, word) = health_look(health);
    format!(
        "<span class=\"badge health {class}\"><span class=\"shape\" aria-hidden=\"true\">{shape}</span> {word}</span>"
    )
}

/// A progress bar with the expected pace marked, and its numbers as text
/// for those who do not see it.
pub(crate) fn progress_bar(progress: Option<f64>, expected: Option<f64>) -> String {
    let width = |p: f64| {
        let p = if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        };
        (p * 1000.0).round() / 10.0
    };
    let label = match expected {
        Some(e) => format!(
            "progress {}, expected by now {}",
            share(progress),
            percent(e)
        ),
        None => format!("progress {}", share(progress)),
    };
    let mut out = format!("<span class=\"bar\" role=\"img\" aria-label=\"{label}\">");
    if let Some(p) = progress {
        out += &format!("<span class=\"fill\" style=\"width:{}%\"></span>", width(p));
    }
    if let Some(e) = expected {
        out += &format!("<span class=\"pace\" style=\"left:{}%\"></span>", width(e));
    }
    out += "</span>";
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\r\nc"), "ab\nc");
    }

    #[test]
    fn slugs_are_safe_names() {
        assert_eq!(slug("platform"), "platform");
        assert_eq!(slug("2026-Q4"), "2026-q4");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("<script>alert(1)</script>"), "script-alert-1-script");
        assert_eq!(slug(".."), "x");
        assert_eq!(slug(""), "x");
        assert_eq!(slug("équipe"), "quipe");
        assert!(slug(&"a".repeat(500)).len() <= 80);
    }

    #[test]
    fn values_and_bars() {
        assert_eq!(value(Some(9.5), Some("minutes")), "9.5 minutes");
        assert_eq!(value(None, Some("%")), "—");
        assert_eq!(value(Some(74.0), Some("%")), "74%");
        assert_eq!(share(Some(-0.0)), "0%");
        assert_eq!(percent(-0.004), "0%");
        assert_eq!(percent(0.666), "67%");
        let bar = progress_bar(Some(2.0), Some(f64::NAN));
        assert!(bar.contains("width:100%"), "{bar}");
        assert!(bar.contains("left:0%"), "{bar}");
    }
}
