//! The manifest preview is exactly what `helm template` prints.
//!
//! Runs the real Helm (3.17.3, which `scripts/setup.sh` installs into `.tools/helm`; set
//! `HELM_BIN` to use another) on `tests/fixtures/chart/periscope`, the chart's
//! NetworkPolicy template as facts §1 describes it, with the values file the app writes,
//! and compares Helm's output with [`analyze`]'s `manifest_yaml` byte for byte. Helm's
//! own YAML reader reads our values, its `toYaml` writes the rules, its template engine
//! runs the name helpers: the preview has to match all three.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use periscope_netpol::analysis::related_yaml;
use periscope_netpol::analyze;
use periscope_netpol::model::{Environment, Release};
use periscope_netpol::render::{manifest_yaml, values_yaml};
use periscope_netpol::values::Values;
use periscope_netpol::yaml::{to_string, Node};
use proptest::prelude::*;

fn helm() -> PathBuf {
    let path = std::env::var_os("HELM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::root().join(".tools/helm/bin/helm"));
    assert!(
        path.is_file(),
        "no helm at {} (run `bash scripts/setup.sh`, or set HELM_BIN)",
        path.display()
    );
    path
}

/// What `helm template <release> <chart> -f <values>` prints for the NetworkPolicy
/// template, or its error.
fn helm_template(release: &str, values: &str) -> Result<String, String> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let file = std::env::temp_dir().join(format!(
        "periscope-netpol-helm-{}-{}.yaml",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, values).expect("write the values file");
    let out = Command::new(helm())
        .arg("template")
        .arg(release)
        .arg(common::root().join("tests/fixtures/chart/periscope"))
        .arg("-f")
        .arg(&file)
        .args(["--show-only", "templates/networkpolicy.yaml"])
        .output()
        .expect("run helm");
    let _ = std::fs::remove_file(&file);
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).expect("helm prints UTF-8"))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Helm's render of the values file `values` for `release` equals `ours`; when the policy
/// is off, Helm renders nothing and the preview says so.
fn assert_helm_renders(release: &str, values: &str, ours: &str, enabled: bool) {
    match helm_template(release, values) {
        Ok(theirs) => {
            assert!(enabled, "helm rendered a policy that is off:\n{theirs}");
            assert_eq!(ours, theirs, "values file:\n{values}");
        }
        Err(e) => {
            assert!(
                !enabled && e.contains("could not find template"),
                "{e}\nvalues file:\n{values}"
            );
            assert!(
                ours.starts_with("# networkPolicy.enabled is false"),
                "{ours}"
            );
        }
    }
}

/// The chart fixture's version and appVersion (Chart.yaml).
fn at_fixture_versions(mut release: Release) -> Release {
    release.chart_version = "1.0.0".into();
    release.app_version = "1.0.0".into();
    release
}

/// The default Environment under these names, at the fixture's versions.
fn named(name: &str, name_override: &str, fullname_override: &str) -> Environment {
    let mut env = Environment::default();
    env.release = at_fixture_versions(Release {
        name: name.into(),
        name_override: name_override.into(),
        fullname_override: fullname_override.into(),
        ..env.release
    });
    env
}

fn assert_env_renders(env: &Environment) {
    let a = analyze(env);
    assert_helm_renders(
        &env.release.name,
        &related_yaml(env),
        &a.manifest_yaml,
        env.enabled,
    );
}

#[test]
fn every_example_renders_as_helm_does() {
    for (name, mut env) in common::examples() {
        env.release = at_fixture_versions(env.release);
        eprintln!("{name}");
        assert_env_renders(&env);
    }
}

#[test]
fn names_and_overrides_render_as_helm_does() {
    let long = "a-very-long-fullname-override-that-runs-past-sixty-three-characters-x";
    for (name, name_override, fullname_override) in [
        ("periscope", "", ""),
        ("prod", "", ""),
        ("my-periscope-x", "", ""),
        ("prod", "dash", ""),
        ("dashboard-prod", "dash", ""),
        ("prod", "", "netpol"),
        ("prod", "", long),
        (
            "prod",
            "",
            "sixty-two-characters-then-a-dash-at-sixty-three-xxxxxxxxxxxxx-y",
        ),
        (
            "a-release-name-that-is-fifty-three-characters-long-xx",
            "",
            "",
        ),
    ] {
        let env = named(name, name_override, fullname_override);
        assert_env_renders(&env);
    }
}

/// Names the template prints unquoted that YAML reads as another type: the preview shows
/// them as Helm prints them, and a finding says `helm install` will fail.
#[test]
fn names_that_print_as_other_types_render_as_helm_does_and_are_errors() {
    for (name, name_override, fullname_override, field) in [
        ("yes", "", "", "release.name"),
        ("123", "", "", "release.name"),
        ("prod", "true", "", "release.nameOverride"),
        ("prod", "", "0x1f", "release.fullnameOverride"),
        ("2024-02", "29", "", "release.name"),
    ] {
        let env = named(name, name_override, fullname_override);
        assert_env_renders(&env);
        let a = analyze(&env);
        assert!(
            a.findings
                .iter()
                .any(|f| f.code == "name-not-a-string" && f.path == field),
            "{name}/{name_override}/{fullname_override}: {:#?}",
            a.findings
        );
    }
    let plain = analyze(&Environment::default());
    assert!(plain.findings.iter().all(|f| f.code != "name-not-a-string"));
}

/// The label maps and rules go through Helm's `toYaml`: Go's quoting and key order.
#[test]
fn label_maps_that_go_quotes_or_sorts_differently_render_as_helm_does() {
    let text = r#"
networkPolicy:
  enabled: true
  ingress:
    fromNamespaces:
      - {k10: "true", k9: "1.0", a_b: "2024-02-29", aZ: "08", ab: "0x1F", a-b: nan, x01: "1_000", x1: "12:30"}
      - kubernetes.io/metadata.name: "yes"
        team: "no"
    extra:
      - from:
          - podSelector:
              matchExpressions:
                - {key: tier2, operator: In, values: ["on", "off", "1e3", "v1.2"]}
                - {key: tier10, operator: Exists}
        ports:
          - {protocol: TCP, port: metrics}
          - {protocol: UDP, port: 5353, endPort: 5360}
  egress:
    extra:
      - to:
          - ipBlock: {cidr: "fd00:ec2::254/128"}
          - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16]}
"#;
    let values = periscope_netpol::import::parse_values(text).expect("a values block");
    let release = at_fixture_versions(Release {
        name: "prod".into(),
        ..Release::default()
    });
    let ours = manifest_yaml(&values, &release, 8080);
    assert_helm_renders("prod", &values_file(&values, 8080), &ours, true);
}

/// A values file with `service.port` and the `networkPolicy:` block the app writes.
fn values_file(values: &Values, port: u16) -> String {
    let service = to_string(&Node::map([(
        "service",
        Node::map([("port", Node::Int(i64::from(port)))]),
    )]));
    format!("{service}{}", values_yaml(values, &Default::default()))
}

proptest! {
    // 48 cases each (a helm process per case); PROPTEST_CASES runs more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    /// Any `networkPolicy` block, valid or not, with any text in its strings: Helm reads
    /// the block we write and writes the rules back as the preview shows them.
    #[test]
    fn any_values_block_renders_as_helm_does(values in common::arb::values(), port in 1u16..) {
        let release = at_fixture_versions(Release { name: "prod".into(), ..Release::default() });
        let ours = manifest_yaml(&values, &release, port);
        assert_helm_renders("prod", &values_file(&values, port), &ours, values.enabled);
    }

    /// Any environment the form can hold, under a release name Helm accepts (the
    /// letters and digits of the generated one, after an `r`).
    #[test]
    fn any_environment_renders_as_helm_does(mut env in common::arb::environment()) {
        let name: String = env
            .release
            .name
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            .take(20)
            .collect();
        env.release = at_fixture_versions(Release {
            name: format!("r{name}"),
            name_override: String::new(),
            fullname_override: String::new(),
            ..env.release
        });
        assert_env_renders(&env);
    }
}

/// As the real chart does (facts §1): `ingress:` is printed with no rule under it (null:
/// all ingress denied), and two comment lines come before the kube-dns rule.
#[test]
fn no_ingress_rule_prints_ingress_alone_and_the_dns_comment() {
    let values = periscope_netpol::import::parse_values(
        "networkPolicy: {enabled: true, ingress: {fromNamespaces: []}}",
    )
    .expect("a values block");
    let release = at_fixture_versions(Release {
        name: "periscope".into(),
        ..Release::default()
    });
    let ours = manifest_yaml(&values, &release, 8080);
    assert!(
        ours.contains("    - Egress\n  ingress:\n  egress:\n    # Always-on: DNS to kube-dns. Without this, every other egress rule is moot\n    # (the pod can't even resolve the IdP hostname).\n    - to:\n"),
        "{ours}"
    );
    let doc: serde_yaml::Value = serde_yaml::from_str(&ours).expect("yaml");
    assert!(doc["spec"]["ingress"].is_null(), "{ours}");
    assert_helm_renders("periscope", &values_file(&values, 8080), &ours, true);
}
