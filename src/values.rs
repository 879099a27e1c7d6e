//! The chart's `networkPolicy` values block, typed.
//!
//! The rule types mirror the Kubernetes NetworkPolicy API (`NetworkPolicyIngressRule`,
//! `NetworkPolicyEgressRule`, `NetworkPolicyPeer`, `NetworkPolicyPort`) but keep CIDRs,
//! protocols and ports as the text they were written with, so that a values file we did
//! not generate can be read, validated and reported on rather than rejected at parse time.

use serde::{Deserialize, Deserializer, Serialize};

mod labels;

pub use labels::Labels;

/// `networkPolicy:` in the chart's values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Values {
    /// `networkPolicy.enabled`.
    #[serde(deserialize_with = "null_as_default")]
    pub enabled: bool,
    /// `networkPolicy.ingress`.
    #[serde(deserialize_with = "null_as_default")]
    pub ingress: IngressValues,
    /// `networkPolicy.egress`.
    #[serde(deserialize_with = "null_as_default")]
    pub egress: EgressValues,
}

/// Null reads as the default: Helm drops a key whose value is null, so the chart's
/// default applies.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `networkPolicy.ingress`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IngressValues {
    /// One `namespaceSelector.matchLabels` map per entry, each opened on `service.port`.
    #[serde(deserialize_with = "null_as_default")]
    pub from_namespaces: Vec<Labels>,
    /// Raw ingress rules, rendered verbatim.
    #[serde(deserialize_with = "null_as_default")]
    pub extra: Vec<IngressRule>,
}

/// `networkPolicy.egress`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EgressValues {
    /// Raw egress rules, rendered verbatim after the chart's kube-dns rule.
    #[serde(deserialize_with = "null_as_default")]
    pub extra: Vec<EgressRule>,
}

/// A `NetworkPolicyIngressRule`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IngressRule {
    /// The sources; absent or empty means every source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Vec<Peer>>,
    /// The ports; absent or empty means every port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<PolicyPort>>,
}

/// A `NetworkPolicyEgressRule`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct EgressRule {
    /// The destinations; absent or empty means every destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Vec<Peer>>,
    /// The ports; absent or empty means every port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<PolicyPort>>,
}

/// A rule of either direction, seen the same way (peers and ports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleView<'a> {
    /// `from` or `to`.
    pub peers: Option<&'a [Peer]>,
    /// `ports`.
    pub ports: Option<&'a [PolicyPort]>,
}

impl IngressRule {
    /// Peers and ports.
    pub fn view(&self) -> RuleView<'_> {
        RuleView {
            peers: self.from.as_deref(),
            ports: self.ports.as_deref(),
        }
    }
}

impl EgressRule {
    /// Peers and ports.
    pub fn view(&self) -> RuleView<'_> {
        RuleView {
            peers: self.to.as_deref(),
            ports: self.ports.as_deref(),
        }
    }
}

/// A `NetworkPolicyPeer`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Peer {
    /// Pods selected by labels (in the policy's namespace unless `namespaceSelector` is set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_selector: Option<LabelSelector>,
    /// Namespaces selected by labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<LabelSelector>,
    /// An address block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_block: Option<IpBlock>,
}

impl Peer {
    /// A peer of one `ipBlock`.
    pub fn ip_block(cidr: impl Into<String>, except: Vec<String>) -> Self {
        Peer {
            ip_block: Some(IpBlock {
                cidr: cidr.into(),
                except: (!except.is_empty()).then_some(except),
            }),
            ..Peer::default()
        }
    }
}

/// A `LabelSelector`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LabelSelector {
    /// `matchLabels`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<Labels>,
    /// `matchExpressions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
}

impl LabelSelector {
    /// A selector of exactly these labels.
    pub fn labels(labels: Labels) -> Self {
        LabelSelector {
            match_labels: Some(labels),
            match_expressions: None,
        }
    }

    /// Whether the selector selects everything (`{}`).
    pub fn is_empty(&self) -> bool {
        self.match_labels.as_ref().is_none_or(|m| m.is_empty())
            && self.match_expressions.as_ref().is_none_or(|m| m.is_empty())
    }
}

/// A `LabelSelectorRequirement`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    /// The label key.
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    pub operator: String,
    /// The values (`In`/`NotIn` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

/// An `IPBlock`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IpBlock {
    /// The block.
    pub cidr: String,
    /// Strict sub-ranges to leave out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub except: Option<Vec<String>>,
}

/// A `NetworkPolicyPort`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PolicyPort {
    /// `TCP` (the default when absent), `UDP` or `SCTP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// A number or a named container port; absent means every port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<PortValue>,
    /// The last port of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_port: Option<i64>,
}

impl PolicyPort {
    /// `protocol: <protocol>`, `port: <n>`.
    pub fn number(protocol: &str, port: u16) -> Self {
        PolicyPort {
            protocol: Some(protocol.to_owned()),
            port: Some(PortValue::Number(i64::from(port))),
            end_port: None,
        }
    }
}

/// `port:` is an integer or a name (an `IntOrString`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PortValue {
    /// A port number.
    Number(i64),
    /// A named container port.
    Name(String),
}

impl<'de> Deserialize<'de> for PortValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PortValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a port name")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PortValue, E> {
                Ok(PortValue::Number(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<PortValue, E> {
                i64::try_from(v)
                    .map(PortValue::Number)
                    .map_err(|_| E::custom(format!("port {v} is out of range")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PortValue, E> {
                Ok(PortValue::Name(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A whole chart values file: only `networkPolicy` is typed, the rest is kept as YAML.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValuesFile {
    /// The `networkPolicy` block.
    #[serde(default, deserialize_with = "null_as_default")]
    pub network_policy: Values,
}
