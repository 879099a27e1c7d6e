//! The builder mapping: one test per Environment input, each asserting the rule the
//! input needs (and, where it matters, what it must not produce).
#![allow(clippy::field_reassign_with_default)]

mod common;

use common::{flat, flatten, Flat};
use periscope_netpol::builder::{build, Built, InputError};
use periscope_netpol::model::*;

fn egress(b: &Built) -> Vec<Flat> {
    b.values
        .egress
        .extra
        .iter()
        .map(|r| flatten(r.view()))
        .collect()
}

fn ingress(b: &Built) -> Vec<Flat> {
    b.values
        .ingress
        .extra
        .iter()
        .map(|r| flatten(r.view()))
        .collect()
}

const INTERNET: &str = "0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16";

fn explicit() -> Environment {
    Environment {
        egress: EgressPosture::Explicit,
        clusters: vec![],
        ..Environment::default()
    }
}

#[test]
fn enabled_flag_is_carried() {
    let env = Environment {
        enabled: false,
        ..Environment::default()
    };
    assert!(!build(&env).values.enabled);
    assert!(build(&Environment::default()).values.enabled);
}

#[test]
fn every_generated_rule_has_a_reason() {
    for (name, env) in common::examples() {
        let b = build(&env);
        assert_eq!(
            b.notes.from_namespaces.len(),
            b.values.ingress.from_namespaces.len(),
            "{name}"
        );
        assert_eq!(
            b.notes.ingress_extra.len(),
            b.values.ingress.extra.len(),
            "{name}"
        );
        assert_eq!(
            b.notes.egress_extra.len(),
            b.values.egress.extra.len(),
            "{name}"
        );
        let all = b
            .notes
            .from_namespaces
            .iter()
            .chain(&b.notes.ingress_extra)
            .chain(&b.notes.egress_extra);
        for note in all {
            assert!(note.len() > 10, "{name}: {note:?}");
        }
    }
}

#[test]
fn service_port_opens_load_balancer_rules_and_bad_port_is_reported() {
    let mut env = Environment::default();
    env.release.service_port = PortText::from(9090);
    env.ingress = vec![IngressSource::LoadBalancer {
        cidrs: CidrList::from("10.0.0.0/20"),
    }];
    let b = build(&env);
    assert_eq!(b.service_port, 9090);
    assert_eq!(ingress(&b), vec![flat(&["10.0.0.0/20"], &["TCP/9090"])]);

    env.release.service_port = PortText::from("80x");
    let b = build(&env);
    assert_eq!(b.service_port, 8080, "falls back to the chart default");
    assert_eq!(b.problems.len(), 1);
    assert_eq!(b.problems[0].path.as_str(), "release.servicePort");
    // The cause keeps the bad text; the sentence names it.
    assert_eq!(
        b.problems[0].cause,
        InputError::BadPort {
            what: "service.port".into(),
            text: "80x".into()
        }
    );
    assert!(b.problems[0].message().contains("'80x'"));
}

#[test]
fn controller_presets_select_their_namespace() {
    for c in Controller::ALL {
        let env = Environment {
            ingress: vec![IngressSource::Controller {
                controller: c,
                namespace: c.default_namespace().into(),
            }],
            ..Environment::default()
        };
        let b = build(&env);
        assert_eq!(b.values.ingress.from_namespaces.len(), 1);
        assert_eq!(
            b.values.ingress.from_namespaces[0]
                .get("kubernetes.io/metadata.name")
                .map(String::as_str),
            Some(c.default_namespace())
        );
    }
    let env = Environment {
        ingress: vec![IngressSource::Controller {
            controller: Controller::Kong,
            namespace: "Bad_NS".into(),
        }],
        ..Environment::default()
    };
    let b = build(&env);
    assert!(b.values.ingress.from_namespaces.is_empty());
    assert_eq!(b.problems[0].path.as_str(), "ingress[0].namespace");
    assert!(
        matches!(&b.problems[0].cause, InputError::Name(e) if e.input == "Bad_NS"),
        "{:?}",
        b.problems[0].cause
    );
    assert!(b.problems[0].message().contains("'Bad_NS'"));
}

#[test]
fn namespace_by_labels_keeps_valid_labels_and_never_emits_an_empty_map() {
    let env = Environment {
        ingress: vec![IngressSource::Namespace {
            labels: vec![
                Label::new("team", "platform"),
                Label::new("Bad Key", "x"),
                Label::new("env", "-x"),
            ],
        }],
        ..Environment::default()
    };
    let b = build(&env);
    assert_eq!(b.values.ingress.from_namespaces.len(), 1);
    let m = &b.values.ingress.from_namespaces[0];
    assert_eq!(m.len(), 1);
    assert_eq!(m.get("team").map(String::as_str), Some("platform"));
    let paths: Vec<_> = b.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["ingress[0].labels[1].key", "ingress[0].labels[2].value"]
    );

    let env = Environment {
        ingress: vec![IngressSource::Namespace { labels: vec![] }],
        ..Environment::default()
    };
    let b = build(&env);
    assert!(
        b.values.ingress.from_namespaces.is_empty(),
        "an empty map would admit every namespace"
    );
    assert_eq!(b.problems.len(), 1);
}

#[test]
fn load_balancer_cidrs_become_an_ingress_ip_block_rule() {
    let env = Environment {
        ingress: vec![IngressSource::LoadBalancer {
            cidrs: CidrList::from("10.0.0.0/20,10.0.16.5/20 nope"),
        }],
        ..Environment::default()
    };
    let b = build(&env);
    assert_eq!(
        ingress(&b),
        vec![flat(&["10.0.0.0/20", "10.0.16.0/20"], &["TCP/8080"])]
    );
    assert_eq!(b.normalised.len(), 1);
    assert_eq!(b.normalised[0].typed, "10.0.16.5/20");
    assert_eq!(b.problems.len(), 1);
    assert!(b.problems[0].message().contains("'nope'"));
    assert!(b.values.ingress.from_namespaces.is_empty());
}

#[test]
fn port_forward_only_opens_nothing() {
    let env = Environment {
        ingress: vec![IngressSource::PortForwardOnly],
        ..Environment::default()
    };
    let b = build(&env);
    assert!(b.values.ingress.from_namespaces.is_empty());
    assert!(b.values.ingress.extra.is_empty());
    assert!(b.problems.is_empty());
}

#[test]
fn agent_tunnel_opens_its_port_from_its_cidrs() {
    let mut env = Environment::default();
    env.agent = AgentTunnel {
        enabled: true,
        port: PortText::from(9443),
        cidrs: CidrList::from("10.1.0.0/16"),
    };
    let b = build(&env);
    assert_eq!(b.agent_port, Some(9443));
    assert_eq!(ingress(&b), vec![flat(&["10.1.0.0/16"], &["TCP/9443"])]);

    env.agent.cidrs = CidrList::default();
    assert_eq!(
        ingress(&build(&env)),
        vec![flat(&[], &["TCP/9443"])],
        "no CIDRs: from anywhere"
    );

    env.agent.cidrs = CidrList::from("bad");
    let b = build(&env);
    assert!(
        b.values.ingress.extra.is_empty(),
        "bad CIDRs must not widen to anywhere"
    );

    env.agent.enabled = false;
    assert!(build(&env).values.ingress.extra.is_empty());
}

#[test]
fn idp_reach_internet_rides_the_internet_rule() {
    let mut env = Environment::default();
    env.idp.issuer = "https://acme.okta.com".into();
    assert_eq!(egress(&build(&env)), vec![flat(&[INTERNET], &["TCP/443"])]);
}

#[test]
fn idp_cidrs_are_an_explicit_rule_on_443() {
    let mut env = explicit();
    env.idp = Idp {
        issuer: "https://acme.okta.com/oauth2/default".into(),
        reach: IdpReach::Cidrs {
            cidrs: CidrList::from("198.51.100.0/24"),
        },
    };
    let b = build(&env);
    assert_eq!(egress(&b), vec![flat(&["198.51.100.0/24"], &["TCP/443"])]);
    assert!(b.notes.egress_extra[0].contains("acme.okta.com"));
}

#[test]
fn idp_rules_use_the_issuer_urls_port() {
    // (issuer, typed pod port, the port of the IdP rule)
    let cases = [
        ("http://keycloak.auth.svc:8080/realms/x", "", "TCP/8080"),
        ("http://keycloak.auth.svc/realms/x", "", "TCP/80"),
        (
            "https://keycloak.auth.svc.cluster.local/realms/x",
            "",
            "TCP/443",
        ),
        ("http://keycloak.auth.svc:8080/realms/x", "9000", "TCP/9000"),
    ];
    for (issuer, typed, want) in cases {
        let mut env = explicit();
        env.idp = Idp {
            issuer: issuer.into(),
            reach: IdpReach::InCluster {
                namespace: "auth".into(),
                pod_labels: vec![],
                port: PortText::from(typed),
            },
        };
        let b = build(&env);
        assert!(b.problems.is_empty(), "{issuer}: {:?}", b.problems);
        assert_eq!(
            egress(&b),
            vec![flat(
                &["ns[kubernetes.io/metadata.name=auth] pod[-]"],
                &[want]
            )],
            "{issuer} / {typed:?}"
        );
    }
    // Issuer CIDRs are opened on the issuer's port too.
    let mut env = explicit();
    env.idp = Idp {
        issuer: "https://idp.example.com:8443/".into(),
        reach: IdpReach::Cidrs {
            cidrs: CidrList::from("198.51.100.0/24"),
        },
    };
    assert_eq!(
        egress(&build(&env)),
        vec![flat(&["198.51.100.0/24"], &["TCP/8443"])]
    );
}

#[test]
fn in_cluster_idp_is_a_namespace_and_pod_selector_rule() {
    let mut env = Environment::default();
    env.idp.reach = IdpReach::InCluster {
        namespace: "keycloak".into(),
        pod_labels: vec![Label::new("app.kubernetes.io/name", "keycloak")],
        port: PortText::from(8080),
    };
    let e = egress(&build(&env));
    assert_eq!(
        e[1],
        flat(
            &["ns[kubernetes.io/metadata.name=keycloak] pod[app.kubernetes.io/name=keycloak]"],
            &["TCP/8080"]
        )
    );
}

#[test]
fn credentials_pod_identity_irsa_node_role_none() {
    let with = |c: Credentials, fam: IpFamily| {
        let mut env = Environment::default();
        env.aws.credentials = c;
        env.ip_family = fam;
        egress(&build(&env))
    };
    assert_eq!(
        with(Credentials::PodIdentity, IpFamily::Ipv4)[1],
        flat(&["169.254.170.23/32"], &["TCP/80"])
    );
    assert_eq!(
        with(Credentials::PodIdentity, IpFamily::Ipv6)[1],
        flat(&["fd00:ec2::23/128"], &["TCP/80"])
    );
    assert_eq!(
        with(Credentials::PodIdentity, IpFamily::DualStack)[1],
        flat(&["169.254.170.23/32", "fd00:ec2::23/128"], &["TCP/80"])
    );
    assert_eq!(
        with(Credentials::NodeRole, IpFamily::Ipv4)[1],
        flat(&["169.254.169.254/32"], &["TCP/80"])
    );
    assert_eq!(
        with(Credentials::Irsa, IpFamily::Ipv4).len(),
        1,
        "IRSA's STS call rides the 443 rule"
    );
    assert_eq!(with(Credentials::None, IpFamily::Ipv4).len(), 1);
}

#[test]
fn irsa_in_explicit_posture_needs_the_aws_api_cidrs() {
    let mut env = explicit();
    env.aws.credentials = Credentials::Irsa;
    env.aws.api_cidrs = CidrList::from("192.0.2.0/24");
    let b = build(&env);
    assert_eq!(egress(&b), vec![flat(&["192.0.2.0/24"], &["TCP/443"])]);
    assert!(b.notes.egress_extra[0].contains("STS"));
    env.aws.credentials = Credentials::None;
    assert!(
        build(&env).values.egress.extra.is_empty(),
        "nothing uses the AWS APIs"
    );
}

#[test]
fn aws_vpc_endpoints_get_their_own_rule_even_with_internet_https() {
    let mut env = Environment::default();
    env.aws.api_access = AwsApiAccess::VpcEndpoints;
    env.aws.api_cidrs = CidrList::from("10.0.64.0/20");
    assert_eq!(
        egress(&build(&env))[1],
        flat(&["10.0.64.0/20"], &["TCP/443"])
    );
    env.aws.api_access = AwsApiAccess::Public;
    env.aws.api_cidrs = CidrList::from("192.0.2.0/24");
    assert_eq!(
        egress(&build(&env)).len(),
        1,
        "public endpoints are covered by the internet rule"
    );
}

#[test]
fn eks_private_endpoint_gets_a_rule_public_rides_the_posture() {
    let eks = |endpoint, cidr: &str| Cluster::Eks {
        name: "prod".into(),
        region: "us-east-1".into(),
        endpoint,
        cidrs: CidrList::from(cidr),
    };
    for (endpoint, cidr, extra) in [
        (EndpointAccess::Private, "10.20.0.0/16", true),
        (EndpointAccess::PublicAndPrivate, "10.20.0.0/16", true),
        (EndpointAccess::Public, "192.0.2.10/32", false),
    ] {
        let env = Environment {
            clusters: vec![eks(endpoint, cidr)],
            ..Environment::default()
        };
        let e = egress(&build(&env));
        assert_eq!(e.len(), if extra { 2 } else { 1 }, "{endpoint:?}");
        if extra {
            assert_eq!(e[1], flat(&[cidr], &["TCP/443"]));
        }
    }
    let mut env = explicit();
    env.clusters = vec![Cluster::Eks {
        name: "p".into(),
        region: "us-east-1".into(),
        endpoint: EndpointAccess::Public,
        cidrs: CidrList::from("192.0.2.10/32"),
    }];
    assert_eq!(
        egress(&build(&env))[0],
        flat(&["192.0.2.10/32"], &["TCP/443"])
    );
}

#[test]
fn in_cluster_backend_targets_the_endpoints_and_their_port() {
    let env = Environment {
        clusters: vec![Cluster::InCluster {
            name: "local".into(),
            cidrs: CidrList::from("10.0.12.34"),
            port: PortText::from(6443),
        }],
        ..Environment::default()
    };
    let b = build(&env);
    assert_eq!(egress(&b)[1], flat(&["10.0.12.34/32"], &["TCP/6443"]));
    assert_eq!(b.normalised[0].normalised, "10.0.12.34/32");
}

#[test]
fn kubeconfig_servers_get_a_rule_unless_the_internet_rule_covers_them() {
    let kc = |cidr: &str, port: u16| Cluster::Kubeconfig {
        name: "k".into(),
        server: "https://k".into(),
        cidrs: CidrList::from(cidr),
        port: PortText::from(port),
    };
    let env = Environment {
        clusters: vec![kc("192.168.10.0/24", 6443)],
        ..Environment::default()
    };
    assert_eq!(
        egress(&build(&env))[1],
        flat(&["192.168.10.0/24"], &["TCP/6443"])
    );
    let env = Environment {
        clusters: vec![kc("198.51.100.7/32", 443)],
        ..Environment::default()
    };
    assert_eq!(
        egress(&build(&env)).len(),
        1,
        "public 443 is already allowed"
    );
    let env = Environment {
        clusters: vec![kc("198.51.100.7/32", 6443)],
        ..Environment::default()
    };
    assert_eq!(
        egress(&build(&env))[1],
        flat(&["198.51.100.7/32"], &["TCP/6443"])
    );
}

#[test]
fn agent_backed_clusters_need_no_egress() {
    let env = Environment {
        clusters: vec![Cluster::Agent {
            name: "edge".into(),
        }],
        ..explicit()
    };
    assert!(build(&env).values.egress.extra.is_empty());
}

#[test]
fn native_secrets_need_the_aws_apis() {
    let mut env = explicit();
    env.aws.credentials = Credentials::PodIdentity;
    env.aws.api_cidrs = CidrList::from("192.0.2.0/24");
    assert_eq!(egress(&build(&env)).len(), 1, "only Pod Identity");
    env.secrets_mode = SecretsMode::Native;
    let b = build(&env);
    assert_eq!(egress(&b)[0], flat(&["192.0.2.0/24"], &["TCP/443"]));
    assert!(b.notes.egress_extra[0].contains("Secrets Manager"));
}

#[test]
fn postures_internet_explicit_proxy() {
    let env = Environment::default();
    assert_eq!(egress(&build(&env)), vec![flat(&[INTERNET], &["TCP/443"])]);
    assert!(build(&explicit()).values.egress.extra.is_empty());

    let mut env = Environment::default();
    env.egress = EgressPosture::Proxy {
        cidrs: CidrList::from("10.50.1.10/32"),
        port: PortText::from(3128),
    };
    env.clusters = vec![Cluster::InCluster {
        name: "l".into(),
        cidrs: CidrList::from("10.0.0.1/32"),
        port: PortText::from(443),
    }];
    assert_eq!(
        egress(&build(&env)),
        vec![
            flat(&["10.50.1.10/32"], &["TCP/3128"]),
            flat(&["10.0.0.1/32"], &["TCP/443"])
        ]
    );
    env.egress = EgressPosture::Proxy {
        cidrs: CidrList::default(),
        port: PortText::from(3128),
    };
    let b = build(&env);
    assert_eq!(b.problems[0].path.as_str(), "egress.cidrs");
}

#[test]
fn dns_choices() {
    let with = |dns| egress(&build(&Environment { dns, ..explicit() }));
    assert!(
        with(Dns::KubeDns).is_empty(),
        "the chart's own rule covers kube-dns"
    );
    assert_eq!(
        with(Dns::NodeLocal),
        vec![flat(&["169.254.20.10/32"], &["UDP/53", "TCP/53"])]
    );
    assert_eq!(
        with(Dns::GkeCloudDns),
        vec![flat(&["169.254.169.254/32"], &["UDP/53", "TCP/53"])]
    );
    assert_eq!(
        with(Dns::Coredns),
        vec![flat(
            &["ns[kubernetes.io/metadata.name=kube-system] pod[k8s-app=coredns]"],
            &["UDP/53", "TCP/53"]
        )]
    );
}

#[test]
fn ip_family_shapes_the_internet_rule() {
    let with = |ip_family| {
        egress(&build(&Environment {
            ip_family,
            ..Environment::default()
        }))
    };
    assert_eq!(with(IpFamily::Ipv4), vec![flat(&[INTERNET], &["TCP/443"])]);
    assert_eq!(
        with(IpFamily::Ipv6),
        vec![flat(&["::/0 except fc00::/7,fe80::/10"], &["TCP/443"])]
    );
    assert_eq!(with(IpFamily::DualStack)[0].peers.len(), 2);
}

#[test]
fn custom_rules_map_every_field_and_drop_bad_parts() {
    let rule = CustomRule {
        direction: Direction::Egress,
        note: "vector".into(),
        peers: vec![
            CustomPeer::IpBlock {
                cidr: "10.0.0.0/16".into(),
                except: CidrList::from("10.0.99.0/24 10.0.0.0/16 192.168.0.0/24"),
            },
            CustomPeer::Selector {
                namespace_labels: Some(vec![]),
                pod_labels: Some(vec![Label::new("app", "vector")]),
            },
            CustomPeer::Selector {
                namespace_labels: None,
                pod_labels: None,
            },
        ],
        ports: vec![
            CustomPort {
                protocol: "tcp".into(),
                port: PortText::from(6000),
                end_port: PortText::from(6010),
            },
            CustomPort {
                protocol: "UDP".into(),
                port: PortText::from("dns"),
                end_port: PortText::default(),
            },
            CustomPort {
                protocol: "SCTP".into(),
                port: PortText::default(),
                end_port: PortText::default(),
            },
            CustomPort {
                protocol: "ICMP".into(),
                port: PortText::from(1),
                end_port: PortText::default(),
            },
            CustomPort {
                protocol: "TCP".into(),
                port: PortText::from(0),
                end_port: PortText::default(),
            },
            CustomPort {
                protocol: "TCP".into(),
                port: PortText::from("https"),
                end_port: PortText::from(444),
            },
            CustomPort {
                protocol: "TCP".into(),
                port: PortText::from(500),
                end_port: PortText::from(400),
            },
        ],
    };
    let env = Environment {
        custom: vec![rule],
        ..explicit()
    };
    let b = build(&env);
    assert_eq!(
        egress(&b),
        vec![flat(
            &["10.0.0.0/16 except 10.0.99.0/24", "ns[] pod[app=vector]"],
            &["TCP/6000-6010", "UDP/dns", "SCTP/*"]
        )]
    );
    assert_eq!(b.notes.egress_extra[0], "vector");
    let paths: Vec<_> = b.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "custom[0].peers[0].except",
            "custom[0].peers[0].except",
            "custom[0].peers[2]",
            "custom[0].ports[3].protocol",
            "custom[0].ports[4].port",
            "custom[0].ports[5].endPort",
            "custom[0].ports[6].endPort",
        ]
    );
}

#[test]
fn a_custom_rule_with_only_bad_peers_is_left_out_not_widened() {
    let rule = CustomRule {
        direction: Direction::Ingress,
        peers: vec![CustomPeer::IpBlock {
            cidr: "10.0.0.0/33".into(),
            except: CidrList::default(),
        }],
        ..CustomRule::default()
    };
    let env = Environment {
        custom: vec![rule],
        ..Environment::default()
    };
    let b = build(&env);
    assert!(b.values.ingress.extra.is_empty());
    assert!(b.problems.iter().any(|p| p.path.as_str() == "custom[0]"));
}

#[test]
fn release_fields_reach_the_manifest() {
    let mut env = Environment::default();
    env.release.name = "prod".into();
    env.release.namespace = "platform".into();
    env.release.name_override = "dash".into();
    env.release.chart_version = "1.2.3+g1".into();
    env.release.app_version = "1.2.3".into();
    let a = periscope_netpol::analyze(&env);
    assert_eq!(a.fullname, "prod-dash");
    assert_eq!(a.namespace, "platform");
    let m = &a.manifest_yaml;
    assert!(m.contains("helm.sh/chart: periscope-1.2.3_g1\n"), "{m}");
    assert!(m.contains("app.kubernetes.io/version: \"1.2.3\"\n"), "{m}");
    assert!(m.contains("app.kubernetes.io/name: dash\n"), "{m}");
    env.release.fullname_override = "custom".into();
    assert_eq!(periscope_netpol::analyze(&env).fullname, "custom");
}
