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
