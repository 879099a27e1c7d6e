//! One packet, one answer: [`decide`] says which rule of a policy allows a packet to or
//! from the Periscope pod, for either direction, any remote (an address or pods), any
//! protocol and port, with named ports resolved against the chart's container ports.
//!
//! This is the model the what-if tester ([`crate::explain`]) and the diagram
//! ([`crate::diagram`]) ask, and the one `tests/reach_model.rs` holds to an independent
//! brute-force evaluator of the NetworkPolicy API's semantics. It is built from the same
//! single-item rules ([`super::matching`]) as every other query of [`crate::reach`].

use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::{ip_peer_matches, pod_peer_matches, port_matches, PodTarget, Protocol, RuleRef};
use crate::values::{PolicyPort, PortValue, RuleView, Values};

/// Which way a packet travels, seen from the Periscope pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Way {
    /// From the pod to the remote (`egress`).
    Egress,
    /// From the remote to the pod (`ingress`).
    Ingress,
}

impl Way {
    /// `egress` or `ingress`.
    pub fn as_str(self) -> &'static str {
        match self {
            Way::Egress => "egress",
            Way::Ingress => "ingress",
        }
    }
}

/// The other end of a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remote {
    /// One address outside the pod network (ipBlock peers see it; selectors do not).
    Ip(IpAddr),
    /// Pods (selector peers see them; ipBlock peers do not, as the API says ipBlock is
    /// for addresses outside the cluster).
    Pods(PodTarget),
}

/// A named container port of the pod a packet is sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPort {
    /// The port's name, e.g. `http`.
    pub name: String,
    /// Its protocol.
    pub protocol: Protocol,
    /// Its number.
    pub port: u16,
}

/// The pod the policy selects: the Periscope pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The release namespace: peers without a `namespaceSelector` select pods there.
    pub namespace: String,
    /// `service.port`: the chart's `http` container port, which `fromNamespaces`
    /// entries open.
    pub service_port: u16,
    /// The agent tunnel port (`tunnel`), when `agent.enabled`.
    pub agent_port: Option<u16>,
}

impl Site {
    /// The pod's named container ports: `http` on `service.port`, and `tunnel` on the
    /// agent port when the tunnel is enabled.
    pub fn named_ports(&self) -> Vec<NamedPort> {
        let mut out = vec![NamedPort {
            name: "http".into(),
            protocol: Protocol::Tcp,
            port: self.service_port,
        }];
        if let Some(port) = self.agent_port {
            out.push(NamedPort {
                name: "tunnel".into(),
                protocol: Protocol::Tcp,
                port,
            });
        }
        out
    }
}

/// One packet to or from the Periscope pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Egress or ingress.
    pub way: Way,
    /// The other end.
    pub remote: Remote,
    /// The transport protocol.
    pub protocol: Protocol,
    /// The destination port (Periscope's for ingress, the remote's for egress).
    pub port: u16,
}

/// Whether one port entry admits the packet's protocol and port, named ports resolved
/// against the destination's container ports (`named`).
pub fn port_admits(p: &PolicyPort, named: &[NamedPort], proto: Protocol, port: u16) -> bool {
    if port_matches(p, proto, port) {
        return true;
    }
    match (&p.port, p.end_port) {
        // A named port with an endPort is invalid: it matches nothing.
        (Some(PortValue::Name(name)), None) => {
            Protocol::of(p) == Some(proto)
                && named
                    .iter()
                    .any(|n| n.name == *name && n.protocol == proto && n.port == port)
        }
        _ => false,
    }
}

/// Whether a rule's `ports` admit the packet (absent or empty = every port).
pub fn ports_admit(
    ports: Option<&[PolicyPort]>,
    named: &[NamedPort],
    proto: Protocol,
    port: u16,
) -> bool {
    match ports {
        None | Some([]) => true,
        Some(list) => list.iter().any(|p| port_admits(p, named, proto, port)),
    }
}

/// Whether a rule (peers and ports) admits the packet.
pub fn rule_admits(
    rule: RuleView<'_>,
    site: &Site,
    named: &[NamedPort],
    remote: &Remote,
    proto: Protocol,
    port: u16,
) -> bool {
    let peers_ok = match rule.peers {
        None | Some([]) => true,
        Some(peers) => peers.iter().any(|p| match remote {
            Remote::Ip(ip) => ip_peer_matches(p, &IpNet::from(*ip)),
            Remote::Pods(target) => pod_peer_matches(p, &site.namespace, target),
        }),
    };
    peers_ok && ports_admit(rule.ports, named, proto, port)
}

/// The rule that allows the packet, or `None` when the policy drops it. Rules are tried
/// in the order the chart renders them: for egress the chart's kube-dns rule, then
/// `egress.extra`; for ingress one rule per `fromNamespaces` entry (TCP `service.port`),
/// then `ingress.extra`. Whether the policy is enabled is the caller's concern.
///
/// Named ports resolve against the destination pod's container ports: for ingress the
/// chart's ([`Site::named_ports`]); an egress destination's are not known, so a named
/// port in an egress rule matches nothing.
///
/// ```
/// use periscope_netpol::{builder::build, model::Environment, reach::*};
/// let v = build(&Environment::default()).values;
/// let site = Site { namespace: "periscope".into(), service_port: 8080, agent_port: None };
/// let out = Packet { way: Way::Egress, remote: Remote::Ip("52.94.76.1".parse().unwrap()),
///                    protocol: Protocol::Tcp, port: 443 };
/// assert_eq!(decide(&v, &site, &out), Some(RuleRef::EgressExtra(0)));
/// let private = Packet { remote: Remote::Ip("10.0.0.1".parse().unwrap()), ..out };
/// assert_eq!(decide(&v, &site, &private), None);
/// ```
pub fn decide(values: &Values, site: &Site, packet: &Packet) -> Option<RuleRef> {
    let (proto, port) = (packet.protocol, packet.port);
    match packet.way {
        Way::Egress => {
            if let Remote::Pods(target) = &packet.remote {
                if super::chart_dns_allows(target, proto, port) {
                    return Some(RuleRef::ChartDns);
                }
            }
            values
                .egress
                .extra
                .iter()
                .position(|r| rule_admits(r.view(), site, &[], &packet.remote, proto, port))
                .map(RuleRef::EgressExtra)
        }
        Way::Ingress => {
            if let Remote::Pods(target) = &packet.remote {
                if proto == Protocol::Tcp && port == site.service_port {
                    let hit = values.ingress.from_namespaces.iter().position(|m| {
                        m.iter()
                            .all(|(k, v)| target.namespace_labels.get(k) == Some(v))
                    });
                    if let Some(i) = hit {
                        return Some(RuleRef::FromNamespace(i));
                    }
                }
            }
            let named = site.named_ports();
            values
                .ingress
                .extra
                .iter()
                .position(|r| rule_admits(r.view(), site, &named, &packet.remote, proto, port))
                .map(RuleRef::IngressExtra)
        }
    }
}
