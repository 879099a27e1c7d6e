//! Scenarios: whole chart values files the way operators write them, each with the exact
//! set of finding codes and severities `check` must report. Quiet scenarios hold the
//! checker to no false alarm.

use periscope_netpol::lint::{values_findings, ChartFlags, Finding, Severity};
use periscope_netpol::model::IpFamily;

use super::cases::values_of;

use Severity::{Error as E, Info as I, Warning as W};

const OKTA: &str = "auth:\n  oidc:\n    issuer: https://acme.okta.com/oauth2/default\n";
const IRSA: &str = "serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/periscope\n";
const EKS: &str = "clusters:\n  - name: prod\n    backend: eks\n    region: eu-west-1\n";
const NGINX: &str = "      - kubernetes.io/metadata.name: ingress-nginx\n";
/// The docs' "all internet HTTPS except RFC1918" rule.
const INTERNET: &str = "      - to:\n          - ipBlock:\n              cidr: 0.0.0.0/0\n              except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]\n        ports:\n          - protocol: TCP\n            port: 443\n";

/// A chart values file: the chart keys, then the networkPolicy block with these
/// fromNamespaces entries and egress rules (YAML list items, indented six spaces).
fn file(chart: &[&str], from_ns: &str, ingress_extra: &str, egress: &[&str]) -> String {
    let list = |items: &str| {
        if items.is_empty() {
            " []\n".to_owned()
        } else {
            format!("\n{items}")
        }
    };
    format!(
        "service:\n  port: 8080\n{}networkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces:{}    extra:{}  egress:\n    extra:{}",
        chart.concat(),
        list(from_ns),
        list(ingress_extra),
        list(&egress.concat()),
    )
}

struct Scenario {
    name: &'static str,
    yaml: String,
    flags: ChartFlags,
    want: Vec<(&'static str, Severity)>,
}

fn s(name: &'static str, yaml: String, want: &[(&'static str, Severity)]) -> Scenario {
    Scenario {
        name,
        yaml,
        flags: ChartFlags::default(),
        want: want.to_vec(),
    }
}

fn with_flags(mut sc: Scenario, edit: impl FnOnce(&mut ChartFlags)) -> Scenario {
    edit(&mut sc.flags);
    sc
}

fn found(sc: &Scenario) -> Vec<Finding> {
    let (values, ctx) = values_of(&sc.yaml, &sc.flags);
    values_findings(&values, &ctx)
}

fn scenarios() -> Vec<Scenario> {
    let issuer = |url: &str| format!("auth:\n  oidc:\n    issuer: {url}\n");
    let keycloak_ns = |port: u16| {
        format!("      - to:\n          - namespaceSelector:\n              matchLabels:\n                kubernetes.io/metadata.name: auth\n        ports:\n          - protocol: TCP\n            port: {port}\n")
    };
    let issuer_cidr = "      - to:\n          - ipBlock:\n              cidr: 198.51.100.0/24\n        ports:\n          - protocol: TCP\n            port: 443\n";
    let pod_identity_agent = "      - to:\n          - ipBlock:\n              cidr: 169.254.170.23/32\n        ports:\n          - protocol: TCP\n            port: 80\n";
    let kc_8080 = issuer("http://keycloak.auth.svc.cluster.local:8080/realms/periscope");
    vec![
        // IRSA, EKS and Okta through all internet HTTPS: the docs' setup, quiet but for
        // the broad rule's info.
        s("irsa-eks-okta-internet", file(&[IRSA, EKS, OKTA], NGINX, "", &[INTERNET]), &[("egress-internet-https", I)]),
        // The same, with the ports written without a protocol (TCP is the default).
        s("rules-without-protocol", file(&[IRSA, EKS, OKTA], NGINX, "", &["      - to:\n          - ipBlock:\n              cidr: 0.0.0.0/0\n              except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]\n        ports:\n          - port: 443\n"]), &[("egress-internet-https", I)]),
        // The IRSA case: egress only to the issuer's CIDR. STS, DescribeCluster
        // and the apiserver are not shown reached, nor is Okta by name.
        s("irsa-eks-only-issuer-cidr", file(&[IRSA, EKS, OKTA], NGINX, "", &[issuer_cidr]), &[
            ("idp-unverified", W),
            ("aws-api-unverified", W),
            ("cluster-unverified", W),
        ]),
        // Pod Identity behind a 443-only policy: the agent's port 80 is closed.
        s("pod-identity-443-only", file(&["podIdentity:\n  enabled: true\n", EKS, OKTA], NGINX, "", &[INTERNET]), &[
            ("pod-identity-blocked", E),
            ("egress-internet-https", I),
        ]),
        s("pod-identity-with-agent-rule", file(&["podIdentity:\n  enabled: true\n", EKS, OKTA], NGINX, "", &[INTERNET, pod_identity_agent]), &[("egress-internet-https", I)]),
        // Neither Pod Identity nor IRSA: the node role through IMDS, which 443 blocks.
        s("node-role-without-imds", file(&[EKS, OKTA], NGINX, "", &[INTERNET]), &[
            ("imds-blocked", E),
            ("egress-internet-https", I),
        ]),
        // Native secrets with 443 open only to one small public CIDR.
        s("native-secrets-small-cidr", file(&[IRSA, "secrets:\n  mode: native\n", OKTA], NGINX, "", &["      - to:\n          - ipBlock:\n              cidr: 52.94.10.0/24\n        ports:\n          - protocol: TCP\n            port: 443\n"]), &[
            ("idp-unverified", W),
            ("aws-api-unverified", W),
            ("secrets-unverified", W),
        ]),
        // Native secrets and nothing on 443 at all: certain.
        s("native-secrets-nothing-on-443", file(&[IRSA, "secrets:\n  mode: native\n", &kc_8080], NGINX, "", &[&keycloak_ns(8080)]), &[
            ("secrets-unreachable", E),
            ("aws-api-unreachable", W),
        ]),
        // The Keycloak case: an http issuer on 8080 and only internet HTTPS.
        s("keycloak-8080-internet-only", file(&[&kc_8080], NGINX, "", &[INTERNET]), &[
            ("idp-unreachable", E),
            ("egress-internet-https", I),
        ]),
        // The only rule for the Keycloak namespace opens 443, the issuer is on 8080.
        s("keycloak-8080-namespace-on-443", file(&[&kc_8080], NGINX, "", &[&keycloak_ns(443)]), &[("idp-unreachable", E)]),
        // Right: the namespace on the issuer's port.
        s("keycloak-8080-namespace-on-8080", file(&[&kc_8080], NGINX, "", &[&keycloak_ns(8080)]), &[]),
        // Namespace and pods, on the port: what an in-cluster IdP needs.
        s("keycloak-namespace-and-pods", file(&[&kc_8080], NGINX, "", &["      - to:\n          - namespaceSelector:\n              matchLabels:\n                kubernetes.io/metadata.name: auth\n            podSelector:\n              matchLabels:\n                app.kubernetes.io/name: keycloak\n        ports:\n          - port: 8080\n"]), &[]),
        // A bare Service name on port 80 (http, no port), the pods opened on 8080: the
        // Service may map 80 to targetPort 8080, which the values cannot show.
        s("keycloak-bare-name-service-port", file(&[&issuer("http://keycloak/realms/periscope")], NGINX, "", &["      - to:\n          - podSelector:\n              matchLabels:\n                app.kubernetes.io/name: keycloak\n        ports:\n          - port: 8080\n"]), &[("idp-unverified", W)]),
        // An in-cluster IdP on its own port, reached through an endPort range.
        s("keycloak-end-port-range", file(&[&issuer("https://keycloak.auth.svc:8443/realms/periscope")], NGINX, "", &["      - to:\n          - namespaceSelector:\n              matchLabels:\n                kubernetes.io/metadata.name: auth\n        ports:\n          - protocol: TCP\n            port: 8000\n            endPort: 8999\n"]), &[("end-port", I)]),
        // A public issuer over plain http on 8080: nothing opens 8080.
        s("http-issuer-8080", file(&[&issuer("http://idp.example.com:8080/")], NGINX, "", &[INTERNET]), &[
            ("idp-unreachable", E),
            ("egress-internet-https", I),
        ]),
        // A public issuer on http's port 80, opened to the internet: reached, but the
        // same rule hands the pod IMDS.
        s("http-issuer-port-80", file(&[&issuer("http://idp.example.com/")], NGINX, "", &["      - to:\n          - ipBlock:\n              cidr: 0.0.0.0/0\n              except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]\n        ports:\n          - port: 443\n          - port: 80\n"]), &[
            ("imds-exposed", W),
            ("egress-internet-https", I),
        ]),
        // One endPort range that covers 443 and the issuer's 8443.
        s("end-port-covers-443", file(&[IRSA, EKS, &issuer("https://idp.example.com:8443/")], NGINX, "", &["      - to:\n          - ipBlock:\n              cidr: 0.0.0.0/0\n              except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]\n        ports:\n          - protocol: TCP\n            port: 443\n            endPort: 8443\n"]), &[
            ("end-port", I),
            ("egress-internet-https", I),
        ]),
        // EKS private endpoint access behind the internet rule's RFC 1918 except.
        with_flags(s("private-eks-endpoint-blocked", file(&[IRSA, EKS, OKTA], NGINX, "", &[INTERNET]), &[
            ("private-endpoint-blocked", W),
            ("egress-internet-https", I),
        ]), |f| f.eks_private_endpoint = true),
        // The VPC's CIDR on 443 allows the private endpoint: quiet.
        with_flags(s("private-eks-endpoint-vpc-cidr", file(&[IRSA, EKS, OKTA], NGINX, "", &[INTERNET, "      - to:\n          - ipBlock:\n              cidr: 10.20.0.0/16\n        ports:\n          - port: 443\n"]), &[("egress-internet-https", I)]), |f| f.eks_private_endpoint = true),
        // NodeLocal DNSCache: the chart's kube-dns rule misses it.
        with_flags(s("nodelocal-dns-blocked", file(&[IRSA, EKS, OKTA], NGINX, "", &[INTERNET]), &[
            ("dns-blocked", E),
            ("egress-internet-https", I),
        ]), |f| f.nodelocal_dns = true),
        with_flags(s("nodelocal-dns-allowed", file(&[IRSA, EKS, OKTA], NGINX, "", &[INTERNET, "      - to:\n          - ipBlock:\n              cidr: 169.254.20.10/32\n        ports:\n          - protocol: UDP\n            port: 53\n          - protocol: TCP\n            port: 53\n"]), &[("egress-internet-https", I)]), |f| f.nodelocal_dns = true),
        // An IPv6 cluster with the IPv4 internet rule: it matches nothing, so nothing
        // public is reached; certain.
        with_flags(s("ipv6-cluster-ipv4-rules", file(&[IRSA, EKS, OKTA], NGINX, "", &[INTERNET]), &[
            ("idp-unreachable", E),
            ("aws-api-unreachable", W),
            ("cluster-unreachable", W),
            ("ip-family-mismatch", W),
        ]), |f| f.ip_family = IpFamily::Ipv6),
        with_flags(s("dual-stack-both-families", file(&[IRSA, EKS, OKTA], NGINX, "", &["      - to:\n          - ipBlock:\n              cidr: 0.0.0.0/0\n              except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]\n          - ipBlock:\n              cidr: '::/0'\n              except: ['fc00::/7', 'fe80::/10']\n        ports:\n          - protocol: TCP\n            port: 443\n"]), &[("egress-internet-https", I)]), |f| f.ip_family = IpFamily::DualStack),
        // An ALB with IP targets admitted by the VPC CIDR on the named port `http`,
        // which is the chart's container port: fine.
        with_flags(s("alb-named-port-http", file(&[IRSA, EKS, OKTA], "", "      - from:\n          - ipBlock:\n              cidr: 10.0.0.0/16\n        ports:\n          - protocol: TCP\n            port: http\n", &[INTERNET]), &[("egress-internet-https", I)]), |f| f.alb_ip_targets = true),
        // The agent tunnel opened by its named port `tunnel`.
        s("agent-named-port-tunnel", file(&["agent:\n  enabled: true\n  listenAddr: ':8443'\n", OKTA], NGINX, "      - from:\n          - ipBlock:\n              cidr: 10.0.0.0/16\n        ports:\n          - port: tunnel\n", &[INTERNET]), &[("egress-internet-https", I)]),
        // A mistyped namespace label key: nothing selects ingress-nginx.
        s("typo-metadata-name", file(&[IRSA, EKS, OKTA], "      - kubernetes.io/metadata-name: ingress-nginx\n", "", &[INTERNET]), &[
            ("label-key-typo", W),
            ("egress-internet-https", I),
        ]),
        // A mistyped pod label key in a DNS rule for coredns pods.
        s("typo-k8s-app", file(&[IRSA, EKS, OKTA], NGINX, "", &[INTERNET, "      - to:\n          - namespaceSelector:\n              matchLabels:\n                kubernetes.io/metadata.name: kube-system\n            podSelector:\n              matchLabels:\n                k8s_app: coredns\n        ports:\n          - protocol: UDP\n            port: 53\n"]), &[
            ("label-key-typo", W),
            ("egress-internet-https", I),
        ]),
        // The in-cluster backend behind the internet rule: the apiserver endpoints are
        // private, and its except blocks them.
        s("in-cluster-backend-internet-only", file(&["clusters:\n  - name: local\n    backend: in-cluster\n", OKTA], NGINX, "", &[INTERNET]), &[
            ("apiserver-unreachable", E),
            ("egress-internet-https", I),
        ]),
        s("in-cluster-backend-endpoints", file(&["clusters:\n  - name: local\n    backend: in-cluster\n", OKTA], NGINX, "", &[INTERNET, "      - to:\n          - ipBlock:\n              cidr: 10.0.12.34/32\n          - ipBlock:\n              cidr: 10.0.45.67/32\n        ports:\n          - port: 443\n"]), &[("egress-internet-https", I)]),
    ]
}

#[test]
fn each_scenario_reports_exactly_its_codes_and_severities() {
    let all = scenarios();
    assert!(all.len() >= 20, "{} scenarios", all.len());
    let mut failures = Vec::new();
    for sc in &all {
        let found = found(sc);
        let mut got: Vec<(&str, Severity)> = found
            .iter()
            .map(|f| (f.code.as_str(), f.severity))
            .collect();
        got.sort();
        got.dedup();
        let mut want = sc.want.clone();
        want.sort();
        if got != want {
            failures.push(format!(
                "{}: want {want:?}\n  got {got:?}\n{found:#?}",
                sc.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The finding of `code` in a scenario's findings.
fn one<'a>(found: &'a [Finding], code: &str) -> &'a Finding {
    found
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {found:#?}"))
}

/// `text` contains every part.
fn has_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} not in {text:?}");
    }
}

#[test]
fn start_up_warnings_name_the_dependency_host_port_and_rules() {
    let all = scenarios();
    let by_name = |n: &str| {
        let sc = all
            .iter()
            .find(|s| s.name == n)
            .unwrap_or_else(|| panic!("{n}"));
        found(sc)
    };
    let irsa = by_name("irsa-eks-only-issuer-cidr");
    let aws = one(&irsa, "aws-api-unverified");
    has_all(
        &aws.title,
        &[
            "sts.eu-west-1.amazonaws.com",
            "eks.eu-west-1.amazonaws.com",
            "TCP 443",
        ],
    );
    has_all(&aws.detail, &["egress rule 1"]);
    has_all(aws.fix.as_deref().unwrap_or_default(), &["VPC"]);
    has_all(
        &one(&irsa, "idp-unverified").title,
        &["acme.okta.com", "TCP 443"],
    );
    has_all(
        &one(&irsa, "cluster-unverified").title,
        &["cluster prod", "TCP 443"],
    );

    let secrets = by_name("native-secrets-small-cidr");
    has_all(
        &one(&secrets, "secrets-unverified").title,
        &["secretsmanager.", "ssm."],
    );

    // The certain error names the issuer's port, and says no rule opens it at all.
    let kc = by_name("keycloak-8080-internet-only");
    let f = one(&kc, "idp-unreachable");
    has_all(&f.title, &["TCP 8080", "keycloak.auth.svc.cluster.local"]);
    has_all(
        &f.detail,
        &["No egress rule opens TCP 8080", "internet rule"],
    );
    // The namespace opened on 443 only: blocked on the issuer's port.
    let on_443 = by_name("keycloak-8080-namespace-on-443");
    has_all(&one(&on_443, "idp-unreachable").title, &["TCP 8080"]);

    let typo = by_name("typo-metadata-name");
    let f = one(&typo, "label-key-typo");
    has_all(
        &f.title,
        &["kubernetes.io/metadata-name", "kubernetes.io/metadata.name"],
    );
    assert_eq!(f.path, "networkPolicy.ingress.fromNamespaces[0]");
}

#[test]
fn one_click_fixes_clear_the_new_findings() {
    use periscope_netpol::remedy::apply_to_values;
    for name in [
        "keycloak-8080-internet-only",
        "http-issuer-8080",
        "typo-metadata-name",
        "typo-k8s-app",
    ] {
        let all = scenarios();
        let sc = all.iter().find(|s| s.name == name).expect("scenario");
        let (values, ctx) = values_of(&sc.yaml, &sc.flags);
        let before = values_findings(&values, &ctx);
        let mut fixed = values.clone();
        for f in before
            .iter()
            .filter(|f| matches!(f.code.as_str(), "idp-unreachable" | "label-key-typo"))
        {
            let remedy = f
                .remedy
                .as_ref()
                .unwrap_or_else(|| panic!("{name}: {} has no remedy", f.code));
            fixed = apply_to_values(&fixed, remedy);
        }
        let after = values_findings(&fixed, &ctx);
        assert!(
            after
                .iter()
                .all(|f| f.severity != Severity::Error && f.code != "label-key-typo"),
            "{name}: {after:#?}"
        );
    }
}
