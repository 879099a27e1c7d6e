//! The reach model ([`reach::decide`]) against an independent brute-force evaluator of
//! the NetworkPolicy API's semantics, written here from the API reference and nothing
//! else: generated values blocks (the chart's own rules included), generated packets.
//!
//! The evaluator renders the policy as the chart does (the kube-dns rule before
//! `egress.extra`, one rule per `fromNamespaces` entry on TCP `service.port` before
//! `ingress.extra`), then tries each rule in order: peers (`ipBlock` with `except`,
//! `namespaceSelector` and `podSelector` with `matchLabels` and `matchExpressions`),
//! ports (protocol default TCP, numbers, `endPort`, names resolved against the
//! destination pod's container ports), with absent or empty `from`/`to`/`ports` meaning
//! "every".

use std::collections::BTreeMap;
use std::net::IpAddr;

use ipnet::IpNet;
use periscope_netpol::reach::{decide, Packet, PodTarget, Protocol, Remote, RuleRef, Site, Way};
use periscope_netpol::values::{
    EgressRule, IngressRule, IpBlock, LabelSelector, LabelSelectorRequirement, Labels, Peer,
    PolicyPort, PortValue, Values,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// The brute-force evaluator.

/// A rule as the API server stores it, with where it came from.
struct ApiRule {
    peers: Vec<Peer>,
    ports: Vec<PolicyPort>,
    origin: RuleRef,
}

fn api_rules(values: &Values, site: &Site, way: Way) -> Vec<ApiRule> {
    let mut out = Vec::new();
    match way {
        Way::Egress => {
            out.push(ApiRule {
                peers: vec![Peer {
                    namespace_selector: Some(LabelSelector::default()),
                    pod_selector: Some(LabelSelector::labels(Labels::from([(
                        "k8s-app".to_owned(),
                        "kube-dns".to_owned(),
                    )]))),
                    ip_block: None,
                }],
                ports: vec![PolicyPort::number("UDP", 53), PolicyPort::number("TCP", 53)],
                origin: RuleRef::ChartDns,
            });
            for (i, r) in values.egress.extra.iter().enumerate() {
                out.push(ApiRule {
                    peers: r.to.clone().unwrap_or_default(),
                    ports: r.ports.clone().unwrap_or_default(),
                    origin: RuleRef::EgressExtra(i),
                });
            }
        }
        Way::Ingress => {
            for (i, m) in values.ingress.from_namespaces.iter().enumerate() {
                out.push(ApiRule {
                    peers: vec![Peer {
                        namespace_selector: Some(LabelSelector::labels(m.clone())),
                        ..Peer::default()
                    }],
                    ports: vec![PolicyPort::number("TCP", site.service_port)],
                    origin: RuleRef::FromNamespace(i),
                });
            }
            for (i, r) in values.ingress.extra.iter().enumerate() {
                out.push(ApiRule {
                    peers: r.from.clone().unwrap_or_default(),
                    ports: r.ports.clone().unwrap_or_default(),
                    origin: RuleRef::IngressExtra(i),
                });
            }
        }
    }
    out
}

/// A CIDR as the API server reads it: host bits dropped; anything else matches nothing.
fn cidr(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>().ok().map(|n| n.trunc())
}

fn in_block(block: &IpBlock, ip: IpAddr) -> bool {
    let Some(outer) = cidr(&block.cidr) else {
        return false;
    };
    outer.contains(&ip)
        && !block
            .except
            .iter()
            .flatten()
            .filter_map(|e| cidr(e))
            .any(|e| e.contains(&ip))
}

fn selects(sel: &LabelSelector, labels: &Labels) -> bool {
    for (k, v) in sel.match_labels.iter().flatten() {
        if labels.get(k) != Some(v) {
            return false;
        }
    }
    for req in sel.match_expressions.iter().flatten() {
        let values = req.values.clone().unwrap_or_default();
        let ok = match (req.operator.as_str(), labels.get(&req.key)) {
            ("In", Some(v)) => values.contains(v),
            ("In", None) => false,
            ("NotIn", Some(v)) => !values.contains(v),
            ("NotIn", None) => true,
            ("Exists", got) => got.is_some(),
            ("DoesNotExist", got) => got.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

fn peer_selects(peer: &Peer, site: &Site, remote: &Remote) -> bool {
    match (remote, peer) {
        (
            Remote::Ip(ip),
            Peer {
                ip_block: Some(b),
                pod_selector: None,
                namespace_selector: None,
            },
        ) => in_block(b, *ip),
        (Remote::Ip(_), _) => false,
        (
            Remote::Pods(_),
            Peer {
                ip_block: Some(_), ..
            },
        ) => false,
        (
            Remote::Pods(t),
            Peer {
                pod_selector,
                namespace_selector,
                ..
            },
        ) => {
            let ns = match namespace_selector {
                Some(sel) => selects(sel, &t.namespace_labels),
                None if pod_selector.is_some() => t.namespace == site.namespace,
                None => false,
            };
            ns && pod_selector
                .as_ref()
                .is_none_or(|sel| selects(sel, &t.pod_labels))
        }
    }
}

/// The destination pod's container ports by name: Periscope's for ingress (the chart's
/// `http` and `tunnel`); none known for egress.
fn container_ports(site: &Site, way: Way) -> BTreeMap<String, u16> {
    let mut out = BTreeMap::new();
    if way == Way::Ingress {
        out.insert("http".to_owned(), site.service_port);
        if let Some(p) = site.agent_port {
            out.insert("tunnel".to_owned(), p);
        }
    }
    out
}

fn port_selects(p: &PolicyPort, names: &BTreeMap<String, u16>, proto: Protocol, port: u16) -> bool {
    let want = match p.protocol.as_deref().unwrap_or("TCP") {
        "TCP" => Protocol::Tcp,
        "UDP" => Protocol::Udp,
        "SCTP" => Protocol::Sctp,
        _ => return false,
    };
    if want != proto {
        return false;
    }
    let port = i64::from(port);
    match (&p.port, p.end_port) {
        (None, _) => true,
        (Some(PortValue::Number(n)), None) => *n == port,
        (Some(PortValue::Number(n)), Some(end)) => (*n..=end).contains(&port),
        // Named ports are TCP here (the chart's container ports are).
        (Some(PortValue::Name(name)), None) => {
            proto == Protocol::Tcp && names.get(name).map(|n| i64::from(*n)) == Some(port)
        }
        (Some(PortValue::Name(_)), Some(_)) => false,
    }
}

fn brute_force(values: &Values, site: &Site, packet: &Packet) -> Option<RuleRef> {
    let names = container_ports(site, packet.way);
    api_rules(values, site, packet.way)
        .into_iter()
        .find(|r| {
            let peers = r.peers.is_empty()
                || r.peers
                    .iter()
                    .any(|p| peer_selects(p, site, &packet.remote));
            let ports = r.ports.is_empty()
                || r.ports
                    .iter()
                    .any(|p| port_selects(p, &names, packet.protocol, packet.port));
            peers && ports
        })
        .map(|r| r.origin)
}

// ---------------------------------------------------------------------------------------
// Generators: small pools, so that peers, packets and rules often meet.

const CIDRS: [&str; 10] = [
    "10.0.0.0/8",
    "10.1.0.0/16",
    "10.1.2.0/24",
    "10.1.2.3/32",
    "10.1.2.3/16",
    "0.0.0.0/0",
    "52.94.0.0/16",
    "fd00::/8",
    "fd00:1::/32",
    "::/0",
];
const ADDRS: [&str; 8] = [
    "10.1.2.3",
    "10.1.9.9",
    "10.2.0.1",
    "52.94.76.1",
    "8.8.8.8",
    "fd00:1::5",
    "fd00:2::5",
    "2600::1",
];
const KEYS: [&str; 3] = ["team", "k8s-app", "kubernetes.io/metadata.name"];
const VALS: [&str; 4] = ["a", "b", "kube-dns", "periscope"];
const PORTS: [u16; 7] = [53, 80, 443, 8080, 8443, 9000, 1];

fn labels() -> impl Strategy<Value = Labels> {
    prop::collection::btree_map(
        prop::sample::select(&KEYS[..]).prop_map(str::to_owned),
        prop::sample::select(&VALS[..]).prop_map(str::to_owned),
        0..3,
    )
}

fn requirement() -> impl Strategy<Value = LabelSelectorRequirement> {
    (
        prop::sample::select(&KEYS[..]),
        prop::sample::select(&["In", "NotIn", "Exists", "DoesNotExist"][..]),
        prop::collection::vec(
            prop::sample::select(&VALS[..]).prop_map(str::to_owned),
            0..3,
        ),
    )
        .prop_map(|(key, op, values)| LabelSelectorRequirement {
            key: key.to_owned(),
            operator: op.to_owned(),
            values: matches!(op, "In" | "NotIn").then_some(values),
        })
}

fn selector() -> impl Strategy<Value = LabelSelector> {
    (
        prop::option::of(labels()),
        prop::option::of(prop::collection::vec(requirement(), 0..3)),
    )
        .prop_map(|(match_labels, match_expressions)| LabelSelector {
            match_labels,
            match_expressions,
        })
}

fn peer() -> impl Strategy<Value = Peer> {
    let block = (
        prop::sample::select(&CIDRS[..]),
        prop::collection::vec(
            prop::sample::select(&CIDRS[..]).prop_map(str::to_owned),
            0..3,
        ),
    )
        .prop_map(|(c, except)| Peer::ip_block(c, except));
    let sel = (prop::option::of(selector()), prop::option::of(selector()))
        .prop_filter("a selector peer selects something", |(n, p)| {
            n.is_some() || p.is_some()
        })
        .prop_map(|(namespace_selector, pod_selector)| Peer {
            namespace_selector,
            pod_selector,
            ip_block: None,
        });
    prop_oneof![block, sel]
}

fn policy_port() -> impl Strategy<Value = PolicyPort> {
    let value = prop_oneof![
        Just(None),
        prop::sample::select(&PORTS[..]).prop_map(|p| Some(PortValue::Number(i64::from(p)))),
        prop::sample::select(&["http", "tunnel", "dns"][..])
            .prop_map(|n| Some(PortValue::Name(n.to_owned()))),
    ];
    (
        prop::option::of(prop::sample::select(&["TCP", "UDP", "SCTP"][..])),
        value,
        prop::option::of(prop::sample::select(&[80i64, 443, 8443, 9000][..])),
    )
        .prop_map(|(protocol, port, end)| {
            // endPort only with a numeric port no greater than it (the API's rule).
            let end_port = match (&port, end) {
                (Some(PortValue::Number(n)), Some(e)) if e >= *n => Some(e),
                _ => None,
            };
            PolicyPort {
                protocol: protocol.map(str::to_owned),
                port,
                end_port,
            }
        })
}

fn peers() -> impl Strategy<Value = Option<Vec<Peer>>> {
    prop::option::of(prop::collection::vec(peer(), 0..3))
}

fn ports() -> impl Strategy<Value = Option<Vec<PolicyPort>>> {
    prop::option::of(prop::collection::vec(policy_port(), 0..3))
}

fn values() -> impl Strategy<Value = Values> {
    (
        prop::collection::vec(labels(), 0..3),
        prop::collection::vec((peers(), ports()), 0..4),
        prop::collection::vec((peers(), ports()), 0..4),
    )
        .prop_map(|(from_namespaces, ingress, egress)| {
            let mut v = Values {
                enabled: true,
                ..Values::default()
            };
            v.ingress.from_namespaces = from_namespaces;
            v.ingress.extra = ingress
                .into_iter()
                .map(|(from, ports)| IngressRule { from, ports })
                .collect();
            v.egress.extra = egress
                .into_iter()
                .map(|(to, ports)| EgressRule { to, ports })
                .collect();
            v
        })
}

fn site() -> impl Strategy<Value = Site> {
    (
        prop::sample::select(&["periscope", "a"][..]),
        prop::sample::select(&[8080u16, 443][..]),
        prop::option::of(Just(8443u16)),
    )
        .prop_map(|(ns, service_port, agent_port)| Site {
            namespace: ns.to_owned(),
            service_port,
            agent_port,
        })
}

fn remote() -> impl Strategy<Value = Remote> {
    let ip = prop::sample::select(&ADDRS[..]).prop_map(|a| Remote::Ip(a.parse().unwrap()));
    let pods = (
        prop::sample::select(&["periscope", "a", "kube-system"][..]),
        labels(),
        labels(),
    )
        .prop_map(|(ns, extra, pod_labels)| {
            let mut target = PodTarget::in_namespace(ns, pod_labels);
            for (k, v) in extra {
                target.namespace_labels.entry(k).or_insert(v);
            }
            Remote::Pods(target)
        });
    prop_oneof![ip, pods]
}

fn packet() -> impl Strategy<Value = Packet> {
    (
        prop::sample::select(&[Way::Egress, Way::Ingress][..]),
        remote(),
        prop::sample::select(&[Protocol::Tcp, Protocol::Udp, Protocol::Sctp][..]),
        prop::sample::select(&PORTS[..]),
    )
        .prop_map(|(way, remote, protocol, port)| Packet {
            way,
            remote,
            protocol,
            port,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(2048)
    ))]

    #[test]
    fn the_model_agrees_with_the_api(v in values(), site in site(), packets in prop::collection::vec(packet(), 1..12)) {
        for p in &packets {
            prop_assert_eq!(decide(&v, &site, p), brute_force(&v, &site, p), "{:?}", p);
        }
    }
}

/// The cases the generators must reach, written out.
#[test]
fn named_ports_and_excepts_table() {
    let site = Site {
        namespace: "periscope".into(),
        service_port: 8080,
        agent_port: Some(8443),
    };
    let named = |n: &str| PolicyPort {
        protocol: None,
        port: Some(PortValue::Name(n.to_owned())),
        end_port: None,
    };
    let mut v = Values {
        enabled: true,
        ..Values::default()
    };
    v.ingress.extra.push(IngressRule {
        from: Some(vec![Peer::ip_block(
            "10.0.0.0/8",
            vec!["10.1.0.0/16".into()],
        )]),
        ports: Some(vec![named("tunnel")]),
    });
    v.egress.extra.push(EgressRule {
        to: None,
        ports: Some(vec![named("http")]),
    });
    let ip = |s: &str| Remote::Ip(s.parse().unwrap());
    let cases = [
        (
            Way::Ingress,
            ip("10.2.0.1"),
            8443,
            Some(RuleRef::IngressExtra(0)),
        ),
        (Way::Ingress, ip("10.1.0.1"), 8443, None),
        (Way::Ingress, ip("10.2.0.1"), 8080, None),
        (Way::Egress, ip("10.2.0.1"), 8080, None),
    ];
    for (way, remote, port, want) in cases {
        let p = Packet {
            way,
            remote,
            protocol: Protocol::Tcp,
            port,
        };
        assert_eq!(decide(&v, &site, &p), want, "{p:?}");
        assert_eq!(brute_force(&v, &site, &p), want, "{p:?}");
    }
}
