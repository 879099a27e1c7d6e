//! The checker with published ranges loaded: a need whose home a file gives is allowed
//! when the rules allow every prefix of it, unknown (`ranges-partial`) when only some,
//! blocked when none, in a values file and in an Environment alike; the diagram and the
//! what-if tester say the same.

use std::collections::BTreeSet;
use std::sync::Arc;

use ipnet::IpNet;
use periscope_netpol::analysis::{analyze, analyze_with};
use periscope_netpol::check::{check, CheckInput};
use periscope_netpol::diagram::{diagram_with, NodeVerdict};
use periscope_netpol::explain::{parse_egress, Explainer};
use periscope_netpol::import::parse_env;
use periscope_netpol::lint::{ChartFlags, Finding};
use periscope_netpol::model::{Environment, Publisher, RangesNote};
use periscope_netpol::ranges::{read_aws, read_okta, AwsRanges, Published};

use super::{fixture, OKTA};

fn aws() -> AwsRanges {
    read_aws(&fixture()).expect("aws fixture")
}

fn published(okta_cells: &[&str]) -> Published {
    let okta = std::fs::read_to_string(super::common::root().join(OKTA)).expect("okta");
    Published {
        aws: Some(Arc::new(aws())),
        okta: Some(Arc::new(read_okta(&okta).expect("okta fixture"))),
        okta_cells: okta_cells.iter().map(|c| (*c).to_owned()).collect(),
    }
}

/// The published prefixes of a region and service of one family, unique, as the test
/// reads them from the fixture.
fn home(region: &str, service: &str, v6: bool) -> Vec<IpNet> {
    aws()
        .prefixes
        .iter()
        .filter(|p| p.region == region && p.service == service)
        .map(|p| p.net)
        .filter(|n| matches!(n, IpNet::V6(_)) == v6)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn list(nets: &[IpNet]) -> String {
    nets.iter()
        .map(|n| format!("{{ipBlock: {{cidr: '{n}'}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `check` of an IRSA values file whose one egress rule reaches `nets` on TCP 443.
fn check_irsa(nets: &[IpNet], extra: &str, region: &str, published: Published) -> Vec<Finding> {
    let text = format!(
        "serviceAccount: {{annotations: {{eks.amazonaws.com/role-arn: 'arn:aws:iam::1:role/p'}}}}\n{extra}networkPolicy:\n  enabled: true\n  ingress: {{fromNamespaces: [{{kubernetes.io/metadata.name: ingress}}]}}\n  egress:\n    extra:\n      - to: [{}]\n        ports: [{{protocol: TCP, port: 443}}]\n",
        list(nets)
    );
    let r = check(&CheckInput {
        text,
        flags: ChartFlags::default(),
        published,
        aws_region: region.to_owned(),
        ..CheckInput::default()
    });
    assert!(r.error.is_none(), "{:?}", r.error);
    r.findings
}

/// Whether a finding of `code` points at `path`.
fn has(findings: &[Finding], code: &str, path: &str) -> bool {
    findings.iter().any(|f| f.code == code && f.path == path)
}

fn with<'a>(findings: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

#[test]
fn a_values_file_is_judged_by_how_much_of_the_region_it_allows() {
    let amazon = home("eu-west-1", "AMAZON", false);
    let n = amazon.len();
    assert!(n >= 3, "the fixture needs a few prefixes");
    let date = aws().create_date;
    // Every prefix: allowed, and said so with the file's date.
    let f = check_irsa(&amazon, "", "eu-west-1", published(&[]));
    let verified = with(&f, "ranges-verified");
    assert_eq!(verified.len(), 1, "{f:#?}");
    assert!(verified[0]
        .title
        .contains(&format!("all {n} of its prefixes")));
    assert!(verified[0].title.contains(&date), "{}", verified[0].title);
    assert!(
        with(&f, "aws-api-unverified").is_empty() && with(&f, "aws-api-unreachable").is_empty()
    );
    // One prefix: unknown, the missing ones named.
    let f = check_irsa(&amazon[..1], "", "eu-west-1", published(&[]));
    let partial = with(&f, "ranges-partial");
    assert_eq!(partial.len(), 1, "{f:#?}");
    assert!(partial[0]
        .title
        .contains(&format!("only 1 of its {n} prefixes")));
    for missing in amazon.iter().skip(1).take(3) {
        assert!(
            partial[0].detail.contains(&missing.to_string()),
            "{missing}: {}",
            partial[0].detail
        );
    }
    assert!(!partial[0].detail.contains(&format!("{},", amazon[0])));
    assert!(with(&f, "aws-api-unverified").is_empty());
    // Without the file the same values are only "unverified".
    let f = check_irsa(&amazon[..1], "", "eu-west-1", Published::default());
    assert_eq!(with(&f, "aws-api-unverified").len(), 1, "{f:#?}");
    assert!(with(&f, "ranges-partial").is_empty());
    // None of them (a public range elsewhere): unreachable, with the count.
    let elsewhere: IpNet = "8.8.8.0/24".parse().unwrap();
    assert!(!amazon
        .iter()
        .any(|h| h.contains(&elsewhere) || elsewhere.contains(h)));
    let f = check_irsa(&[elsewhere], "", "eu-west-1", published(&[]));
    let blocked = with(&f, "aws-api-unreachable");
    assert_eq!(blocked.len(), 1, "{f:#?}");
    assert!(
        blocked[0]
            .detail
            .contains(&format!("none of its {n} prefixes")),
        "{}",
        blocked[0].detail
    );
}

#[test]
fn the_region_comes_from_the_flag_or_the_clusters_else_the_finding_asks_for_it() {
    let amazon = home("eu-west-1", "AMAZON", false);
    // No region anywhere: still unverified, and the finding says how to give one.
    let f = check_irsa(&amazon, "", "", published(&[]));
    let u = with(&f, "aws-api-unverified");
    assert_eq!(u.len(), 1, "{f:#?}");
    assert!(u[0].detail.contains("--aws-region"), "{}", u[0].detail);
    // A cluster's region stands in for the flag.
    let clusters = "clusters: [{name: prod, backend: eks, region: eu-west-1}]\n";
    let f = check_irsa(&amazon, clusters, "", published(&[]));
    assert_eq!(
        with(&f, "ranges-verified")
            .iter()
            .filter(|f| f.path == "networkPolicy.egress.extra")
            .count(),
        1,
        "{f:#?}"
    );
    // A region the file has nothing for: unverified, saying so.
    let f = check_irsa(&amazon, "", "ap-south-2", published(&[]));
    let u = with(&f, "aws-api-unverified");
    assert_eq!(u.len(), 1, "{f:#?}");
    assert!(
        u[0].detail.contains("no AMAZON prefix") && u[0].detail.contains("ap-south-2"),
        "{}",
        u[0].detail
    );
}

#[test]
fn public_eks_endpoints_and_okta_issuers_have_homes_too() {
    let ec2 = home("eu-west-1", "EC2", false);
    let clusters = "clusters: [{name: prod, backend: eks, region: eu-west-1}]\n";
    let f = check_irsa(&ec2, clusters, "", published(&[]));
    assert!(
        with(&f, "ranges-verified")
            .iter()
            .any(|f| f.path == "clusters[0].backend"),
        "{f:#?}"
    );
    // An Okta issuer: the cells given, or every cell.
    let okta = published(&["us_cell_1"]);
    let cell: Vec<IpNet> = okta
        .okta
        .as_ref()
        .unwrap()
        .select(&["us_cell_1"])
        .unwrap()
        .nets;
    let cell_v4: Vec<IpNet> = cell
        .iter()
        .copied()
        .filter(|n| matches!(n, IpNet::V4(_)))
        .collect();
    let issuer = "auth: {oidc: {issuer: 'https://acme.okta.com/oauth2/default'}}\n";
    let f = check_irsa(&cell_v4, issuer, "", okta);
    assert!(
        with(&f, "ranges-verified")
            .iter()
            .any(|f| f.path == "auth.oidc.issuer"),
        "{f:#?}"
    );
    let f = check_irsa(&cell_v4, issuer, "", published(&[]));
    assert!(
        with(&f, "ranges-partial")
            .iter()
            .any(|f| f.path == "auth.oidc.issuer"),
        "{f:#?}"
    );
    // A custom domain is not known to be Okta's.
    let custom = "auth: {oidc: {issuer: 'https://login.acme.example'}}\n";
    let f = check_irsa(&cell_v4, custom, "", published(&[]));
    assert!(
        !f.iter()
            .any(|f| f.path == "auth.oidc.issuer" && f.code.as_str().starts_with("ranges-")),
        "{f:#?}"
    );
    assert_eq!(with(&f, "idp-unverified").len(), 1, "{f:#?}");
}

fn env(api_cidrs: &[IpNet], family: &str) -> Environment {
    let cidrs = api_cidrs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    parse_env(&format!(
        "egress: {{kind: explicit}}\nipFamily: {family}\nclusters: []\naws: {{region: eu-west-1, apiCidrs: '{cidrs}'}}\n"
    ))
    .expect("env")
}

fn aws_node(
    env: &Environment,
    published: &Published,
) -> (Option<NodeVerdict>, Option<&'static str>) {
    let d = diagram_with(env, &Default::default(), published);
    let node = d.egress.iter().find(|n| n.id == "aws").expect("aws node");
    (node.verdict, node.finding)
}

#[test]
fn an_environment_list_is_compared_not_trusted_and_every_view_agrees() {
    let amazon = home("eu-west-1", "AMAZON", false);
    let p = published(&[]);
    let sts = parse_egress("sts.eu-west-1.amazonaws.com:443").expect("question");
    // A hand-typed partial list: trusted without the file, partial with it.
    let partial = env(&amazon[..1], "ipv4");
    assert!(analyze(&partial)
        .findings
        .iter()
        .all(|f| f.path != "aws.apiCidrs"));
    let a = analyze_with(&partial, &p);
    assert_eq!(
        with(&a.findings, "ranges-partial")
            .iter()
            .filter(|f| f.path == "aws.apiCidrs")
            .count(),
        1,
        "{:#?}",
        a.findings
    );
    assert_eq!(
        aws_node(&partial, &p),
        (Some(NodeVerdict::Unverified), Some("ranges-partial"))
    );
    let sts_verdict = |e: &Environment| {
        Explainer::from_environment_with(e, &p)
            .explain(&sts)
            .answer
            .verdict()
    };
    assert_eq!(sts_verdict(&partial), "unresolved");
    assert_eq!(
        Explainer::from_environment(&partial)
            .explain(&sts)
            .answer
            .verdict(),
        "allowed"
    );
    // The whole list: verified, allowed everywhere.
    let whole = env(&amazon, "ipv4");
    let a = analyze_with(&whole, &p);
    assert!(
        has(&a.findings, "ranges-verified", "aws.apiCidrs"),
        "{:#?}",
        a.findings
    );
    assert_eq!(aws_node(&whole, &p).0, Some(NodeVerdict::Allowed));
    assert_eq!(sts_verdict(&whole), "allowed");
    // A list beside the region: blocked everywhere.
    let wrong = env(&["8.8.8.0/24".parse().unwrap()], "ipv4");
    let a = analyze_with(&wrong, &p);
    assert!(
        has(&a.findings, "aws-api-unreachable", "aws.apiCidrs"),
        "{:#?}",
        a.findings
    );
    assert_eq!(
        aws_node(&wrong, &p),
        (Some(NodeVerdict::Blocked), Some("aws-api-unreachable"))
    );
    assert_eq!(sts_verdict(&wrong), "denied");
}

#[test]
fn only_the_pods_ip_families_count() {
    let v4 = home("eu-west-1", "AMAZON", false);
    let v6 = home("eu-west-1", "AMAZON", true);
    assert!(!v6.is_empty(), "the fixture needs IPv6 prefixes");
    let p = published(&[]);
    let codes = |e: &Environment| {
        analyze_with(e, &p)
            .findings
            .into_iter()
            .filter(|f| f.path == "aws.apiCidrs")
            .collect::<Vec<_>>()
    };
    // IPv4 pods: the IPv4 prefixes are the whole home.
    let f = codes(&env(&v4, "ipv4"));
    assert!(
        with(&f, "ranges-verified")[0]
            .title
            .contains(&format!("all {} of", v4.len())),
        "{f:#?}"
    );
    // Dual-stack pods: the IPv6 prefixes are missing.
    let f = codes(&env(&v4, "dual-stack"));
    let partial = with(&f, "ranges-partial");
    assert_eq!(partial.len(), 1, "{f:#?}");
    assert!(partial[0].title.contains(&format!(
        "only {} of its {}",
        v4.len(),
        v4.len() + v6.len()
    )));
    assert!(
        partial[0].detail.contains(&v6[0].to_string()),
        "{}",
        partial[0].detail
    );
    // IPv6 pods: only the IPv6 prefixes count.
    let f = codes(&env(&v6, "ipv6"));
    assert!(
        with(&f, "ranges-verified")[0]
            .title
            .contains(&format!("all {} of", v6.len())),
        "{f:#?}"
    );
}

#[test]
fn a_filled_field_says_where_its_list_came_from_in_one_comment_line() {
    let amazon = home("eu-west-1", "AMAZON", false);
    let plain = env(&amazon, "ipv4");
    let mut noted = plain.clone();
    noted.ranges.push(RangesNote {
        field: "aws.apiCidrs".into(),
        publisher: Publisher::Aws,
        create_date: aws().create_date,
        sync_token: aws().sync_token,
        selection: "AMAZON in eu-west-1\nnetworkPolicy: {enabled: false}".into(),
        published: amazon.len(),
        aggregated: 2,
    });
    let (a, b) = (analyze(&plain), analyze(&noted));
    assert_eq!(a.values, b.values);
    assert_eq!(a.manifest_yaml, b.manifest_yaml);
    // The same lines, one of them longer; and it reads back as the same values.
    assert_eq!(a.values_yaml.lines().count(), b.values_yaml.lines().count());
    let line = b
        .values_yaml
        .lines()
        .find(|l| l.contains("CIDRs from AWS ip-ranges.json"))
        .expect("the comment");
    assert!(line.trim_start().starts_with('#'), "{line}");
    assert!(
        line.contains(&aws().create_date)
            && line.contains(&format!("{} prefixes aggregated to 2", amazon.len())),
        "{line}"
    );
    let back: serde_yaml::Value = serde_yaml::from_str(&b.values_yaml).unwrap();
    let plain_back: serde_yaml::Value = serde_yaml::from_str(&a.values_yaml).unwrap();
    assert_eq!(back, plain_back);
}

#[test]
fn the_checkers_credentials_override_is_placed_too() {
    let amazon = home("eu-west-1", "AMAZON", false);
    // No IRSA annotation in the file: nothing calls STS until the override says IRSA.
    let text = format!(
        "networkPolicy:\n  enabled: true\n  ingress: {{fromNamespaces: [{{kubernetes.io/metadata.name: ingress}}]}}\n  egress:\n    extra:\n      - to: [{}]\n        ports: [{{protocol: TCP, port: 443}}]\n",
        list(&amazon[..1])
    );
    let input = |credentials| CheckInput {
        text: text.clone(),
        credentials,
        published: published(&[]),
        aws_region: "eu-west-1".into(),
        ..CheckInput::default()
    };
    let quiet = check(&input(None)).findings;
    assert!(with(&quiet, "ranges-partial").is_empty(), "{quiet:#?}");
    let irsa = check(&input(Some(periscope_netpol::model::Credentials::Irsa))).findings;
    let partial = with(&irsa, "ranges-partial");
    assert_eq!(partial.len(), 1, "{irsa:#?}");
    assert!(
        partial[0]
            .title
            .starts_with("STS eu-west-1 lies in AMAZON eu-west-1"),
        "{}",
        partial[0].title
    );
}
