//! The core's findings, indexed by field path for inline messages.

use yew::AttrValue;

use crate::lint::{Finding, Severity};

/// Inline messages per Environment path.
///
/// A list searched linearly, not a map: there are rarely more than a few bad entries at a
/// time, and a map type would add its own hashing code to the wasm.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldErrors {
    messages: Vec<(String, AttrValue)>,
}

impl FieldErrors {
    /// Collects the messages about bad input (what the builder had to leave out).
    pub fn from_findings(findings: &[Finding]) -> Self {
        let messages = findings
            .iter()
            .filter(|f| f.code == "input-invalid" && f.severity == Severity::Error)
            .map(|f| (f.path.clone(), AttrValue::from(f.title.clone())))
            .collect();
        FieldErrors { messages }
    }

    /// The messages at exactly this path, in the order of the findings.
    pub fn at(&self, path: &str) -> Vec<AttrValue> {
        self.messages
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, m)| m.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: &'static str, severity: Severity, path: &str, title: &str) -> Finding {
        Finding {
            code,
            severity,
            path: path.into(),
            title: title.into(),
            detail: String::new(),
            fix: None,
            remedy: None,
        }
    }

    #[test]
    fn only_bad_input_is_shown_inline_at_its_exact_path() {
        let errors = FieldErrors::from_findings(&[
            finding(
                "input-invalid",
                Severity::Error,
                "agent.cidrs",
                "`10.0.0.0/33` is not a CIDR",
            ),
            finding(
                "input-invalid",
                Severity::Error,
                "agent.port",
                "`x` is not a port",
            ),
            finding(
                "input-invalid",
                Severity::Error,
                "agent.cidrs",
                "`nope` is not a CIDR",
            ),
            finding("cidr-overlap", Severity::Error, "agent.cidrs", "overlap"),
            finding(
                "input-invalid",
                Severity::Warning,
                "agent.cidrs",
                "a warning",
            ),
        ]);
        assert_eq!(
            errors.at("agent.cidrs"),
            ["`10.0.0.0/33` is not a CIDR", "`nope` is not a CIDR"]
        );
        assert_eq!(errors.at("agent.port"), ["`x` is not a port"]);
        assert!(errors.at("agent").is_empty());
        assert!(FieldErrors::default().at("agent.port").is_empty());
    }
}
