//! What the Periscope chart computes from its values: names and labels (facts §1).

use crate::model::Release;

/// The chart's name (`.Chart.Name`).
pub const CHART_NAME: &str = "periscope";

/// Helm's `trunc 63 | trimSuffix "-"`.
fn trunc63(s: &str) -> String {
    let cut: String = s.chars().take(63).collect();
    match cut.strip_suffix('-') {
        Some(t) => t.to_owned(),
        None => cut,
    }
}

/// The chart's `name` helper: `nameOverride` or `periscope`, truncated.
pub fn name(release: &Release) -> String {
    if release.name_override.is_empty() {
        trunc63(CHART_NAME)
    } else {
        trunc63(&release.name_override)
    }
}

/// The chart's `fullname` helper: the NetworkPolicy's `metadata.name`.
///
/// ```
/// use periscope_netpol::{chart::fullname, model::Release};
/// let mut r = Release::default();
/// r.name = "prod".into();
/// assert_eq!(fullname(&r), "prod-periscope");
/// r.name = "my-periscope-x".into();
/// assert_eq!(fullname(&r), "my-periscope-x");
/// ```
pub fn fullname(release: &Release) -> String {
    if !release.fullname_override.is_empty() {
        return trunc63(&release.fullname_override);
    }
    let name = name(release);
    if release.name.contains(&name) {
        trunc63(&release.name)
    } else {
        trunc63(&format!("{}-{}", release.name, name))
    }
}

/// The `helm.sh/chart` label: `periscope-<version>` with `+` as `_`.
pub fn chart_label(release: &Release) -> String {
    trunc63(&format!("{CHART_NAME}-{}", release.chart_version).replace('+', "_"))
}

/// `metadata.labels`, in the order the chart's helper writes them.
pub fn labels(release: &Release) -> Vec<(&'static str, String)> {
    vec![
        ("helm.sh/chart", chart_label(release)),
        ("app.kubernetes.io/name", name(release)),
        ("app.kubernetes.io/instance", release.name.clone()),
        ("app.kubernetes.io/version", release.app_version.clone()),
        ("app.kubernetes.io/component", "dashboard".into()),
        ("app.kubernetes.io/part-of", CHART_NAME.into()),
        ("app.kubernetes.io/managed-by", "Helm".into()),
    ]
}

/// `spec.podSelector.matchLabels`.
pub fn selector_labels(release: &Release) -> Vec<(&'static str, String)> {
    vec![
        ("app.kubernetes.io/name", name(release)),
        ("app.kubernetes.io/instance", release.name.clone()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(name: &str, name_override: &str, fullname_override: &str) -> Release {
        Release {
            name: name.into(),
            name_override: name_override.into(),
            fullname_override: fullname_override.into(),
            ..Release::default()
        }
    }

    #[test]
    fn fullname_table() {
        let long = format!("{}-tail", "a".repeat(60));
        let cut62 = format!("{}-", "b".repeat(62)); // 63 chars ending in '-'
        let cases = [
            (release("periscope", "", ""), "periscope"),
            (release("prod", "", ""), "prod-periscope"),
            (release("my-periscope-x", "", ""), "my-periscope-x"),
            (release("prod", "", "custom"), "custom"),
            (release("prod", "dash", ""), "prod-dash"),
            (release("dashboard", "dash", ""), "dashboard"),
            (release(&long, "", ""), &long[..63]),
            (release("x", "", &cut62), &cut62[..62]),
            (
                release(&"c".repeat(55), "", ""),
                &format!("{}-periscope", "c".repeat(55))[..63],
            ),
        ];
        for (r, want) in cases {
            assert_eq!(fullname(&r), want, "{r:?}");
            assert!(fullname(&r).len() <= 63);
        }
    }

    #[test]
    fn chart_label_replaces_plus() {
        let r = Release {
            chart_version: "1.0.0+build.1".into(),
            ..Release::default()
        };
        assert_eq!(chart_label(&r), "periscope-1.0.0_build.1");
    }
}
