//! The CLI as a CI gate: every case of the issue, with its exact exit status and finding
//! codes (README, "Exit status" and "JSON output").

mod common;

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    common::run_cli(args, stdin)
}

/// `check --format json -` on a text: the exit status and (code, severity, path) of
/// every finding, after checking the report's schema.
fn check_json(text: &str, flags: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(flags);
    args.push("-");
    let (code, out, err) = run(&args, text.as_bytes());
    let doc: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    assert_eq!(doc["version"], 1, "{out}");
    assert_eq!(doc["command"], "check", "{out}");
    assert_eq!(doc["exitCode"], code, "{out}");
    let findings = doc["findings"].as_array().cloned().unwrap_or_default();
    for key in ["errors", "warnings", "info"] {
        assert!(doc["summary"][key].is_u64(), "{key}: {out}");
    }
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    (
        code,
        findings
            .iter()
            .map(|f| (s(&f["code"]), s(&f["severity"]), s(&f["path"])))
            .collect(),
    )
}

fn has(found: &[(String, String, String)], code: &str, severity: &str, path: &str) -> bool {
    found
        .iter()
        .any(|(c, s, p)| c == code && s == severity && p == path)
}

const ENABLED: &str = "networkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces: [{kubernetes.io/metadata.name: ingress-nginx}]\n";

#[test]
fn files_helm_refuses_are_invalid_input() {
    for (text, want) in [
        ("just a string\n", "this one is a string"),
        ("- a\n- b\n", "this one is a list"),
        ("42\n", "this one is a number"),
    ] {
        let (code, out, err) = run(&["check", "-"], text.as_bytes());
        assert_eq!(code, 3, "{text:?}: {out}{err}");
        assert!(
            err.contains(want) && err.contains("cannot unmarshal"),
            "{err}"
        );
        assert!(out.is_empty(), "{out}");
        // With --strict too, and as JSON on stdout.
        let (code, out, _) = run(
            &["check", "--strict", "--format=json", "-"],
            text.as_bytes(),
        );
        assert_eq!(code, 3);
        let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(doc["error"]["kind"], "invalid", "{out}");
        assert!(doc["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains(want));
    }
}

#[test]
fn files_that_check_nothing_are_warnings_that_strict_fails() {
    let cases = [
        ("", "networkPolicy"),
        ("# only a comment\n", "networkPolicy"),
        (
            "apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n",
            "networkPolicy",
        ),
        ("networkpolicy:\n  enabled: true\n", "networkpolicy"),
        ("networkPolicies:\n  enabled: true\n", "networkPolicies"),
        ("netpol:\n  enabled: true\n", "netpol"),
        ("image: {tag: v1}\n", "networkPolicy"),
    ];
    for (text, path) in cases {
        let (code, found) = check_json(text, &[]);
        assert_eq!(code, 0, "{text:?}: {found:?}");
        assert_eq!(
            found,
            vec![(
                "values-no-network-policy".to_owned(),
                "warning".to_owned(),
                path.to_owned()
            )],
            "{text:?}"
        );
        let (code, _) = check_json(text, &["--strict"]);
        assert_eq!(code, 1, "{text:?}");
    }
    let (_, out, _) = run(&["check", "-"], b"networkpolicy:\n  enabled: true\n");
    assert!(
        out.contains("`networkpolicy` was probably meant to be `networkPolicy`"),
        "{out}"
    );
    let (_, out, _) = run(
        &["check", "--format=json", "-"],
        b"apiVersion: v1\nkind: ConfigMap\n",
    );
    assert!(
        out.contains("This is a Kubernetes ConfigMap manifest"),
        "{out}"
    );
}

#[test]
fn merge_keys_are_applied_as_helm_applies_them() {
    let text = "base: &base\n  enabled: true\n  ingress:\n    fromNamespaces: [{kubernetes.io/metadata.name: ingress-nginx}]\nnetworkPolicy:\n  <<: *base\n";
    let (code, found) = check_json(text, &[]);
    assert_eq!(code, 0, "{found:?}");
    assert!(!found.iter().any(|f| f.0 == "policy-disabled"), "{found:?}");
    assert!(!found.iter().any(|f| f.0 == "ingress-none"), "{found:?}");
    // A bad type brought in by a merge is named by its path.
    let (code, _, err) = run(
        &["check", "-"],
        b"base: &b {enabled: [1]}\nnetworkPolicy: {<<: *b}\n",
    );
    assert_eq!(code, 3);
    assert!(
        err.contains("networkPolicy.enabled: invalid type: sequence, expected a boolean"),
        "{err}"
    );
    // A merge into a rule, and a bad value brought in by a merge, are judged too.
    let text = format!(
        "{ENABLED}  egress:\n    extra:\n      - <<: {{to: [{{ipBlock: {{cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}}}]}}\n        ports: [{{port: 443}}]\n"
    );
    let (code, found) = check_json(&text, &[]);
    assert_eq!(code, 1);
    assert!(
        has(
            &found,
            "api-invalid",
            "error",
            "networkPolicy.egress.extra[0].to[0].ipBlock.except[0]"
        ),
        "{found:?}"
    );
}

#[test]
fn unknown_keys_are_named_with_what_was_meant() {
    let text = format!(
        "{ENABLED}  egress:\n    extra:\n      - too: [{{ipBlock: {{cidr: 10.0.0.0/8}}}}]\n        ports: [{{port: 443, protocl: TCP}}]\n  egres: {{}}\n"
    );
    let (code, found) = check_json(&text, &["--strict"]);
    assert_eq!(code, 1);
    for path in [
        "networkPolicy.egress.extra[0].too",
        "networkPolicy.egress.extra[0].ports[0].protocl",
        "networkPolicy.egres",
    ] {
        assert!(
            has(&found, "unknown-key", "warning", path),
            "{path}: {found:?}"
        );
    }
    let (_, out, _) = run(&["check", "-"], text.as_bytes());
    assert!(
        out.contains("Unknown key `too`: did you mean `to`?"),
        "{out}"
    );
    assert!(
        out.contains("Unknown key `protocl`: did you mean `protocol`?"),
        "{out}"
    );
    assert!(
        out.contains("Unknown key `egres`: did you mean `egress`?"),
        "{out}"
    );
    let (_, out, _) = run(&["check", "--format=json", "-"], text.as_bytes());
    assert!(
        out.contains("so this rule has no `to` and allows every destination"),
        "{out}"
    );
}

#[test]
fn label_values_must_be_strings() {
    let text = "networkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces: [{team: 5}]\n    extra:\n      - from: [{podSelector: {matchLabels: {on: true}, matchExpressions: [{key: tier, operator: In, values: [1]}]}}]\n";
    let (code, found) = check_json(text, &[]);
    assert_eq!(code, 1);
    for path in [
        "networkPolicy.ingress.fromNamespaces[0].team",
        "networkPolicy.ingress.extra[0].from[0].podSelector.matchLabels.on",
        "networkPolicy.ingress.extra[0].from[0].podSelector.matchExpressions[0].values[0]",
    ] {
        assert!(
            has(&found, "api-invalid", "error", path),
            "{path}: {found:?}"
        );
    }
}

#[test]
fn chart_values_of_the_wrong_type_are_errors() {
    let cases = [
        ("podIdentity: {enabled: \"yes\"}\n", "podIdentity.enabled"),
        ("auth: {oidc: {issuer: 5}}\n", "auth.oidc.issuer"),
        ("service: {port: 99999}\n", "service.port"),
        ("service: {port: 0}\n", "service.port"),
        ("service: {port: \"8080\"}\n", "service.port"),
        ("agent: {enabled: 1}\n", "agent.enabled"),
        ("secrets: {mode: [native]}\n", "secrets.mode"),
        ("clusters: {a: b}\n", "clusters"),
    ];
    for (chart, path) in cases {
        let (code, found) = check_json(&format!("{chart}{ENABLED}"), &[]);
        assert_eq!(code, 1, "{chart}");
        assert!(
            has(&found, "chart-value-invalid", "error", path),
            "{chart}: {found:?}"
        );
    }
    // "yes" is true to Helm: Pod Identity is judged on.
    let (_, found) = check_json(
        &format!("podIdentity: {{enabled: \"yes\"}}\n{ENABLED}"),
        &[],
    );
    assert!(
        has(
            &found,
            "pod-identity-blocked",
            "error",
            "podIdentity.enabled"
        ),
        "{found:?}"
    );
}

#[test]
fn render_shows_every_finding_and_leaves_nothing_out_silently() {
    let cases = [
        ("custom:\n  - direction: egress\n    peers: [{kind: ip-block, cidr: 10.0.0.0/33}]\n    ports: [{port: 443}]\n", "custom[0].peers[0].cidr"),
        ("custom:\n  - direction: egress\n    peers: [{kind: ip-block, cidr: 10.0.0.0/8}]\n    ports: [{port: 0}]\n", "custom[0].ports[0].port"),
        ("custom:\n  - direction: egress\n    peers: [{kind: ip-block, cidr: 10.0.0.0/8}]\n    ports: [{port: 90, endPort: 80}]\n", "custom[0].ports[0].endPort"),
    ];
    for (env, path) in cases {
        let (code, out, err) = run(&["render", "-"], env.as_bytes());
        assert_eq!(code, 1, "{env}");
        assert!(
            out.starts_with("# Left out until fixed (not valid):\n"),
            "{out}"
        );
        assert!(out.contains(&format!("\n# - {path}: ")), "{path}: {out}");
        assert!(
            err.contains(&format!("error: {path}: ")) && err.contains("[input-invalid]"),
            "{err}"
        );
        assert!(
            err.contains("render: ") && err.contains("left out of the output"),
            "{err}"
        );
    }
    // Nothing invalid, but the policy breaks Periscope: the error, and why the status is 1.
    let (code, out, err) = run(&["render", "-"], b"egress: {kind: explicit}\n");
    assert_eq!(code, 1);
    assert!(out.starts_with("networkPolicy:\n"), "{out}");
    assert!(err.contains("[idp-unreachable]"), "{err}");
    assert!(
        err.ends_with(
            "render: 1 error(s): the policy printed would be rejected or would break Periscope\n"
        ),
        "{err}"
    );
    // Warnings only: status 0, the findings still on stderr.
    let (code, _, err) = run(&["render", "www/examples/docs-minimum.yaml"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 error(s)"), "{err}");
}

#[test]
fn input_is_read_up_to_the_cap_and_no_further() {
    for args in [
        &["check", "/dev/zero"][..],
        &["render", "/dev/zero"],
        &["render", "/dev/urandom"],
    ] {
        let (code, out, err) = run(args, b"");
        assert_eq!(code, 3, "{args:?}");
        assert!(out.is_empty());
        assert!(
            err.contains("is larger than the 4194304-byte limit"),
            "{err}"
        );
    }
    let big = vec![b'#'; 4 * 1024 * 1024 + 10];
    let (code, _, err) = run(&["check", "-"], &big);
    assert_eq!(code, 3);
    assert!(err.contains("'standard input' is larger than"), "{err}");
    let (code, _, err) = run(&["check", "-"], b"\xff\xfe bad");
    assert_eq!(code, 3);
    assert!(err.contains("is not UTF-8 text"), "{err}");
}

#[test]
fn the_contract_exit_codes_help_and_json_errors() {
    for args in [
        &["render", "--help"][..],
        &["check", "-h"],
        &["help", "render"],
    ] {
        let (code, out, err) = run(args, b"");
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("Usage: periscope-netpol"), "{out}");
        assert!(out.contains("Exit status: 0 ok, 1 "), "{out}");
    }
    let (code, out, err) = run(&["check", "--nodelocal-dns=no", "v.yaml"], b"");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error: unexpected value 'no' for '--nodelocal-dns'"),
        "{err}"
    );
    // A usage error under --format json is JSON on stdout, the text on stderr.
    let (code, out, err) = run(&["check", "--format", "json", "--bogus", "v.yaml"], b"");
    assert_eq!(code, 2);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        (doc["version"].as_u64(), doc["exitCode"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(doc["error"]["kind"], "usage");
    assert!(err.contains("unexpected argument '--bogus'"), "{err}");
    // An unreadable file, as JSON.
    let (code, out, _) = run(&["check", "--format=json", "no/such.yaml"], b"");
    assert_eq!(code, 3);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(doc["error"]["kind"], "unreadable");
    // A syntax error, as JSON with its position.
    let (code, out, _) = run(
        &["check", "--format=json", "-"],
        b"networkPolicy:\n  enabled: true\n   bad: indent\n",
    );
    assert_eq!(code, 3);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        (doc["error"]["kind"].as_str(), doc["error"]["line"].as_u64()),
        (Some("invalid"), Some(3))
    );
}

#[test]
fn text_output_escapes_control_characters() {
    let text =
        "networkPolicy:\n  enabled: true\n  ingress:\n    fromNamespaces: [{\"te\\e[31mam\": x}]\n";
    let (code, out, _) = run(&["check", "-"], text.as_bytes());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("te\\u{1b}[31mam"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    let (_, out, _) = run(&["check", "--format=json", "-"], text.as_bytes());
    assert!(out.contains("te\\u001b[31mam"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
}

#[test]
fn render_and_check_agree_on_every_example() {
    for entry in std::fs::read_dir(common::root().join("www/examples")).expect("examples") {
        let path = entry.expect("entry").path();
        let name = path.to_string_lossy().into_owned();
        let (code, related, err) = run(&["render", "--with-related", &name], b"");
        assert_eq!(code, 0, "{name}: {err}");
        let (code, found) = check_json(&related, &[]);
        assert_eq!(code, 0, "{name}: {found:?}");
    }
}

#[test]
fn limits_are_stated_when_they_apply() {
    // More unknown keys than are listed one by one: the rest are counted.
    let keys: String = (0..60).map(|i| format!("  k{i}: 1\n")).collect();
    let text = format!("networkPolicy:\n  enabled: false\n{keys}");
    let (_, found) = check_json(&text, &[]);
    let unknown = found.iter().filter(|f| f.0 == "unknown-key").count();
    assert_eq!(unknown, 51, "{found:?}");
    let (_, out, _) = run(&["check", "-"], text.as_bytes());
    assert!(out.contains("10 more unknown keys are not listed"), "{out}");
}

#[test]
fn one_cidr_rule_for_check_and_render() {
    let values = format!("{ENABLED}  egress:\n    extra:\n      - to: [{{ipBlock: {{cidr: 010.0.0.0/8}}}}]\n        ports: [{{port: 443}}]\n");
    let (code, found) = check_json(&values, &[]);
    assert_eq!(code, 1);
    assert!(
        has(
            &found,
            "api-invalid",
            "error",
            "networkPolicy.egress.extra[0].to[0].ipBlock.cidr"
        ),
        "{found:?}"
    );
    let env = "custom:\n  - direction: egress\n    peers: [{kind: ip-block, cidr: 010.0.0.0/8}]\n    ports: [{port: 443}]\n";
    let (code, _, err) = run(&["render", "-"], env.as_bytes());
    assert_eq!(code, 1);
    assert!(
        err.contains("error: custom[0].peers[0].cidr: invalid CIDR '010.0.0.0/8'"),
        "{err}"
    );
    assert!(err.contains("leading zero"), "{err}");
}
