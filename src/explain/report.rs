//! An [`Explanation`] as text (the CLI, a screen reader) and as JSON (versioned).

use serde::Serialize;

use super::{Answer, Explanation, Nearest};
use crate::coverage::describe;
use crate::model::CustomRule;
use crate::reach::RuleRef;
use crate::remedy::Remedy;

/// The version of the explanation's JSON schema.
pub const JSON_VERSION: u32 = 1;

impl Explanation {
    /// One line: the question and its verdict, e.g. "egress to 10.20.3.4 on TCP 443:
    /// denied".
    pub fn headline(&self) -> String {
        let q = &self.question;
        let (to, verdict) = match q.way {
            crate::reach::Way::Egress => ("egress to", self.answer.verdict()),
            crate::reach::Way::Ingress => ("ingress from", self.answer.verdict()),
        };
        let resolved = self
            .resolved
            .as_ref()
            .map(|r| format!(" ({}, {})", r.what, r.path))
            .unwrap_or_default();
        format!(
            "{to} {}{resolved} on {} {}: {}",
            q.remote,
            q.protocol.as_str(),
            q.port,
            verdict.replace('-', " ")
        )
    }

    fn rule_text(&self, rule: RuleRef) -> String {
        format!("{} ({})", describe(rule, &self.notes), rule.values_path())
    }

    /// The answer in lines of text: the headline, the deciding or nearest rule, each
    /// miss, the fix. Inputs are printed as given: the CLI escapes control characters.
    ///
    /// ```
    /// use periscope_netpol::{explain::*, model::Environment};
    /// let x = Explainer::from_environment(&Environment::default());
    /// let text = x.explain(&parse_egress("52.94.76.1:80").unwrap()).text();
    /// assert!(text.starts_with("egress to 52.94.76.1 on TCP 80: denied\n"));
    /// assert!(text.contains("port: it opens TCP 443 only"));
    /// ```
    pub fn text(&self) -> String {
        let mut s = self.headline();
        s.push('\n');
        match &self.answer {
            Answer::Allowed { rule, via_proxy } => {
                let via = if *via_proxy {
                    ", through the egress proxy"
                } else {
                    ""
                };
                s.push_str(&format!("  by {}{via}\n", self.rule_text(*rule)));
            }
            Answer::Denied {
                nearest,
                fix,
                reason,
            } => {
                if let Some(n) = nearest {
                    s.push_str(&format!("  nearest: {}\n", self.rule_text(n.rule)));
                    for m in &n.misses {
                        s.push_str(&format!("    - {m}\n"));
                    }
                } else {
                    s.push_str("  no rule comes near it\n");
                }
                if let Some(r) = reason {
                    s.push_str(&format!("  {r}\n"));
                }
                if let Some(Remedy::AddCustomRule(rule)) = fix {
                    s.push_str(&format!("  fix: {}\n", describe_fix(rule)));
                }
            }
            Answer::Unresolved { reason } => s.push_str(&format!("  {reason}\n")),
            Answer::NotEnforced => {
                s.push_str("  networkPolicy.enabled is false: nothing is filtered\n")
            }
        }
        s
    }

    /// The answer as one JSON object (pretty, one trailing newline):
    /// `{"version", "question", "resolved", "verdict", "rule", "viaProxy", "nearest",
    /// "fix", "reason", "text"}`.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.json())
            .unwrap_or_else(|e| format!("{{\"version\":{JSON_VERSION},\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    }

    /// The JSON object as a `serde_json::Value`, for callers that wrap it.
    pub fn to_json_value(&self) -> serde_json::Value {
        serde_json::to_value(self.json()).unwrap_or(serde_json::Value::Null)
    }

    fn json(&self) -> JsonExplanation<'_> {
        let q = &self.question;
        let rule = |r: RuleRef| JsonRule {
            name: r.to_string(),
            path: r.values_path(),
            note: describe(r, &self.notes),
        };
        let (allowed_by, via_proxy, nearest, fix, reason) = match &self.answer {
            Answer::Allowed { rule: r, via_proxy } => {
                (Some(rule(*r)), *via_proxy, None, None, None)
            }
            Answer::Denied {
                nearest,
                fix,
                reason,
            } => (
                None,
                false,
                nearest.as_ref().map(|n: &Nearest| JsonNearest {
                    rule: rule(n.rule),
                    misses: n
                        .misses
                        .iter()
                        .map(|m| JsonMiss {
                            kind: m.kind(),
                            message: m.to_string(),
                        })
                        .collect(),
                }),
                fix.as_ref().and_then(|f| match f {
                    Remedy::AddCustomRule(r) => Some(JsonFix {
                        label: f.label(),
                        summary: describe_fix(r),
                        rule: r,
                    }),
                    _ => None,
                }),
                reason.as_deref(),
            ),
            Answer::Unresolved { reason } => (None, false, None, None, Some(reason.as_str())),
            Answer::NotEnforced => (None, false, None, None, None),
        };
        JsonExplanation {
            version: JSON_VERSION,
            question: JsonQuestion {
                direction: q.way.as_str(),
                remote: q.remote.to_string(),
                protocol: q.protocol.as_str(),
                port: q.port,
            },
            resolved: self.resolved.as_ref().map(|r| JsonResolved {
                what: &r.what,
                path: &r.path,
            }),
            verdict: self.answer.verdict(),
            rule: allowed_by,
            via_proxy,
            nearest,
            fix,
            reason,
            text: self.headline(),
        }
    }
}

/// "add an egress rule to 10.20.3.4/32 on TCP 8443".
fn describe_fix(rule: &CustomRule) -> String {
    let dir = match rule.direction {
        crate::model::Direction::Egress => "an egress rule to",
        crate::model::Direction::Ingress => "an ingress rule from",
    };
    let peers: Vec<String> = rule
        .peers
        .iter()
        .map(|p| match p {
            crate::model::CustomPeer::IpBlock { cidr, .. } => cidr.clone(),
            crate::model::CustomPeer::Selector {
                namespace_labels,
                pod_labels,
            } => {
                let ns = namespace_labels
                    .iter()
                    .flatten()
                    .map(|l| l.value.clone())
                    .collect::<Vec<_>>()
                    .join(",");
                let pods = pod_labels
                    .iter()
                    .flatten()
                    .map(|l| format!("{}={}", l.key, l.value))
                    .collect::<Vec<_>>()
                    .join(",");
                if pods.is_empty() {
                    format!("namespace {ns}")
                } else {
                    format!("pods {pods} in namespace {ns}")
                }
            }
        })
        .collect();
    let ports: Vec<String> = rule
        .ports
        .iter()
        .map(|p| format!("{} {}", p.protocol, p.port.as_str()))
        .collect();
    format!("add {dir} {} on {}", peers.join(", "), ports.join(", "))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonExplanation<'a> {
    version: u32,
    question: JsonQuestion,
    resolved: Option<JsonResolved<'a>>,
    verdict: &'static str,
    rule: Option<JsonRule>,
    via_proxy: bool,
    nearest: Option<JsonNearest>,
    fix: Option<JsonFix<'a>>,
    reason: Option<&'a str>,
    text: String,
}

#[derive(Serialize)]
struct JsonQuestion {
    direction: &'static str,
    remote: String,
    protocol: &'static str,
    port: u16,
}

#[derive(Serialize)]
struct JsonResolved<'a> {
    what: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct JsonRule {
    name: String,
    path: String,
    note: String,
}

#[derive(Serialize)]
struct JsonNearest {
    rule: JsonRule,
    misses: Vec<JsonMiss>,
}

#[derive(Serialize)]
struct JsonMiss {
    kind: &'static str,
    message: String,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    label: String,
    summary: String,
    /// The Environment's custom rule (`custom[]`), as an Environment file writes it.
    rule: &'a CustomRule,
}
