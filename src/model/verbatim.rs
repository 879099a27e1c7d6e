//! Rules kept exactly as they were imported.
//!
//! The form's inputs cannot express every rule the API server accepts (`matchExpressions`,
//! ports without a protocol, `from: []` as opposed to no `from`, an empty
//! `fromNamespaces` entry, duplicates, ...). An imported rule the form cannot reproduce
//! exactly is kept here instead, and the builder emits it unchanged after every rule the
//! form makes, so importing never drops or rewrites anything.

use serde::{Deserialize, Serialize};

use crate::values::{EgressRule, IngressRule, Labels};

/// One rule (or `fromNamespaces` entry) kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    content = "rule",
    rename_all = "kebab-case",
    deny_unknown_fields
)]
pub enum VerbatimRule {
    /// An `ingress.fromNamespaces` entry (a `namespaceSelector.matchLabels` map).
    FromNamespaces(Labels),
    /// An `ingress.extra` rule.
    Ingress(IngressRule),
    /// An `egress.extra` rule.
    Egress(EgressRule),
}

impl VerbatimRule {
    /// Where the rule goes in the values, e.g. `egress.extra`.
    pub fn list(&self) -> &'static str {
        match self {
            VerbatimRule::FromNamespaces(_) => "ingress.fromNamespaces",
            VerbatimRule::Ingress(_) => "ingress.extra",
            VerbatimRule::Egress(_) => "egress.extra",
        }
    }
}
