//! "Does this policy allow X?": pure reachability queries over the `networkPolicy` values.
//!
//! Each query answers with the rule that allows the traffic ([`RuleRef`]), or `None`.
//! The semantics are the NetworkPolicy API's: a rule allows traffic when one of its peers
//! matches (no peers = every peer) and one of its ports matches (no ports = every port);
//! the chart adds its kube-dns rule before `egress.extra` and one rule per
//! `ingress.fromNamespaces` entry on `service.port` (facts §1). Whether the policy is
//! enabled is the caller's concern.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::cidr;
use crate::model::IpFamily;
use crate::values::{Labels, Peer, PolicyPort, RuleView, Values};

/// The rule that allows some traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleRef {
    /// The chart's own kube-dns egress rule.
    ChartDns,
    /// `ingress.fromNamespaces[i]` (opened on `service.port`).
    FromNamespace(usize),
    /// `ingress.extra[i]`.
    IngressExtra(usize),
    /// `egress.extra[i]`.
    EgressExtra(usize),
    /// The companion CiliumNetworkPolicy's `toFQDNs` rules (Cilium on; `crate::cilium`).
    CiliumFqdn,
}

impl RuleRef {
    /// The values path of the rule, e.g. `networkPolicy.egress.extra[2]`.
    pub fn values_path(self) -> String {
        match self {
            RuleRef::ChartDns => "networkPolicy.egress".into(),
            RuleRef::FromNamespace(i) => format!("networkPolicy.ingress.fromNamespaces[{i}]"),
            RuleRef::IngressExtra(i) => format!("networkPolicy.ingress.extra[{i}]"),
            RuleRef::EgressExtra(i) => format!("networkPolicy.egress.extra[{i}]"),
            RuleRef::CiliumFqdn => "CiliumNetworkPolicy spec.egress toFQDNs".into(),
        }
    }
}

impl fmt::Display for RuleRef {
    /// Human and 1-based: "egress rule 2", "the chart's kube-dns rule".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleRef::ChartDns => f.write_str("the chart's kube-dns rule"),
            RuleRef::FromNamespace(i) => write!(f, "fromNamespaces entry {}", i + 1),
            RuleRef::IngressExtra(i) => write!(f, "ingress rule {}", i + 1),
            RuleRef::EgressExtra(i) => write!(f, "egress rule {}", i + 1),
            RuleRef::CiliumFqdn => f.write_str("the CiliumNetworkPolicy's toFQDNs rule"),
        }
    }
}

/// A transport protocol of a `NetworkPolicyPort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// TCP (the API's default).
    Tcp,
    /// UDP.
    Udp,
    /// SCTP.
    Sctp,
}

impl Protocol {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }

    /// The protocol of a port entry: absent is TCP; anything but the exact names is none.
    pub fn of(port: &PolicyPort) -> Option<Protocol> {
        match port.protocol.as_deref() {
            None | Some("TCP") => Some(Protocol::Tcp),
            Some("UDP") => Some(Protocol::Udp),
            Some("SCTP") => Some(Protocol::Sctp),
            Some(_) => None,
        }
    }
}

/// Pods of a namespace, as a selector peer sees them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodTarget {
    /// The namespace's name (matched by peers without a `namespaceSelector`).
    pub namespace: String,
    /// The namespace's labels (include `kubernetes.io/metadata.name`).
    pub namespace_labels: Labels,
    /// The pods' labels.
    pub pod_labels: Labels,
}

impl PodTarget {
    /// Pods with these labels in `namespace`, which carries its automatic name label.
    pub fn in_namespace(namespace: &str, pod_labels: Labels) -> Self {
        PodTarget {
            namespace: namespace.to_owned(),
            namespace_labels: Labels::from([(
                crate::builder::NAMESPACE_NAME_LABEL.to_owned(),
                namespace.to_owned(),
            )]),
            pod_labels,
        }
    }
}

/// Public IPv4 addresses spread over the big clouds and CDNs, standing in for "the internet".
pub const PUBLIC_SAMPLES_V4: [&str; 6] = [
    "1.1.1.1/32",
    "52.94.76.1/32",
    "104.16.0.1/32",
    "142.250.0.1/32",
    "3.5.0.1/32",
    "13.32.0.1/32",
];

/// Public IPv6 addresses standing in for "the internet".
pub const PUBLIC_SAMPLES_V6: [&str; 2] = ["2600:1f18::1/128", "2a00:1450::1/128"];

/// The private ranges an endpoint inside a VPC or a cluster lives in: RFC 1918 and
/// IPv6 unique-local (CGNAT and link-local are left out: apiservers and VPC endpoints do
/// not live there, and the internet-HTTPS rule leaves CGNAT open).
pub const PRIVATE_RANGES: [&str; 4] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

fn rule_allows(rule: RuleView<'_>, peer_ok: impl Fn(&Peer) -> bool, ok_ports: bool) -> bool {
    let peers_ok = match rule.peers {
        None | Some([]) => true,
        Some(peers) => peers.iter().any(peer_ok),
    };
    peers_ok && ok_ports
}

/// The chart's kube-dns rule, as a peer and its ports (facts §1).
fn chart_dns_allows(target: &PodTarget, proto: Protocol, port: u16) -> bool {
    let dns_pods = target.pod_labels.get("k8s-app").map(String::as_str) == Some("kube-dns");
    dns_pods && port == 53 && matches!(proto, Protocol::Udp | Protocol::Tcp)
}

/// The egress rule that allows `proto`/`port` to every address of `net`.
///
/// ```
/// use periscope_netpol::{builder::build, model::Environment, reach::*};
/// let v = build(&Environment::default()).values;
/// let net = "52.94.76.1/32".parse().unwrap();
/// assert_eq!(egress_to_net(&v, &net, Protocol::Tcp, 443), Some(RuleRef::EgressExtra(0)));
/// assert_eq!(egress_to_net(&v, &net, Protocol::Tcp, 80), None);
/// ```
pub fn egress_to_net(values: &Values, net: &IpNet, proto: Protocol, port: u16) -> Option<RuleRef> {
    let rules = values.egress.extra.iter().map(|r| r.view());
    first_allowing(rules, |p| ip_peer_matches(p, net), proto, port).map(RuleRef::EgressExtra)
}

/// The index of the first rule whose ports admit `proto`/`port` and whose peers admit
/// the target (`peer_ok`).
fn first_allowing<'a>(
    mut rules: impl Iterator<Item = RuleView<'a>>,
    peer_ok: impl Fn(&Peer) -> bool,
    proto: Protocol,
    port: u16,
) -> Option<usize> {
    rules.position(|v| rule_allows(v, &peer_ok, ports_match(v.ports, proto, port)))
}

/// The egress rule that allows `proto`/`port` to the target pods (the chart's kube-dns
/// rule included): [`decide`] for one packet to the pods.
pub fn egress_to_pods(
    values: &Values,
    own_namespace: &str,
    target: &PodTarget,
    proto: Protocol,
    port: u16,
) -> Option<RuleRef> {
    let site = Site {
        namespace: own_namespace.to_owned(),
        service_port: 0,
        agent_port: None,
    };
    let packet = Packet {
        way: Way::Egress,
        remote: Remote::Pods(target.clone()),
        protocol: proto,
        port,
    };
    decide(values, &site, &packet)
}

/// The sample addresses of "the public internet" for an IP family.
pub fn public_samples(family: IpFamily) -> Vec<IpNet> {
    let mut out = Vec::new();
    if family.v4() {
        out.extend(PUBLIC_SAMPLES_V4.iter().filter_map(|s| cidr::known(s)));
    }
    if family.v6() {
        out.extend(PUBLIC_SAMPLES_V6.iter().filter_map(|s| cidr::known(s)));
    }
    out
}

/// The egress rule that allows the public internet on `proto`/`port`: every sample
/// address of the family must be allowed (the rule that allows the first is returned).
/// In a dual-stack cluster either family will do: clients fall back from one family to
/// the other (Go's dialer does Happy Eyeballs), and the lint reports the missing family.
pub fn egress_to_internet(
    values: &Values,
    family: IpFamily,
    proto: Protocol,
    port: u16,
) -> Option<RuleRef> {
    EgressLookup::egress_to_internet(values, family, proto, port)
}

/// Egress questions about addresses, answered by scanning the values ([`Values`]) or
/// from a [`crate::netindex::NetIndex`]: same answers, one definition of the questions
/// built on [`EgressLookup::egress_to_net`].
pub trait EgressLookup {
    /// The values asked about.
    fn values(&self) -> &Values;

    /// [`egress_to_net`].
    fn egress_to_net(&self, net: &IpNet, proto: Protocol, port: u16) -> Option<RuleRef>;

    /// [`egress_to_internet`]: every sample address of the family allowed.
    fn egress_to_internet(&self, family: IpFamily, proto: Protocol, port: u16) -> Option<RuleRef> {
        let all = |family: IpFamily| {
            let mut first = None;
            for net in &public_samples(family) {
                let rule = self.egress_to_net(net, proto, port)?;
                first.get_or_insert(rule);
            }
            first
        };
        match family {
            IpFamily::DualStack => all(IpFamily::Ipv4).or_else(|| all(IpFamily::Ipv6)),
            single => all(single),
        }
    }
}

impl EgressLookup for Values {
    fn values(&self) -> &Values {
        self
    }

    fn egress_to_net(&self, net: &IpNet, proto: Protocol, port: u16) -> Option<RuleRef> {
        egress_to_net(self, net, proto, port)
    }
}

/// Whether the network is public (not private, link-local, loopback or CGNAT).
pub fn is_public(net: &IpNet) -> bool {
    !crate::cidr::is_private(net)
}

/// An egress rule that allows `proto`/`port` to *some* address of `range` (not all of it):
/// an ipBlock overlapping the range whose excepts leave part of the overlap open.
pub fn egress_to_some_of(
    values: &Values,
    range: &IpNet,
    proto: Protocol,
    port: u16,
) -> Option<RuleRef> {
    values
        .egress
        .extra
        .iter()
        .position(|r| {
            let v = r.view();
            if !ports_match(v.ports, proto, port) {
                return false;
            }
            match v.peers {
                None | Some([]) => true,
                Some(peers) => peers.iter().any(|p| peer_opens_some_of(p, range)),
            }
        })
        .map(RuleRef::EgressExtra)
}

/// Whether a peer's `ipBlock` opens *some* address of `range` (its excepts leave part of
/// the overlap open).
pub fn peer_opens_some_of(peer: &Peer, range: &IpNet) -> bool {
    if peer.pod_selector.is_some() || peer.namespace_selector.is_some() {
        return false;
    }
    let Some(block) = &peer.ip_block else {
        return false;
    };
    let Some(outer) = values_net(&block.cidr) else {
        return false;
    };
    // The overlap of two networks is the smaller one.
    let overlap = if outer.contains(range) {
        *range
    } else if range.contains(&outer) {
        outer
    } else {
        return false;
    };
    // Approximation: one except covering the whole overlap closes it.
    !block
        .except
        .as_deref()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| values_net(e))
        .any(|e| e.contains(&overlap))
}

/// An egress rule allowing `proto`/`port` to some private address ([`PRIVATE_RANGES`]), e.g. a VPC endpoint or a private apiserver.
pub fn egress_to_some_private(values: &Values, proto: Protocol, port: u16) -> Option<RuleRef> {
    PRIVATE_RANGES
        .iter()
        .filter_map(|s| cidr::known(s))
        .find_map(|range| egress_to_some_of(values, &range, proto, port))
}

/// The ingress rule that admits `proto`/`port` from the target pods: [`decide`] for one
/// packet from the pods. `fromNamespaces` entries open only TCP `service_port`; a named
/// port `http` is `service_port` (the agent's `tunnel` is not known here).
pub fn ingress_from_pods(
    values: &Values,
    service_port: u16,
    own_namespace: &str,
    target: &PodTarget,
    proto: Protocol,
    port: u16,
) -> Option<RuleRef> {
    let site = Site {
        namespace: own_namespace.to_owned(),
        service_port,
        agent_port: None,
    };
    let packet = Packet {
        way: Way::Ingress,
        remote: Remote::Pods(target.clone()),
        protocol: proto,
        port,
    };
    decide(values, &site, &packet)
}

/// The ingress rule that admits `proto`/`port` from every address of `net`.
pub fn ingress_from_net(
    values: &Values,
    net: &IpNet,
    proto: Protocol,
    port: u16,
) -> Option<RuleRef> {
    let rules = values.ingress.extra.iter().map(|r| r.view());
    first_allowing(rules, |p| ip_peer_matches(p, net), proto, port).map(RuleRef::IngressExtra)
}

/// The ingress rule that opens `proto`/`port` to *some* source (any peer at all).
pub fn ingress_opens_port(
    values: &Values,
    service_port: u16,
    proto: Protocol,
    port: u16,
) -> Option<RuleRef> {
    if proto == Protocol::Tcp && port == service_port && !values.ingress.from_namespaces.is_empty()
    {
        return Some(RuleRef::FromNamespace(0));
    }
    values
        .ingress
        .extra
        .iter()
        .position(|r| {
            ports_match(r.ports.as_deref(), proto, port)
                || chart_port_named(r.ports.as_deref(), service_port, proto, port)
        })
        .map(RuleRef::IngressExtra)
}

/// The chart's named container ports: `http` is `service.port`, `tunnel` the agent's
/// listen port (any port but the service's, when the agent is what is asked about).
pub const CHART_PORT_NAMES: [&str; 2] = ["http", "tunnel"];

/// Whether an ingress rule's ports name the chart's container port that serves TCP `port`
/// (`http` for `service.port`, `tunnel` for any other: the agent tunnel).
pub fn chart_port_named(
    ports: Option<&[PolicyPort]>,
    service_port: u16,
    proto: Protocol,
    port: u16,
) -> bool {
    let want = if port == service_port {
        "http"
    } else {
        "tunnel"
    };
    ports.unwrap_or_default().iter().any(|p| {
        Protocol::of(p) == Some(proto)
            && proto == Protocol::Tcp
            && matches!(&p.port, Some(crate::values::PortValue::Name(n)) if n == want)
    })
}

/// Whether a network is IPv4.
pub fn is_v4(net: &IpNet) -> bool {
    matches!(net.addr(), IpAddr::V4(_))
}

mod indexed;
mod matching;
mod packet;
pub use matching::{
    ip_peer_matches, pod_peer_matches, port_matches, ports_match, selector_matches, values_net,
};
pub use packet::{
    decide, port_admits, ports_admit, rule_admits, NamedPort, Packet, Remote, Site, Way,
};

#[cfg(test)]
mod tests;
