//! The "What this policy allows" checklist, checked against the generated values: each
//! case edits the docs-minimum Environment and expects one item's status.
#![allow(clippy::field_reassign_with_default)]

mod cases;

use cases::Edit;
use periscope_netpol::analyze;
use periscope_netpol::coverage::{CoverageItem, CoverageStatus};
use periscope_netpol::model::*;

/// The kind of a status.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Covered,
    NotNeeded,
    Missing,
}

fn kind(s: &CoverageStatus) -> (Kind, &str) {
    match s {
        CoverageStatus::Covered { by } => (Kind::Covered, by),
        CoverageStatus::NotNeeded { why } => (Kind::NotNeeded, why),
        CoverageStatus::Missing { why } => (Kind::Missing, why),
    }
}

fn items(edit: impl FnOnce(&mut Environment)) -> Vec<CoverageItem> {
    let mut env = Environment::default();
    env.idp.issuer = "https://acme.okta.com/oauth2/default".into();
    edit(&mut env);
    analyze(&env).coverage
}

pub fn cidrs(s: &str) -> CidrList {
    CidrList::from(s)
}

#[test]
fn statuses_follow_the_values() {
    for (what, edit, feature, want, text, path) in cases::cases() {
        let all = items(edit);
        let item = all
            .iter()
            .find(|i| i.feature == feature)
            .unwrap_or_else(|| panic!("{what}: no item {feature:?} in {all:#?}"));
        let (got, words) = kind(&item.status);
        assert_eq!(got, want, "{what}: {item:#?}");
        assert!(words.contains(text), "{what}: {words:?} lacks {text:?}");
        assert_eq!(item.path, path, "{what}");
    }
}

#[test]
fn targets_name_the_destination() {
    let all = items(|e| e.aws.credentials = Credentials::PodIdentity);
    let target = |f: &str| {
        all.iter()
            .find(|i| i.feature == f)
            .map(|i| i.target.clone())
    };
    assert_eq!(
        target("OIDC discovery").as_deref(),
        Some("acme.okta.com TCP 443")
    );
    assert_eq!(
        target("EKS Pod Identity agent").as_deref(),
        Some("169.254.170.23 TCP 80")
    );
    assert_eq!(
        target("AWS STS / EKS DescribeCluster").as_deref(),
        Some("eks.us-east-1.amazonaws.com TCP 443")
    );
}

#[test]
fn the_docs_table_is_all_there() {
    let all = items(|_| {});
    for feature in [
        "OIDC discovery",
        "AWS STS / EKS DescribeCluster",
        "Secrets Manager / SSM",
        "Cluster prod apiserver",
        "Agent tunnel",
        "DNS",
        "Ingress from ingress-nginx",
        "Watch streams (SSE)",
        "Pod exec",
        "Helm release browser",
        "Fleet endpoint",
        "Audit query",
        "Audit stdout shipping",
    ] {
        assert!(
            all.iter().any(|i| i.feature == feature),
            "missing {feature}"
        );
    }
    // The docs' minimum leaves nothing missing.
    let missing: Vec<_> = all
        .iter()
        .filter(|i| matches!(i.status, CoverageStatus::Missing { .. }))
        .collect();
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn missing_destinations_match_the_findings() {
    // (edit, feature, finding code)
    let cases: Vec<(Edit, &str, &str)> = vec![
        (
            |e| e.egress = EgressPosture::Explicit,
            "OIDC discovery",
            "idp-unreachable",
        ),
        (
            |e| {
                e.clusters = vec![Cluster::InCluster {
                    name: "local".into(),
                    cidrs: cidrs(""),
                    port: PortText::from(443),
                }]
            },
            "Cluster local apiserver",
            "apiserver-unreachable",
        ),
        (
            |e| {
                e.clusters = vec![Cluster::Eks {
                    name: "prod".into(),
                    region: "us-east-1".into(),
                    endpoint: EndpointAccess::Private,
                    cidrs: cidrs(""),
                }]
            },
            "Cluster prod apiserver",
            "private-endpoint-blocked",
        ),
        (
            |e| {
                e.agent.enabled = true;
                e.agent.cidrs = cidrs("nope");
            },
            "Agent tunnel",
            "agent-port-closed",
        ),
    ];
    for (edit, feature, code) in cases {
        let mut env = Environment::default();
        edit(&mut env);
        let a = analyze(&env);
        let item = a
            .coverage
            .iter()
            .find(|i| i.feature == feature)
            .expect(feature);
        assert!(
            matches!(item.status, CoverageStatus::Missing { .. }),
            "{item:#?}"
        );
        let f = a
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{code}: {:#?}", a.findings));
        assert_eq!(
            f.path, item.path,
            "{code} and {feature} point at the same field"
        );
    }
}
