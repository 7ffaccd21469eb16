//! Human-readable names for the machine names found in run files: metrics such as
//! `spartina_area_ha` become "Spartina area" with the unit "ha"; strategies such as
//! `natural_recovery` become "natural recovery".

/// Unit suffixes of metric and KPI names, longest first, with how they are written.
const UNITS: [(&str, &str); 10] = [
    ("_co2e_t", "t CO₂e"),
    ("_mgc_per_yr", "Mg C/yr"),
    ("_cny_per_ha", "CNY/ha"),
    ("_cny_per_t", "CNY/t"),
    ("_mgc", "Mg C"),
    ("_cny", "CNY"),
    ("_ha", "ha"),
    ("_pct", "%"),
    ("_years", "years"),
    ("_m", "m"),
];

/// Splits a metric name into a readable title and its unit (empty when none is known).
/// A `p_` prefix or a `_probability` suffix reads as a probability of presence:
/// `p_spartina` and `spartina_probability` are "Probability of spartina presence".
pub fn metric_label(metric: &str) -> (String, &'static str) {
    if let Some(subject) = metric
        .strip_prefix("p_")
        .or_else(|| metric.strip_suffix("_probability"))
    {
        return (
            format!("Probability of {} presence", subject.replace('_', " ")),
            "",
        );
    }
    let (stem, unit) = UNITS
        .iter()
        .find_map(|(suffix, unit)| metric.strip_suffix(suffix).map(|stem| (stem, *unit)))
        .unwrap_or((metric, ""));
    (sentence_case(&stem.replace('_', " ")), unit)
}

/// The metric's title with its unit in brackets, e.g. "Spartina area (ha)".
pub fn metric_title(metric: &str) -> String {
    match metric_label(metric) {
        (title, "") => title,
        (title, unit) => format!("{title} ({unit})"),
    }
}

/// A strategy or class name with underscores as spaces.
pub fn display_name(name: &str) -> String {
    name.replace('_', " ")
}

/// A file-name-safe version of `name`: ASCII letters, digits, `-` and `_` are kept, every
/// other character becomes `_`.
pub fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Words written in capitals: connectivity indices (probability of connectivity, integral
/// index of connectivity, equivalent connected area) and currency.
const ACRONYMS: [&str; 5] = ["pc", "iic", "eca", "cny", "dpc"];

fn sentence_case(text: &str) -> String {
    let words: Vec<String> = text
        .split(' ')
        .map(|w| {
            if ACRONYMS.contains(&w) {
                w.to_uppercase()
            } else {
                w.to_string()
            }
        })
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_get_titles_and_units() {
        assert_eq!(metric_title("spartina_area_ha"), "Spartina area (ha)");
        assert_eq!(
            metric_title("carbon_flux_mgc_per_yr"),
            "Carbon flux (Mg C/yr)"
        );
        assert_eq!(
            metric_title("carbon_cumulative_co2e_t"),
            "Carbon cumulative (t CO₂e)"
        );
        assert_eq!(metric_title("eca_ha"), "ECA (ha)");
        assert_eq!(metric_title("pc"), "PC");
        assert_eq!(
            metric_title("p_spartina"),
            "Probability of spartina presence"
        );
        assert_eq!(file_stem("a b/c-d_e"), "a_b_c-d_e");
    }
}
