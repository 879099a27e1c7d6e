//! The companion `CiliumNetworkPolicy`: DNS-aware egress (`toFQDNs`) next to the chart's
//! NetworkPolicy, for clusters that run Cilium (issue 18).
//!
//! What the output relies on, read from Cilium's sources and docs (not from memory):
//!
//! - **Fields** (`pkg/policy/api/rule.go`, `egress.go`, `l4.go`, `fqdn.go`;
//!   `Documentation/security/policy/language.rst`): `apiVersion: cilium.io/v2`,
//!   `kind: CiliumNetworkPolicy`, `spec.endpointSelector.matchLabels`,
//!   `spec.egress[].toEndpoints[]` / `toCIDR[]` / `toFQDNs[]`, `toPorts[].ports[]` with
//!   `port` a **string** and `protocol` `TCP`, `UDP`, `SCTP` or `ANY`, and
//!   `toPorts[].rules.dns[]` with `matchName` / `matchPattern`. language.rst: "`toFQDNs`
//!   egress rules cannot contain any other L3 rules, such as `toEndpoints` ... and
//!   `toCIDRs`", so the DNS rule and each names rule are separate egress rules.
//! - **Characters** (`pkg/policy/api/fqdn.go`, kubebuilder markers): `matchName` must
//!   match `^([-a-zA-Z0-9_]+[.]?)+$`, `matchPattern` `^([-a-zA-Z0-9_*]+[.]?)+$` (so no
//!   empty label), at most 255 characters (`MaxFQDNLength`,
//!   `pkg/fqdn/matchpattern/matchpattern.go`); a selector sets one of the two, not both.
//!   Names are compared in lower case with a trailing dot added.
//! - **`*`** (`matchpattern.go`, `escapeRegexpCharacters`: `*` becomes
//!   `[-a-zA-Z0-9_]*`; language.rst: "`*` within a domain allows 0 or more valid DNS
//!   characters, except for the `.` separator. `*.cilium.io` will match `sub.cilium.io`
//!   but not `cilium.io` or `sub.sub.cilium.io`"): a `*` stays inside **one label**; a
//!   pattern that is only stars matches every name.
//! - **`**.`** (a leading run of two or more stars and a dot: one or more whole labels)
//!   arrived in **Cilium 1.19.0** (cilium/cilium#43420, the 1.19 upgrade notes,
//!   cilium/cilium#43913); before it `**` meant the same as `*`. So the EKS endpoint
//!   pattern spells out its two labels, `*.*.<region>.eks.amazonaws.com`, which every
//!   version with `toFQDNs` reads the same way.
//! - **Namespaces** (language.rst, "Kubernetes namespaces"): a `toEndpoints` selector
//!   picks another namespace's pods with the label `k8s:io.kubernetes.pod.namespace`.
//! - **Two policies on one pod** (language.rst, "Ingress/Egress Default Deny" and "Deny
//!   Policies": "Pods will enter default-deny mode as soon a single policy selects it";
//!   Cilium turns a Kubernetes NetworkPolicy into its own rules and allows the **union**
//!   of every allow rule selecting the pod). The CiliumNetworkPolicy has no `ingress`
//!   section, so it leaves ingress to the chart's policy.
//! - **The DNS proxy** (language.rst, "DNS based" and "DNS Proxy"): `toFQDNs` learns
//!   addresses only from lookups that an L7 `rules.dns` rule sends through the proxy
//!   (Cilium's `enable-l7-proxy`, on by default). The chart's own L4-only rule to
//!   kube-dns on port 53 overlaps this policy's DNS rule. language.rst: when an L4 rule
//!   and a similar rule with L7 rules meet, "the layer 7 portions of the latter rule will
//!   have no effect"; `pkg/policy/l4Filter_test.go` (`TestMergeAllowAllL3AndShadowedL7`:
//!   "all traffic is allowed at L7, but still redirected at the proxy") shows what that
//!   means for the same selector: the lookups still reach the proxy, which still learns
//!   the names; only its filtering is lifted, and ours (`matchPattern: "*"`) filters
//!   nothing anyway. The chart's selector (kube-dns pods in any namespace) is not the
//!   same selector as ours (kube-system); that the redirect also wins when two
//!   different selectors pick the same pods is expected from the same merge but was not
//!   checked on a cluster.
//! - **NodeLocal DNSCache and GKE Cloud DNS** are reached by `toCIDR` (169.254.20.10/32,
//!   169.254.169.254/32), like the values' ipBlocks. Where node-local-dns runs behind
//!   Cilium's Local Redirect Policy, its pods are endpoints that a `toCIDR` does not
//!   select: such clusters need a `toEndpoints` rule for them instead (not generated).
//!   A bare port-53 rule does not send lookups to the proxy at all: only a `rules.dns`
//!   section does (cilium/cilium#11767, a maintainer's answer), hence this policy's DNS
//!   rule.
//!
//! The output needs **Cilium 1.4 or later** (the in-agent DNS proxy and `rules.dns`,
//! cilium/cilium#5641; `toFQDNs.matchPattern`, documented in cilium/cilium#6547) with
//! the L7 proxy enabled; nothing in it needs the 1.19 `**.` syntax.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::builder::{GKE_CLOUD_DNS, NODELOCAL_DNS};
use crate::chart;
use crate::model::{Dns, Environment};

mod names;
mod pattern;
mod validate;

pub use names::{needs, Concern, Missing, Need, EKS_ENDPOINT_SAMPLE_ID};
pub use pattern::{matches, FqdnSelector};
pub use validate::{findings, validate};

/// The Kubernetes label Cilium puts on every pod with its namespace.
pub const NAMESPACE_LABEL: &str = "k8s:io.kubernetes.pod.namespace";

/// A `CiliumNetworkPolicy` (the fields this tool writes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CiliumPolicy {
    /// `cilium.io/v2`.
    pub api_version: String,
    /// `CiliumNetworkPolicy`.
    pub kind: String,
    /// Name, namespace and labels.
    pub metadata: Metadata,
    /// The rule.
    pub spec: Spec,
}

/// `metadata`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// `<fullname>-fqdn`.
    pub name: String,
    /// The release namespace.
    pub namespace: String,
    /// The chart's labels that say what this belongs to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// `spec`: one Cilium rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Spec {
    /// The pods the rule applies to (required: `cilium-invalid` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_selector: Option<Selector>,
    /// The egress allows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub egress: Vec<EgressRule>,
}

/// An `EndpointSelector` by labels.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Selector {
    /// `matchLabels`.
    pub match_labels: BTreeMap<String, String>,
}

/// One `egress` rule: one kind of peer, and the ports.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EgressRule {
    /// Pods by labels.
    #[serde(default, rename = "toEndpoints", skip_serializing_if = "Vec::is_empty")]
    pub to_endpoints: Vec<Selector>,
    /// Addresses.
    #[serde(default, rename = "toCIDR", skip_serializing_if = "Vec::is_empty")]
    pub to_cidr: Vec<String>,
    /// Names, learned through the DNS proxy.
    #[serde(default, rename = "toFQDNs", skip_serializing_if = "Vec::is_empty")]
    pub to_fqdns: Vec<FqdnSelector>,
    /// The ports (and L7 rules).
    #[serde(default, rename = "toPorts", skip_serializing_if = "Vec::is_empty")]
    pub to_ports: Vec<PortRule>,
}

/// A `toPorts` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortRule {
    /// The ports.
    pub ports: Vec<PortProtocol>,
    /// L7 rules (here only DNS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<L7Rules>,
}

/// A port and protocol; Cilium's `port` is a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortProtocol {
    /// The port number, as a string.
    pub port: String,
    /// `TCP`, `UDP`, `SCTP` or `ANY`.
    pub protocol: String,
}

/// `rules`: the DNS proxy's allow list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct L7Rules {
    /// Lookups the proxy lets through (and learns from).
    pub dns: Vec<FqdnSelector>,
}

impl PortProtocol {
    fn new(port: u16, protocol: &str) -> Self {
        PortProtocol {
            port: port.to_string(),
            protocol: protocol.to_owned(),
        }
    }
}

/// The companion policy's name: the chart's fullname with `-fqdn`.
pub fn policy_name(env: &Environment) -> String {
    format!("{}-fqdn", chart::fullname(&env.release))
}

/// The CiliumNetworkPolicy for an Environment, whatever `env.cni` says: the chart's pod
/// selector; DNS to the resolver in use through Cilium's DNS proxy; the names the pod
/// needs in `toFQDNs`, one rule per port, sorted and without duplicates.
///
/// ```
/// use periscope_netpol::{cilium, model::Environment};
/// let p = cilium::policy(&Environment::default());
/// assert_eq!(p.metadata.name, "periscope-fqdn");
/// assert!(cilium::validate(&p).is_empty());
/// ```
pub fn policy(env: &Environment) -> CiliumPolicy {
    let release = &env.release;
    let labels = chart::labels(release)
        .into_iter()
        .filter(|(k, v)| {
            !v.is_empty() && !matches!(*k, "helm.sh/chart" | "app.kubernetes.io/managed-by")
        })
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    let selector = Selector {
        match_labels: chart::selector_labels(release)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    };
    let mut egress = vec![dns_rule(env.dns)];
    let mut by_port: BTreeMap<u16, BTreeSet<FqdnSelector>> = BTreeMap::new();
    for need in needs(env).0 {
        by_port.entry(need.port).or_default().insert(need.selector);
    }
    egress.extend(by_port.into_iter().map(|(port, names)| EgressRule {
        to_fqdns: names.into_iter().collect(),
        to_ports: vec![PortRule {
            ports: vec![PortProtocol::new(port, "TCP")],
            rules: None,
        }],
        ..EgressRule::default()
    }));
    CiliumPolicy {
        api_version: "cilium.io/v2".into(),
        kind: "CiliumNetworkPolicy".into(),
        metadata: Metadata {
            name: policy_name(env),
            namespace: release.namespace.clone(),
            labels,
        },
        spec: Spec {
            endpoint_selector: Some(selector),
            egress,
        },
    }
}

/// DNS to the resolver in use, on UDP and TCP 53, through the DNS proxy (`matchPattern:
/// "*"` lets every lookup through and lets `toFQDNs` learn every answer).
fn dns_rule(dns: Dns) -> EgressRule {
    let pods = |app: &str| {
        vec![Selector {
            match_labels: BTreeMap::from([
                (NAMESPACE_LABEL.to_owned(), "kube-system".to_owned()),
                ("k8s-app".to_owned(), app.to_owned()),
            ]),
        }]
    };
    let (to_endpoints, to_cidr) = match dns {
        Dns::KubeDns => (pods("kube-dns"), Vec::new()),
        Dns::Coredns => (pods("coredns"), Vec::new()),
        Dns::NodeLocal => (Vec::new(), vec![NODELOCAL_DNS.to_owned()]),
        Dns::GkeCloudDns => (Vec::new(), vec![GKE_CLOUD_DNS.to_owned()]),
    };
    EgressRule {
        to_endpoints,
        to_cidr,
        to_fqdns: Vec::new(),
        to_ports: vec![PortRule {
            ports: vec![PortProtocol::new(53, "UDP"), PortProtocol::new(53, "TCP")],
            rules: Some(L7Rules {
                dns: vec![FqdnSelector::pattern("*")],
            }),
        }],
    }
}

/// The policy as YAML (serde_yaml), under a comment saying what it needs.
///
/// ```
/// use periscope_netpol::{cilium, model::Environment};
/// let yaml = cilium::policy_yaml(&Environment::default());
/// assert!(yaml.contains("kind: CiliumNetworkPolicy"));
/// let back: cilium::CiliumPolicy = serde_yaml::from_str(&yaml).unwrap();
/// assert_eq!(back, cilium::policy(&Environment::default()));
/// ```
pub fn policy_yaml(env: &Environment) -> String {
    to_yaml(&policy(env))
}

/// A policy as YAML, under the header comment.
pub fn to_yaml(policy: &CiliumPolicy) -> String {
    // Serializing plain structs of strings and maps cannot fail; an empty body is the
    // total fallback.
    let body = serde_yaml::to_string(policy).unwrap_or_default();
    format!(
        "# Apply next to the chart's NetworkPolicy (kubectl apply -f). Needs Cilium 1.4 or later\n\
         # with its L7 proxy on (enable-l7-proxy, the default). Cilium allows the union of both.\n{body}"
    )
}

/// Whether the policy lets the pod reach `name` on TCP `port` through a `toFQDNs` rule
/// (its selectors read with Cilium's semantics, [`matches`]).
///
/// ```
/// use periscope_netpol::{cilium, model::Environment};
/// let p = cilium::policy(&Environment::default());
/// assert!(cilium::allows(&p, "sts.us-east-1.amazonaws.com", 443));
/// assert!(!cilium::allows(&p, "sts.us-east-1.amazonaws.com", 80));
/// assert!(!cilium::allows(&p, "example.com", 443));
/// ```
pub fn allows(policy: &CiliumPolicy, name: &str, port: u16) -> bool {
    let tcp_port = |p: &PortProtocol| {
        p.port.parse::<u16>().is_ok_and(|n| n == port)
            && matches!(p.protocol.as_str(), "TCP" | "ANY" | "")
    };
    policy.spec.egress.iter().any(|r| {
        r.to_fqdns.iter().any(|s| matches(s, name))
            && (r.to_ports.is_empty() || r.to_ports.iter().any(|pr| pr.ports.iter().any(tcp_port)))
    })
}
