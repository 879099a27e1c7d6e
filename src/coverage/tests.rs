//! Unit tests of the checklist's wording helpers.

use super::*;

#[test]
fn rules_are_described_with_their_notes() {
    let notes = RuleNotes {
        from_namespaces: vec!["ingress-nginx".into()],
        ingress_extra: vec![],
        egress_extra: vec!["IdP".into(), "DNS".into()],
    };
    let cases = [
        (RuleRef::EgressExtra(1), "egress rule 2: DNS"),
        (RuleRef::EgressExtra(5), "egress rule 6"),
        (
            RuleRef::FromNamespace(0),
            "fromNamespaces entry 1: ingress-nginx",
        ),
        (RuleRef::IngressExtra(0), "ingress rule 1"),
        (RuleRef::ChartDns, "the chart's kube-dns rule"),
    ];
    for (rule, want) in cases {
        assert_eq!(describe(rule, &notes), want);
    }
}

#[test]
fn single_addresses_lose_their_prefix() {
    let cases: [(&[&str], &str); 3] = [
        (&["169.254.170.23/32"], "169.254.170.23"),
        (
            &["10.0.0.0/8", "fd00:ec2::23/128"],
            "10.0.0.0/8, fd00:ec2::23",
        ),
        (&[], ""),
    ];
    for (nets, want) in cases {
        let nets: Vec<IpNet> = nets.iter().filter_map(|n| n.parse().ok()).collect();
        assert_eq!(list(&nets), want);
    }
}
