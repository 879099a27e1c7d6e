//! `periscope-netpol explain` and `render --diagram`, run as a user would: exit
//! statuses, text, JSON on standard output, escaping.

mod common;

fn cli(args: &[&str]) -> (i32, String, String) {
    common::run_cli(args, b"")
}

fn tmp(name: &str, text: &str) -> String {
    common::tmp_file(name, text)
}

const VALUES: &str = "service: {port: 8080}\nagent: {enabled: true, listenAddr: ':8443'}\nnetworkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces: [{kubernetes.io/metadata.name: ingress-nginx}]\n    extra:\n      - from: [{ipBlock: {cidr: 10.8.0.0/16}}]\n        ports: [{port: tunnel}]\n  egress:\n    extra:\n      - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]\n        ports: [{protocol: TCP, port: 443}]\n";

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn explain_exit_statuses_and_text() {
    let v = tmp("values.yaml", VALUES);
    let cases: [(&[&str], i32, &str); 8] = [
        (&["--egress", "52.94.76.1:443"], 0, "egress to 52.94.76.1 on TCP 443: allowed\n  by egress rule 1 (networkPolicy.egress.extra[0])\n"),
        (&["--egress", "10.1.2.3:443"], 1, "    - except: 0.0.0.0/0 leaves out 10.0.0.0/8"),
        (&["--egress", "52.94.76.1:53/udp"], 1, "  add to networkPolicy.egress.extra:\n    - to:\n"),
        (&["--ingress", "ingress-nginx:8080"], 0, "by fromNamespaces entry 1"),
        (&["--ingress", "monitoring,team=obs:8080"], 1, "selector: its namespaceSelector selects"),
        (&["--ingress", "10.8.1.1:8443"], 0, "by ingress rule 1 (networkPolicy.ingress.extra[0])"),
        (&["--ingress", "10.9.1.1:8443"], 1, "address: it allows 10.8.0.0/16 only"),
        (&["--egress", "unknown.example.com:443"], 1, "cannot resolve names offline"),
    ];
    for (q, want_code, want) in cases {
        let mut args = vec!["explain"];
        args.extend_from_slice(q);
        args.push(&v);
        let (code, out, err) = cli(&args);
        assert_eq!(code, want_code, "{q:?}: {out}{err}");
        assert!(out.contains(want), "{q:?}: {out}");
    }
}

#[test]
fn explain_json() {
    let v = tmp("values-json.yaml", VALUES);
    let (code, out, _) = cli(&[
        "explain",
        "--format",
        "json",
        "--egress",
        "10.1.2.3:443",
        &v,
    ]);
    assert_eq!(code, 1);
    let j = json(&out);
    assert_eq!(j["version"], 1);
    assert_eq!(j["command"], "explain");
    assert_eq!(j["exitCode"], 1);
    assert_eq!(j["verdict"], "denied");
    assert_eq!(j["error"], serde_json::Value::Null);
    assert_eq!(j["fix"]["rule"]["direction"], "egress");
    let (code, out, _) = cli(&[
        "explain",
        "--format=json",
        "--ingress",
        "ingress-nginx:8080",
        &v,
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        json(&out)["rule"]["path"],
        "networkPolicy.ingress.fromNamespaces[0]"
    );
}

#[test]
fn explain_failures() {
    let v = tmp("values-fail.yaml", VALUES);
    let bad = tmp("bad.yaml", "networkPolicy: [1, 2\n");
    // A malformed question is a usage error, with JSON on stdout when asked for.
    let (code, out, err) = cli(&["explain", "--format", "json", "--egress", "10.0.0.1", &v]);
    assert_eq!(code, 2, "{err}");
    let j = json(&out);
    assert_eq!(
        (j["command"].as_str(), j["error"]["kind"].as_str()),
        (Some("explain"), Some("usage"))
    );
    assert!(err.contains("'10.0.0.1' has no port"), "{err}");
    // Neither or both questions: clap's usage error.
    assert_eq!(cli(&["explain", &v]).0, 2);
    assert_eq!(
        cli(&["explain", "--egress", "1.1.1.1:1", "--ingress", "a:1", &v]).0,
        2
    );
    let (code, out, _) = cli(&["explain", "--format", "json", &v]);
    assert_eq!(code, 2);
    assert_eq!(json(&out)["command"], "explain");
    // Unreadable and invalid files.
    let (code, out, err) = cli(&[
        "explain",
        "--format",
        "json",
        "--egress",
        "1.1.1.1:443",
        "/no/such/file",
    ]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(json(&out)["error"]["kind"], "unreadable");
    let (code, _, err) = cli(&["explain", "--egress", "1.1.1.1:443", &bad]);
    assert_eq!(code, 3, "{err}");
    // Control characters in the question are escaped.
    let (code, _, err) = cli(&["explain", "--egress", "a\u{1b}[31m:443", &v]);
    assert_eq!(code, 2);
    assert!(!err.contains('\u{1b}') && err.contains("\\u{1b}"), "{err}");
}

#[test]
fn render_diagram_prints_a_standalone_svg() {
    let (code, out, _) = cli(&["render", "--diagram", "www/examples/everything.yaml"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{out}"
    );
    assert!(out.ends_with("</svg>\n"));
    assert!(out.contains("data-layout=\"wide\""));
    let (code, narrow, _) = cli(&[
        "render",
        "--diagram",
        "--width",
        "390",
        "www/examples/everything.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(narrow.contains("data-layout=\"narrow\""));
    let (code, _, err) = cli(&[
        "render",
        "--diagram",
        "--manifest",
        "www/examples/everything.yaml",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = cli(&["render", "--width", "390", "www/examples/everything.yaml"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = cli(&["render", "--diagram", "/no/such/env.yaml"]);
    assert_eq!(code, 3);
    // Groups expand on request.
    let rules: String = (0..20)
        .map(|i| format!("  - {{direction: egress, peers: [{{kind: ip-block, cidr: 10.7.0.{i}/32}}], ports: [{{protocol: TCP, port: 443}}]}}\n"))
        .collect();
    let env = tmp("env.yaml", &format!("custom:\n{rules}"));
    let (code, collapsed, _) = cli(&["render", "--diagram", &env]);
    assert_eq!(code, 0);
    assert!(collapsed.contains("data-expands=\"rules\""));
    let (_, expanded, _) = cli(&["render", "--diagram", "--expand", "rules", &env]);
    assert!(!expanded.contains("data-expands"));
    assert_eq!(
        expanded
            .matches("class=\"pnd-node\" data-node=\"rule-e")
            .count(),
        20
    );
}
