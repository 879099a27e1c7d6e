//! Importing values files: the seed example fills the form, related settings are read,
//! every block comes back exactly (property tests), and errors say where and what.

mod common;

use periscope_netpol::analysis::related_yaml;
use periscope_netpol::builder::build;
use periscope_netpol::import::{import_environment, parse_values, ImportError, MAX_IMPORT_BYTES};
use periscope_netpol::model::{
    Cluster, Controller, Credentials, EgressPosture, Environment, IngressSource, SecretsMode,
};
use periscope_netpol::{analyze, presets};
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(common::root().join("tests/fixtures").join(name)).expect("fixture")
}

/// Both as parsed YAML, with nulls and absent keys read as the chart's defaults.
fn same_block(generated_yaml: &str, imported_text: &str) {
    let ours = parse_values(generated_yaml).expect("generated values parse");
    let theirs = parse_values(imported_text).expect("imported values parse");
    assert_eq!(ours, theirs);
}

#[test]
fn the_seed_example_imports_to_the_docs_minimum() {
    let seed = fixture("seed-minimum-values.yaml");
    let imported = import_environment(&seed).expect("seed imports");
    assert!(
        imported.env.verbatim.is_empty(),
        "{:#?}",
        imported.env.verbatim
    );
    assert_eq!(imported.env.ingress, presets::docs_minimum().ingress);
    assert_eq!(imported.env.egress, EgressPosture::InternetHttps);
    same_block(&analyze(&imported.env).values_yaml, &seed);
    // The seed is the block alone: the rest of the form keeps its defaults.
    assert_eq!(
        analyze(&imported.env).values,
        analyze(&presets::docs_minimum()).values
    );
}

#[test]
fn related_settings_are_read_from_the_whole_file() {
    let text = fixture("chart-values-full.yaml");
    let imported = import_environment(&text).expect("imports");
    let env = &imported.env;
    assert_eq!(env.release.service_port.as_str(), "8080");
    assert_eq!(env.idp.issuer, "https://acme.okta.com/oauth2/default");
    assert_eq!(env.secrets_mode, SecretsMode::Kubernetes);
    assert_eq!(env.aws.credentials, Credentials::Irsa);
    let backends: Vec<&str> = env.clusters.iter().map(Cluster::backend).collect();
    assert_eq!(backends, ["eks", "eks", "agent"]);
    assert_eq!(build(env).values, parse_values(&text).expect("values"));
}

#[test]
fn inputs_are_mapped_back_when_the_builder_makes_them() {
    let text = "\
service: {port: 9090}
podIdentity: {enabled: true}
agent: {enabled: true, listenAddr: ':9443'}
secrets: {mode: native}
clusters: [{name: a, backend: in-cluster}, {name: b, backend: kubeconfig, server: https://k}]
networkPolicy:
  enabled: true
  ingress:
    fromNamespaces:
      - kubernetes.io/metadata.name: traefik
      - team: web
    extra:
      - from: [{ipBlock: {cidr: 10.0.0.0/16}}]
        ports: [{protocol: TCP, port: 9090}]
      - ports: [{protocol: TCP, port: 9443}]
  egress:
    extra:
      - to: [{ipBlock: {cidr: 169.254.170.23/32}}]
        ports: [{protocol: TCP, port: 80}]
      - to: [{ipBlock: {cidr: 169.254.20.10/32}}]
        ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
      - to: [{namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}}]
";
    let imported = import_environment(text).expect("imports");
    let env = &imported.env;
    assert_eq!(
        env.ingress.first(),
        Some(&IngressSource::Controller {
            controller: Controller::Traefik,
            namespace: "traefik".into()
        })
    );
    assert!(matches!(
        env.ingress.get(1),
        Some(IngressSource::Namespace { .. })
    ));
    assert!(matches!(
        env.ingress.get(2),
        Some(IngressSource::LoadBalancer { .. })
    ));
    assert!(env.agent.enabled);
    assert_eq!(env.agent.port.as_str(), "9443");
    assert_eq!(env.aws.credentials, Credentials::PodIdentity);
    assert_eq!(env.dns, periscope_netpol::model::Dns::NodeLocal);
    assert_eq!(env.egress, EgressPosture::Explicit);
    assert_eq!(env.secrets_mode, SecretsMode::Native);
    assert_eq!(env.verbatim.len(), 1, "only the matchExpressions rule");
    assert_eq!(imported.mapped, 6);
    assert_eq!(build(env).values, parse_values(text).expect("values"));
}

#[test]
fn settings_the_block_does_not_serve_are_noted() {
    let text = "podIdentity: {enabled: true}\nagent: {enabled: true}\nnetworkPolicy: {enabled: true, ingress: {fromNamespaces: [{}], bogus: 1}}\n";
    let imported = import_environment(text).expect("imports");
    let notes = imported.notes.join("\n");
    assert!(notes.contains("podIdentity.enabled is true"), "{notes}");
    assert!(notes.contains("agent.enabled is true"), "{notes}");
    assert!(notes.contains("networkPolicy.ingress.bogus"), "{notes}");
    assert_eq!(imported.env.aws.credentials, Credentials::None);
    assert_eq!(
        imported.env.verbatim.len(),
        1,
        "the empty entry stays verbatim"
    );
    assert_eq!(
        build(&imported.env).values,
        parse_values(text).expect("values")
    );
}

#[test]
fn errors_say_where_and_what() {
    let cases: Vec<(&str, &str)> = vec![
        ("networkPolicy:\n  enabled: true\n  egress: [\n", "line 4 column 1"),
        ("a: b: c\n", "line 1 column 5"),
        (
            "networkPolicy:\n  egress:\n    extra:\n    - {}\n    - {}\n    - ports: [{port: [1]}]\n",
            "networkPolicy.egress.extra[2].ports[0].port: invalid type: sequence, expected a number or a port name",
        ),
        (
            "networkPolicy: [1]\n",
            "networkPolicy: invalid type: sequence, expected struct Values",
        ),
        (
            "enabled: true\ningress:\n  fromNamespaces: [{app: [x]}]\n",
            "ingress.fromNamespaces[0].app: invalid type: sequence, expected a string",
        ),
        (
            "networkPolicy:\n  egress:\n    extra:\n    - ports: [{port: 9223372036854775808}]\n",
            "networkPolicy.egress.extra[0].ports[0].port: port 9223372036854775808 is out of range",
        ),
        ("- a\n- b\n", "expected a values file or a networkPolicy block"),
        ("   \n", "the input is empty"),
    ];
    for (text, want) in cases {
        let err = import_environment(text).expect_err(text).to_string();
        assert!(err.contains(want), "{text:?}: {err}");
    }
    // A shape error names the bad value's path and its position, in a whole file and in
    // the block alone.
    let cases = [
        (
            "networkPolicy:\n  egress:\n    extra:\n    - {}\n    - {}\n    - ports: [{port: [1]}]\n",
            "networkPolicy.egress.extra[2].ports[0].port: ",
            "line 6 column 22",
        ),
        (
            "egress:\n  extra:\n  - ports: [{port: {a: 1}}]\n",
            "egress.extra[0].ports[0].port: ",
            "line 3 column 20",
        ),
    ];
    for (text, path, position) in cases {
        let err = import_environment(text).expect_err(text);
        let msg = err.to_string();
        assert!(msg.starts_with(path), "{msg}");
        assert!(msg.contains(position), "{msg}");
        assert!(
            matches!(err, ImportError::Yaml { line: Some(_), .. }),
            "{err:?}"
        );
    }
    let big = "#".repeat(MAX_IMPORT_BYTES + 1);
    assert_eq!(
        import_environment(&big),
        Err(ImportError::TooLarge {
            bytes: MAX_IMPORT_BYTES + 1,
            limit: MAX_IMPORT_BYTES
        })
    );
}

#[test]
fn a_megabyte_imports_quickly() {
    let mut text = String::from("networkPolicy:\n  enabled: true\n  egress:\n    extra:\n");
    let mut i = 0u32;
    while text.len() < MAX_IMPORT_BYTES - 200 {
        text.push_str(&format!(
            "      - to: [{{ipBlock: {{cidr: 10.{}.{}.0/24}}}}]\n        ports: [{{protocol: TCP, port: {}}}]\n",
            (i >> 8) & 255, i & 255, 1 + i % 60000
        ));
        i += 1;
    }
    let imported = import_environment(&text).expect("imports");
    assert_eq!(imported.mapped + imported.verbatim, i as usize);
    assert_eq!(
        build(&imported.env).values,
        parse_values(&text).expect("values")
    );
}

/// A billion-laughs document, deep flow and block nesting: each is a clear error that
/// names the problem, from every reader of YAML text.
#[test]
fn hostile_yaml_is_a_clear_error() {
    let mut laughs = common::billion_laughs();
    laughs.push_str("networkPolicy:\n  enabled: true\n");
    let deep_flow = format!(
        "networkPolicy: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut deep_block = String::from("networkPolicy:\n");
    for i in 1..1_000 {
        deep_block.push_str(&format!("{}a{i}:\n", " ".repeat(i)));
    }
    let cases = [
        (&laughs, "repetition limit exceeded"),
        (
            &deep_flow,
            "nests more than 1000 levels of `[` and `{` at line 1 column 1016",
        ),
        (&deep_block, "recursion limit exceeded at line"),
    ];
    for (text, want) in cases {
        let err = import_environment(text).expect_err(want).to_string();
        assert!(err.contains(want), "{err}");
        let err = parse_values(text).expect_err(want).to_string();
        assert!(err.contains(want), "{err}");
        let checked = periscope_netpol::check::check(&periscope_netpol::check::CheckInput {
            text: text.to_string(),
            ..Default::default()
        });
        let err = checked.error.expect(want).to_string();
        assert!(err.contains(want), "{err}");
    }
}

#[test]
fn every_example_survives_export_then_import() {
    for (name, env) in common::examples() {
        for text in [analyze(&env).values_yaml, related_yaml(&env)] {
            let imported = import_environment(&text).expect(&name);
            assert_eq!(build(&imported.env).values, build(&env).values, "{name}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_block_imports_exactly(values in common::arb::values()) {
        let text = periscope_netpol::render::values_yaml(&values, &Default::default());
        let imported = import_environment(&text).expect("imports");
        prop_assert_eq!(&build(&imported.env).values, &values);
        let again = analyze(&imported.env).values_yaml;
        prop_assert_eq!(parse_values(&again).expect("parses"), values);
    }

    #[test]
    fn import_after_export_keeps_the_values(env in common::arb::environment()) {
        let text = related_yaml(&env);
        let imported = import_environment(&text).expect("imports");
        prop_assert_eq!(build(&imported.env).values, build(&env).values);
    }

    #[test]
    fn imported_environments_share_exactly(values in common::arb::values()) {
        let text = periscope_netpol::render::values_yaml(&values, &Default::default());
        let env: Environment = import_environment(&text).expect("imports").env;
        prop_assert_eq!(periscope_netpol::share::decode(&periscope_netpol::share::encode(&env)), Ok(env));
    }
}

#[test]
fn scalar_keys_are_read_as_their_text() {
    let text =
        "networkPolicy:\n  ingress:\n    fromNamespaces: [{1: a}]\n    extra: [{from: [], 2: x}]\n";
    let imported = import_environment(text).expect("imports");
    let notes = imported.notes.join("\n");
    assert!(
        notes.contains("networkPolicy.ingress.extra[0].2 is not a NetworkPolicy field"),
        "{notes}"
    );
    assert!(!notes.contains("fromNamespaces"), "{notes}");
    let values = parse_values(text).expect("values");
    let labels = values.ingress.from_namespaces.first().expect("one entry");
    assert_eq!(labels.get("1").map(String::as_str), Some("a"));
}
