//! The core's findings, indexed by field path for inline messages.

use yew::AttrValue;

use crate::fields::FieldPath;
use crate::lint::{Finding, FindingCode};

/// Inline messages per Environment path.
///
/// A list searched linearly, not a map: there are rarely more than a few bad entries at a
/// time, and a map type would add its own hashing code to the wasm.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldErrors {
    messages: Vec<(FieldPath, AttrValue)>,
}

impl FieldErrors {
    /// Collects the messages about bad input (what the builder had to leave out).
    pub fn from_findings(findings: &[Finding]) -> Self {
        let messages = findings
            .iter()
            .filter(|f| f.code == FindingCode::InputInvalid)
            .map(|f| {
                (
                    FieldPath::from(f.path.as_str()),
                    AttrValue::from(f.title.clone()),
                )
            })
            .collect();
        FieldErrors { messages }
    }

    /// The messages at exactly this path, in the order of the findings.
    pub fn at(&self, path: &FieldPath) -> Vec<AttrValue> {
        self.messages
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, m)| m.clone())
            .collect()
    }

    /// The messages about the fields under these top-level fields: what one form
    /// section shows, so that a section re-renders only when its own messages change.
    pub fn within(&self, tops: &[&str]) -> FieldErrors {
        let messages = self
            .messages
            .iter()
            .filter(|(p, _)| {
                p.ancestors()
                    .last()
                    .is_some_and(|top| tops.contains(&top.as_str()))
            })
            .cloned()
            .collect();
        FieldErrors { messages }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: FindingCode, path: &str, title: &str) -> Finding {
        Finding::new(code, path, title, "")
    }

    #[test]
    fn only_bad_input_is_shown_inline_at_its_exact_path() {
        let errors = FieldErrors::from_findings(&[
            finding(
                FindingCode::InputInvalid,
                "agent.cidrs",
                "`10.0.0.0/33` is not a CIDR",
            ),
            finding(FindingCode::InputInvalid, "agent.port", "`x` is not a port"),
            finding(
                FindingCode::InputInvalid,
                "agent.cidrs",
                "`nope` is not a CIDR",
            ),
            finding(FindingCode::CidrOverlap, "agent.cidrs", "overlap"),
        ]);
        let at = |p: &str| errors.at(&FieldPath::from(p));
        assert_eq!(
            at("agent.cidrs"),
            ["`10.0.0.0/33` is not a CIDR", "`nope` is not a CIDR"]
        );
        assert_eq!(at("agent.port"), ["`x` is not a port"]);
        assert!(at("agent").is_empty());
        assert!(FieldErrors::default()
            .at(&FieldPath::from("agent.port"))
            .is_empty());
        assert_eq!(errors.within(&["release", "agent"]), errors);
        assert_eq!(errors.within(&["agents"]), FieldErrors::default());
    }
}
