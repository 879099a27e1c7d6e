//! Tests of the YAML writer: strings that read back as themselves through serde_yaml,
//! plain scalars where safe, and the layout of comments and nesting.

use super::*;

/// Every string must read back as itself, whatever it looks like.
#[test]
fn strings_round_trip_through_serde_yaml() {
    let cases = [
        "",
        "a",
        "true",
        "True",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "N",
        "null",
        "~",
        "1",
        "1.0",
        "1.0.0",
        "0x1F",
        "1e3",
        "1:20",
        "2001-12-14",
        ".5",
        "-1",
        "+1",
        ".inf",
        "-",
        "- a",
        ":",
        "a:",
        "a: b",
        "a #b",
        "#a",
        "@a",
        "`a",
        "'a'",
        "\"a\"",
        "a\"b",
        "a\\b",
        "line\nbreak",
        "tab\t",
        "\u{7}",
        " lead",
        "trail ",
        "[a]",
        "{a}",
        "*a",
        "&a",
        "!a",
        "%a",
        "|",
        ">",
        "?",
        "?a",
        "10.0.0.0/8",
        "fd00:ec2::23/128",
        "::/0",
        "::",
        "kubernetes.io/metadata.name",
        "periscope-1.0.0",
        "é",
        "a,b",
        "NaN",
    ];
    for s in cases {
        let doc = Node::map([(s, Node::seq([Node::str(s)]))]);
        let text = to_string(&doc);
        let back: serde_yaml::Value = serde_yaml::from_str(&text).expect(&text);
        let want = serde_yaml::Value::Mapping(
            [(
                serde_yaml::Value::String(s.into()),
                serde_yaml::Value::Sequence(vec![serde_yaml::Value::String(s.into())]),
            )]
            .into_iter()
            .collect(),
        );
        assert_eq!(back, want, "{s:?} wrote {text}");
    }
}

#[test]
fn plain_where_it_is_safe() {
    for s in [
        "10.0.0.0/8",
        "fd00:ec2::23/128",
        "ingress-nginx",
        "TCP",
        "a.b/c",
    ] {
        assert!(!needs_quotes(s), "{s}");
    }
    for s in ["1.0.0", "8080", "true", "", "a b", "a:"] {
        assert!(needs_quotes(s), "{s}");
    }
}

#[test]
fn layout_with_comments_and_nesting() {
    let doc = Node::Map(vec![Entry {
        key: "extra".into(),
        comment: None,
        node: Node::Seq(vec![
            Item {
                comment: Some("why".into()),
                node: Node::map([
                    (
                        "to",
                        Node::seq([Node::map([("cidr", Node::str("0.0.0.0/0"))])]),
                    ),
                    ("ports", Node::Seq(vec![])),
                ]),
            },
            Item {
                comment: None,
                node: Node::seq([Node::Int(1)]),
            },
        ]),
    }]);
    let want = "extra:\n  # why\n  - to:\n      - cidr: 0.0.0.0/0\n    ports: []\n  - - 1\n";
    assert_eq!(to_string(&doc), want);
}

#[test]
fn null_is_the_key_alone() {
    let doc = Node::map([
        ("ingress", Node::Null),
        ("egress", Node::seq([Node::Null, Node::Int(1)])),
    ]);
    let text = to_string(&doc);
    assert_eq!(text, "ingress:\negress:\n  -\n  - 1\n");
    let back: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
    assert!(back["ingress"].is_null(), "{text}");
}

/// A comment stays a comment whatever line breaks it holds: YAML readers also break at a
/// lone CR, NEL, U+2028 and U+2029, so each of those starts a `#` line of its own.
#[test]
fn comments_with_any_line_break_stay_comments() {
    for note in [
        "a\nb",
        "a\r\nb",
        "a\rb",
        "a\u{85}b",
        "a\u{2028}b",
        "a\u{2029}b",
        "\u{2029}",
    ] {
        let doc = Node::Map(vec![Entry {
            key: "k".into(),
            comment: Some(note.into()),
            node: Node::Int(1),
        }]);
        let text = to_string(&doc);
        let back: serde_yaml::Value = serde_yaml::from_str(&text).expect(&text);
        assert_eq!(back["k"], serde_yaml::Value::from(1), "{text:?}");
        assert_eq!(back.as_mapping().map(|m| m.len()), Some(1), "{text:?}");
        for line in text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            assert!(
                line.is_empty() || line.starts_with('#') || line == "k: 1",
                "{text:?}"
            );
        }
    }
}
