//! The YAML reader: text to a [`Value`], without serde.
//!
//! It reads what serde_yaml 0.9 read and refuses what it refused, because it is built the
//! same way: libyaml's scanner (`scanner`, with `scalars` and `properties` for token
//! bodies, producing `tokens`) and parser (`events`, `collections`), ported rule for rule,
//! then serde_yaml's document rules (`tree`) and scalar resolution (`resolve`); `locate`
//! replays the events to find a node. `tests/doc_reader.rs` holds it to that against
//! serde_yaml on every corpus we have, and `fuzz/fuzz_targets/doc_parse.rs` on anything;
//! the few deliberate differences are listed there.
//!
//! Supported: block and flow collections (JSON included), all five scalar styles with
//! folding, chomping, indentation indicators and every escape, comments, CRLF, a BOM,
//! `---` / `...`, `%YAML` / `%TAG`, anchors and aliases (copied), explicit `? key`s with
//! scalar keys, tags the way serde_yaml applies them (`!!int` and friends force a type, a
//! local `!tag` is dropped). Refused: more than one document, nesting deeper than 128,
//! unknown or recursive aliases, aliases copying more than a million nodes, duplicate
//! keys, collection keys, integers that need 128 bits, and everything libyaml refuses.
//! Nothing panics: every lookahead past the end reads `'\0'`.

use std::fmt;

use super::convert::Path;
use super::value::Value;

mod collections;
mod events;
mod locate;
mod properties;
mod resolve;
mod scalars;
mod scanner;
mod tokens;
mod tree;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

/// Text that is not YAML (or uses a YAML feature the reader refuses), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the reader stopped.
    pub pos: Pos,
    /// What it found, lowercase, no trailing period.
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.pos.line, self.pos.column, self.message
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Parses one YAML document (JSON included). An empty document is `Null`.
///
/// ```
/// use periscope_netpol::doc::{parse, Value};
///
/// let v = parse("egress:\n- port: 443\n  protocol: TCP\n").unwrap();
/// assert_eq!(v.get("egress").unwrap().as_sequence().unwrap()[0].get("port").unwrap().as_u64(), Some(443));
///
/// let err = parse("a: b: c\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 1, column 5: mapping values are not allowed here");
/// ```
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    tree::build(text, tree::ALIAS_BUDGET)
}

/// [`parse`] with a smaller cap on what aliases may copy (nodes plus string bytes / 32;
/// [`parse`] allows 1,000,000): a reader with its own node limit passes it here, so an
/// alias bomb stops at that limit instead of first expanding to the default cap.
///
/// ```
/// use periscope_netpol::doc::parse_with_alias_budget;
///
/// let text = "a: &a [x, x, x, x]\nb: [*a, *a, *a]\n";
/// assert!(parse_with_alias_budget(text, 100).is_ok());
/// let err = parse_with_alias_budget(text, 10).unwrap_err();
/// assert!(err.to_string().ends_with("aliases expand to more than 10 nodes"));
/// ```
pub fn parse_with_alias_budget(text: &str, budget: u64) -> Result<Value, SyntaxError> {
    tree::build(text, budget.min(tree::ALIAS_BUDGET))
}

/// Where the node at `path` starts in `text`, when `text` parses that far: the line and
/// column of the node's first character (its anchor or tag when it has one; for a block
/// collection its first key or `-`), which is the position serde_yaml reported for it. A
/// path through an alias gives the alias's position.
///
/// ```
/// use periscope_netpol::doc::{locate, Path, Pos};
///
/// let mut path = Path::keys(&["ports"]);
/// path.push_index(1);
/// assert_eq!(locate("ports: [80, 443]\n", &path), Some(Pos { line: 1, column: 13 }));
/// assert_eq!(locate("ports: [80]\n", &path), None);
/// ```
pub fn locate(text: &str, path: &Path) -> Option<Pos> {
    locate::find(text, &path.0).map(tokens::Mark::pos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::value::{Map, Number};

    fn s(v: &str) -> Value {
        Value::String(v.to_owned())
    }
    fn i(n: i64) -> Value {
        Value::from(n)
    }
    fn f(x: f64) -> Value {
        Value::Number(Number::Float(x))
    }
    fn q(items: Vec<Value>) -> Value {
        Value::Sequence(items)
    }
    fn m(entries: Vec<(Value, Value)>) -> Value {
        let mut map = Map::new();
        for (k, v) in entries {
            map.push(k, v);
        }
        Value::Mapping(map)
    }
    const N: Value = Value::Null;

    #[test]
    fn reads_what_values_files_contain() {
        let t = Value::Bool(true);
        let cases: Vec<(&str, Value)> =
            vec![
            ("", N),
            ("# only a comment\n", N),
            ("---\n", N),
            ("a: 1", m(vec![(s("a"), i(1))])),
            (
                "key:\n- a\n- b\n",
                m(vec![(s("key"), q(vec![s("a"), s("b")]))]),
            ),
            (
                "- key: v\n  other: w\n- - x\n  - y\n",
                q(vec![
                    m(vec![(s("key"), s("v")), (s("other"), s("w"))]),
                    q(vec![s("x"), s("y")]),
                ]),
            ),
            (
                "a:\nb: ~\nc: null\n",
                m(vec![(s("a"), N), (s("b"), N), (s("c"), N)]),
            ),
            (
                "a: 1 # c\n# full line\nb: '#x' #y\nc: a#b\n",
                m(vec![(s("a"), i(1)), (s("b"), s("#x")), (s("c"), s("a#b"))]),
            ),
            (
                "a: 1\r\nb:\r\n  - x\r\n",
                m(vec![(s("a"), i(1)), (s("b"), q(vec![s("x")]))]),
            ),
            ("\u{feff}a: 1\nb: 2\n", m(vec![(s("a"), i(1)), (s("b"), i(2))])),
            ("a:\t1\n", m(vec![(s("a"), i(1))])),
            ("{a: 1, b}", m(vec![(s("a"), i(1)), (s("b"), N)])),
            (
                "[1, [2, 3], {x: y}, ]",
                q(vec![i(1), q(vec![i(2), i(3)]), m(vec![(s("x"), s("y"))])]),
            ),
            ("[\n  1,\n  \"two\"\n]\n", q(vec![i(1), s("two")])),
            (
                "{\"a\": [true, null, -1.5e3]}",
                m(vec![(s("a"), q(vec![t.clone(), N, f(-1500.0)]))]),
            ),
            ("[a: 1]", q(vec![m(vec![(s("a"), i(1))])])),
            (
                "a: one\n  two\n\n  three\n",
                m(vec![(s("a"), s("one two\nthree"))]),
            ),
            ("'it''s\n  folded\n\n  twice'", s("it's folded\ntwice")),
            (
                r#""\n\t\"\\\/\0\a\b\e\f\r\v\N\_\L\P\x41\u00e9\U0001F600""#,
                s("\n\t\"\\/\0\x07\x08\x1b\x0c\r\x0b\u{85}\u{a0}\u{2028}\u{2029}A\u{e9}\u{1F600}"),
            ),
            ("\"a\\\n   b  \n  c\"", s("ab c")),
            ("|\n  a\n   b\n\n", s("a\n b\n")),
            (">-\n  a\n  b\n\n  c\n\n", s("a b\nc")),
            ("|+\n  a\n\n", s("a\n\n")),
            ("- |2\n     a\n", q(vec![s("   a\n")])),
            (">\n  a\n    indented\n  b\n", s("a\n  indented\nb\n")),
            (
                "%YAML 1.2\n%TAG !e! tag:example.com,2000:\n--- !e!x 5\n...\n",
                s("5"),
            ),
            (
                "- &a 1\n- &a 2\n- &b [*a]\n",
                q(vec![i(1), i(2), q(vec![i(2)])]),
            ),
            (
                "a: &y [1, &y 2]\nb: *y\n",
                m(vec![(s("a"), q(vec![i(1), i(2)])), (s("b"), i(2))]),
            ),
            (
                "a: &x [1, 2]\nb: *x\n",
                m(vec![
                    (s("a"), q(vec![i(1), i(2)])),
                    (s("b"), q(vec![i(1), i(2)])),
                ]),
            ),
            (
                "[!!str 1, !!int '7', !custom 5, !!float 1, !!bool TRUE, !!null ~]",
                q(vec![s("1"), i(7), i(5), f(1.0), t.clone(), N]),
            ),
            ("? k\n: v\n", m(vec![(s("k"), s("v"))])),
            ("<<: {a: 1}\n", m(vec![(s("<<"), m(vec![(s("a"), i(1))]))])),
            (
                "y: yes\nn: NO\non: off\n",
                m(vec![
                    (s("y"), s("yes")),
                    (s("n"), s("NO")),
                    (s("on"), s("off")),
                ]),
            ),
            (
                "[0x1f, 0o17, 0b11, +5, 012, .inf, -.Inf, 1e400]",
                q(vec![
                    i(31),
                    i(15),
                    i(3),
                    i(5),
                    s("012"),
                    f(f64::INFINITY),
                    f(f64::NEG_INFINITY),
                    s("1e400"),
                ]),
            ),
            (
                "1: a\n-2: b\ntrue: c\n~: d\n",
                m(vec![
                    (i(1), s("a")),
                    (i(-2), s("b")),
                    (t, s("c")),
                    (N, s("d")),
                ]),
            ),
            ("a: b\u{2028}  c\n", m(vec![(s("a"), s("b\u{2028}c"))])),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn refuses_with_line_column_and_what_was_found() {
        let deep_ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
        let laughs = {
            let mut t = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
            for (n, prev) in ["b", "c", "d", "e", "f", "g"]
                .iter()
                .zip(["a", "b", "c", "d", "e", "f"])
            {
                t.push_str(&format!(
                    "{n}: &{n} [{}]\n",
                    vec![format!("*{prev}"); 10].join(", ")
                ));
            }
            t
        };
        assert!(parse(&deep_ok).is_ok());
        let cases: Vec<(&str, (usize, usize), &str)> = vec![
            (
                "networkPolicy:\n  enabled: true\n  egress: [\n",
                (4, 1),
                "unclosed flow sequence `[`",
            ),
            ("a: b: c\n", (1, 5), "mapping values are not allowed here"),
            (
                "networkPolicy:\n  enabled: true\n   x: 1\n",
                (3, 5),
                "mapping values are not allowed here",
            ),
            ("a:\n\tb: 1\n", (2, 1), "tab used for indentation"),
            ("{a: 1", (2, 1), "unclosed flow mapping `{`"),
            ("[,]", (1, 2), "found `,`, expected a value"),
            ("a: 'x", (1, 6), "unclosed single-quoted scalar"),
            ("a: \"\\q\"", (1, 5), "unknown escape `\\q`"),
            ("a: *nope\n", (1, 4), "unknown alias `*nope`"),
            (
                "a: &x [*x]\n",
                (1, 8),
                "the alias `*x` is inside the node it names",
            ),
            (
                "a: 1\nenabled: 2\nenabled: 3\n",
                (3, 1),
                "duplicate key `enabled`",
            ),
            ("a: 1\n---\nb: 2\n", (2, 1), "found a second document"),
            (&deep, (1, 129), "nesting deeper than 128 levels"),
            (
                &laughs,
                (6, 32),
                "aliases expand to more than 1000000 nodes",
            ),
            ("? [a]\n: v\n", (1, 3), "a sequence cannot be a mapping key"),
            ("a: !!int x\n", (1, 4), "`x` is not an integer"),
            ("a: 18446744073709551616\n", (1, 4), "does not fit 64 bits"),
            ("a: @x\n", (1, 4), "found `@`, which cannot start any token"),
            ("a: !e!x 1\n", (1, 4), "undefined tag handle `!e!`"),
            (
                "a: 1\n\u{1}\n",
                (2, 1),
                "control character U+0001 is not allowed",
            ),
            (
                "key\nother: 1\n",
                (2, 6),
                "mapping values are not allowed here",
            ),
            ("- a\nb: 1\n", (2, 1), "found a mapping key, expected `-`"),
        ];
        for (text, (line, column), message) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!(
                (err.pos.line, err.pos.column),
                (line, column),
                "{text:?}: {err}"
            );
            assert!(err.message.contains(message), "{text:?}: {err}");
            assert!(!err.message.ends_with('.'), "{err}");
        }
    }

    #[test]
    fn locates_nodes_where_serde_yaml_did() {
        let text = "networkPolicy:\n  egress:\n    extra:\n    - {}\n    - {}\n    - ports: [{port: [1]}]\n";
        let mut path = Path::keys(&["networkPolicy", "egress", "extra"]);
        path.push_index(2);
        path.push_key("ports");
        path.push_index(0);
        path.push_key("port");
        assert_eq!(
            locate(text, &path),
            Some(Pos {
                line: 6,
                column: 22
            })
        );
        // (text, path, line and column)
        type Case = (&'static str, Path, Option<(usize, usize)>);
        let cases: Vec<Case> = vec![
            ("a:\n  b: 1\n", Path::keys(&["a"]), Some((2, 3))),
            ("a:\n  b: 1\n", Path::keys(&["a", "b"]), Some((2, 6))),
            ("a:\n- x\n", Path::keys(&["a"]), Some((2, 1))),
            ("a: &n !t 1\n", Path::keys(&["a"]), Some((1, 4))),
            ("a:\nb: 2\n", Path::keys(&["a"]), Some((1, 3))),
            ("a: 1\n", Path::keys(&["b"]), None),
            (
                "x: &k {y: 1}\na: *k\n",
                Path::keys(&["a", "y"]),
                Some((2, 4)),
            ),
            ("", Path::root(), Some((1, 1))),
        ];
        for (text, path, want) in cases {
            let got = locate(text, &path).map(|p| (p.line, p.column));
            assert_eq!(got, want, "{text:?} {path}");
        }
    }
}
