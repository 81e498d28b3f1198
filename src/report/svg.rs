//! Charts as inline SVG, drawn by hand: a report is one file that opens anywhere, and the
//! output must be byte-identical between runs (fixed number formatting, no randomness).
//! Colours are the Okabe–Ito palette, distinguishable with colour-blindness.

use super::page::{escape, Html};
use std::fmt::Write as _;

const WIDTH: f64 = 900.0;
const LABEL_WIDTH: f64 = 270.0;
const ROW: f64 = 26.0;
const MAX_LABEL: usize = 40;
/// Okabe–Ito colours, in the order series get them.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
];

/// Sentiment colours: negative, neutral, positive (and mixed).
pub const SENTIMENT: [&str; 4] = ["#D55E00", "#B9BEC4", "#0072B2", "#CC79A7"];

fn open(title: &str, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" \
         role=\"img\" aria-label=\"{t}\" font-family=\"system-ui,sans-serif\" font-size=\"13\">\
         <title>{t}</title>",
        t = escape(title)
    )
}

/// A label cut to fit, with the full text as a tooltip.
fn label(text: &str, x: f64, y: f64, anchor: &str) -> String {
    let shown: String = if text.chars().count() > MAX_LABEL {
        let mut s: String = text.chars().take(MAX_LABEL - 1).collect();
        s.push('…');
        s
    } else {
        text.to_owned()
    };
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">\
         <title>{}</title>{}</text>",
        escape(text),
        escape(&shown)
    )
}

fn no_data(title: &str) -> Html {
    let mut s = open(title, 40.0);
    s.push_str("<text x=\"10\" y=\"24\" fill=\"#59636e\">No data for this chart.</text></svg>");
    Html::trusted(s)
}

/// Round tick values covering `[low, high]`, about five of them.
pub fn ticks(low: f64, high: f64) -> Vec<f64> {
    let (low, high) = if high > low {
        (low, high)
    } else {
        (low - 1.0, high + 1.0)
    };
    let raw = (high - low) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (low / step).floor() * step;
    let mut out = Vec::new();
    let mut t = first;
    while t <= high + step * 1e-9 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    if out.last().is_some_and(|&last| last < high) {
        out.push(t);
    }
    out
}

fn number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// Horizontal bars, one per item, with the value at the bar's end.
pub fn bar_chart(title: &str, items: &[(String, f64)], suffix: &str) -> Html {
    let items: Vec<&(String, f64)> = items.iter().filter(|(_, v)| v.is_finite()).collect();
    if items.is_empty() {
        return no_data(title);
    }
    let max = items.iter().map(|(_, v)| *v).fold(0.0, f64::max).max(1e-9);
    let plot = WIDTH - LABEL_WIDTH - 70.0;
    let height = items.len() as f64 * ROW + 10.0;
    let mut s = open(title, height);
    for (i, (name, value)) in items.iter().enumerate() {
        let y = 5.0 + i as f64 * ROW;
        let w = (value.max(0.0) / max * plot).max(1.0);
        s.push_str(&label(name, LABEL_WIDTH - 8.0, y + ROW / 2.0, "end"));
        let _ = write!(
            s,
            "<rect x=\"{LABEL_WIDTH}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" \
             fill=\"{}\"><title>{}: {}{}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" dominant-baseline=\"middle\">{}{}</text>",
            y + 4.0,
            ROW - 8.0,
            PALETTE[0],
            escape(name),
            number(*value),
            escape(suffix),
            LABEL_WIDTH + w + 6.0,
            y + ROW / 2.0,
            number(*value),
            escape(suffix)
        );
    }
    s.push_str("</svg>");
    Html::trusted(s)
}

/// 100%-stacked horizontal bars (shares of each category), with a legend.
pub fn stacked_bars(
    title: &str,
    items: &[(String, Vec<f64>)],
    series: &[&str],
    colours: &[&str],
) -> Html {
    let items: Vec<&(String, Vec<f64>)> = items
        .iter()
        .filter(|(_, parts)| parts.iter().all(|p| p.is_finite() && *p >= 0.0))
        .filter(|(_, parts)| parts.iter().sum::<f64>() > 0.0)
        .collect();
    if items.is_empty() {
        return no_data(title);
    }
    let plot = WIDTH - LABEL_WIDTH - 20.0;
    let height = items.len() as f64 * ROW + 40.0;
    let mut s = open(title, height);
    legend(&mut s, series, colours, LABEL_WIDTH, 14.0);
    for (i, (name, parts)) in items.iter().enumerate() {
        let y = 30.0 + i as f64 * ROW;
        s.push_str(&label(name, LABEL_WIDTH - 8.0, y + ROW / 2.0, "end"));
        let total: f64 = parts.iter().sum();
        let mut x = LABEL_WIDTH;
        for (k, part) in parts.iter().enumerate() {
            let share = part / total;
            let w = share * plot;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\">\
                 <title>{}, {}: {:.0}%</title></rect>",
                y + 4.0,
                ROW - 8.0,
                colours[k % colours.len()],
                escape(name),
                escape(series.get(k).copied().unwrap_or("")),
                100.0 * share
            );
            if w > 34.0 {
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" \
                     dominant-baseline=\"middle\" fill=\"#fff\" font-size=\"12\">{:.0}%</text>",
                    x + w / 2.0,
                    y + ROW / 2.0,
                    100.0 * share
                );
            }
            x += w;
        }
    }
    s.push_str("</svg>");
    Html::trusted(s)
}

fn legend(s: &mut String, series: &[&str], colours: &[&str], x0: f64, y: f64) {
    let mut x = x0;
    for (k, name) in series.iter().enumerate() {
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{y:.1}\" dominant-baseline=\"middle\">{}</text>",
            y - 6.0,
            colours[k % colours.len()],
            x + 16.0,
            escape(name)
        );
        x += 24.0 + 7.5 * name.chars().count().min(MAX_LABEL) as f64;
    }
}

/// Lines over ordered x labels (periods); `None` values leave gaps.
pub fn line_chart(
    title: &str,
    x_labels: &[String],
    series: &[(String, Vec<Option<f64>>)],
    suffix: &str,
) -> Html {
    let values: Vec<f64> = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten().copied())
        .filter(|v| v.is_finite())
        .collect();
    if x_labels.is_empty() || values.is_empty() {
        return no_data(title);
    }
    let low = values
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let ticks = ticks(low, high);
    let (y_min, y_max) = (ticks[0], *ticks.last().unwrap_or(&1.0));
    let legend_rows = series.len().div_ceil(4) as f64;
    // Room on the right for the last period's centred label.
    let (left, right, top) = (60.0, WIDTH - 45.0, 16.0 + 20.0 * legend_rows);
    let bottom = top + 180.0;
    let height = bottom + 30.0;
    let x_at = |i: usize| {
        if x_labels.len() == 1 {
            (left + right) / 2.0
        } else {
            left + (right - left) * i as f64 / (x_labels.len() - 1) as f64
        }
    };
    let y_at = |v: f64| bottom - (v - y_min) / (y_max - y_min).max(1e-9) * (bottom - top);
    let mut s = open(title, height);
    for (row, chunk) in series.chunks(4).enumerate() {
        let names: Vec<&str> = chunk.iter().map(|(n, _)| n.as_str()).collect();
        let colours: Vec<&str> = (0..chunk.len())
            .map(|k| PALETTE[(row * 4 + k) % PALETTE.len()])
            .collect();
        legend(&mut s, &names, &colours, left, 12.0 + 20.0 * row as f64);
    }
    for t in &ticks {
        let y = y_at(*t);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d1d9e0\"/>\
             <text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\" \
             fill=\"#59636e\">{}{}</text>",
            left - 6.0,
            number(*t),
            escape(suffix)
        );
    }
    // Thin out x labels so they never overlap (about 70 px each).
    let every = ((x_labels.len() as f64 * 70.0) / (right - left))
        .ceil()
        .max(1.0) as usize;
    for (i, x_label) in x_labels.iter().enumerate().step_by(every) {
        s.push_str(&label(x_label, x_at(i), bottom + 16.0, "middle"));
    }
    for (k, (name, points)) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let mut path = String::new();
        let mut pen_down = false;
        for (i, p) in points.iter().enumerate().take(x_labels.len()) {
            match p.filter(|v| v.is_finite()) {
                Some(v) => {
                    let _ = write!(
                        path,
                        "{}{:.1} {:.1} ",
                        if pen_down { "L" } else { "M" },
                        x_at(i),
                        y_at(v)
                    );
                    pen_down = true;
                    let _ = write!(
                        s,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{colour}\">\
                         <title>{}, {}: {}{}</title></circle>",
                        x_at(i),
                        y_at(v),
                        escape(name),
                        escape(&x_labels[i]),
                        number(v),
                        escape(suffix)
                    );
                }
                None => pen_down = false,
            }
        }
        if !path.is_empty() {
            let _ = write!(
                s,
                "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                path.trim_end()
            );
        }
    }
    s.push_str("</svg>");
    Html::trusted(s)
}

/// Point estimates with 95% interval whiskers around a zero line: (label, value, low, high).
/// Items whose interval excludes zero are drawn solid; the others hollow.
pub fn interval_chart(title: &str, items: &[(String, f64, f64, f64)], suffix: &str) -> Html {
    let items: Vec<&(String, f64, f64, f64)> = items
        .iter()
        .filter(|(_, v, l, h)| v.is_finite() && l.is_finite() && h.is_finite())
        .collect();
    if items.is_empty() {
        return no_data(title);
    }
    let low = items.iter().map(|i| i.2).fold(0.0, f64::min);
    let high = items.iter().map(|i| i.3).fold(0.0, f64::max);
    let ticks = ticks(low, high);
    let (x_min, x_max) = (ticks[0], *ticks.last().unwrap_or(&1.0));
    let (left, right) = (LABEL_WIDTH, WIDTH - 20.0);
    let x_at = |v: f64| left + (v - x_min) / (x_max - x_min).max(1e-9) * (right - left);
    let top = 6.0;
    let bottom = top + items.len() as f64 * ROW;
    let mut s = open(title, bottom + 28.0);
    for t in &ticks {
        let x = x_at(*t);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{top}\" y2=\"{bottom:.1}\" stroke=\"{}\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#59636e\">{}{}</text>",
            if *t == 0.0 { "#59636e" } else { "#e4e8ec" },
            bottom + 18.0,
            number(*t),
            escape(suffix)
        );
    }
    for (i, (name, value, lo, hi)) in items.iter().enumerate() {
        let y = top + i as f64 * ROW + ROW / 2.0;
        let colour = if *value < 0.0 { PALETTE[1] } else { PALETTE[0] };
        let solid = *lo > 0.0 || *hi < 0.0;
        s.push_str(&label(name, LABEL_WIDTH - 8.0, y, "end"));
        let _ = write!(
            s,
            "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" \
             stroke-width=\"2\"/><circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{}\" \
             stroke=\"{colour}\" stroke-width=\"2\"><title>{}: {}{} (95% interval {} to {})\
             </title></circle>",
            x_at(*lo),
            x_at(*hi),
            x_at(*value),
            if solid { colour } else { "#fff" },
            escape(name),
            number(*value),
            escape(suffix),
            number(*lo),
            number(*hi)
        );
    }
    s.push_str("</svg>");
    Html::trusted(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 23.0), vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
        assert_eq!(
            ticks(-100.0, 0.0),
            vec![-100.0, -80.0, -60.0, -40.0, -20.0, 0.0]
        );
        let flat = ticks(5.0, 5.0);
        assert!(flat[0] <= 4.0 && *flat.last().unwrap() >= 6.0);
    }

    #[test]
    fn charts_escape_labels_and_cope_with_odd_input() {
        let evil = "<script>x</script>".to_owned();
        let bars = bar_chart("t", &[(evil.clone(), 3.0), ("nan".into(), f64::NAN)], "%");
        assert!(!bars.as_str().contains("<script"));
        assert_eq!(bars.as_str().matches("<rect").count(), 1, "NaN is skipped");
        assert!(bar_chart("t", &[], "%").as_str().contains("No data"));
        let long = "a".repeat(80);
        let cut = bar_chart("t", &[(long.clone(), 1.0)], "");
        assert!(
            cut.as_str().contains('…') && cut.as_str().contains(&long),
            "tooltip keeps it"
        );

        let one = line_chart(
            "t",
            &["2026-01".into()],
            &[(evil.clone(), vec![Some(4.0)])],
            "%",
        );
        assert!(one.as_str().contains("<circle") && !one.as_str().contains("<script"));
        let gap = line_chart(
            "t",
            &["a".into(), "b".into(), "c".into()],
            &[("s".into(), vec![Some(1.0), None, Some(1.0)])],
            "",
        );
        assert_eq!(gap.as_str().matches('M').count(), 2, "a gap lifts the pen");
        assert!(line_chart("t", &[], &[], "").as_str().contains("No data"));

        let ci = interval_chart(
            "t",
            &[(evil, -5.0, -9.0, -1.0), ("b".into(), 2.0, -1.0, 5.0)],
            "",
        );
        assert!(!ci.as_str().contains("<script"));
        assert_eq!(ci.as_str().matches("<circle").count(), 2);
        let stacked = stacked_bars(
            "t",
            &[
                ("a".into(), vec![1.0, 1.0, 2.0]),
                ("zero".into(), vec![0.0, 0.0, 0.0]),
            ],
            &["neg", "neu", "pos"],
            &SENTIMENT,
        );
        assert_eq!(
            stacked.as_str().matches("<rect").count(),
            3 + 3,
            "legend + one bar"
        );
        assert_eq!(
            bars,
            bar_chart("t", &[("<script>x</script>".into(), 3.0)], "%")
        );
    }
}
