//! `report.html`: one self-contained page for a decision-maker. Every image is inlined as
//! a base64 `data:` URI and the style sheet is inline; the page loads nothing from the
//! network and runs no script, so it opens offline in any browser.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::labels::{display_name, metric_title};
use crate::palette::hex_colour;
use crate::read::{ClassEntry, KpiRow};

/// An image shown in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportImage {
    /// Caption and alternative text.
    pub caption: String,
    /// MIME type, `image/png` or `image/gif`.
    pub mime: &'static str,
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

/// A titled group of images.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSection {
    /// Heading.
    pub title: String,
    /// A sentence saying how to read the images.
    pub intro: String,
    /// The images in order.
    pub images: Vec<ReportImage>,
}

/// Everything the report shows, gathered from a run folder.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// Page title (the scenario name).
    pub title: String,
    /// Key facts of the scenario: name, years, replicates, seed, strategies.
    pub summary: Vec<(String, String)>,
    /// Land-cover classes.
    pub classes: Vec<ClassEntry>,
    /// Every field of `manifest.json`.
    pub provenance: Vec<(String, String)>,
    /// Rows of `kpis.csv`, when the run has one.
    pub kpis: Vec<KpiRow>,
    /// Charts and maps.
    pub sections: Vec<ReportSection>,
    /// The resolved scenario file, shown folded.
    pub scenario_ron: Option<String>,
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:0 auto;max-width:1180px;\
padding:16px 24px;color:#222;background:#fff}h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;\
border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}table{border-collapse:collapse;margin:8px 0}\
td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;font-size:14px;vertical-align:top}\
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:12px 0 24px}\
figure img{max-width:100%;height:auto;border:1px solid #eee}\
.swatch{display:inline-block;width:14px;height:14px;border:1px solid #888;vertical-align:middle}\
pre{background:#f7f7f7;padding:8px;overflow-x:auto;font-size:12px}p.note{color:#555;font-size:14px}";

/// Escapes `&`, `<`, `>` and quotes for HTML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn key_value_table(html: &mut String, rows: &[(String, String)]) {
    html.push_str("<table>\n");
    for (key, value) in rows {
        let _ = writeln!(
            html,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape_html(key),
            escape_html(value)
        );
    }
    html.push_str("</table>\n");
}

fn classes_table(html: &mut String, classes: &[ClassEntry]) {
    html.push_str("<table>\n<tr><th>code</th><th>class</th><th>colour</th><th>habitat</th></tr>\n");
    for class in classes {
        let colour = hex_colour(class.colour);
        let _ = writeln!(
            html,
            "<tr><td class=\"num\">{}</td><td>{}</td><td><span class=\"swatch\" style=\"background:{colour}\"></span> {colour}</td><td>{}</td></tr>",
            class.code,
            escape_html(&display_name(&class.name)),
            if class.habitat { "yes" } else { "no" }
        );
    }
    html.push_str("</table>\n");
}

fn kpi_table(html: &mut String, kpis: &[KpiRow]) {
    html.push_str(
        "<table>\n<tr><th>strategy</th><th>indicator</th><th>mean</th><th>95 % CI</th></tr>\n",
    );
    for row in kpis {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} – {}</td></tr>",
            escape_html(&display_name(&row.strategy)),
            escape_html(&metric_title(&row.kpi)),
            format_number(row.mean),
            format_number(row.ci95_low),
            format_number(row.ci95_high)
        );
    }
    html.push_str("</table>\n");
}

/// A number for a table: thousands without decimals, small values with three significant
/// decimals.
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value.abs() >= 1000.0 {
        format!("{value:.0}")
    } else if value.abs() >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

fn image_figure(html: &mut String, image: &ReportImage) {
    let data = base64::engine::general_purpose::STANDARD.encode(&image.bytes);
    let caption = escape_html(&image.caption);
    let _ = writeln!(
        html,
        "<figure><img src=\"data:{};base64,{data}\" width=\"{}\" height=\"{}\" alt=\"{caption}\" title=\"{caption}\"></figure>",
        image.mime, image.size.0, image.size.1
    );
}

impl Report {
    /// The page as HTML.
    pub fn to_html(&self) -> String {
        let title = escape_html(&self.title);
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Shanshui report — {title}</title>\n\
<style>{STYLE}</style>\n</head>\n<body>\n<h1>Shanshui report — {title}</h1>\n\
<p class=\"note\">Coastal restoration scenarios: natural recovery first, human restoration as a supplement. \
Natural recovery is the dashed grey line in every chart.</p>\n"
        );
        html.push_str("<h2>Scenario</h2>\n");
        key_value_table(&mut html, &self.summary);
        if !self.classes.is_empty() {
            classes_table(&mut html, &self.classes);
        }
        if !self.kpis.is_empty() {
            html.push_str("<h2>Key performance indicators</h2>\n");
            kpi_table(&mut html, &self.kpis);
        }
        for section in &self.sections {
            let _ = writeln!(html, "<h2>{}</h2>", escape_html(&section.title));
            if !section.intro.is_empty() {
                let _ = writeln!(
                    html,
                    "<p class=\"note\">{}</p>",
                    escape_html(&section.intro)
                );
            }
            for image in &section.images {
                image_figure(&mut html, image);
            }
        }
        html.push_str("<h2>Provenance</h2>\n");
        key_value_table(&mut html, &self.provenance);
        if let Some(ron) = &self.scenario_ron {
            let _ = writeln!(
                html,
                "<details><summary>Resolved scenario (scenario.ron)</summary><pre>{}</pre></details>",
                escape_html(ron)
            );
        }
        html.push_str("</body>\n</html>\n");
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_images_are_inlined() {
        let report = Report {
            title: "bay <1>".into(),
            sections: vec![ReportSection {
                title: "Maps".into(),
                intro: String::new(),
                images: vec![ReportImage {
                    caption: "a \"map\"".into(),
                    mime: "image/png",
                    bytes: vec![1, 2, 3],
                    size: (10, 20),
                }],
            }],
            ..Report::default()
        };
        let html = report.to_html();
        assert!(html.contains("bay &lt;1&gt;"));
        assert!(html.contains("src=\"data:image/png;base64,AQID\""));
        assert!(html.contains("alt=\"a &quot;map&quot;\""));
        assert_eq!(format_number(1234.5), "1234");
        assert_eq!(format_number(0.12345), "0.123");
    }
}
