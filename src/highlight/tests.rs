//! Unit tests for the highlighter: exact spans for the lines our writer emits, and
//! totality (every input comes back byte for byte) on tricky, generated and golden text.

use super::TokenKind::{Bool, Comment, Key, Number, Plain, Punct, Str};
use super::*;

/// Tokens written compactly: a letter for the kind, then the text in Rust quotes.
fn spans(text: &str) -> String {
    let letter = |k| match k {
        Key => 'K',
        Str => 'S',
        Number => 'N',
        Bool => 'B',
        Comment => 'C',
        Punct => 'P',
        Plain => '_',
    };
    let all = tokens(text)
        .into_iter()
        .map(|t| format!("{}{:?}", letter(t.kind), t.text));
    all.collect::<Vec<_>>().join(" ")
}

fn joined(text: &str) -> String {
    tokens(text).iter().map(|t| t.text).collect()
}

#[test]
fn lines_we_emit() {
    let cases = [
        ("networkPolicy:\n", r##"K"networkPolicy" P":" _"\n""##),
        ("  enabled: true", r##"_"  " K"enabled" P":" _" " B"true""##),
        ("  # why", r##"_"  " C"# why""##),
        ("    port: 443", r##"_"    " K"port" P":" _" " N"443""##),
        ("    port: http", r##"_"    " K"port" P":" _" " S"http""##),
        ("  - 10.0.0.0/8", r##"_"  " P"-" _" " S"10.0.0.0/8""##),
        ("- a.io/b: c", r##"P"-" _" " K"a.io/b" P":" _" " S"c""##),
        ("  ports: []", r##"_"  " K"ports" P":" _" " P"[]""##),
        ("m: {}", r##"K"m" P":" _" " P"{}""##),
        ("v: \"1.0.0\"", r##"K"v" P":" _" " S"\"1.0.0\"""##),
        ("\"a: b\": 'it''s'", r##"K"\"a: b\"" P":" _" " S"'it''s'""##),
        ("---", r##"P"---""##),
        ("- - 1", r##"P"-" _" " P"-" _" " N"1""##),
        ("a: b # c", r##"K"a" P":" _" " S"b" _" " C"# c""##),
        ("a: b#c", r##"K"a" P":" _" " S"b#c""##),
        ("a #: b", r##"S"a" _" " C"#: b""##),
        (
            "url: https://x:6443",
            r##"K"url" P":" _" " S"https://x:6443""##,
        ),
        ("- fd00:ec2::23/128", r##"P"-" _" " S"fd00:ec2::23/128""##),
        ("x: null", r##"K"x" P":" _" " B"null""##),
        ("x: tRUE", r##"K"x" P":" _" " S"tRUE""##),
        ("x: -1.5e3", r##"K"x" P":" _" " N"-1.5e3""##),
        ("x: 0x1F", r##"K"x" P":" _" " N"0x1F""##),
        ("x: &a *b", r##"K"x" P":" _" &a *b""##),
        (
            "p: [In, 53]",
            r##"K"p" P":" _" " P"[" S"In" P"," _" " N"53" P"]""##,
        ),
        (
            "m: {k: v}",
            r##"K"m" P":" _" " P"{" K"k" P":" _" " S"v" P"}""##,
        ),
        ("key:value", r##"S"key:value""##),
        ("a: b\r\n", r##"K"a" P":" _" " S"b" _"\r\n""##),
    ];
    for (line, want) in cases {
        assert_eq!(spans(line), want, "{line:?}");
    }
}

#[test]
fn block_scalars_are_strings_until_dedent() {
    let cases = [
        (
            "a: |\n  x: 1\n\n  # y\nb: 2",
            r##"K"a" P":" _" " P"|" _"\n" _"  " S"x: 1" _"\n" _"\n" _"  " S"# y" _"\n" K"b" P":" _" " N"2""##,
        ),
        (
            "- >-\n  z\n- w",
            r##"P"-" _" " P">-" _"\n" _"  " S"z" _"\n" P"-" _" " S"w""##,
        ),
        ("v: >=1.0", r##"K"v" P":" _" " S">=1.0""##),
    ];
    for (doc, want) in cases {
        assert_eq!(spans(doc), want, "{doc:?}");
    }
}

/// Whatever comes in comes back out, byte for byte, in non-empty spans.
#[test]
fn total_on_tricky_lines() {
    let cases = [
        "",
        "\n",
        "\n\n",
        " ",
        "-",
        "- ",
        "--",
        "---x",
        "... # end",
        ":",
        ": x",
        "::",
        "#",
        "\"",
        "'",
        "\"\\",
        "'''",
        "\"a\\\"b\": c",
        "a: \"b",
        "a: 'b''",
        "[",
        "]",
        "{",
        "}",
        "[a, {b: [c, 'd]",
        "{: }",
        "a: [b # c",
        "- [x]: y",
        "é: ü # ö",
        "ключ: значение",
        "a:\tb",
        "\t- \t",
        "a: |",
        "a: >-2\n x\ny",
        "- |\n  z\n- w",
        "a: |x",
        "? k\n: v",
        "&a !t *b",
        "!!str",
        "a: !x",
        "\r",
        "\r\n\r\n",
        "a\u{0}: b\u{7f}",
        "😀: [😀, {😀: 😀}]",
        "a: 'é",
        "a: \"é\\",
        "#é",
        "a #: b",
        "- - - -",
        "a: b: c",
        "%YAML 1.2",
        "@: `",
        "x: 1e",
        "x: .5",
        "x: .inf",
        "x: +.INF",
        "x: 0o8",
        "[a]: b",
        "key: ]",
    ];
    for text in cases {
        assert_eq!(joined(text), text, "{text:?}");
        let ls = lines(text);
        assert_eq!(ls.concat().iter().map(|t| t.text).collect::<String>(), text);
        assert!(tokens(text).iter().all(|t| !t.text.is_empty()), "{text:?}");
    }
}

/// A deterministic stream of junk built from YAML's special characters.
#[test]
fn total_on_generated_junk() {
    let alphabet: Vec<char> = " \t\n\r-:#'\"\\[]{},|>&*!?%@`.0123456789aeEx+é😀"
        .chars()
        .collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..40 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let i = usize::try_from(seed >> 33).unwrap_or(0) % alphabet.len();
            text.extend(alphabet.get(i));
        }
        assert_eq!(joined(&text), text, "{text:?}");
    }
}

#[test]
fn total_on_golden_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(joined(&text), text, "{}", path.display());
            assert_eq!(
                lines(&text).len(),
                text.lines().count(),
                "{}",
                path.display()
            );
            // Our own output has no unrecognised text: only whitespace is Plain.
            for t in tokens(&text) {
                if t.kind == Plain {
                    assert!(t.text.trim().is_empty(), "{}: {t:?}", path.display());
                }
            }
            seen += 1;
        }
    }
    assert!(seen >= 3, "found {seen} golden files in {}", dir.display());
}

#[test]
fn big_documents_stay_linear() {
    // Pathological shapes for a backtracking scanner: long keys without colons, long
    // unterminated flows and quotes. A quadratic scanner would take minutes here.
    let n = 200_000;
    for text in [
        "a".repeat(n),
        "[".repeat(n),
        format!("\"{}", "\\".repeat(n)),
        "a: ".repeat(n),
    ] {
        assert_eq!(joined(&text), text);
    }
}
