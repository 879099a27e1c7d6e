//! The `periscope-netpol` binary, run as a user would.

mod common;

fn cli(args: &[&str]) -> (i32, String, String) {
    common::run_cli(args, b"")
}

fn tmp(name: &str, text: &str) -> String {
    common::tmp_file(name, text)
}

#[test]
fn render_prints_values_manifest_and_related() {
    let (code, values, _) = cli(&["render", "www/examples/docs-minimum.yaml"]);
    assert_eq!(code, 0);
    assert!(values.starts_with("networkPolicy:\n"));
    let (code, manifest, _) = cli(&["render", "--manifest", "www/examples/docs-minimum.yaml"]);
    assert_eq!(code, 0);
    assert!(manifest.contains("kind: NetworkPolicy\n"));
    let (code, related, _) = cli(&["render", "--with-related", "www/examples/everything.yaml"]);
    assert_eq!(code, 0);
    let doc: serde_yaml::Value = serde_yaml::from_str(&related).expect("yaml");
    assert_eq!(doc["nameOverride"], "dash");
    assert_eq!(doc["service"]["port"], 9090);
    assert_eq!(doc["agent"]["enabled"], true);
    assert_eq!(doc["agent"]["listenAddr"], ":9443");
    assert_eq!(doc["podIdentity"]["enabled"], false);
    assert_eq!(doc["secrets"]["mode"], "native");
    assert_eq!(doc["networkPolicy"]["enabled"], true);
}

#[test]
fn render_reads_json_environments() {
    let path = tmp(
        "env.json",
        r#"{"release": {"name": "prod"}, "aws": {"credentials": "pod-identity"}}"#,
    );
    let (code, out, err) = cli(&["render", "--manifest", &path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  name: prod-periscope\n"), "{out}");
    assert!(out.contains("169.254.170.23/32"), "{out}");
}

#[test]
fn render_reports_bad_files_with_name_and_line() {
    let path = tmp("bad.yaml", "release:\n  name: [unclosed\n");
    let (code, _, err) = cli(&["render", &path]);
    assert_eq!(code, 3);
    assert!(err.contains(&path), "{err}");
    assert!(err.contains(":3:") || err.contains(":2:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let path = tmp(
        "shape.yaml",
        "release:\n  name: prod\negress:\n  kind: everything\n",
    );
    let (code, _, err) = cli(&["render", &path]);
    assert_eq!(code, 3);
    assert!(err.contains("everything"), "{err}");

    let (code, _, err) = cli(&["render", "no/such/file.yaml"]);
    assert_eq!(code, 3);
    assert!(err.contains("cannot read 'no/such/file.yaml'"), "{err}");
}

#[test]
fn render_exits_1_when_an_input_is_invalid() {
    let path = tmp(
        "badcidr.yaml",
        "ingress:\n  - kind: load-balancer\n    cidrs: [10.0.0.0/33]\n",
    );
    let (code, out, err) = cli(&["render", &path]);
    assert_eq!(code, 1);
    // What it could build, below a comment naming what it left out; the finding on
    // stderr, and a last line that says why the exit status is 1.
    let first = out.lines().take(2).collect::<Vec<_>>().join("\n");
    assert_eq!(first, "# Left out until fixed (not valid):\n# - ingress[0].cidrs: invalid CIDR '10.0.0.0/33': the prefix length is longer than the address (max /32 for IPv4, /128 for IPv6)");
    assert!(out.contains("\nnetworkPolicy:\n"), "{out}");
    assert!(
        err.contains("error: ingress[0].cidrs: invalid CIDR '10.0.0.0/33'"),
        "{err}"
    );
    assert!(err.ends_with("render: 2 error(s): invalid inputs are left out of the output and listed in its first comment\n"), "{err}");
}

#[test]
fn check_accepts_the_seed_and_rejects_bad_values() {
    let (code, out, _) = cli(&["check", "tests/fixtures/seed-minimum-values.yaml"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s)"));

    let bad = tmp(
        "values.yaml",
        "image: {tag: x}\nnetworkPolicy:\n  enabled: true\n  egress:\n    extra:\n      - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]\n        ports: [{protocol: tcp, port: 0}]\n",
    );
    let (code, out, _) = cli(&["check", &bad]);
    assert_eq!(code, 1);
    assert!(
        out.contains("networkPolicy.egress.extra[0].to[0].ipBlock.except[0]"),
        "{out}"
    );
    assert!(
        out.contains("networkPolicy.egress.extra[0].ports[0].protocol"),
        "{out}"
    );
    assert!(
        out.contains("networkPolicy.egress.extra[0].ports[0].port"),
        "{out}"
    );
    assert!(out.contains("3 error(s)"), "{out}");

    // Only the block, without the networkPolicy key.
    let block = tmp(
        "block.yaml",
        "enabled: true\ningress:\n  fromNamespaces:\n    - {team: '-x'}\n",
    );
    let (code, out, _) = cli(&["check", &block]);
    assert_eq!(code, 1);
    assert!(out.contains("'-x'"), "{out}");
}

#[test]
fn check_reports_wrong_shapes_and_syntax() {
    let shape = tmp(
        "shape-values.yaml",
        "networkPolicy:\n  egress:\n    extra:\n      - ports: [{port: [1]}]\n",
    );
    let (code, _, err) = cli(&["check", &shape]);
    assert_eq!(code, 3);
    assert!(err.contains("egress.extra[0].ports[0].port"), "{err}");

    let syntax = tmp(
        "syntax-values.yaml",
        "networkPolicy:\n  enabled: true\n   bad: indent\n",
    );
    let (code, _, err) = cli(&["check", &syntax]);
    assert_eq!(code, 3);
    assert!(err.contains(&format!("{syntax}:3:")), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = cli(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unrecognized subcommand 'frobnicate'"),
        "{err}"
    );
    assert!(err.contains("Usage: periscope-netpol <COMMAND>"), "{err}");
    // No command at all: the help, on stderr, as a usage error.
    let (code, out, err) = cli(&[]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("Usage: periscope-netpol <COMMAND>"), "{err}");
    for (args, want) in [
        (&["render"][..], "<ENV_FILE>"),
        (
            &["render", "--manifest", "--with-related", "e.yaml"][..],
            "cannot be used with",
        ),
        (
            &["render", "--manifest=yes", "e.yaml"][..],
            "unexpected value 'yes'",
        ),
        (
            &["render", "a.yaml", "b.yaml"][..],
            "unexpected argument 'b.yaml'",
        ),
    ] {
        let (code, out, err) = cli(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(
            err.starts_with("error: ") && err.contains(want),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn help_and_version_print_to_stdout_and_exit_0() {
    let version = format!("periscope-netpol {}\n", env!("CARGO_PKG_VERSION"));
    for (args, want) in [
        (&["--help"][..], "Usage: periscope-netpol <COMMAND>"),
        (&["-h"][..], "Commands:"),
        (&["help"][..], "Commands:"),
        (&["help", "check"][..], "--ip-family <FAMILY>"),
        (
            &["render", "--help"][..],
            "Usage: periscope-netpol render [OPTIONS] <ENV_FILE>",
        ),
        (&["check", "--help"][..], "--format <FORMAT>"),
        (&["check", "-h"][..], "--nodelocal-dns"),
        (&["--version"][..], version.as_str()),
        (&["-V"][..], version.as_str()),
        (&["render", "--version"][..], "periscope-netpol-render"),
        (&["check", "--version"][..], "periscope-netpol-check"),
    ] {
        let (code, out, err) = cli(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(out.contains(want), "{args:?}: {out}");
    }
    // Help comes first: no file named `--help` is opened.
    let (code, out, _) = cli(&["render", "--help", "no/such/file.yaml"]);
    assert_eq!(code, 0);
    assert!(out.contains("ENV_FILE"), "{out}");
}
