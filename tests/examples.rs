//! Every example Environment renders, validates, and round-trips; the renders match the
//! golden files in tests/golden (regenerate with `BLESS=1 cargo test --test examples`
//! and review the diff).

mod common;

use periscope_netpol::analysis::related_yaml;
use periscope_netpol::analyze;
use periscope_netpol::import::parse_values;
use periscope_netpol::lint::Severity;
use periscope_netpol::presets::PRESETS;
use periscope_netpol::validate::validate;

fn golden(name: &str, actual: &str) {
    let path = common::root().join("tests/golden").join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create)", path.display()));
    assert_eq!(actual, want, "{name} differs from its golden file");
}

#[test]
fn examples_match_their_golden_renders() {
    let examples = common::examples();
    assert!(
        examples.len() >= 6,
        "expected the presets plus everything.yaml"
    );
    for (name, env) in examples {
        let a = analyze(&env);
        golden(&format!("{name}.values.yaml"), &a.values_yaml);
        golden(&format!("{name}.manifest.yaml"), &a.manifest_yaml);
        golden(&format!("{name}.related.yaml"), &related_yaml(&env));
    }
}

#[test]
fn every_example_is_valid_and_round_trips() {
    for (name, env) in common::examples() {
        let a = analyze(&env);
        let errors: Vec<_> = a
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        assert!(validate(&a.values).is_empty(), "{name}");
        // Parsing the values YAML gives back the same Values.
        assert_eq!(
            parse_values(&a.values_yaml).expect(&name),
            a.values,
            "{name}"
        );
        // The related file carries the same block.
        assert_eq!(
            parse_values(&related_yaml(&env)).expect(&name),
            a.values,
            "{name}"
        );
        // The manifest is YAML with the chart's invariants.
        let m: serde_yaml::Value = serde_yaml::from_str(
            a.manifest_yaml
                .trim_start_matches("---\n")
                .trim_start_matches("# Source: periscope/templates/networkpolicy.yaml\n"),
        )
        .expect(&name);
        assert_eq!(m["kind"], "NetworkPolicy", "{name}");
        assert_eq!(m["metadata"]["name"].as_str(), Some(a.fullname.as_str()));
        let spec = &m["spec"];
        assert_eq!(spec["policyTypes"][0], "Ingress");
        assert_eq!(spec["policyTypes"][1], "Egress");
        assert_eq!(
            spec["egress"][0]["to"][0]["podSelector"]["matchLabels"]["k8s-app"], "kube-dns",
            "{name}: the chart's DNS rule comes first"
        );
        let egress = spec["egress"].as_sequence().expect("egress list");
        assert_eq!(egress.len(), 1 + a.values.egress.extra.len(), "{name}");
        let ingress_len = spec
            .get("ingress")
            .and_then(|i| i.as_sequence())
            .map_or(0, |s| s.len());
        assert_eq!(
            ingress_len,
            a.values.ingress.from_namespaces.len() + a.values.ingress.extra.len(),
            "{name}"
        );
    }
}

#[test]
fn example_files_are_the_presets() {
    let examples = common::examples();
    for p in PRESETS {
        let (_, env) = examples
            .iter()
            .find(|(n, _)| n == p.id)
            .unwrap_or_else(|| panic!("www/examples/{}.yaml is missing", p.id));
        assert_eq!(env, &(p.build)(), "{}", p.id);
    }
}

#[test]
fn environments_round_trip_through_yaml() {
    for (name, env) in common::examples() {
        let text = serde_yaml::to_string(&env).expect("serialize");
        let back = periscope_netpol::import::parse_env(&text).expect(&name);
        assert_eq!(back, env, "{name}");
    }
}
