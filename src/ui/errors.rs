//! The core's findings, indexed by field path for inline messages.

use std::collections::HashMap;
use std::rc::Rc;

use yew::AttrValue;

use crate::lint::{Finding, Severity};

/// Inline messages per Environment path (cheap to clone into props).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldErrors {
    by_path: Rc<HashMap<String, Vec<AttrValue>>>,
}

impl FieldErrors {
    /// Collects the messages about bad input (what the builder had to leave out).
    pub fn from_findings(findings: &[Finding]) -> Self {
        let mut by_path: HashMap<String, Vec<AttrValue>> = HashMap::new();
        for f in findings {
            let inline = f.code == "input-invalid" && f.severity == Severity::Error;
            if inline {
                by_path
                    .entry(f.path.clone())
                    .or_default()
                    .push(AttrValue::from(f.title.clone()));
            }
        }
        FieldErrors {
            by_path: Rc::new(by_path),
        }
    }

    /// The messages at exactly this path.
    pub fn at(&self, path: &str) -> Vec<AttrValue> {
        self.by_path.get(path).cloned().unwrap_or_default()
    }
}
