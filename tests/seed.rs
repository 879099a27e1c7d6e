//! The docs' example is the product's golden behaviour: "ingress-nginx + internet HTTPS"
//! must give the seed's "Minimum useful values", as parsed YAML.

mod common;

use periscope_netpol::import::{parse_env, parse_values};
use periscope_netpol::{analyze, presets};

fn seed_text() -> String {
    std::fs::read_to_string(common::root().join("tests/fixtures/seed-minimum-values.yaml"))
        .expect("seed fixture")
}

/// The seed leaves out `ingress.extra: []`; the chart's defaults fill it, so compare
/// after applying the chart's defaults to both sides.
fn with_chart_defaults(mut doc: serde_yaml::Value) -> serde_yaml::Value {
    let np = doc
        .get_mut("networkPolicy")
        .and_then(|v| v.as_mapping_mut())
        .expect("networkPolicy mapping");
    let defaults: serde_yaml::Value = serde_yaml::from_str(
        "enabled: false\ningress: {fromNamespaces: [], extra: []}\negress: {extra: []}",
    )
    .expect("defaults");
    for (k, dv) in defaults.as_mapping().expect("map") {
        let slot = np.entry(k.clone()).or_insert_with(|| dv.clone());
        if let (Some(slot_map), Some(dmap)) = (slot.as_mapping_mut(), dv.as_mapping()) {
            for (k2, v2) in dmap {
                slot_map.entry(k2.clone()).or_insert_with(|| v2.clone());
            }
        }
    }
    doc
}

#[test]
fn docs_minimum_environment_yields_the_seed_values() {
    let env = parse_env(
        &std::fs::read_to_string(common::root().join("www/examples/docs-minimum.yaml"))
            .expect("example"),
    )
    .expect("docs-minimum parses");
    let ours: serde_yaml::Value =
        serde_yaml::from_str(&analyze(&env).values_yaml).expect("our YAML parses");
    let seed: serde_yaml::Value = serde_yaml::from_str(&seed_text()).expect("seed parses");
    assert_eq!(with_chart_defaults(ours), with_chart_defaults(seed));
}

#[test]
fn the_default_environment_is_the_docs_minimum() {
    assert_eq!(
        analyze(&presets::docs_minimum()).values,
        parse_values(&seed_text()).expect("seed values")
    );
}

#[test]
fn the_seed_values_pass_api_validation() {
    let values = parse_values(&seed_text()).expect("seed values");
    assert!(periscope_netpol::validate::validate(&values).is_empty());
}
