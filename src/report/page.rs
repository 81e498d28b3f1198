//! A small builder for self-contained HTML pages: inline CSS, no scripts, no external
//! resources, every piece of text escaped on the way in. Pages are opened from e-mail
//! attachments and shared drives, often offline, and their text comes from customers.

use std::fmt::Write as _;

/// Escapes text for HTML element content and quoted attribute values (and XML: control
/// characters XML 1.0 forbids, and text-direction overrides that could disguise a quote, are
/// shown as U+FFFD).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::error::unsafe_to_show(c) => out.push('\u{FFFD}'),
            _ => out.push(c),
        }
    }
    out
}

/// Markup built by this module (never from raw input), safe to insert as is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Html(String);

impl Html {
    /// Trusted markup produced by the chart and page builders.
    pub(crate) fn trusted(markup: String) -> Html {
        Html(markup)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One table cell: plain text (escaped), right-aligned when numeric, optionally coloured by a
/// flag (`above`, `below`, `rise`, `fall`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub numeric: bool,
    pub flag: Option<&'static str>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            numeric: false,
            flag: None,
        }
    }

    pub fn number(text: impl Into<String>) -> Cell {
        Cell {
            numeric: true,
            ..Cell::text(text)
        }
    }

    /// Colours the cell when `flag` is one of the known flags; other values are ignored.
    pub fn flagged(mut self, flag: &str) -> Cell {
        self.flag = ["above", "below", "rise", "fall"]
            .into_iter()
            .find(|f| *f == flag);
        self
    }
}

/// A titled table.
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn render(&self, out: &mut String) {
        out.push_str("<div class=\"scroll\"><table>");
        if !self.caption.is_empty() {
            let _ = write!(out, "<caption>{}</caption>", escape(&self.caption));
        }
        out.push_str("<thead><tr>");
        for h in &self.headers {
            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(h));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for cell in row {
                let mut class = Vec::new();
                if cell.numeric {
                    class.push("num");
                }
                if let Some(flag) = cell.flag {
                    class.push(flag);
                }
                if class.is_empty() {
                    let _ = write!(out, "<td>{}</td>", escape(&cell.text));
                } else {
                    let _ = write!(
                        out,
                        "<td class=\"{}\">{}</td>",
                        class.join(" "),
                        escape(&cell.text)
                    );
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }
}

/// A page: a title, a short lead, and sections listed in a table of contents.
pub struct Page {
    title: String,
    lead: Vec<String>,
    sections: Vec<(String, String, String)>,
}

impl Page {
    pub fn new(title: impl Into<String>) -> Page {
        Page {
            title: title.into(),
            lead: Vec::new(),
            sections: Vec::new(),
        }
    }

    /// A line under the title (what the page covers, when and from what).
    pub fn lead(&mut self, text: impl Into<String>) {
        self.lead.push(text.into());
    }

    /// Starts a section; later content goes into it.
    pub fn section(&mut self, title: &str) {
        let mut id = slug(title);
        let base = id.clone();
        let mut n = 2;
        while self.sections.iter().any(|(_, s, _)| *s == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.sections.push((title.to_owned(), id, String::new()));
    }

    fn body(&mut self) -> &mut String {
        if self.sections.is_empty() {
            self.section("Summary");
        }
        &mut self.sections.last_mut().expect("a section exists").2
    }

    /// A sub-heading inside the current section.
    pub fn heading(&mut self, text: &str) {
        let html = format!("<h3>{}</h3>", escape(text));
        self.body().push_str(&html);
    }

    pub fn paragraph(&mut self, text: &str) {
        let html = format!("<p>{}</p>", escape(text));
        self.body().push_str(&html);
    }

    /// A highlighted caveat, e.g. that drivers are associations, not causes.
    pub fn note(&mut self, text: &str) {
        let html = format!("<p class=\"note\">{}</p>", escape(text));
        self.body().push_str(&html);
    }

    /// Key figures shown as tiles: (label, value, detail).
    pub fn tiles(&mut self, tiles: &[(String, String, String)]) {
        let mut html = String::from("<div class=\"tiles\">");
        for (label, value, detail) in tiles {
            let _ = write!(
                html,
                "<div class=\"tile\"><div class=\"label\">{}</div><div class=\"value\">{}</div>\
                 <div class=\"detail\">{}</div></div>",
                escape(label),
                escape(value),
                escape(detail)
            );
        }
        html.push_str("</div>");
        self.body().push_str(&html);
    }

    pub fn table(&mut self, table: &Table) {
        let mut html = String::new();
        table.render(&mut html);
        self.body().push_str(&html);
    }

    pub fn figure(&mut self, chart: &Html, caption: &str) {
        let html = format!(
            "<figure>{}<figcaption>{}</figcaption></figure>",
            chart.as_str(),
            escape(caption)
        );
        self.body().push_str(&html);
    }

    /// Quotes with their attributions: (text, attribution).
    pub fn quotes(&mut self, quotes: &[(String, String)]) {
        let mut html = String::new();
        for (text, attribution) in quotes {
            let _ = write!(
                html,
                "<blockquote><p>{}</p><cite>{}</cite></blockquote>",
                escape(text),
                escape(attribution)
            );
        }
        self.body().push_str(&html);
    }

    /// The complete document.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{}</title><style>{STYLE}</style></head><body><main>\
             <header><h1>{}</h1>",
            escape(&self.title),
            escape(&self.title)
        );
        for line in &self.lead {
            let _ = write!(out, "<p class=\"lead\">{}</p>", escape(line));
        }
        out.push_str("<nav><ol>");
        for (title, id, _) in &self.sections {
            let _ = write!(out, "<li><a href=\"#{id}\">{}</a></li>", escape(title));
        }
        out.push_str("</ol></nav></header>");
        for (title, id, body) in &self.sections {
            let _ = write!(
                out,
                "<section id=\"{id}\"><h2>{}</h2>{body}</section>",
                escape(title)
            );
        }
        out.push_str("</main></body></html>\n");
        out
    }
}

/// Lower-case ASCII letters and digits joined by `-`, for section anchors.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_owned()
    } else {
        trimmed.to_owned()
    }
}

const STYLE: &str = "\
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--band:#f6f8fa;--accent:#0b5cad;\
--neg:#b35900;--pos:#0072b2}\
*{box-sizing:border-box}\
body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
color:var(--ink);background:#fff}\
main{max-width:1100px;margin:0 auto;padding:24px 28px 64px}\
h1{font-size:26px;margin:0 0 6px}h2{font-size:20px;margin:36px 0 10px;padding-top:8px;\
border-top:2px solid var(--line)}h3{font-size:16px;margin:20px 0 6px}\
.lead{color:var(--muted);margin:2px 0}\
nav ol{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;margin:14px 0 0;list-style:none}\
nav a{color:var(--accent);text-decoration:none}nav a:hover{text-decoration:underline}\
.scroll{overflow-x:auto;margin:8px 0 16px}\
table{border-collapse:collapse;width:100%;font-size:13.5px}\
caption{text-align:left;font-weight:600;padding:4px 0 6px}\
th,td{padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}\
th{background:var(--band);font-weight:600}tbody tr:nth-child(even){background:#fbfcfd}\
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
td.above,td.rise{color:#0a6e31;font-weight:600}td.below,td.fall{color:#b3261e;font-weight:600}\
.note{border-left:4px solid #e3b341;background:#fff8e5;padding:8px 12px;margin:10px 0}\
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}\
.tile{flex:1 1 180px;border:1px solid var(--line);border-radius:8px;padding:10px 14px}\
.tile .label{color:var(--muted);font-size:13px}.tile .value{font-size:24px;font-weight:650}\
.tile .detail{color:var(--muted);font-size:12.5px}\
figure{margin:12px 0 20px}figure svg{width:100%;height:auto;display:block}\
figcaption{color:var(--muted);font-size:13px;margin-top:4px}\
blockquote{margin:8px 0;padding:6px 12px;border-left:3px solid var(--line);background:var(--band)}\
blockquote p{margin:0}cite{display:block;color:var(--muted);font-size:12.5px;font-style:normal}\
@media print{nav{display:none}h2{break-after:avoid}figure,blockquote,tr{break-inside:avoid}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_direction_overrides_are_shown_as_replacement_characters() {
        let text = "refund\u{202E}gnp.exe\u{1b}[31m\u{0}\u{7}ok\ttab\nline";
        assert_eq!(
            escape(text),
            "refund\u{FFFD}gnp.exe\u{FFFD}[31m\u{FFFD}\u{FFFD}ok\ttab\nline"
        );
        assert_eq!(crate::error::printable(text), escape(text));
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let evil = "<script>alert('x')</script> & \"q\"";
        let mut page = Page::new(evil);
        page.lead(evil);
        page.section(evil);
        page.paragraph(evil);
        page.note(evil);
        page.tiles(&[(evil.into(), evil.into(), evil.into())]);
        page.table(&Table {
            caption: evil.into(),
            headers: vec![evil.into()],
            rows: vec![vec![Cell::text(evil), Cell::number(evil).flagged(evil)]],
        });
        page.heading(evil);
        page.quotes(&[(evil.into(), evil.into())]);
        let html = page.render();
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        );
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(html.starts_with("<!DOCTYPE html>"));
    }

    #[test]
    fn sections_get_unique_anchors_and_flags_are_whitelisted() {
        let mut page = Page::new("t");
        page.section("Themes & shares");
        page.section("Themes & shares");
        page.section("«»");
        page.table(&Table {
            caption: String::new(),
            headers: vec!["a".into()],
            rows: vec![vec![
                Cell::number("1").flagged("rise"),
                Cell::text("x").flagged("bogus"),
            ]],
        });
        let html = page.render();
        assert!(html.contains("id=\"themes-shares\"") && html.contains("id=\"themes-shares-2\""));
        assert!(html.contains("id=\"section\""));
        assert!(html.contains("<td class=\"num rise\">1</td><td>x</td>"));
        assert_eq!(html, page.render(), "deterministic");
    }
}
