//! Rules kept exactly as they were imported.
//!
//! The form's inputs cannot express every rule the API server accepts (`matchExpressions`,
//! ports without a protocol, `from: []` as opposed to no `from`, an empty
//! `fromNamespaces` entry, duplicates, ...). An imported rule the form cannot reproduce
//! exactly is kept here instead, and the builder emits it unchanged after every rule the
//! form makes, so importing never drops or rewrites anything.

use serde::{Deserialize, Serialize};

use crate::doc::{FromValue, Map, Path, ShapeError, ToValue, Value};
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

/// The variants' names, as serde wrote them.
const VARIANTS: &[&str] = &["from-namespaces", "ingress", "egress"];

impl FromValue for VerbatimRule {
    /// A `{kind, rule}` mapping, nothing else. As with serde, the rule is read as it is
    /// when `kind` comes first, and as serde read buffered content when `rule` comes
    /// first: then a null rule is an error rather than the empty rule.
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let map = match v {
            Value::Mapping(map) => map,
            Value::Null => return Err(at.error("missing field `kind`")),
            other => return Err(at.expected("a verbatim rule (a mapping)", other)),
        };
        let (mut kind, mut rule, mut rule_first) = (None, None, false);
        for (k, item) in map.iter() {
            match k.as_str() {
                Some("kind") => kind = Some(item),
                Some("rule") => {
                    rule_first = kind.is_none();
                    rule = Some(item);
                }
                Some(key) => {
                    return Err(
                        at.error(format!("unknown field `{key}`, expected `kind` or `rule`"))
                    )
                }
                None => return Err(at.expected("string keys", k)),
            }
        }
        let Some(kind) = kind else {
            return Err(at.error("missing field `kind`"));
        };
        at.push_key("kind");
        let variant = match kind.as_str() {
            Some(s) if VARIANTS.contains(&s) => Ok(s),
            Some(s) => Err(at.error(format!(
                "unknown variant `{s}`, expected one of `from-namespaces`, `ingress`, `egress`"
            ))),
            None => Err(at.expected("a string", kind)),
        };
        at.pop();
        let variant = variant?;
        let Some(rule) = rule else {
            return Err(at.error("missing field `rule`"));
        };
        at.push_key("rule");
        let read = match variant {
            _ if rule_first && rule.is_null() => Err(at.expected("a rule", rule)),
            "from-namespaces" if rule.is_null() && !rule_first => {
                Ok(VerbatimRule::FromNamespaces(Labels::new()))
            }
            "from-namespaces" => Labels::from_value(rule, at).map(VerbatimRule::FromNamespaces),
            "ingress" => IngressRule::from_value(rule, at).map(VerbatimRule::Ingress),
            _ => EgressRule::from_value(rule, at).map(VerbatimRule::Egress),
        };
        at.pop();
        read
    }
}

impl ToValue for VerbatimRule {
    fn to_value(&self) -> Value {
        let (kind, rule) = match self {
            VerbatimRule::FromNamespaces(labels) => ("from-namespaces", labels.to_value()),
            VerbatimRule::Ingress(r) => ("ingress", r.to_value()),
            VerbatimRule::Egress(r) => ("egress", r.to_value()),
        };
        let mut map = Map::new();
        map.push(Value::from("kind"), Value::from(kind));
        map.push(Value::from("rule"), rule);
        Value::Mapping(map)
    }
}
