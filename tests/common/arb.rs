//! proptest strategies for Environments and `networkPolicy` blocks.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use periscope_netpol::model::*;
use periscope_netpol::values::{
    EgressRule, EgressValues, IngressRule, IngressValues, IpBlock, LabelSelector,
    LabelSelectorRequirement, Labels, Peer, PolicyPort, PortValue, Values,
};

/// Any text a person might type: printable ASCII, separators and some non-ASCII.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,12}",
        "[a-z0-9./:, \n-]{0,16}",
        "\\PC{0,6}",
        Just(String::new()),
        Just("null".to_owned()),
        Just("0".to_owned()),
        Just("08080".to_owned()),
    ]
}

fn cidr() -> impl Strategy<Value = String> {
    prop_oneof![
        (any::<[u8; 4]>(), 0u8..=32)
            .prop_map(|(a, p)| format!("{}.{}.{}.{}/{p}", a[0], a[1], a[2], a[3])),
        (any::<u16>(), 0u8..=128).prop_map(|(a, p)| format!("2001:db8:{a:x}::/{p}")),
        text(),
    ]
}

/// A CIDR list as typed: canonical lists and arbitrary text.
pub fn cidr_list() -> impl Strategy<Value = CidrList> {
    prop_oneof![
        vec(cidr(), 0..4).prop_map(CidrList::from_entries),
        text().prop_map(CidrList),
    ]
}

fn port_text() -> impl Strategy<Value = PortText> {
    prop_oneof![
        any::<u16>().prop_map(PortText::from),
        text().prop_map(PortText)
    ]
}

fn label() -> impl Strategy<Value = Label> {
    (text(), text()).prop_map(|(key, value)| Label { key, value })
}

fn labels() -> impl Strategy<Value = Vec<Label>> {
    vec(label(), 0..3)
}

fn controller() -> impl Strategy<Value = Controller> {
    proptest::sample::select(Controller::ALL.to_vec())
}

fn ingress_source() -> impl Strategy<Value = IngressSource> {
    prop_oneof![
        (controller(), text()).prop_map(|(controller, namespace)| IngressSource::Controller {
            controller,
            namespace
        }),
        labels().prop_map(|labels| IngressSource::Namespace { labels }),
        cidr_list().prop_map(|cidrs| IngressSource::LoadBalancer { cidrs }),
        Just(IngressSource::PortForwardOnly),
    ]
}

fn idp_reach() -> impl Strategy<Value = IdpReach> {
    prop_oneof![
        Just(IdpReach::Internet),
        cidr_list().prop_map(|cidrs| IdpReach::Cidrs { cidrs }),
        (text(), labels(), port_text()).prop_map(|(namespace, pod_labels, port)| {
            IdpReach::InCluster {
                namespace,
                pod_labels,
                port,
            }
        }),
    ]
}

fn cluster() -> impl Strategy<Value = Cluster> {
    let endpoint = prop_oneof![
        Just(EndpointAccess::Public),
        Just(EndpointAccess::Private),
        Just(EndpointAccess::PublicAndPrivate)
    ];
    prop_oneof![
        (text(), text(), endpoint, cidr_list()).prop_map(|(name, region, endpoint, cidrs)| {
            Cluster::Eks {
                name,
                region,
                endpoint,
                cidrs,
            }
        }),
        (text(), cidr_list(), port_text()).prop_map(|(name, cidrs, port)| Cluster::InCluster {
            name,
            cidrs,
            port
        }),
        (text(), text(), cidr_list(), port_text()).prop_map(|(name, server, cidrs, port)| {
            Cluster::Kubeconfig {
                name,
                server,
                cidrs,
                port,
            }
        }),
        text().prop_map(|name| Cluster::Agent { name }),
    ]
}

fn custom_rule() -> impl Strategy<Value = CustomRule> {
    let direction = prop_oneof![Just(Direction::Ingress), Just(Direction::Egress)];
    let peer = prop_oneof![
        (text(), cidr_list()).prop_map(|(cidr, except)| CustomPeer::IpBlock { cidr, except }),
        (option::of(labels()), option::of(labels())).prop_map(|(namespace_labels, pod_labels)| {
            CustomPeer::Selector {
                namespace_labels,
                pod_labels,
            }
        }),
    ];
    let port =
        (text(), port_text(), port_text()).prop_map(|(protocol, port, end_port)| CustomPort {
            protocol,
            port,
            end_port,
        });
    (direction, text(), vec(peer, 0..3), vec(port, 0..3)).prop_map(
        |(direction, note, peers, ports)| CustomRule {
            direction,
            note,
            peers,
            ports,
        },
    )
}

/// A label map of valid-looking keys and values.
pub fn label_map() -> impl Strategy<Value = Labels> {
    proptest::collection::btree_map(
        "[a-z]([a-z0-9.-]{0,6}[a-z0-9])?(/[a-z]{1,5})?",
        "[a-zA-Z0-9]{0,5}",
        0..3,
    )
    .prop_map(|m| m.into_iter().collect())
}

fn selector() -> impl Strategy<Value = LabelSelector> {
    let req = (
        "[a-z]{1,5}",
        proptest::sample::select(vec!["In", "NotIn", "Exists", "DoesNotExist"]),
        option::of(vec("[a-z0-9]{0,4}", 0..3)),
    )
        .prop_map(|(key, op, values)| LabelSelectorRequirement {
            key,
            operator: op.to_owned(),
            values,
        });
    (option::of(label_map()), option::of(vec(req, 0..2))).prop_map(
        |(match_labels, match_expressions)| LabelSelector {
            match_labels,
            match_expressions,
        },
    )
}

fn peer() -> impl Strategy<Value = Peer> {
    let block =
        (cidr(), option::of(vec(cidr(), 0..3))).prop_map(|(cidr, except)| IpBlock { cidr, except });
    prop_oneof![
        block.prop_map(|b| Peer {
            ip_block: Some(b),
            ..Peer::default()
        }),
        (option::of(selector()), option::of(selector())).prop_map(|(p, n)| Peer {
            pod_selector: p,
            namespace_selector: n,
            ip_block: None,
        }),
    ]
}

fn policy_port() -> impl Strategy<Value = PolicyPort> {
    let proto =
        option::of(proptest::sample::select(vec!["TCP", "UDP", "SCTP"]).prop_map(str::to_owned));
    let port = option::of(prop_oneof![
        (1i64..=65535).prop_map(PortValue::Number),
        "[a-z]{1,5}(-[a-z0-9]{1,4})?".prop_map(PortValue::Name),
    ]);
    (proto, port, option::of(1i64..=65535)).prop_map(|(protocol, port, end_port)| PolicyPort {
        protocol,
        port,
        end_port,
    })
}

/// Peers and ports as a rule of either direction.
fn peers_ports() -> impl Strategy<Value = (Option<Vec<Peer>>, Option<Vec<PolicyPort>>)> {
    (
        option::of(vec(peer(), 0..3)),
        option::of(vec(policy_port(), 0..3)),
    )
}

/// An `ingress.extra` rule.
pub fn ingress_rule() -> impl Strategy<Value = IngressRule> {
    peers_ports().prop_map(|(from, ports)| IngressRule { from, ports })
}

/// An `egress.extra` rule.
pub fn egress_rule() -> impl Strategy<Value = EgressRule> {
    peers_ports().prop_map(|(to, ports)| EgressRule { to, ports })
}

fn verbatim_rule() -> impl Strategy<Value = VerbatimRule> {
    prop_oneof![
        label_map().prop_map(VerbatimRule::FromNamespaces),
        ingress_rule().prop_map(VerbatimRule::Ingress),
        egress_rule().prop_map(VerbatimRule::Egress),
    ]
}

/// Any Environment: every field, every variant, arbitrary typed text.
pub fn environment() -> impl Strategy<Value = Environment> {
    let release = (text(), text(), text(), text(), text(), text(), port_text()).prop_map(
        |(
            name,
            namespace,
            name_override,
            fullname_override,
            chart_version,
            app_version,
            service_port,
        )| Release {
            name,
            namespace,
            name_override,
            fullname_override,
            chart_version,
            app_version,
            service_port,
        },
    );
    let agent =
        (any::<bool>(), port_text(), cidr_list()).prop_map(|(enabled, port, cidrs)| AgentTunnel {
            enabled,
            port,
            cidrs,
        });
    let idp = (text(), idp_reach()).prop_map(|(issuer, reach)| Idp { issuer, reach });
    let creds = prop_oneof![
        Just(Credentials::PodIdentity),
        Just(Credentials::Irsa),
        Just(Credentials::NodeRole),
        Just(Credentials::None)
    ];
    let access = prop_oneof![Just(AwsApiAccess::Public), Just(AwsApiAccess::VpcEndpoints)];
    let aws = (creds, text(), access, cidr_list()).prop_map(
        |(credentials, region, api_access, api_cidrs)| Aws {
            credentials,
            region,
            api_access,
            api_cidrs,
        },
    );
    let posture = prop_oneof![
        Just(EgressPosture::InternetHttps),
        Just(EgressPosture::Explicit),
        (cidr_list(), port_text()).prop_map(|(cidrs, port)| EgressPosture::Proxy { cidrs, port }),
    ];
    let dns = prop_oneof![
        Just(Dns::KubeDns),
        Just(Dns::Coredns),
        Just(Dns::NodeLocal),
        Just(Dns::GkeCloudDns)
    ];
    let family = prop_oneof![
        Just(IpFamily::Ipv4),
        Just(IpFamily::Ipv6),
        Just(IpFamily::DualStack)
    ];
    let secrets = prop_oneof![Just(SecretsMode::Kubernetes), Just(SecretsMode::Native)];
    (
        (
            release,
            any::<bool>(),
            vec(ingress_source(), 0..3),
            agent,
            idp,
            aws,
        ),
        (
            vec(cluster(), 0..3),
            secrets,
            posture,
            dns,
            family,
            vec(custom_rule(), 0..3),
            vec(verbatim_rule(), 0..2),
            prop_oneof![Just(Cni::Generic), Just(Cni::Cilium)],
        ),
    )
        .prop_map(
            |(
                (release, enabled, ingress, agent, idp, aws),
                (clusters, secrets_mode, egress, dns, ip_family, custom, verbatim, cni),
            )| {
                Environment {
                    release,
                    enabled,
                    ingress,
                    agent,
                    idp,
                    aws,
                    clusters,
                    secrets_mode,
                    egress,
                    dns,
                    ip_family,
                    custom,
                    verbatim,
                    cni,
                    ..Environment::default()
                }
            },
        )
}

/// A `networkPolicy` block of rules the API server accepts the shape of.
pub fn values() -> impl Strategy<Value = Values> {
    (
        any::<bool>(),
        vec(label_map(), 0..4),
        vec(ingress_rule(), 0..4),
        vec(egress_rule(), 0..4),
    )
        .prop_map(
            |(enabled, from_namespaces, ingress_extra, egress_extra)| Values {
                enabled,
                ingress: IngressValues {
                    from_namespaces,
                    extra: ingress_extra,
                },
                egress: EgressValues {
                    extra: egress_extra,
                },
            },
        )
}
