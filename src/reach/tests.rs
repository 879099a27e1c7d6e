//! Table-driven tests of the reachability queries.

use super::*;
use crate::values::{
    EgressRule, IngressRule, LabelSelector, LabelSelectorRequirement, Labels, Peer, PolicyPort,
    PortValue, Values,
};

fn net(s: &str) -> IpNet {
    s.parse().expect("test net")
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn port(proto: Option<&str>, port: Option<PortValue>, end: Option<i64>) -> PolicyPort {
    PolicyPort {
        protocol: proto.map(str::to_owned),
        port,
        end_port: end,
    }
}

fn egress(to: Option<Vec<Peer>>, ports: Option<Vec<PolicyPort>>) -> Values {
    let mut v = Values {
        enabled: true,
        ..Values::default()
    };
    v.egress.extra.push(EgressRule { to, ports });
    v
}

#[test]
fn ports_table() {
    use PortValue::{Name, Number};
    // (port entry, proto, port, matches)
    let cases: Vec<(PolicyPort, Protocol, u16, bool)> = vec![
        (
            port(None, Some(Number(443)), None),
            Protocol::Tcp,
            443,
            true,
        ),
        (
            port(None, Some(Number(443)), None),
            Protocol::Udp,
            443,
            false,
        ),
        (
            port(Some("TCP"), Some(Number(443)), None),
            Protocol::Tcp,
            80,
            false,
        ),
        (port(Some("UDP"), None, None), Protocol::Udp, 5353, true),
        (
            port(Some("tcp"), Some(Number(443)), None),
            Protocol::Tcp,
            443,
            false,
        ),
        (
            port(None, Some(Number(6000)), Some(6010)),
            Protocol::Tcp,
            6005,
            true,
        ),
        (
            port(None, Some(Number(6000)), Some(6010)),
            Protocol::Tcp,
            6011,
            false,
        ),
        (
            port(None, Some(Name("https".into())), None),
            Protocol::Tcp,
            443,
            false,
        ),
        (
            port(Some("SCTP"), Some(Number(9)), None),
            Protocol::Sctp,
            9,
            true,
        ),
    ];
    for (i, (p, proto, n, want)) in cases.iter().enumerate() {
        assert_eq!(port_matches(p, *proto, *n), *want, "case {i}: {p:?}");
    }
    assert!(ports_match(None, Protocol::Udp, 1));
    assert!(ports_match(Some(&[]), Protocol::Udp, 1));
}

#[test]
fn egress_to_net_table() {
    let internet = crate::builder::internet_rule(IpFamily::Ipv4);
    let mut v = Values::default();
    v.egress.extra.push(internet);
    v.egress.extra.push(EgressRule {
        to: Some(vec![Peer::ip_block("10.20.0.0/16", vec![])]),
        ports: Some(vec![PolicyPort::number("TCP", 443)]),
    });
    // (target, port, expected rule)
    let cases = [
        ("52.94.76.1/32", 443, Some(RuleRef::EgressExtra(0))),
        ("52.94.0.0/16", 443, Some(RuleRef::EgressExtra(0))),
        ("52.94.76.1/32", 80, None),
        ("10.20.1.0/24", 443, Some(RuleRef::EgressExtra(1))),
        ("10.21.0.0/24", 443, None),
        ("10.0.0.0/7", 443, None), // overlaps an except
        ("0.0.0.0/0", 443, None),  // not wholly inside once excepts are out
        ("169.254.170.23/32", 443, Some(RuleRef::EgressExtra(0))),
        ("2600:1f18::1/128", 443, None),
    ];
    for (target, p, want) in cases {
        assert_eq!(
            egress_to_net(&v, &net(target), Protocol::Tcp, p),
            want,
            "{target}:{p}"
        );
    }
}

#[test]
fn empty_peers_or_ports_allow_everything() {
    let cases = [
        (egress(None, None), true),
        (egress(Some(vec![]), Some(vec![])), true),
        (
            egress(None, Some(vec![PolicyPort::number("TCP", 80)])),
            false,
        ),
        (
            egress(Some(vec![Peer::ip_block("1.0.0.0/8", vec![])]), None),
            true,
        ),
        (
            egress(Some(vec![Peer::ip_block("2.0.0.0/8", vec![])]), None),
            false,
        ),
    ];
    for (i, (v, want)) in cases.iter().enumerate() {
        let got = egress_to_net(v, &net("1.2.3.4/32"), Protocol::Tcp, 443).is_some();
        assert_eq!(got, *want, "case {i}");
    }
}

#[test]
fn selectors_table() {
    let req = |op: &str, vals: Option<&[&str]>| LabelSelector {
        match_labels: None,
        match_expressions: Some(vec![LabelSelectorRequirement {
            key: "tier".into(),
            operator: op.into(),
            values: vals.map(|v| v.iter().map(|s| (*s).to_owned()).collect()),
        }]),
    };
    let web = labels(&[("tier", "web"), ("app", "x")]);
    let none = labels(&[("app", "x")]);
    let cases = [
        (LabelSelector::default(), &web, true),
        (LabelSelector::labels(labels(&[("app", "x")])), &web, true),
        (LabelSelector::labels(labels(&[("app", "y")])), &web, false),
        (req("In", Some(&["web", "api"])), &web, true),
        (req("In", Some(&["api"])), &web, false),
        (req("In", Some(&["web"])), &none, false),
        (req("NotIn", Some(&["web"])), &web, false),
        (req("NotIn", Some(&["web"])), &none, true),
        (req("Exists", None), &web, true),
        (req("Exists", None), &none, false),
        (req("DoesNotExist", None), &none, true),
        (req("DoesNotExist", None), &web, false),
        (req("Bogus", None), &web, false),
    ];
    for (i, (sel, l, want)) in cases.iter().enumerate() {
        assert_eq!(selector_matches(sel, l), *want, "case {i}: {sel:?}");
    }
}

#[test]
fn egress_to_pods_table() {
    let keycloak = PodTarget::in_namespace("keycloak", labels(&[("app", "kc")]));
    let local = PodTarget::in_namespace("periscope", labels(&[("app", "kc")]));
    let dns = PodTarget::in_namespace("kube-system", labels(&[("k8s-app", "kube-dns")]));
    let ns_sel = |l: Option<Labels>, pods: Option<Labels>| Peer {
        namespace_selector: l.map(LabelSelector::labels),
        pod_selector: pods.map(LabelSelector::labels),
        ip_block: None,
    };
    let kc_ns = labels(&[("kubernetes.io/metadata.name", "keycloak")]);
    let tcp = |p| Some(vec![PolicyPort::number("TCP", p)]);
    // (peer, target, expected)
    let cases = [
        (ns_sel(Some(kc_ns.clone()), None), &keycloak, true),
        (
            ns_sel(Some(kc_ns.clone()), Some(labels(&[("app", "kc")]))),
            &keycloak,
            true,
        ),
        (
            ns_sel(Some(kc_ns.clone()), Some(labels(&[("app", "x")]))),
            &keycloak,
            false,
        ),
        (ns_sel(Some(Labels::new()), None), &keycloak, true), // every namespace
        (ns_sel(None, Some(Labels::new())), &keycloak, false), // own namespace only
        (ns_sel(None, Some(Labels::new())), &local, true),
        (ns_sel(None, None), &keycloak, false), // invalid peer
        (Peer::ip_block("10.0.0.0/8", vec![]), &keycloak, false),
    ];
    for (i, (peer, target, want)) in cases.into_iter().enumerate() {
        let v = egress(Some(vec![peer]), tcp(8080));
        let got = egress_to_pods(&v, "periscope", target, Protocol::Tcp, 8080).is_some();
        assert_eq!(got, want, "case {i}");
    }
    let empty = Values::default();
    assert_eq!(
        egress_to_pods(&empty, "periscope", &dns, Protocol::Udp, 53),
        Some(RuleRef::ChartDns)
    );
    assert_eq!(
        egress_to_pods(&empty, "periscope", &dns, Protocol::Tcp, 80),
        None
    );
}

#[test]
fn internet_needs_every_sample() {
    let v4 = egress(
        Some(vec![Peer::ip_block("0.0.0.0/0", vec!["10.0.0.0/8".into()])]),
        Some(vec![PolicyPort::number("TCP", 443)]),
    );
    let half = egress(
        Some(vec![Peer::ip_block("0.0.0.0/1", vec![])]),
        Some(vec![PolicyPort::number("TCP", 443)]),
    );
    let dual = {
        let mut v = Values::default();
        v.egress
            .extra
            .push(crate::builder::internet_rule(IpFamily::DualStack));
        v
    };
    let cases = [
        (&v4, IpFamily::Ipv4, 443, true),
        (&v4, IpFamily::Ipv4, 80, false),
        (&v4, IpFamily::Ipv6, 443, false),
        (&v4, IpFamily::DualStack, 443, true), // one family will do
        (&half, IpFamily::Ipv4, 443, false),
        (&dual, IpFamily::DualStack, 443, true),
    ];
    for (i, (v, fam, p, want)) in cases.iter().enumerate() {
        let got = egress_to_internet(v, *fam, Protocol::Tcp, *p).is_some();
        assert_eq!(got, *want, "case {i}");
    }
}

#[test]
fn some_private_table() {
    let cases = [
        (Peer::ip_block("10.20.0.0/16", vec![]), 443, true),
        (Peer::ip_block("10.20.0.0/16", vec![]), 6443, false),
        (
            Peer::ip_block(
                "0.0.0.0/0",
                crate::cidr::RFC1918.iter().map(|s| s.to_string()).collect(),
            ),
            443,
            false,
        ), // CGNAT is not an endpoint range
        (Peer::ip_block("52.0.0.0/8", vec![]), 443, false),
        (
            Peer::ip_block("10.0.0.0/8", vec!["10.0.0.0/9".into()]),
            443,
            true,
        ),
    ];
    for (i, (peer, p, want)) in cases.into_iter().enumerate() {
        let v = egress(
            Some(vec![peer]),
            Some(vec![
                PolicyPort::number("TCP", 443),
                PolicyPort::number("TCP", 80),
            ]),
        );
        assert_eq!(
            egress_to_some_private(&v, Protocol::Tcp, p).is_some(),
            want,
            "case {i}"
        );
    }
}

#[test]
fn ingress_table() {
    let mut v = Values::default();
    v.ingress
        .from_namespaces
        .push(labels(&[("kubernetes.io/metadata.name", "ingress-nginx")]));
    v.ingress.extra.push(IngressRule {
        from: Some(vec![Peer::ip_block("10.0.0.0/20", vec![])]),
        ports: Some(vec![PolicyPort::number("TCP", 8080)]),
    });
    v.ingress.extra.push(IngressRule {
        from: None,
        ports: Some(vec![PolicyPort::number("TCP", 8443)]),
    });
    let nginx = PodTarget::in_namespace("ingress-nginx", Labels::new());
    let other = PodTarget::in_namespace("default", Labels::new());
    assert_eq!(
        ingress_from_pods(&v, 8080, "periscope", &nginx, Protocol::Tcp, 8080),
        Some(RuleRef::FromNamespace(0))
    );
    assert_eq!(
        ingress_from_pods(&v, 8080, "periscope", &nginx, Protocol::Tcp, 9090),
        None
    );
    assert_eq!(
        ingress_from_pods(&v, 8080, "periscope", &other, Protocol::Tcp, 8080),
        None
    );
    let cases = [
        ("10.0.1.0/24", 8080, Some(RuleRef::IngressExtra(0))),
        ("10.0.0.0/16", 8080, None),
        ("10.0.0.0/16", 8443, Some(RuleRef::IngressExtra(1))),
        ("1.2.3.4/32", 8443, Some(RuleRef::IngressExtra(1))),
    ];
    for (n, p, want) in cases {
        assert_eq!(
            ingress_from_net(&v, &net(n), Protocol::Tcp, p),
            want,
            "{n}:{p}"
        );
    }
    assert_eq!(
        ingress_opens_port(&v, 8080, Protocol::Tcp, 8443),
        Some(RuleRef::IngressExtra(1))
    );
    assert_eq!(
        ingress_opens_port(&Values::default(), 8080, Protocol::Tcp, 8080),
        None
    );
}

#[test]
fn rule_refs_read_naturally() {
    assert_eq!(RuleRef::EgressExtra(0).to_string(), "egress rule 1");
    assert_eq!(RuleRef::ChartDns.to_string(), "the chart's kube-dns rule");
    assert_eq!(
        RuleRef::IngressExtra(2).values_path(),
        "networkPolicy.ingress.extra[2]"
    );
}
