//! API-server validation vectors (facts §3): each rule with valid and invalid cases.

use periscope_netpol::import::parse_values;
use periscope_netpol::validate::validate;

/// Validates one egress rule written as YAML; returns the error paths and messages.
fn check_egress(rule: &str) -> Vec<(String, String)> {
    let doc = format!(
        "egress:\n  extra:\n    - {}\n",
        rule.replace('\n', "\n      ")
    );
    let values = parse_values(&doc).unwrap_or_else(|e| panic!("{doc}\n{e}"));
    validate(&values)
        .into_iter()
        .map(|e| (e.path, e.message))
        .collect()
}

fn assert_valid(rule: &str) {
    let errs = check_egress(rule);
    assert!(errs.is_empty(), "{rule}\n{errs:#?}");
}

/// Asserts exactly one error, at `path` (relative to the rule), whose message names `needle`.
fn assert_invalid(rule: &str, path: &str, needle: &str) {
    let errs = check_egress(rule);
    let full = format!("networkPolicy.egress.extra[0].{path}");
    assert_eq!(errs.len(), 1, "{rule}\n{errs:#?}");
    assert_eq!(errs[0].0, full, "{rule}");
    assert!(
        errs[0].1.contains(needle),
        "{rule}: {:?} lacks {needle:?}",
        errs[0].1
    );
}

#[test]
fn peers_need_exactly_one_kind_or_both_selectors() {
    assert_valid("to: [{podSelector: {}}]");
    assert_valid("to: [{namespaceSelector: {}}]");
    assert_valid("to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: x}}}]");
    assert_valid("to: [{ipBlock: {cidr: 10.0.0.0/8}}]");
    assert_invalid("to: [{}]", "to[0]", "must set");
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]",
        "to[0]",
        "cannot be combined",
    );
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.0/8}, namespaceSelector: {}}]",
        "to[0]",
        "cannot be combined",
    );
}

#[test]
fn ip_block_cidr_and_except() {
    assert_valid("to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}}]");
    assert_valid("to: [{ipBlock: {cidr: '::/0', except: ['fc00::/7']}}]");
    assert_valid("to: [{ipBlock: {cidr: 10.1.2.3/8}}]"); // host bits: accepted today
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.1}}]",
        "to[0].ipBlock.cidr",
        "'10.0.0.1'",
    );
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.0/33}}]",
        "to[0].ipBlock.cidr",
        "'10.0.0.0/33'",
    );
    assert_invalid(
        "to: [{ipBlock: {cidr: nope/8}}]",
        "to[0].ipBlock.cidr",
        "'nope/8'",
    );
    assert_invalid("to: [{ipBlock: {cidr: ''}}]", "to[0].ipBlock.cidr", "''");
    // Leading zeros: refused in the address and in the prefix length, cidr and except.
    assert_invalid(
        "to: [{ipBlock: {cidr: 010.0.0.0/8}}]",
        "to[0].ipBlock.cidr",
        "'010.0.0.0/8': an IPv4 octet has a leading zero",
    );
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.01.0.0/16]}}]",
        "to[0].ipBlock.except[0]",
        "'10.01.0.0/16': an IPv4 octet has a leading zero",
    );
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.0/08}}]",
        "to[0].ipBlock.cidr",
        "'10.0.0.0/08': the prefix length has a leading zero",
    );
    // except equal to cidr
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]",
        "to[0].ipBlock.except[0]",
        "strict subset",
    );
    // except outside cidr
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.0/8, except: [192.168.0.0/16]}}]",
        "to[0].ipBlock.except[0]",
        "not inside",
    );
    // except shorter than cidr
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.1.0.0/16, except: [10.0.0.0/8]}}]",
        "to[0].ipBlock.except[0]",
        "not inside",
    );
    // mixed families
    assert_invalid(
        "to: [{ipBlock: {cidr: 0.0.0.0/0, except: ['fc00::/7']}}]",
        "to[0].ipBlock.except[0]",
        "family",
    );
    assert_invalid(
        "to: [{ipBlock: {cidr: 10.0.0.0/8, except: [bad]}}]",
        "to[0].ipBlock.except[0]",
        "'bad'",
    );
}

#[test]
fn protocols_are_exact() {
    for p in ["TCP", "UDP", "SCTP"] {
        assert_valid(&format!("ports: [{{protocol: {p}, port: 53}}]"));
    }
    assert_valid("ports: [{port: 53}]");
    assert_invalid(
        "ports: [{protocol: tcp, port: 443}]",
        "ports[0].protocol",
        "'tcp'",
    );
    assert_invalid("ports: [{protocol: ICMP}]", "ports[0].protocol", "'ICMP'");
}

#[test]
fn ports_numbers_and_names() {
    assert_valid("ports: [{port: 1}]");
    assert_valid("ports: [{port: 65535}]");
    assert_valid("ports: [{port: https}]");
    assert_valid("ports: [{protocol: TCP}]");
    assert_invalid("ports: [{port: 0}]", "ports[0].port", "0");
    assert_invalid("ports: [{port: 65536}]", "ports[0].port", "65536");
    assert_invalid("ports: [{port: -1}]", "ports[0].port", "-1");
    assert_invalid("ports: [{port: HTTPS}]", "ports[0].port", "'HTTPS'");
    assert_invalid("ports: [{port: web--ui}]", "ports[0].port", "'web--ui'");
    assert_invalid("ports: [{port: abcdefghijklmnop}]", "ports[0].port", "15");
    assert_invalid("ports: [{port: '-web'}]", "ports[0].port", "'-web'");
    assert_invalid("ports: [{port: '1234'}]", "ports[0].port", "letter");
}

#[test]
fn end_port_rules() {
    assert_valid("ports: [{port: 6000, endPort: 6010}]");
    assert_valid("ports: [{port: 6000, endPort: 6000}]");
    assert_valid("ports: [{port: 1, endPort: 65535}]");
    // named port `https` with endPort
    assert_invalid(
        "ports: [{port: https, endPort: 444}]",
        "ports[0].endPort",
        "'https'",
    );
    assert_invalid(
        "ports: [{endPort: 444}]",
        "ports[0].endPort",
        "numeric port",
    );
    assert_invalid(
        "ports: [{port: 500, endPort: 400}]",
        "ports[0].endPort",
        "less than",
    );
    assert_invalid(
        "ports: [{port: 500, endPort: 65536}]",
        "ports[0].endPort",
        "65535",
    );
}

#[test]
fn label_keys_and_values_in_selectors_and_namespaces() {
    assert_valid("to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}}]");
    assert_valid("to: [{podSelector: {matchLabels: {app: ''}}}]");
    // label key `Example.com/abc`
    assert_invalid(
        "to: [{podSelector: {matchLabels: {Example.com/abc: x}}}]",
        "to[0].podSelector.matchLabels.Example.com/abc",
        "'Example.com/abc'",
    );
    // label value `-x`
    assert_invalid(
        "to: [{namespaceSelector: {matchLabels: {team: '-x'}}}]",
        "to[0].namespaceSelector.matchLabels.team",
        "'-x'",
    );
    let long = "v".repeat(64);
    assert_invalid(
        &format!("to: [{{podSelector: {{matchLabels: {{app: {long}}}}}}}]"),
        "to[0].podSelector.matchLabels.app",
        "63",
    );
    let values = parse_values("ingress:\n  fromNamespaces:\n    - {Bad Key: x}\n").expect("parses");
    let errs = validate(&values);
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].path,
        "networkPolicy.ingress.fromNamespaces[0].Bad Key"
    );
}

#[test]
fn match_expressions() {
    assert_valid(
        "to: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [a]}]}}]",
    );
    assert_valid("to: [{podSelector: {matchExpressions: [{key: app, operator: Exists}]}}]");
    assert_invalid(
        "to: [{podSelector: {matchExpressions: [{key: app, operator: In}]}}]",
        "to[0].podSelector.matchExpressions[0].values",
        "at least one",
    );
    assert_invalid(
        "to: [{podSelector: {matchExpressions: [{key: app, operator: Exists, values: [a]}]}}]",
        "to[0].podSelector.matchExpressions[0].values",
        "no values",
    );
    assert_invalid(
        "to: [{podSelector: {matchExpressions: [{key: app, operator: Equals, values: [a]}]}}]",
        "to[0].podSelector.matchExpressions[0].operator",
        "'Equals'",
    );
}

#[test]
fn ingress_rules_are_checked_too() {
    let values = parse_values(
        "ingress:\n  extra:\n    - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]\n      ports: [{protocol: tcp}]\n",
    )
    .expect("parses");
    let paths: Vec<String> = validate(&values).into_iter().map(|e| e.path).collect();
    assert_eq!(
        paths,
        [
            "networkPolicy.ingress.extra[0].from[0].ipBlock.except[0]",
            "networkPolicy.ingress.extra[0].ports[0].protocol"
        ]
    );
}
