//! `periscope-netpol check` on a whole chart values file: the context it infers from the
//! rest of the file, the flags for what it cannot infer, the formats and the exit codes.

mod common;

const FULL: &str = "tests/fixtures/chart-values-full.yaml";

fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    common::run_cli(args, stdin.unwrap_or_default().as_bytes())
}

fn full() -> String {
    std::fs::read_to_string(common::root().join(FULL)).expect("fixture")
}

/// The fixture with one exact piece of text replaced (which must be there).
fn edited(from: &str, to: &str) -> String {
    let text = full();
    assert!(text.contains(from), "fixture lacks {from:?}");
    text.replacen(from, to, 1)
}

/// `check --format json` on a text, as (code, severity, path) triples, and the exit code.
fn json_codes(text: &str, flags: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(flags);
    args.push("-");
    let (code, out, err) = run(&args, Some(text));
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    assert_eq!(doc["version"], 1, "{out}");
    assert_eq!(doc["exitCode"].as_i64(), Some(i64::from(code)), "{out}");
    let list = doc["findings"]
        .as_sequence()
        .unwrap_or_else(|| panic!("no findings array: {out}"));
    let field = |f: &serde_yaml::Value, k: &str| f[k].as_str().unwrap_or_default().to_owned();
    let triples = list
        .iter()
        .map(|f| {
            for key in ["code", "severity", "path", "message", "detail"] {
                assert!(f[key].is_string(), "{key} missing in {f:?}");
            }
            (field(f, "code"), field(f, "severity"), field(f, "path"))
        })
        .collect();
    (code, triples)
}

#[test]
fn the_full_fixture_is_clean() {
    let (code, out, err) = run(&["check", FULL], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("[egress-internet-https]"), "{out}");
    assert!(
        out.ends_with(&format!("{FULL}: 0 error(s), 0 warning(s), 1 info\n")),
        "{out}"
    );
    let (code, _, _) = run(&["check", "--strict", FULL], None);
    assert_eq!(code, 0);
}

/// (what, edited file, flags, code that must appear, its path, exit code)
type Case = (
    &'static str,
    String,
    Vec<&'static str>,
    &'static str,
    &'static str,
    i32,
);

#[test]
fn context_comes_from_the_rest_of_the_file() {
    let cases: Vec<Case> = vec![
        ("pod identity", edited("podIdentity:\n  enabled: false", "podIdentity:\n  enabled: true"), vec![], "pod-identity-blocked", "podIdentity.enabled", 1),
        ("no IRSA annotation: node role", edited("    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/periscope-dashboard\n", "    team: dashboards\n"), vec![], "imds-blocked", "podIdentity.enabled", 1),
        ("agent listenAddr moved", edited("listenAddr: \":8443\"", "listenAddr: \"0.0.0.0:9443\""), vec![], "agent-port-closed", "agent.listenAddr", 1),
        ("native secrets without any 443", edited("            port: 443\n", "            port: 8443\n").replace("mode: kubernetes", "mode: native"), vec![], "secrets-unreachable", "secrets.mode", 1),
        ("issuer without egress", edited("            port: 443\n", "            port: 8443\n"), vec![], "idp-unreachable", "auth.oidc.issuer", 1),
        ("in-cluster backend", edited("  - name: edge-1\n    backend: agent", "  - name: local\n    backend: in-cluster"), vec![], "apiserver-unreachable", "clusters[2].backend", 1),
        ("NodeLocal DNSCache", full(), vec!["--nodelocal-dns"], "dns-blocked", "networkPolicy.egress.extra", 1),
        ("GKE Cloud DNS", full(), vec!["--gke-cloud-dns"], "dns-blocked", "networkPolicy.egress.extra", 1),
        ("EKS private endpoint", full(), vec!["--eks-private-endpoint"], "private-endpoint-blocked", "clusters[0].backend", 0),
        ("IPv6 cluster", full(), vec!["--ip-family", "ipv6"], "ip-family-mismatch", "networkPolicy.egress.extra[0]", 1),
        // IPv4 rules match nothing in an IPv6 cluster (facts §4): the issuer is provably
        // not reached.
        ("IPv6 cluster, the issuer", full(), vec!["--ip-family", "ipv6"], "idp-unreachable", "auth.oidc.issuer", 1),
        // An in-cluster issuer on its own port, behind the internet rule only.
        ("in-cluster issuer on 8080", edited("issuer: https://acme.okta.com/oauth2/default", "issuer: http://keycloak.auth.svc.cluster.local:8080/realms/periscope"), vec![], "idp-unreachable", "auth.oidc.issuer", 1),
        // IRSA and EKS with egress only to the issuer's range: warnings, exit 0.
        ("only the issuer's CIDR", edited("              cidr: 0.0.0.0/0\n              except:\n                - 10.0.0.0/8\n                - 172.16.0.0/12\n                - 192.168.0.0/16\n", "              cidr: 198.51.100.0/24\n"), vec![], "aws-api-unverified", "networkPolicy.egress.extra", 0),
        ("ALB IP targets", full(), vec!["--alb-ip-targets"], "lb-namespace-only", "networkPolicy.ingress", 0),
        ("no ingress at all", edited("      - kubernetes.io/metadata.name: ingress-nginx\n", "").replace("fromNamespaces:\n", "fromNamespaces: []\n"), vec![], "ingress-none", "networkPolicy.ingress", 0),
    ];
    for (what, text, flags, want, path, exit) in cases {
        let (code, found) = json_codes(&text, &flags);
        assert!(
            found.iter().any(|(c, _, p)| c == want && p == path),
            "{what}: no {want} at {path} in {found:#?}"
        );
        assert_eq!(code, exit, "{what}: {found:#?}");
    }
    // service.port is read: once it is the port the ipBlock rule opens, the load
    // balancer's addresses are admitted.
    let text = edited(
        "  type: ClusterIP\n  port: 8080",
        "  type: ClusterIP\n  port: 8443",
    );
    let (_, found) = json_codes(&text, &["--alb-ip-targets"]);
    assert!(
        !found.iter().any(|(c, _, _)| c == "lb-namespace-only"),
        "{found:#?}"
    );
    // The port-forward flag silences the missing ingress.
    let text = edited("      - kubernetes.io/metadata.name: ingress-nginx\n", "")
        .replace("fromNamespaces:\n", "fromNamespaces: []\n");
    let (_, found) = json_codes(&text, &["--port-forward-only"]);
    assert!(
        !found.iter().any(|(c, _, _)| c == "ingress-none"),
        "{found:#?}"
    );
}

#[test]
fn strict_makes_warnings_fail() {
    let (code, out, _) = run(&["check", "--eks-private-endpoint", FULL], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning: clusters[0].backend: "), "{out}");
    assert!(out.contains("  fix: "), "{out}");
    let (code, _, _) = run(&["check", "--strict", "--eks-private-endpoint", FULL], None);
    assert_eq!(code, 1);
}

#[test]
fn text_output_is_one_line_per_finding_and_a_summary() {
    let text = edited(
        "podIdentity:\n  enabled: false",
        "podIdentity:\n  enabled: true",
    );
    let (code, out, _) = run(&["check", "-"], Some(&text));
    assert_eq!(code, 1);
    let first = out.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(
            "error: podIdentity.enabled: Pod Identity is on but nothing allows TCP 80"
        ),
        "{out}"
    );
    assert!(first.ends_with("[pod-identity-blocked]"), "{out}");
    assert!(
        out.ends_with("-: 1 error(s), 0 warning(s), 1 info\n"),
        "{out}"
    );
}

#[test]
fn json_is_one_versioned_object_and_escaped() {
    let clean = "networkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces: [{a: b}]\n";
    let (code, out, _) = run(
        &["check", "--format=json", "--port-forward-only", "-"],
        Some(clean),
    );
    assert_eq!(code, 0);
    let doc: serde_yaml::Value = serde_yaml::from_str(&out).expect("json");
    assert_eq!(doc["summary"]["errors"], 0, "{out}");
    assert_eq!(doc["summary"]["warnings"], 0, "{out}");
    assert_eq!(doc["error"], serde_yaml::Value::Null, "{out}");
    // A label value with a quote travels through the message intact.
    let quoted =
        "networkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces: [{team: 'a\"b'}]\n";
    let (code, out, _) = run(&["check", "--format", "json", "-"], Some(quoted));
    assert_eq!(code, 1);
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let messages: Vec<&str> = doc["findings"]
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(messages.iter().any(|m| m.contains("a\"b")), "{messages:?}");
    assert_eq!(doc["summary"]["errors"], 1, "{out}");
}

#[test]
fn bad_files_and_bad_flags() {
    let (code, _, err) = run(
        &["check", "-"],
        Some("networkPolicy:\n  enabled: true\n   bad: indent\n"),
    );
    assert_eq!(code, 3);
    assert!(err.contains("-:3:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let (code, _, err) = run(&["check", "no/such/values.yaml"], None);
    assert_eq!(code, 3);
    assert!(err.contains("cannot read 'no/such/values.yaml'"), "{err}");
    for (args, want) in [
        (
            &["check", "--ip-family", "ipv5", FULL][..],
            "invalid value 'ipv5' for '--ip-family <FAMILY>'",
        ),
        (&["check", "--ip-family"][..], "a value is required"),
        (&["check", "--format", "xml", FULL], "invalid value 'xml'"),
        (
            &["check", "--frobnicate", FULL],
            "unexpected argument '--frobnicate'",
        ),
        (&["check"], "<VALUES_FILE>"),
        (&["check", FULL, FULL], "unexpected argument"),
        // Boolean flags take no value.
        (
            &["check", "--nodelocal-dns=no", FULL],
            "unexpected value 'no'",
        ),
        (&["check", "--strict=true", FULL], "unexpected value 'true'"),
    ] {
        let (code, out, err) = run(args, None);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(
            err.starts_with("error: ") && err.contains(want),
            "{args:?}: {err}"
        );
    }
    // Every flag together, in any order, with `=` or a separate value.
    let (code, out, err) = run(
        &[
            "check",
            "--gke-cloud-dns",
            "--ip-family=dual-stack",
            "--alb-ip-targets",
            "--port-forward-only",
            "--format",
            "text",
            FULL,
            "--eks-private-endpoint",
        ],
        None,
    );
    assert!(code == 0 || code == 1, "{out}{err}");
    assert!(out.contains("error(s)"), "{out}{err}");
    let odd = format!(
        "{}\nservice: {{port: http}}\nclusters: 3\nagent: {{enabled: yes-please}}\n",
        full()
            .replace("service:\n  type: ClusterIP\n  port: 8080\n", "")
            .replace("clusters:\n", "old_clusters:\n")
            .replace("agent:\n  enabled: true", "old_agent:\n  enabled: true")
    );
    // Odd shapes elsewhere in the file are findings that name them, not fatal.
    let (code, out, err) = run(&["check", "-"], Some(&odd));
    assert_eq!(code, 1, "{out}{err}");
    for want in [
        "error: service.port: service.port is a string (\"http\"); the chart expects a port number (1-65535) [chart-value-invalid]",
        "error: clusters: clusters is a number (3); the chart expects a list of clusters [chart-value-invalid]",
        "error: agent.enabled: agent.enabled is a string (\"yes-please\"); the chart expects a boolean [chart-value-invalid]",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
    assert!(!err.contains("panicked"), "{err}");
}
