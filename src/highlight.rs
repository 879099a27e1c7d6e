//! Syntax highlighting for the YAML previews.
//!
//! Splits YAML text into lines of typed spans for the preview panes. It is built for the
//! block style our writer emits (keys, `- ` items, `#` comments, quoted and plain
//! scalars, `[]`/`{}`) but is total: any text, however malformed, comes back as spans
//! whose concatenation is exactly the input, so a pasted document can never be garbled
//! or lost by the view. It looks at each byte a bounded number of times (linear time)
//! and only ever cuts the text at ASCII bytes, so spans are always valid `&str`s.

mod rule;
mod scanner;
#[cfg(test)]
mod tests;

pub use rule::rule_span;

use scanner::Scanner;

/// What a span of YAML is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A mapping key (without its `:`).
    Key,
    /// A string scalar, plain or quoted (quotes included), or block scalar content.
    Str,
    /// An integer or float scalar.
    Number,
    /// `true`, `false`, `null` and the other words a YAML reader takes for them.
    Bool,
    /// A `#` comment, up to the end of its line.
    Comment,
    /// Structure: `-`, `:`, `?`, `[`, `]`, `{`, `}`, `,`, `---`, `|`, `>`.
    Punct,
    /// Whitespace, line breaks, anchors, tags, aliases and anything unrecognised.
    Plain,
}

/// One span of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// What the span is.
    pub kind: TokenKind,
    /// The span itself, a slice of the input.
    pub text: &'a str,
}

/// Splits `text` into lines of tokens. Each line ends with its `\n` (as part of a
/// [`TokenKind::Plain`] token) except a last line without one; joining every token of
/// every line gives back `text` exactly.
///
/// ```
/// use periscope_netpol::highlight::{lines, TokenKind};
/// let doc = "ports:\n  - port: 443 # https\n";
/// let ls = lines(doc);
/// assert_eq!(ls.len(), 2);
/// let joined: String = ls.iter().flatten().map(|t| t.text).collect();
/// assert_eq!(joined, doc);
/// assert!(ls[1].iter().any(|t| t.kind == TokenKind::Number && t.text == "443"));
/// // Garbage is kept too, never dropped.
/// let junk = "\"unterminated: [a, {b\t#";
/// assert_eq!(lines(junk).concat().iter().map(|t| t.text).collect::<String>(), junk);
/// ```
pub fn lines(text: &str) -> Vec<Vec<Token<'_>>> {
    let mut block = None;
    let scan = |line| {
        let mut toks = Vec::new();
        Scanner::new(line, &mut toks).run(&mut block);
        toks
    };
    text.split_inclusive('\n').map(scan).collect()
}

/// Every token of `text` in order (the lines of [`lines`], flattened).
///
/// ```
/// use periscope_netpol::highlight::{tokens, TokenKind};
/// let t = tokens("enabled: true\n");
/// assert_eq!(t[0].kind, TokenKind::Key);
/// assert_eq!(t.iter().map(|t| t.text).collect::<String>(), "enabled: true\n");
/// ```
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut block = None;
    for line in text.split_inclusive('\n') {
        Scanner::new(line, &mut out).run(&mut block);
    }
    out
}
