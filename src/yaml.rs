//! A small, deterministic YAML writer with comments.
//!
//! serde_yaml cannot write comments or choose key order per document, and the values we
//! hand to operators need a `#` reason above each generated rule. Output is block style,
//! sequences indented under their key (the style of the chart docs), and every string that
//! a YAML 1.1 or 1.2 reader could take for something else is double-quoted.
//!
//! A [`Node::ToYaml`] subtree is written as Helm's `toYaml` writes it instead ([`go`]), so
//! the manifest preview is the text `helm template` prints.

pub(crate) mod go;

/// A YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A string scalar (quoted when needed).
    Str(String),
    /// An integer scalar.
    Int(i64),
    /// A boolean scalar.
    Bool(bool),
    /// A sequence.
    Seq(Vec<Item>),
    /// A mapping, in the given key order.
    Map(Vec<Entry>),
    /// A subtree written in the style of Go's YAML encoder (Helm's `toYaml`): a sequence
    /// under a key starts at the key's column, strings are quoted as go-yaml quotes them.
    /// Keys keep their order (sort them with [`go::key_cmp`]).
    ToYaml(Box<Node>),
    /// A scalar written as it is, unquoted: what a template's `{{ .Release.Name }}`
    /// prints (the text may well read back as another type; that is the point).
    Raw(String),
    /// Null written as nothing at all: `key:` alone, as a template prints a key whose
    /// body rendered empty (the chart's `ingress:` with no rule).
    Null,
}

/// A sequence item with an optional comment above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Comment lines written above the item (without `#`).
    pub comment: Option<String>,
    /// The item.
    pub node: Node,
}

/// A mapping entry with an optional comment above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Comment lines written above the entry (without `#`).
    pub comment: Option<String>,
    /// The value.
    pub node: Node,
}

impl Node {
    /// A string node.
    pub fn str(s: impl Into<String>) -> Node {
        Node::Str(s.into())
    }

    /// A mapping from `(key, value)` pairs, no comments.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Node)>) -> Node {
        Node::Map(
            entries
                .into_iter()
                .map(|(k, v)| Entry {
                    key: k.into(),
                    comment: None,
                    node: v,
                })
                .collect(),
        )
    }

    /// A sequence of nodes, no comments.
    pub fn seq(items: impl IntoIterator<Item = Node>) -> Node {
        Node::Seq(
            items
                .into_iter()
                .map(|node| Item {
                    comment: None,
                    node,
                })
                .collect(),
        )
    }
}

/// Writes a document whose root is a mapping or any node.
///
/// ```
/// use periscope_netpol::yaml::{to_string, Node};
/// let doc = Node::map([("a", Node::seq([Node::str("1.0")])), ("b", Node::Bool(true))]);
/// assert_eq!(to_string(&doc), "a:\n  - \"1.0\"\nb: true\n");
/// ```
pub fn to_string(node: &Node) -> String {
    let mut out = String::new();
    if is_inline(node) {
        write_inline(node, false, &mut out);
        out.push('\n');
    } else {
        write_block(node, 0, true, None, &mut out);
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    const SPACES: &str = "                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(SPACES.get(..n).unwrap_or_default());
        left -= n;
    }
}

/// Writes each line of `comment` as a `#` line. YAML readers (Helm's among them) also
/// break lines at a lone CR, NEL, U+2028 and U+2029, so those start a new `#` line too.
fn write_comment(comment: &Option<String>, indent: usize, out: &mut String) {
    if let Some(c) = comment {
        let breaks = |ch: char| matches!(ch, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
        for line in c.lines().flat_map(|l| l.split(breaks)) {
            pad(out, indent);
            out.push('#');
            if !line.is_empty() {
                out.push(' ');
                out.push_str(line);
            }
            out.push('\n');
        }
    }
}

/// Scalars and empty collections, written on the current line.
fn is_inline(node: &Node) -> bool {
    match node {
        Node::Seq(items) => items.is_empty(),
        Node::Map(entries) => entries.is_empty(),
        Node::ToYaml(inner) => is_inline(inner),
        _ => true,
    }
}

/// `go`: inside a [`Node::ToYaml`] subtree.
fn write_inline(node: &Node, go: bool, out: &mut String) {
    match node {
        Node::Str(s) => write_scalar(s, go, out),
        Node::Int(i) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{i}");
        }
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Raw(s) => out.push_str(s),
        Node::Null => {}
        Node::Seq(_) => out.push_str("[]"),
        Node::Map(_) => out.push_str("{}"),
        Node::ToYaml(inner) => write_inline(inner, true, out),
    }
}

/// `first_pad`: whether the first line is indented (false right after a dash).
/// `go`: inside a [`Node::ToYaml`] subtree, with the column the template's `nindent`
/// starts it at (its blank lines carry that much indentation).
fn write_map_from(
    entries: &[Entry],
    indent: usize,
    first_pad: bool,
    go: Option<usize>,
    out: &mut String,
) {
    for (k, e) in entries.iter().enumerate() {
        write_comment(&e.comment, indent, out);
        if first_pad || k > 0 {
            pad(out, indent);
        }
        write_scalar(&e.key, go.is_some(), out);
        out.push(':');
        if go.is_some_and(|base| go_literal(&e.node, indent + 2, base, out)) {
            continue;
        }
        if e.node == Node::Null {
            out.push('\n');
            continue;
        }
        // A `toYaml` value follows its key on the next line (`| nindent`), even `{}`.
        if is_inline(&e.node) && !matches!(e.node, Node::ToYaml(_)) {
            out.push(' ');
            write_inline(&e.node, go.is_some(), out);
            out.push('\n');
        } else {
            out.push('\n');
            // Go's encoder starts a sequence under a key at the key's column.
            let go_seq = matches!(e.node, Node::Seq(_)) && go.is_some();
            write_block(
                &e.node,
                if go_seq { indent } else { indent + 2 },
                true,
                go,
                out,
            );
        }
    }
}

fn write_block(node: &Node, indent: usize, first_pad: bool, go: Option<usize>, out: &mut String) {
    match node {
        Node::ToYaml(inner) => write_block(inner, indent, first_pad, go.or(Some(indent)), out),
        Node::Map(entries) if !entries.is_empty() => {
            write_map_from(entries, indent, first_pad, go, out)
        }
        Node::Seq(items) if !items.is_empty() => write_seq_from(items, indent, first_pad, go, out),
        _ => {
            if first_pad {
                pad(out, indent);
            }
            write_inline(node, go.is_some(), out);
            out.push('\n');
        }
    }
}

fn has_comment_line(c: &Option<String>) -> bool {
    c.as_deref().is_some_and(|c| c.lines().next().is_some())
}

/// Whether the block of a node starts with a comment line.
fn starts_with_comment(node: &Node) -> bool {
    match node {
        Node::Map(entries) => entries
            .first()
            .is_some_and(|e| has_comment_line(&e.comment)),
        Node::Seq(items) => items.first().is_some_and(|i| has_comment_line(&i.comment)),
        Node::ToYaml(inner) => starts_with_comment(inner),
        _ => false,
    }
}

fn write_seq_from(
    items: &[Item],
    indent: usize,
    first_pad: bool,
    go: Option<usize>,
    out: &mut String,
) {
    for (k, item) in items.iter().enumerate() {
        write_comment(&item.comment, indent, out);
        if first_pad || k > 0 {
            pad(out, indent);
        }
        out.push('-');
        if go.is_some_and(|base| go_literal(&item.node, indent + 2, base, out)) {
            continue;
        }
        // A `toYaml` item (`- ` and all) starts at the dash's column.
        let go = match (&item.node, go) {
            (Node::ToYaml(_), None) => Some(indent),
            _ => go,
        };
        if is_inline(&item.node) {
            if item.node != Node::Null {
                out.push(' ');
            }
            write_inline(&item.node, go.is_some(), out);
            out.push('\n');
            continue;
        }
        // The collection goes two columns in, its first line beside the dash (unless that
        // line is a comment, which would swallow the item).
        if starts_with_comment(&item.node) {
            out.push('\n');
            write_block(&item.node, indent + 2, true, go, out);
        } else {
            out.push(' ');
            write_block(&item.node, indent + 2, false, go, out);
        }
    }
}

/// Words that YAML 1.1 (Helm's reader) or 1.2 would read as booleans or null.
const RESERVED: [&str; 16] = [
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "nan", "inf", ".inf",
    "-.inf", "+.inf", ".nan",
];

/// Whether a string must be quoted to read back as the same string.
pub fn needs_quotes(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return true;
    };
    if s.len() <= 5 && RESERVED.iter().any(|w| w.eq_ignore_ascii_case(s)) {
        return true;
    }
    let second = bytes.get(1).copied();
    let numberish = first.is_ascii_digit()
        || (matches!(first, b'-' | b'+' | b'.')
            && second.is_some_and(|c| c.is_ascii_digit() || c == b'i' || c == b'I'));
    if numberish
        && bytes.iter().all(|c| {
            c.is_ascii_hexdigit()
                || matches!(
                    c,
                    b'.' | b'_'
                        | b':'
                        | b'+'
                        | b'-'
                        | b'x'
                        | b'X'
                        | b'o'
                        | b'O'
                        | b't'
                        | b'T'
                        | b'z'
                        | b'Z'
                        | b' '
                )
        })
    {
        return true;
    }
    let plain = |c: &u8| {
        c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'/' | b'-' | b':' | b'@' | b'=')
    };
    if !bytes.iter().all(plain) {
        return true;
    }
    matches!(first, b'-' | b':' | b'@' | b'=') || s.ends_with(':')
}

fn write_str(s: &str, out: &mut String) {
    if !needs_quotes(s) {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes ` |` and the lines of a string that go-yaml writes as a literal block, with
/// libyaml's hints (an indentation digit when it starts with a space, `-` without a final
/// line break, `+` with more than one), each line at `indent`, blank lines at `base` (the
/// template's `nindent`). False for anything else.
fn go_literal(node: &Node, indent: usize, base: usize, out: &mut String) -> bool {
    let Node::Str(s) = node else {
        return false;
    };
    if !s.contains('\n') || go::quoting(s) != go::Quoting::Literal {
        return false;
    }
    out.push_str(" |");
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    if !s.ends_with('\n') {
        out.push('-');
    } else if s.len() == 1 || s[..s.len() - 1].ends_with('\n') {
        out.push('+');
    }
    out.push('\n');
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        if line.is_empty() {
            pad(out, base);
        } else {
            pad(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
    true
}

/// A string in our style, or in Go's inside a [`Node::ToYaml`] subtree (`go`).
fn write_scalar(s: &str, go: bool, out: &mut String) {
    if go {
        go_str(s, out);
    } else {
        write_str(s, out);
    }
}

/// A string as go-yaml writes it ([`go::quoting`]); double quotes escape as libyaml does.
fn go_str(s: &str, out: &mut String) {
    match go::quoting(s) {
        go::Quoting::Plain => out.push_str(s),
        go::Quoting::Single => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
        go::Quoting::Double | go::Quoting::Literal => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\0' => out.push_str("\\0"),
                    '\u{7}' => out.push_str("\\a"),
                    '\u{8}' => out.push_str("\\b"),
                    '\t' => out.push_str("\\t"),
                    '\n' => out.push_str("\\n"),
                    '\u{b}' => out.push_str("\\v"),
                    '\u{c}' => out.push_str("\\f"),
                    '\r' => out.push_str("\\r"),
                    '\u{1b}' => out.push_str("\\e"),
                    '\u{85}' => out.push_str("\\N"),
                    '\u{a0}' => out.push_str("\\_"),
                    '\u{2028}' => out.push_str("\\L"),
                    '\u{2029}' => out.push_str("\\P"),
                    c if go::printable(c) => out.push(c),
                    c => {
                        let n = c as u32;
                        let (tag, width) = match n {
                            0..=0xFF => ('x', 2),
                            0x100..=0xFFFF => ('u', 4),
                            _ => ('U', 8),
                        };
                        out.push('\\');
                        out.push(tag);
                        for shift in (0..width).rev() {
                            let digit = (n >> (shift * 4)) & 0xF;
                            out.push(char::from(b"0123456789ABCDEF"[digit as usize]));
                        }
                    }
                }
            }
            out.push('"');
        }
    }
}

#[cfg(test)]
mod tests;
