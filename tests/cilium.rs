//! The companion CiliumNetworkPolicy: for every preset with Cilium on, the policy parses
//! back, validates, carries exactly the names the Environment needs (derived here from
//! the Environment's facts, not from the output), the values lose their internet-wide
//! rule, and the checker counts the names as reached.

use std::collections::BTreeSet;
use std::net::IpAddr;

use periscope_netpol::cilium::{self, CiliumPolicy, FqdnSelector};
use periscope_netpol::lint::{Context, Dest, Verdict};
use periscope_netpol::model::*;
use periscope_netpol::presets::PRESETS;
use periscope_netpol::reach::RuleRef;
use periscope_netpol::{analyze, builder, import, share};

fn with_cilium(mut env: Environment) -> Environment {
    env.cni = Cni::Cilium;
    env
}

/// `(host, port)` of an `http(s)://host[:port]/...` URL.
fn host_port(url: &str) -> Option<(String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split('/').next()?;
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (authority, if scheme == "http" { 80 } else { 443 }),
    };
    Some((host.to_ascii_lowercase(), port))
}

/// A name resolved by public DNS: not an address, not a cluster Service, not a private
/// zone.
fn public_name(host: &str) -> bool {
    host.parse::<IpAddr>().is_err()
        && host.contains('.')
        && ![".svc", ".local", ".internal", ".lan", ".home.arpa"]
            .iter()
            .any(|s| host.ends_with(s) || host.contains(".svc."))
}

/// What the pod looks up directly, per facts §2: the issuer, STS for IRSA, Secrets
/// Manager and SSM for native secrets, EKS's API per cluster region, public EKS
/// endpoints by pattern, kubeconfig servers; none when a proxy carries public traffic.
fn expected(env: &Environment) -> BTreeSet<(String, u16)> {
    let mut out = BTreeSet::new();
    if matches!(env.egress, EgressPosture::Proxy { .. }) {
        return out;
    }
    if !matches!(env.idp.reach, IdpReach::InCluster { .. }) {
        if let Some((host, port)) = host_port(&env.idp.issuer).filter(|(h, _)| public_name(h)) {
            out.insert((host, port));
        }
    }
    let region = &env.aws.region;
    if env.aws.credentials == Credentials::Irsa {
        out.insert((format!("sts.{region}.amazonaws.com"), 443));
    }
    if env.secrets_mode == SecretsMode::Native {
        out.insert((format!("secretsmanager.{region}.amazonaws.com"), 443));
        out.insert((format!("ssm.{region}.amazonaws.com"), 443));
    }
    for c in &env.clusters {
        match c {
            Cluster::Eks {
                region, endpoint, ..
            } => {
                out.insert((format!("eks.{region}.amazonaws.com"), 443));
                if *endpoint == EndpointAccess::Public {
                    out.insert((format!("*.*.{region}.eks.amazonaws.com"), 443));
                }
            }
            Cluster::Kubeconfig { server, port, .. } => {
                if let Some((host, _)) = host_port(server).filter(|(h, _)| public_name(h)) {
                    out.insert((host, port.number().unwrap_or(443)));
                }
            }
            _ => {}
        }
    }
    out
}

/// `(selector text, port)` of every toFQDNs entry, and whether any repeats.
fn carried(p: &CiliumPolicy) -> (BTreeSet<(String, u16)>, bool) {
    let mut out = BTreeSet::new();
    let mut repeated = false;
    for rule in p.spec.egress.iter().filter(|r| !r.to_fqdns.is_empty()) {
        for s in &rule.to_fqdns {
            let text = s
                .match_name
                .clone()
                .or_else(|| s.match_pattern.clone())
                .unwrap_or_default();
            for pr in &rule.to_ports {
                for port in &pr.ports {
                    assert_eq!(port.protocol, "TCP");
                    repeated |= !out.insert((text.clone(), port.port.parse().expect("port")));
                }
            }
        }
    }
    (out, repeated)
}

/// Every preset, as given and with the internet-HTTPS posture (dual-stack), Cilium on.
fn cases() -> Vec<(String, Environment)> {
    let mut out = Vec::new();
    for p in PRESETS {
        let env = with_cilium((p.build)());
        let mut internet = env.clone();
        if !matches!(internet.egress, EgressPosture::Proxy { .. }) {
            internet.egress = EgressPosture::InternetHttps;
            internet.ip_family = IpFamily::DualStack;
            out.push((format!("{} (internet-https, dual-stack)", p.id), internet));
        }
        out.push((p.id.to_owned(), env));
    }
    out
}

const UNREACHABLE: [&str; 5] = [
    "idp-unreachable",
    "aws-api-unreachable",
    "cluster-unreachable",
    "secrets-unreachable",
    "private-endpoint-blocked",
];

#[test]
fn every_preset_with_cilium() {
    for (id, env) in cases() {
        let a = analyze(&env);
        let yaml = a
            .cilium_yaml
            .as_deref()
            .unwrap_or_else(|| panic!("{id}: no policy"));
        let back: CiliumPolicy =
            serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{id}: {e}\n{yaml}"));
        assert_eq!(back, cilium::policy(&env), "{id}");
        assert_eq!(cilium::validate(&back), vec![], "{id}");
        let (names, repeated) = carried(&back);
        assert!(!repeated, "{id}: a name twice\n{yaml}");
        assert_eq!(names, expected(&env), "{id}\n{yaml}");
        for wide in ["0.0.0.0/0", "::/0"] {
            assert!(
                !a.values_yaml.contains(wide),
                "{id}: {wide} in\n{}",
                a.values_yaml
            );
        }
        assert!(a.findings.iter().any(|f| f.code == "cilium-union"), "{id}");
        assert!(
            !a.findings.iter().any(|f| f.code == "cilium-invalid"),
            "{id}"
        );
        let bad: Vec<_> = a
            .findings
            .iter()
            .filter(|f| UNREACHABLE.contains(&f.code.as_str()))
            .collect();
        assert!(bad.is_empty(), "{id}: {bad:#?}");
    }
}

/// Without Cilium the same explicit Environments without CIDRs are unreachable: the
/// test above does not pass for want of checks.
#[test]
fn the_names_are_what_makes_them_reachable() {
    let mut env = periscope_netpol::presets::docs_minimum();
    env.egress = EgressPosture::Explicit;
    env.idp.issuer = "https://acme.okta.com/oauth2/default".into();
    let generic = analyze(&env);
    for code in [
        "idp-unreachable",
        "aws-api-unreachable",
        "cluster-unreachable",
    ] {
        assert!(generic.findings.iter().any(|f| f.code == code), "{code}");
    }
    assert_eq!(generic.cilium_yaml, None);
    let cilium_on = analyze(&with_cilium(env));
    assert!(
        !cilium_on
            .findings
            .iter()
            .any(|f| UNREACHABLE.contains(&f.code.as_str())),
        "{:#?}",
        cilium_on.findings
    );
    assert!(cilium_on
        .coverage
        .iter()
        .any(|c| format!("{c:?}").contains("the CiliumNetworkPolicy's toFQDNs rule")));
}

/// The verdict reads the policy: take a name out and it is blocked again.
#[test]
fn the_verdict_reads_the_policy() {
    let mut env = with_cilium(periscope_netpol::presets::docs_minimum());
    env.idp.issuer = "https://acme.okta.com/oauth2/default".into();
    let built = builder::build(&env);
    let mut ctx = Context::from_environment(&env, &built);
    assert_eq!(
        ctx.idp,
        Dest::Named {
            names: vec!["acme.okta.com".into()],
            port: 443
        }
    );
    let allowed = Verdict::Allowed {
        rule: RuleRef::CiliumFqdn,
        via_proxy: false,
    };
    assert_eq!(ctx.verdict(&built.values, &ctx.idp), allowed);
    assert_eq!(
        RuleRef::CiliumFqdn.to_string(),
        "the CiliumNetworkPolicy's toFQDNs rule"
    );
    if let Some(p) = ctx.companion.as_mut() {
        for r in &mut p.spec.egress {
            r.to_fqdns
                .retain(|s| s.match_name.as_deref() != Some("acme.okta.com"));
        }
    }
    assert_eq!(ctx.verdict(&built.values, &ctx.idp), Verdict::Blocked);
}

#[test]
fn eks_endpoint_pattern_matches_real_endpoint_names() {
    let env = with_cilium(periscope_netpol::presets::multi_cluster_agents());
    let p = cilium::policy(&env);
    let pattern = FqdnSelector::pattern("*.*.us-east-1.eks.amazonaws.com");
    assert!(p.spec.egress.iter().any(|r| r.to_fqdns.contains(&pattern)));
    for (name, want) in [
        (
            "ABCDEF0123456789ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com",
            true,
        ),
        (
            "0f1e2d3c4b5a69788796a5b4c3d2e1f0.yl4.us-east-1.eks.amazonaws.com",
            true,
        ),
        (
            "ABCDEF0123456789ABCDEF0123456789.sk1.us-east-1.eks.amazonaws.com.",
            true,
        ),
        (
            "ABCDEF0123456789ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com",
            false,
        ),
        ("gr7.us-east-1.eks.amazonaws.com", false),
        ("a.b.c.us-east-1.eks.amazonaws.com", false),
    ] {
        assert_eq!(cilium::matches(&pattern, name), want, "{name}");
        assert_eq!(cilium::allows(&p, name, 443), want, "{name}");
    }
    // The regional EKS API is its own matchName, not the endpoints' pattern.
    assert!(!cilium::matches(&pattern, "eks.us-east-1.amazonaws.com"));
    assert!(cilium::allows(&p, "eks.us-east-1.amazonaws.com", 443));
}

#[test]
fn missing_names_are_named() {
    let mut env = with_cilium(periscope_netpol::presets::multi_cluster_agents());
    env.aws.region = String::new();
    env.idp.issuer = "https://acme okta.com/oauth2".into();
    if let Some(Cluster::Eks { region, .. }) = env.clusters.first_mut() {
        region.clear();
    }
    let a = analyze(&env);
    let missing: BTreeSet<&str> = a
        .findings
        .iter()
        .filter(|f| f.code == "cilium-name-missing")
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        missing,
        BTreeSet::from(["aws.region", "clusters[0].region", "idp.issuer"])
    );
    // Still a valid policy, with what could be named.
    assert!(!a.findings.iter().any(|f| f.code == "cilium-invalid"));
}

#[test]
fn generic_keeps_the_internet_rule_and_no_policy() {
    let a = analyze(&periscope_netpol::presets::docs_minimum());
    assert!(a.values_yaml.contains("0.0.0.0/0"));
    assert_eq!(a.cilium_yaml, None);
    assert!(!a
        .findings
        .iter()
        .any(|f| f.code.as_str().starts_with("cilium-")));
}

#[test]
fn share_links_and_files_keep_the_setting() {
    let env = with_cilium(periscope_netpol::presets::multi_cluster_agents());
    assert_eq!(share::decode(&share::encode(&env)), Ok(env.clone()));
    let text = serde_yaml::to_string(&env).expect("yaml");
    assert!(text.contains("cni: cilium"), "{text}");
    assert_eq!(import::parse_env(&text).expect("parse"), env);
    assert_eq!(
        import::parse_env("cni: cilium\n").expect("parse").cni,
        Cni::Cilium
    );
    // A v1 link from before the setting opens as Generic.
    let golden = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/share-links.txt"
    ))
    .expect("links");
    let link = golden
        .lines()
        .find_map(|l| l.strip_prefix("multi-cluster-agents "))
        .expect("a multi-cluster-agents link");
    let old = share::decode(link).expect("decodes");
    assert_eq!(old.cni, Cni::Generic);
    assert_eq!(old, periscope_netpol::presets::multi_cluster_agents());
}

#[test]
fn cli_render_cilium() {
    let dir = std::env::temp_dir().join(format!("pnp-cilium-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("env.yaml");
    std::fs::write(
        &file,
        "idp:\n  issuer: https://acme.okta.com/oauth2/default\n",
    )
    .expect("write");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = [
        "render".to_owned(),
        "--cilium".to_owned(),
        file.display().to_string(),
    ];
    let code = periscope_netpol::cli::run(&args, &mut out, &mut err);
    let out = String::from_utf8(out).expect("utf-8");
    let err = String::from_utf8(err).expect("utf-8");
    assert_eq!(code, periscope_netpol::cli::exit::OK, "{err}");
    let p: CiliumPolicy = serde_yaml::from_str(&out).expect("a policy");
    assert!(cilium::allows(&p, "acme.okta.com", 443));
    assert!(err.contains("[cilium-union]"), "{err}");
    let (mut out2, mut err2) = (Vec::new(), Vec::new());
    let bad = [
        "render".to_owned(),
        "--cilium".to_owned(),
        "--manifest".to_owned(),
        file.display().to_string(),
    ];
    assert_eq!(
        periscope_netpol::cli::run(&bad, &mut out2, &mut err2),
        periscope_netpol::cli::exit::USAGE
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The diagram and the what-if tester read the same verdict as the findings.
#[test]
fn diagram_and_explain_agree() {
    use periscope_netpol::diagram::{diagram, NodeVerdict};
    use periscope_netpol::explain::{parse_egress, Explainer};
    let env = with_cilium(periscope_netpol::presets::multi_cluster_agents());
    let d = diagram(&env, &BTreeSet::new());
    let path = RuleRef::CiliumFqdn.values_path();
    for id in ["idp", "aws", "cluster-0"] {
        let node = d
            .nodes()
            .find(|n| n.id == id)
            .unwrap_or_else(|| panic!("no node {id}"));
        assert_eq!(node.verdict, Some(NodeVerdict::Allowed), "{node:?}");
        assert_eq!(node.rule.as_deref(), Some(path.as_str()), "{node:?}");
    }
    let x = Explainer::from_environment(&env);
    let asked = x.explain(&parse_egress("login.example.com:443").expect("question"));
    assert_eq!(asked.answer.rule(), Some(RuleRef::CiliumFqdn), "{asked:?}");
    let other_port = x.explain(&parse_egress("login.example.com:8443").expect("question"));
    assert_eq!(other_port.answer.verdict(), "denied", "{other_port:?}");
}

/// Cilium's own field names and types, read from the YAML as plain data (a wrong serde
/// rename would still parse back into our structs).
#[test]
fn field_names_are_ciliums() {
    use serde_yaml::Value;
    let env = with_cilium(periscope_netpol::presets::multi_cluster_agents());
    let yaml = analyze(&env).cilium_yaml.expect("policy");
    let doc: Value = serde_yaml::from_str(&yaml).expect("yaml");
    let at = |path: &[&str]| -> Value {
        path.iter()
            .try_fold(doc.clone(), |v, k| match k.parse::<usize>() {
                Ok(i) => v.get(i).cloned(),
                Err(_) => v.get(*k).cloned(),
            })
            .unwrap_or_else(|| panic!("no {path:?} in\n{yaml}"))
    };
    let text = |path: &[&str]| {
        at(path)
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("{path:?} is not a string"))
    };
    assert_eq!(text(&["apiVersion"]), "cilium.io/v2");
    assert_eq!(text(&["kind"]), "CiliumNetworkPolicy");
    assert_eq!(text(&["metadata", "name"]), "periscope-fqdn");
    assert_eq!(text(&["metadata", "namespace"]), "periscope");
    assert_eq!(
        text(&[
            "spec",
            "endpointSelector",
            "matchLabels",
            "app.kubernetes.io/name"
        ]),
        "periscope"
    );
    assert_eq!(
        text(&[
            "spec",
            "egress",
            "0",
            "toEndpoints",
            "0",
            "matchLabels",
            "k8s:io.kubernetes.pod.namespace"
        ]),
        "kube-system"
    );
    // Ports are strings; protocols spelled as Cilium does.
    assert_eq!(
        text(&["spec", "egress", "0", "toPorts", "0", "ports", "0", "port"]),
        "53"
    );
    assert_eq!(
        text(&["spec", "egress", "0", "toPorts", "0", "ports", "0", "protocol"]),
        "UDP"
    );
    assert_eq!(
        text(&[
            "spec",
            "egress",
            "0",
            "toPorts",
            "0",
            "rules",
            "dns",
            "0",
            "matchPattern"
        ]),
        "*"
    );
    assert!(at(&["spec", "egress", "1", "toFQDNs"])
        .as_sequence()
        .is_some_and(|s| !s.is_empty()));
    assert_eq!(
        text(&["spec", "egress", "1", "toPorts", "0", "ports", "0", "port"]),
        "443"
    );
    assert!(
        doc.get("spec").and_then(|s| s.get("ingress")).is_none(),
        "no ingress section"
    );
    // NodeLocal DNSCache by address.
    let mut nodelocal = env.clone();
    nodelocal.dns = Dns::NodeLocal;
    let p = cilium::policy(&nodelocal);
    assert_eq!(
        p.spec.egress.first().map(|r| r.to_cidr.clone()),
        Some(vec!["169.254.20.10/32".to_owned()])
    );
}
