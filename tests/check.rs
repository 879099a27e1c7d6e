//! Checking pasted values: the flow behind the browser's "Check values you have".

mod common;

use periscope_netpol::check::{check, CheckInput};
use periscope_netpol::lint::ChartFlags;
use periscope_netpol::model::Credentials;

fn seed() -> String {
    std::fs::read_to_string(common::root().join("tests/fixtures/seed-minimum-values.yaml"))
        .expect("seed")
}

#[test]
fn pod_identity_on_the_docs_minimum_is_blocked_until_the_fix_is_applied() {
    let mut input = CheckInput {
        text: seed(),
        ..CheckInput::default()
    };
    let before = check(&input);
    assert!(before.error.is_none());
    assert!(!before
        .findings
        .iter()
        .any(|f| f.code == "pod-identity-blocked"));

    input.credentials = Some(Credentials::PodIdentity);
    let blocked = check(&input);
    let finding = blocked
        .findings
        .iter()
        .find(|f| f.code == "pod-identity-blocked")
        .expect("Pod Identity over the docs' 443-only rule is blocked");
    let remedy = finding.remedy.clone().expect("a one-click fix");

    input.fixes.push(remedy);
    let fixed = check(&input);
    assert!(!fixed
        .findings
        .iter()
        .any(|f| f.code == "pod-identity-blocked"));
    let doc: serde_yaml::Value = serde_yaml::from_str(&fixed.fixed_yaml).expect("yaml");
    let extra = doc["networkPolicy"]["egress"]["extra"]
        .as_sequence()
        .expect("extra");
    assert!(extra.iter().any(
        |r| r["to"][0]["ipBlock"]["cidr"] == "169.254.170.23/32" && r["ports"][0]["port"] == 80
    ));
    assert_eq!(input.text, seed(), "the pasted text is never rewritten");
}

#[test]
fn flags_feed_the_checks() {
    let input = CheckInput {
        text: seed(),
        flags: ChartFlags {
            nodelocal_dns: true,
            ..ChartFlags::default()
        },
        ..CheckInput::default()
    };
    assert!(check(&input)
        .findings
        .iter()
        .any(|f| f.code == "dns-blocked"));
}

#[test]
fn bad_text_reports_line_and_column_and_empty_text_is_quiet() {
    let r = check(&CheckInput {
        text: "networkPolicy:\n  enabled: true\n   x: 1\n".into(),
        ..CheckInput::default()
    });
    let e = r.error.expect("syntax error").to_string();
    assert!(e.contains("at line 3 column 5"), "{e}");
    assert_eq!(check(&CheckInput::default()), Default::default());
}
