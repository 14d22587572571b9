//! A key result's values over its period as an SVG line chart.
//!
//! plotters draws the chart: the axes with their dates and values, the
//! baseline (a thin grey line) and the target (a green one) across it,
//! each named where it matters (the baseline at the start, the target at
//! the end), the expected pace as a dashed line from (start, baseline) to
//! (end, target), the report's day as a vertical line marked "as of", and
//! the value as a thick line from the initial value at the period's start
//! (a hollow point) through each check-in (a filled point). What plotters
//! cannot write is added around its output: the root's `class`,
//! `role="img"` and `aria-labelledby`, a `<title>` and a `<desc>` that
//! say what the chart shows, and over each point a transparent circle,
//! placed with the chart's own coordinate mapping, whose `<title>` is the
//! point's tooltip (date, author, value, confidence and note).
//!
//! No font is needed at build or run time: plotters' built-in estimate
//! lays the labels out, and the SVG names only the generic `sans-serif`.
//! Every coordinate is kept finite and every loop is bounded, so no value
//! (huge, negative, all equal, outside the period) makes it panic.

use chrono::{Datelike, Days, Months, NaiveDate};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::checkin::number;
use crate::overview::KrSeries;

use super::markup::{day, escape, long_date, value};

/// The chart's size in SVG pixels; pages scale it to their width.
const WIDTH: u32 = 560;
/// The chart's height.
const HEIGHT: u32 = 300;
/// The largest magnitude drawn; larger values are drawn at it, so that
/// every distance between two values stays finite.
const LIMIT: f64 = 1e300;

/// The colours: dark enough on white for text (4.5:1 or more) and lines.
const MUTED: RGBColor = RGBColor(0x4b, 0x55, 0x63);
const GRID: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
const AXIS: RGBColor = RGBColor(0x9c, 0xa3, 0xaf);
const VALUE: RGBColor = RGBColor(0x1d, 0x4e, 0xd8);
const DROPPED: RGBColor = RGBColor(0x6b, 0x72, 0x80);
const TARGET: RGBColor = RGBColor(0x04, 0x78, 0x57);
const PACE: RGBColor = RGBColor(0xb4, 0x53, 0x09);

/// What a chart is of.
pub(crate) struct Chart<'a> {
    /// The key result's values.
    pub series: &'a KrSeries,
    /// The period's first day.
    pub start: NaiveDate,
    /// The period's last day.
    pub end: NaiveDate,
    /// The day the report is judged on, marked when in view.
    pub as_of: Option<NaiveDate>,
    /// The key result was dropped from the set.
    pub dropped: bool,
    /// An id unique in the page, for the chart's title and description.
    pub id: &'a str,
}

/// A point with its tooltip.
struct Hit {
    /// Where it is drawn, in SVG pixels.
    at: (i32, i32),
    /// What its tooltip says.
    title: String,
}

/// One plotted value: its time, its value, and its tooltip.
struct Mark {
    time: f64,
    value: f64,
    title: String,
    initial: bool,
}

/// A finite value within [`LIMIT`], or nothing.
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite()).map(|v| v.clamp(-LIMIT, LIMIT))
}

/// Seconds since the epoch at the start of `date`, UTC.
fn midnight(date: NaiveDate) -> f64 {
    date.and_hms_opt(0, 0, 0)
        .map_or(0.0, |t| t.and_utc().timestamp() as f64)
}

/// The day at `time` seconds since the epoch.
fn date_at(time: f64) -> Option<NaiveDate> {
    if time.is_finite() && time.abs() < 1e14 {
        super::markup::day_of(time.floor() as i64)
    } else {
        None
    }
}

/// A value as an axis label: short, with an exponent when very large or
/// very small.
fn tick_label(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e7).contains(&a) {
        format!("{v:.2e}")
    } else {
        // Round away the float noise of stepping (0.30000000000000004).
        number((v * 1e6).round() / 1e6)
    }
}

/// Round steps for a value axis over `lo..hi`: the step of 1, 2, 2.5 or 5
/// times a power of ten that puts closest to five ticks inside it.
fn value_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![lo];
    }
    let magnitude = 10f64.powf((span / 5.0).log10().floor());
    if !(magnitude.is_finite() && magnitude > 0.0) {
        return vec![lo, hi];
    }
    let count = |step: f64| (hi / step).floor() - (lo / step).ceil() + 1.0;
    let step = [0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0]
        .into_iter()
        .map(|m| m * magnitude)
        .filter(|s| s.is_finite() && *s > 0.0 && count(*s) >= 2.0)
        .min_by(|a, b| {
            let off = |s: f64| (count(s) - 5.0).abs();
            off(*a).total_cmp(&off(*b)).then(b.total_cmp(a))
        })
        .unwrap_or(span);
    let first = (lo / step).ceil();
    let mut ticks: Vec<f64> = Vec::new();
    for i in 0..12 {
        let v = (first + i as f64) * step;
        if !v.is_finite() || v > hi + step * 1e-9 {
            break;
        }
        if v >= lo - step * 1e-9 && ticks.last().is_none_or(|last| *last < v) {
            // -0 reads badly.
            ticks.push(if v == 0.0 { 0.0 } else { v });
        }
    }
    if ticks.is_empty() {
        ticks.push(lo);
    }
    ticks
}

/// The days to mark on the time axis: the period's start and the first of
/// each month in it (each week for a period of six weeks or less), at most
/// seven of them.
fn date_ticks(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let mut days = vec![start];
    if (end - start).num_days() <= 45 {
        let mut d = start;
        for _ in 0..7 {
            match d.checked_add_days(Days::new(7)) {
                Some(next) if next <= end => {
                    days.push(next);
                    d = next;
                }
                _ => break,
            }
        }
    } else {
        let mut month = start.with_day(1).unwrap_or(start);
        // Bounded: a period of a century has 1,200 months.
        for _ in 0..2400 {
            match month.checked_add_months(Months::new(1)) {
                Some(next) if next <= end => {
                    days.push(next);
                    month = next;
                }
                _ => break,
            }
        }
    }
    if days.len() > 7 {
        let step = days.len().div_ceil(6);
        days = days.into_iter().step_by(step).collect();
    }
    days
}

/// How the time axis names a day.
fn date_label(date: NaiveDate, long: bool) -> String {
    if long {
        date.format("%b %Y").to_string()
    } else {
        date.format("%-d %b").to_string()
    }
}

/// The chart's text alternative: what it shows, in one paragraph.
pub(crate) fn summary(series: &KrSeries, start: NaiveDate, end: NaiveDate) -> String {
    let unit = series.unit.as_deref();
    let mut text = format!(
        "Values of “{}” from {} to {}",
        series.title,
        long_date(start),
        long_date(end)
    );
    let mut goal = Vec::new();
    if series.baseline.is_some() {
        goal.push(format!("baseline {}", value(series.baseline, unit)));
    }
    if series.target.is_some() {
        goal.push(format!("target {}", value(series.target, unit)));
    }
    if !goal.is_empty() {
        text += &format!(" ({})", goal.join(", "));
    }
    text.push_str(". ");
    if series.initial.is_some() {
        text += &format!("It started at {}. ", value(series.initial, unit));
    }
    let checked: Vec<_> = series.points.iter().filter(|p| p.value.is_some()).collect();
    match (checked.len(), checked.last()) {
        (0, _) | (_, None) => text.push_str("No check-in yet."),
        (n, Some(last)) => {
            text += &format!(
                "{} check-in{}; the latest, on {}, is {}.",
                n,
                if n == 1 { "" } else { "s" },
                day(&last.date),
                value(last.value, unit)
            );
        }
    }
    text
}

/// The tooltip of a check-in.
fn point_title(point: &crate::overview::Point, unit: Option<&str>) -> String {
    let mut title = format!(
        "{} · {}\n{}",
        day(&point.date),
        point.author,
        value(point.value, unit)
    );
    if let Some(before) = point.before {
        title += &format!(" (was {})", number(before));
    }
    if let Some(confidence) = point.confidence {
        title += &format!(", confidence {}", number(confidence));
    }
    let note = point.note.trim();
    if !note.is_empty() {
        title.push('\n');
        title.push_str(note);
    }
    title
}

/// The chart as an `<svg>` element, ready to put in a page.
pub(crate) fn svg(chart: &Chart<'_>) -> String {
    let series = chart.series;
    let unit = series.unit.as_deref();
    let t0 = midnight(chart.start);
    // The end of the period's last day.
    let t1 = midnight(chart.end) + 86_400.0;

    let mut marks: Vec<Mark> = Vec::new();
    let mut points: Vec<&crate::overview::Point> = series.points.iter().collect();
    points.sort_by_key(|p| p.time);
    let first_time = points.first().map_or(t0, |p| (p.time as f64).min(t0));
    if let Some(initial) = finite(series.initial) {
        marks.push(Mark {
            time: first_time,
            value: initial,
            title: format!(
                "{} · initial value\n{}",
                long_date(chart.start),
                value(series.initial, unit)
            ),
            initial: true,
        });
    }
    for point in &points {
        if let Some(v) = finite(point.value) {
            marks.push(Mark {
                time: point.time as f64,
                value: v,
                title: point_title(point, unit),
                initial: false,
            });
        }
    }

    // The time axis: the period, widened to any point outside it.
    let x0 = marks.iter().map(|m| m.time).fold(t0, f64::min);
    let x1 = marks.iter().map(|m| m.time).fold(t1, f64::max);
    let x1 = if x1 > x0 { x1 } else { x0 + 86_400.0 };

    // The value axis: every value drawn, with some room.
    let baseline = finite(series.baseline);
    let target = finite(series.target);
    let values: Vec<f64> = marks
        .iter()
        .map(|m| m.value)
        .chain(baseline)
        .chain(target)
        .collect();
    let (lo, hi) = match values.iter().copied().reduce(f64::min) {
        Some(min) => (min, values.iter().copied().fold(min, f64::max)),
        None => (0.0, 1.0),
    };
    let pad = if hi > lo {
        (hi - lo) * 0.08
    } else {
        (lo.abs() * 0.1).max(1.0)
    };
    let (y0, y1) = (lo - pad, hi + pad);
    let y_ticks = value_ticks(y0, y1);
    let label_width = y_ticks
        .iter()
        .map(|v| tick_label(*v).chars().count())
        .max()
        .unwrap_or(1);

    let long = (chart.end - chart.start).num_days() > 200;
    let x_ticks: Vec<f64> = date_ticks(chart.start, chart.end)
        .into_iter()
        .map(midnight)
        .collect();

    let mut body = String::new();
    let drawn = draw(
        &mut body,
        &Frame {
            x: (x0, x1),
            y: (y0, y1),
            x_ticks,
            y_ticks,
            label_width,
            long,
        },
        &Lines {
            period: (t0, t1),
            baseline,
            target,
            as_of: chart.as_of.map(midnight).filter(|t| *t >= x0 && *t <= x1),
            marks: &marks,
            unit,
            dropped: chart.dropped,
        },
    );

    let title = format!(
        "{}{}",
        if chart.dropped {
            "Dropped key result: "
        } else {
            ""
        },
        series.title
    );
    let desc = summary(series, chart.start, chart.end);
    let class = if chart.dropped {
        "kr-chart dropped"
    } else {
        "kr-chart"
    };
    let id = escape(chart.id);
    let head =
        format!("<svg class=\"{class}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" ");
    let alt = format!(
        "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(&title),
        escape(&desc)
    );
    match drawn {
        Ok(hits) => {
            let mut out = String::with_capacity(body.len() + 512);
            // plotters' root: `<svg width=… height=… viewBox=… xmlns=…>\n`.
            let rest = body.strip_prefix("<svg ").unwrap_or(&body);
            let (open, inner) = rest.split_once(">\n").unwrap_or((rest, ""));
            let inner = inner.trim_end().strip_suffix("</svg>").unwrap_or(inner);
            out += &head;
            out += open;
            out += ">\n";
            out += &alt;
            out += inner;
            out += "<g class=\"points\">\n";
            for hit in hits {
                out += &format!(
                    "<circle class=\"hit\" cx=\"{}\" cy=\"{}\" r=\"9\" fill=\"#1D4ED8\" fill-opacity=\"0\"><title>{}</title></circle>\n",
                    hit.at.0,
                    hit.at.1,
                    escape(&hit.title)
                );
            }
            out += "</g>\n</svg>";
            out
        }
        Err(error) => format!(
            "{head}width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" xmlns=\"http://www.w3.org/2000/svg\">\n{alt}<text x=\"20\" y=\"40\" fill=\"#1f2937\">The chart could not be drawn: {}</text>\n</svg>",
            escape(&error)
        ),
    }
}

/// A linear axis with the ticks we chose: plotters' own `f64` axis picks
/// its ticks itself (and asserts on ranges it cannot step through), and
/// its key-point wrapper loses the label formatter.
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        let share = if span.is_finite() && span > 0.0 {
            (value - self.lo) / span
        } else {
            0.5
        };
        // Far outside the axis is drawn just outside it: pixels stay small.
        let share = if share.is_finite() {
            share.clamp(-1.0, 2.0)
        } else {
            0.5
        };
        let pixel = f64::from(limit.0) + f64::from(limit.1 - limit.0) * share;
        pixel.round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// The axes of a chart.
struct Frame {
    /// The time axis, seconds since the epoch.
    x: (f64, f64),
    /// The value axis.
    y: (f64, f64),
    x_ticks: Vec<f64>,
    y_ticks: Vec<f64>,
    /// The longest value label, in characters.
    label_width: usize,
    /// Label months with their year rather than days with their month.
    long: bool,
}

/// What is drawn in a chart's frame.
struct Lines<'a> {
    /// The period, seconds since the epoch.
    period: (f64, f64),
    baseline: Option<f64>,
    target: Option<f64>,
    as_of: Option<f64>,
    marks: &'a [Mark],
    unit: Option<&'a str>,
    dropped: bool,
}

/// Draws the chart into `out` with plotters, and returns where each mark
/// landed, for its tooltip.
fn draw(out: &mut String, frame: &Frame, lines: &Lines<'_>) -> Result<Vec<Hit>, String> {
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    let label_area = (frame.label_width as u32 * 10 + 16).clamp(40, 130);
    let mut chart = ChartBuilder::on(&root)
        .margin_top(32)
        .margin_right(16)
        .margin_left(6)
        .margin_bottom(4)
        .x_label_area_size(36)
        .y_label_area_size(label_area)
        .build_cartesian_2d(
            Axis {
                lo: frame.x.0,
                hi: frame.x.1,
                ticks: frame.x_ticks.clone(),
            },
            Axis {
                lo: frame.y.0,
                hi: frame.y.1,
                ticks: frame.y_ticks.clone(),
            },
        )
        .map_err(|e| e.to_string())?;

    let long = frame.long;
    let x_label = move |x: &f64| date_at(*x).map_or_else(String::new, |d| date_label(d, long));
    let y_label = |y: &f64| tick_label(*y);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS)
        .label_style(("sans-serif", 18).into_font().color(&MUTED))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .draw()
        .map_err(|e| e.to_string())?;

    let small = ("sans-serif", 17).into_font();
    let (x0, x1) = frame.x;

    // The unit, above the value axis.
    if let Some(unit) = lines.unit.filter(|u| !u.is_empty()) {
        let unit: String = unit.chars().take(40).collect();
        root.draw(&Text::new(
            unit,
            (6, 4),
            small
                .clone()
                .color(&MUTED)
                .pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(|e| e.to_string())?;
    }

    if let Some(t) = lines.as_of {
        chart
            .draw_series(LineSeries::new(
                [(t, frame.y.0), (t, frame.y.1)],
                AXIS.stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((t, frame.y.1))
                    + Text::new(
                        "as of",
                        (0, -6),
                        small
                            .clone()
                            .color(&MUTED)
                            .pos(Pos::new(HPos::Center, VPos::Bottom)),
                    ),
            ))
            .map_err(|e| e.to_string())?;
    }

    // Labels go on the side of a line away from the way the value should
    // move, so that the value's own line does not run through them.
    let rising = match (lines.baseline, lines.target) {
        (Some(b), Some(t)) => t >= b,
        _ => true,
    };
    if let Some(b) = lines.baseline {
        chart
            .draw_series(LineSeries::new([(x0, b), (x1, b)], MUTED.stroke_width(1)))
            .map_err(|e| e.to_string())?;
        let (dy, v) = if rising {
            (4, VPos::Top)
        } else {
            (-4, VPos::Bottom)
        };
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((x0, b))
                    + Text::new(
                        format!("baseline {}", number(b)),
                        (14, dy),
                        small.clone().color(&MUTED).pos(Pos::new(HPos::Left, v)),
                    ),
            ))
            .map_err(|e| e.to_string())?;
    }
    if let Some(t) = lines.target {
        chart
            .draw_series(LineSeries::new([(x0, t), (x1, t)], TARGET.stroke_width(2)))
            .map_err(|e| e.to_string())?;
        let (dy, v) = if rising {
            (-4, VPos::Bottom)
        } else {
            (4, VPos::Top)
        };
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((x1, t))
                    + Text::new(
                        format!("target {}", number(t)),
                        (-4, dy),
                        small.clone().color(&TARGET).pos(Pos::new(HPos::Right, v)),
                    ),
            ))
            .map_err(|e| e.to_string())?;
    }
    if let (Some(b), Some(t)) = (lines.baseline, lines.target) {
        let (p0, p1) = lines.period;
        chart
            .draw_series(DashedLineSeries::new(
                [(p0, b), (p1, t)],
                10,
                6,
                PACE.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
    }

    let colour = if lines.dropped { DROPPED } else { VALUE };
    chart
        .draw_series(LineSeries::new(
            lines.marks.iter().map(|m| (m.time, m.value)),
            colour.stroke_width(3),
        ))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(lines.marks.iter().map(|m| {
            if m.initial {
                Circle::new((m.time, m.value), 4, colour.stroke_width(2))
            } else {
                Circle::new((m.time, m.value), 5, colour.filled())
            }
        }))
        .map_err(|e| e.to_string())?;

    let hits = lines
        .marks
        .iter()
        .map(|m| Hit {
            at: chart.backend_coord(&(m.time, m.value)),
            title: m.title.clone(),
        })
        .collect();
    root.present().map_err(|e| e.to_string())?;
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overview::Point;

    fn point(day: u32, value: Option<f64>) -> Point {
        let date = NaiveDate::from_ymd_opt(2026, 10, day).unwrap_or_default();
        Point {
            commit: "c".repeat(40),
            time: date
                .and_hms_opt(9, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp()),
            date: format!("{date}T09:00:00+00:00"),
            author: "Ada".to_owned(),
            before: None,
            value,
            confidence_before: None,
            confidence: Some(0.7),
            note: "fine".to_owned(),
        }
    }

    fn series(points: Vec<Point>) -> KrSeries {
        KrSeries {
            reference: "t/o/k".to_owned(),
            title: "Cut it".to_owned(),
            unit: Some("minutes".to_owned()),
            baseline: Some(14.0),
            target: Some(6.0),
            initial: Some(14.0),
            caveat: None,
            points,
        }
    }

    fn render(series: &KrSeries) -> String {
        svg(&Chart {
            series,
            start: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            end: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 21),
            dropped: false,
            id: "c1",
        })
    }

    #[test]
    fn a_small_chart() {
        let s = series(vec![point(12, Some(11.0)), point(26, Some(9.5))]);
        insta::assert_snapshot!(render(&s));
    }

    #[test]
    fn ticks_are_round_and_bounded() {
        assert_eq!(value_ticks(0.0, 10.0), vec![0.0, 2.5, 5.0, 7.5, 10.0]);
        assert_eq!(value_ticks(5.36, 14.64), vec![6.0, 8.0, 10.0, 12.0, 14.0]);
        assert_eq!(value_ticks(1.24, 26.76), vec![5.0, 10.0, 15.0, 20.0, 25.0]);
        assert!((3..=7).contains(&value_ticks(-3.0, 3.0).len()));
        assert!(value_ticks(-LIMIT * 1.1, LIMIT * 1.1).len() <= 12);
        assert_eq!(value_ticks(1.0, 1.0), vec![1.0]);
        assert_eq!(tick_label(2.5), "2.5");
        assert_eq!(tick_label(0.1 + 0.2), "0.3");
        assert_eq!(tick_label(3e9), "3.00e9");
        let q4 = date_ticks(
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
        );
        assert_eq!(q4.len(), 3);
        let century = date_ticks(
            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or_default(),
        );
        assert!(century.len() <= 7);
    }

    #[test]
    fn every_point_has_a_tooltip() {
        let s = series(vec![point(12, Some(11.0)), point(26, Some(9.5))]);
        let svg = render(&s);
        assert_eq!(svg.matches("<circle class=\"hit\"").count(), 3);
        assert!(svg.contains("<title>2026-10-12 · Ada\n11 minutes, confidence 0.7\nfine</title>"));
        assert!(svg.starts_with("<svg class=\"kr-chart\" role=\"img\" aria-labelledby=\"c1-title c1-desc\" width=\"560\""));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn odd_series_do_not_panic() {
        let huge = |v: f64| Point {
            value: Some(v),
            ..point(3, None)
        };
        let cases = vec![
            KrSeries {
                baseline: None,
                target: None,
                initial: None,
                unit: None,
                ..series(vec![])
            },
            series(vec![point(5, Some(14.0))]),
            KrSeries {
                baseline: Some(3.0),
                target: Some(3.0),
                initial: Some(3.0),
                ..series(vec![point(5, Some(3.0)), point(6, Some(3.0))])
            },
            series(vec![huge(-5.0), huge(-1e12), point(9, None)]),
            series(vec![huge(f64::MAX), huge(f64::MIN), huge(f64::INFINITY)]),
            series(vec![huge(1e-300), huge(2e-300)]),
            series(vec![huge(1e17), huge(1e17 + 16.0)]),
            series(vec![
                Point {
                    time: 0,
                    ..point(1, Some(1.0))
                },
                Point {
                    time: i64::MAX,
                    ..point(1, Some(2.0))
                },
            ]),
            series(vec![Point {
                time: i64::MIN,
                ..point(1, Some(1.0))
            }]),
        ];
        for s in &cases {
            let svg = render(s);
            assert!(svg.contains("class=\"kr-chart\""), "{svg}");
            assert!(!svg.contains("NaN"), "{svg}");
        }
        let one_day = svg(&Chart {
            series: &series(vec![point(1, Some(2.0))]),
            start: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            end: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            as_of: None,
            dropped: true,
            id: "d",
        });
        assert!(one_day.starts_with("<svg class=\"kr-chart dropped\""));
    }
}
