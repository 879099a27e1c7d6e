//! The findings catalog: for every code, a case that triggers it and a close case that
//! must not; and for every finding with a remedy, applying it makes the finding go away.
#![allow(clippy::field_reassign_with_default)]

mod cases;
#[path = "../common/mod.rs"]
mod common;
mod scenarios;

use cases::{cases, findings, ranged_of, seed, values_of, Input};
use periscope_netpol::builder::build;
use periscope_netpol::lint::{
    environment_findings, lookup, values_findings, ChartFlags, Finding, CATALOG,
};
use periscope_netpol::model::*;
use periscope_netpol::remedy::{apply, apply_to_values, Remedy};

#[test]
fn every_code_fires_on_its_case_and_not_on_the_close_one() {
    for (i, case) in cases().iter().enumerate() {
        let found = findings(&case.input);
        let hits: Vec<&Finding> = found.iter().filter(|f| f.code == case.code).collect();
        assert_eq!(
            !hits.is_empty(),
            case.fires,
            "case {i} ({}): {found:#?}",
            case.code
        );
        let entry =
            lookup(case.code).unwrap_or_else(|| panic!("{} is not in the catalog", case.code));
        for f in hits {
            assert_eq!(f.severity, entry.severity, "case {i}: {f:?}");
            assert!(
                !f.title.is_empty() && !f.detail.is_empty() && !f.path.is_empty(),
                "case {i}: {f:?}"
            );
        }
    }
}

#[test]
fn the_table_covers_the_whole_catalog() {
    let cases = cases();
    for c in CATALOG {
        assert!(
            cases.iter().any(|k| k.code == c.code && k.fires),
            "no firing case for {}",
            c.code
        );
        assert!(
            cases.iter().any(|k| k.code == c.code && !k.fires),
            "no quiet case for {}",
            c.code
        );
    }
    // Every finding any case produces is in the catalog, with the catalog's severity.
    for case in &cases {
        for f in findings(&case.input) {
            let entry = lookup(f.code.as_str())
                .unwrap_or_else(|| panic!("{} is not in the catalog", f.code));
            assert_eq!(f.severity, entry.severity, "{f:?}");
        }
    }
}

#[test]
fn applying_a_remedy_makes_its_finding_disappear() {
    let mut applied = 0;
    for (i, case) in cases().iter().enumerate() {
        for f in findings(&case.input) {
            let Some(remedy) = &f.remedy else { continue };
            let after = match &case.input {
                Input::Values(yaml, flags) => {
                    let (values, ctx) = values_of(yaml, flags);
                    let fixed = apply_to_values(&values, remedy);
                    assert_ne!(fixed, values, "case {i}: {remedy:?} changed nothing");
                    values_findings(&fixed, &ctx)
                }
                Input::Ranged(yaml) => {
                    let (values, ctx) = ranged_of(yaml);
                    values_findings(&apply_to_values(&values, remedy), &ctx)
                }
                Input::Env(env) => {
                    let fixed = apply(env, remedy);
                    assert_ne!(&fixed, env.as_ref(), "case {i}: {remedy:?} changed nothing");
                    environment_findings(&fixed, &build(&fixed))
                }
            };
            let still = after
                .iter()
                .any(|g| g.code == f.code && g.path == f.path && g.title == f.title);
            assert!(
                !still,
                "case {i}: {} survives {remedy:?}: {after:#?}",
                f.code
            );
            assert!(
                after
                    .iter()
                    .all(|g| g.severity != periscope_netpol::lint::Severity::Error
                        || findings(&case.input).iter().any(|h| h.code == g.code)),
                "case {i}: {remedy:?} introduced an error: {after:#?}"
            );
            applied += 1;
        }
    }
    assert!(applied >= 10, "only {applied} remedies exercised");
}

#[test]
fn pod_identity_on_the_docs_minimum_is_fixed_by_one_click() {
    // The docs' minimum values with podIdentity.enabled: the agent's port 80 is blocked.
    let yaml = seed("podIdentity: {enabled: true}", &[]);
    let (values, ctx) = values_of(&yaml, &ChartFlags::default());
    let found = values_findings(&values, &ctx);
    let f = found
        .iter()
        .find(|f| f.code == "pod-identity-blocked")
        .expect("finding");
    assert_eq!(f.path, "podIdentity.enabled");
    assert!(f.detail.contains("Cilium"), "{}", f.detail);
    let Some(remedy @ Remedy::AddCustomRule(_)) = &f.remedy else {
        panic!("{f:?}")
    };
    let fixed = apply_to_values(&values, remedy);
    let text = periscope_netpol::render::values_yaml(&fixed, &Default::default());
    assert!(text.contains("cidr: 169.254.170.23/32"), "{text}");
    assert!(text.contains("port: 80\n"), "{text}");
    assert!(!values_findings(&fixed, &ctx)
        .iter()
        .any(|f| f.code == "pod-identity-blocked"));
    // Applied to an Environment, the same remedy is a custom rule.
    let env = apply(&Environment::default(), remedy);
    assert_eq!(env.custom.len(), 1);
    assert!(periscope_netpol::analyze(&env)
        .values_yaml
        .contains("169.254.170.23/32"));
}

#[test]
fn environment_findings_point_at_form_fields() {
    let mut env = Environment::default();
    env.custom.push(CustomRule {
        direction: Direction::Egress,
        note: "metrics".into(),
        peers: vec![],
        ports: vec![CustomPort {
            protocol: "SCTP".into(),
            port: PortText::from(9),
            end_port: PortText::default(),
        }],
    });
    let found = environment_findings(&env, &build(&env));
    let paths: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    assert!(
        paths.contains(&("rule-all-peers", "custom[0]")),
        "{paths:?}"
    );
    assert!(paths.contains(&("sctp-port", "custom[0]")), "{paths:?}");
    assert!(
        paths.contains(&("egress-internet-https", "egress")),
        "{paths:?}"
    );
    // Sorted by severity, then path.
    let keys: Vec<_> = found.iter().map(|f| (f.severity, f.path.clone())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn the_examples_have_no_errors_and_no_remedies_pending() {
    for (name, env) in common::examples() {
        let found = environment_findings(&env, &build(&env));
        let bad: Vec<_> = found
            .iter()
            .filter(|f| {
                f.severity != periscope_netpol::lint::Severity::Info && f.code != "imds-exposed"
            })
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:#?}");
    }
}
