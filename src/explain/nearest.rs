//! Why a denied packet is denied: the rule that comes nearest to allowing it, and each
//! way it misses (the port, the protocol, an `except`, the address range, a selector).

use std::fmt;

use ipnet::IpNet;

use crate::reach::{
    port_admits, selector_matches, values_net, NamedPort, Packet, PodTarget, Protocol, Remote,
    RuleRef, Site, Way,
};
use crate::values::{LabelSelector, Labels, Peer, PolicyPort, PortValue};

/// The rule nearest to allowing a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nearest {
    /// The rule.
    pub rule: RuleRef,
    /// Every way it misses (at least one).
    pub misses: Vec<Miss>,
}

/// One way a rule misses a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// The rule opens other ports.
    Port {
        /// What it opens, e.g. "TCP 443".
        opened: String,
    },
    /// The rule opens the port for another protocol.
    Protocol {
        /// What it opens, e.g. "UDP 53".
        opened: String,
    },
    /// The address is in the block but an `except` leaves it out.
    Except {
        /// The block.
        cidr: String,
        /// The except that covers the address.
        except: String,
    },
    /// The address is outside the rule's blocks.
    Address {
        /// The blocks.
        cidrs: String,
    },
    /// A selector does not select the pods.
    Selector {
        /// `namespaceSelector`, `podSelector`, or `namespace` (a peer without a
        /// namespaceSelector selects the policy's own namespace only).
        which: &'static str,
        /// What it selects, e.g. "team=a".
        selects: String,
    },
    /// The rule's peers are of the other kind (addresses for pods, or pods for an
    /// address).
    PeerKind {
        /// "addresses" or "pods".
        selects: &'static str,
    },
}

impl Miss {
    /// A short kebab-case name: `port`, `protocol`, `except`, `address`, `selector`,
    /// `peer-kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Miss::Port { .. } => "port",
            Miss::Protocol { .. } => "protocol",
            Miss::Except { .. } => "except",
            Miss::Address { .. } => "address",
            Miss::Selector { .. } => "selector",
            Miss::PeerKind { .. } => "peer-kind",
        }
    }

    /// How far it is from matching: a peer of the other kind is further than a port.
    fn weight(&self) -> u32 {
        match self {
            Miss::PeerKind { .. } => 3,
            Miss::Address { .. } => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Miss::Port { opened } => write!(f, "port: it opens {opened} only"),
            Miss::Protocol { opened } => write!(f, "protocol: it opens {opened}"),
            Miss::Except { cidr, except } => {
                write!(
                    f,
                    "except: {cidr} leaves out {except}, which holds the address"
                )
            }
            Miss::Address { cidrs } => write!(f, "address: it allows {cidrs} only"),
            Miss::Selector { which, selects } => {
                write!(f, "selector: its {which} selects {selects}")
            }
            Miss::PeerKind { selects } => write!(f, "peers: it selects {selects} only"),
        }
    }
}

/// A rule as the API sees it, the chart's own included.
struct Candidate {
    rule: RuleRef,
    peers: Vec<Peer>,
    ports: Vec<PolicyPort>,
}

fn candidates(values: &crate::values::Values, site: &Site, way: Way) -> Vec<Candidate> {
    let mut out = Vec::new();
    match way {
        Way::Egress => {
            out.push(Candidate {
                rule: RuleRef::ChartDns,
                peers: vec![Peer {
                    namespace_selector: Some(LabelSelector::default()),
                    pod_selector: Some(LabelSelector::labels(Labels::from([(
                        "k8s-app".to_owned(),
                        "kube-dns".to_owned(),
                    )]))),
                    ip_block: None,
                }],
                ports: vec![PolicyPort::number("UDP", 53), PolicyPort::number("TCP", 53)],
            });
            out.extend(
                values
                    .egress
                    .extra
                    .iter()
                    .enumerate()
                    .map(|(i, r)| Candidate {
                        rule: RuleRef::EgressExtra(i),
                        peers: r.to.clone().unwrap_or_default(),
                        ports: r.ports.clone().unwrap_or_default(),
                    }),
            );
        }
        Way::Ingress => {
            out.extend(
                values
                    .ingress
                    .from_namespaces
                    .iter()
                    .enumerate()
                    .map(|(i, m)| Candidate {
                        rule: RuleRef::FromNamespace(i),
                        peers: vec![Peer {
                            namespace_selector: Some(LabelSelector::labels(m.clone())),
                            ..Peer::default()
                        }],
                        ports: vec![PolicyPort::number("TCP", site.service_port)],
                    }),
            );
            out.extend(
                values
                    .ingress
                    .extra
                    .iter()
                    .enumerate()
                    .map(|(i, r)| Candidate {
                        rule: RuleRef::IngressExtra(i),
                        peers: r.from.clone().unwrap_or_default(),
                        ports: r.ports.clone().unwrap_or_default(),
                    }),
            );
        }
    }
    out
}

/// The rule nearest to allowing a packet no rule allows: fewest and smallest misses,
/// the first such rule on a tie. `None` when the direction has no rule at all.
pub(super) fn nearest(
    values: &crate::values::Values,
    site: &Site,
    packet: &Packet,
) -> Option<Nearest> {
    let named = match packet.way {
        Way::Ingress => site.named_ports(),
        Way::Egress => Vec::new(),
    };
    let mut best: Option<(u32, Nearest)> = None;
    for c in candidates(values, site, packet.way) {
        let mut misses = peer_misses(&c.peers, site, &packet.remote);
        misses.extend(port_miss(&c.ports, &named, packet.protocol, packet.port));
        if misses.is_empty() {
            continue;
        }
        let score = misses.iter().map(Miss::weight).sum();
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((
                score,
                Nearest {
                    rule: c.rule,
                    misses,
                },
            ));
        }
    }
    best.map(|(_, n)| n)
}

/// The misses of the best-matching peer (none for no peers: every peer).
fn peer_misses(peers: &[Peer], site: &Site, remote: &Remote) -> Vec<Miss> {
    let all = peers.iter().map(|p| match remote {
        Remote::Ip(ip) => ip_misses(p, IpNet::from(*ip)),
        Remote::Pods(t) => pod_misses(p, site, t),
    });
    all.min_by_key(|m| m.iter().map(Miss::weight).sum::<u32>())
        .unwrap_or_default()
}

fn ip_misses(peer: &Peer, net: IpNet) -> Vec<Miss> {
    let block = match &peer.ip_block {
        Some(b) if peer.pod_selector.is_none() && peer.namespace_selector.is_none() => b,
        _ => return vec![Miss::PeerKind { selects: "pods" }],
    };
    let Some(outer) = values_net(&block.cidr).filter(|o| o.contains(&net)) else {
        return vec![Miss::Address {
            cidrs: block.cidr.clone(),
        }];
    };
    let except = block
        .except
        .iter()
        .flatten()
        .find(|e| values_net(e).is_some_and(|e| e.contains(&net) || net.contains(&e)));
    match except {
        Some(e) => vec![Miss::Except {
            cidr: outer.to_string(),
            except: e.clone(),
        }],
        None => Vec::new(),
    }
}

fn pod_misses(peer: &Peer, site: &Site, t: &PodTarget) -> Vec<Miss> {
    if peer.ip_block.is_some() {
        return vec![Miss::PeerKind {
            selects: "addresses",
        }];
    }
    let mut out = Vec::new();
    match &peer.namespace_selector {
        Some(sel) if !selector_matches(sel, &t.namespace_labels) => out.push(Miss::Selector {
            which: "namespaceSelector",
            selects: describe_selector(sel),
        }),
        None if peer.pod_selector.is_some() && site.namespace != t.namespace => {
            out.push(Miss::Selector {
                which: "namespace",
                selects: format!(
                    "only pods in {} (it has no namespaceSelector)",
                    site.namespace
                ),
            });
        }
        _ => {}
    }
    if let Some(sel) = &peer.pod_selector {
        if !selector_matches(sel, &t.pod_labels) {
            out.push(Miss::Selector {
                which: "podSelector",
                selects: describe_selector(sel),
            });
        }
    }
    out
}

fn port_miss(
    ports: &[PolicyPort],
    named: &[NamedPort],
    proto: Protocol,
    port: u16,
) -> Option<Miss> {
    if ports.is_empty() || ports.iter().any(|p| port_admits(p, named, proto, port)) {
        return None;
    }
    let opened = describe_ports(ports);
    // The port is open, for another protocol.
    let other_protocol = [Protocol::Tcp, Protocol::Udp, Protocol::Sctp]
        .into_iter()
        .filter(|p| *p != proto)
        .any(|p| ports.iter().any(|e| port_admits(e, named, p, port)));
    Some(if other_protocol {
        Miss::Protocol { opened }
    } else {
        Miss::Port { opened }
    })
}

/// "TCP 443, UDP 53, TCP 8000-8100, TCP http, every UDP port".
pub(crate) fn describe_ports(ports: &[PolicyPort]) -> String {
    if ports.is_empty() {
        return "every port".into();
    }
    ports
        .iter()
        .map(|p| {
            let proto = p.protocol.as_deref().unwrap_or("TCP");
            match (&p.port, p.end_port) {
                (None, _) => format!("every {proto} port"),
                (Some(PortValue::Number(n)), Some(end)) => format!("{proto} {n}-{end}"),
                (Some(PortValue::Number(n)), None) => format!("{proto} {n}"),
                (Some(PortValue::Name(n)), _) => format!("{proto} {n}"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "team=a, env In (prod, stage)"; "every namespace" / "every pod" for `{}`.
fn describe_selector(sel: &LabelSelector) -> String {
    let mut parts: Vec<String> = sel
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for r in sel.match_expressions.iter().flatten() {
        let values = r.values.as_deref().unwrap_or_default().join(", ");
        parts.push(match r.operator.as_str() {
            "Exists" | "DoesNotExist" => format!("{} {}", r.key, r.operator),
            op => format!("{} {op} ({values})", r.key),
        });
    }
    if parts.is_empty() {
        "everything".into()
    } else {
        parts.join(", ")
    }
}
