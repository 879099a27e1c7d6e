//! Findings: data about a valid but dubious, or invalid, policy, for the warnings panel
//! and the CLI's `check`.

use crate::builder::Built;
use crate::validate::{self, ApiError};
use crate::values::Values;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The API server rejects it, or an input was left out.
    Error,
    /// It will break Periscope or leave it too open.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// Lowercase name, for the CLI and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// A stable code, e.g. `api-invalid`.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The Environment field or values path it concerns.
    pub path: String,
    /// One line: what is wrong.
    pub title: String,
    /// Why it matters.
    pub detail: String,
    /// What to do, when there is something to do.
    pub fix: Option<String>,
}

/// Findings about the input the builder could not use, and about what it rewrote.
pub fn input_findings(built: &Built) -> Vec<Finding> {
    let mut out: Vec<Finding> = built
        .problems
        .iter()
        .map(|p| Finding {
            code: "input-invalid",
            severity: Severity::Error,
            path: p.path.clone(),
            title: p.message.clone(),
            detail: "This entry is left out of the generated values until it is fixed.".into(),
            fix: None,
        })
        .collect();
    out.extend(built.normalised.iter().map(|n| Finding {
        code: "cidr-normalised",
        severity: Severity::Info,
        path: n.path.clone(),
        title: format!("'{}' is written as '{}'", n.typed, n.normalised),
        detail: "Host bits are cleared and bare addresses get a prefix length, so the API server reads exactly what you meant (strict CIDR validation rejects host bits).".into(),
        fix: Some(format!("Type '{}' to silence this.", n.normalised)),
    }));
    out
}

/// Findings for everything the API server would reject in the values.
pub fn api_findings(values: &Values) -> Vec<Finding> {
    validate::validate(values)
        .into_iter()
        .map(|ApiError { path, message }| Finding {
            code: "api-invalid",
            severity: Severity::Error,
            path,
            title: message,
            detail: "The chart's schema does not check networkPolicy rules: helm install succeeds and the API server rejects the NetworkPolicy.".into(),
            fix: None,
        })
        .collect()
}
