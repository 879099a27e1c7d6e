//! The line scanner behind [`lines`](super::lines) and [`tokens`](super::tokens): cuts
//! one line into typed spans and classifies plain scalars.
//!
//! Kept apart from the public types so the byte-level rules (where a key, a value, a flow
//! collection or a block scalar starts and ends) read as one piece.

use super::{Token, TokenKind};

/// Space, tab or the `\r` of a CRLF line break.
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r')
}

fn is_flow_indicator(c: u8) -> bool {
    matches!(c, b'[' | b']' | b'{' | b'}' | b',')
}

/// Scans one line (with its `\n`, if any) into contiguous spans.
pub(super) struct Scanner<'a, 'o> {
    line: &'a str,
    b: &'a [u8],
    /// The end of the content: the line's length without its `\n`.
    end: usize,
    /// Where the last span ended.
    done: usize,
    /// The index in `out` of this line's first token (spans never merge across lines).
    first: usize,
    out: &'o mut Vec<Token<'a>>,
}

impl<'a, 'o> Scanner<'a, 'o> {
    pub(super) fn new(line: &'a str, out: &'o mut Vec<Token<'a>>) -> Self {
        let b = line.as_bytes();
        let end = b.len() - usize::from(b.last() == Some(&b'\n'));
        let first = out.len();
        Scanner {
            line,
            b,
            end,
            done: 0,
            first,
            out,
        }
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied().filter(|_| i < self.end)
    }

    fn ws_at(&self, i: usize) -> bool {
        self.at(i).is_some_and(is_ws)
    }

    /// Whether position `i` ends a token: whitespace or the end of the content.
    fn ws_or_end(&self, i: usize) -> bool {
        i >= self.end || self.ws_at(i)
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.ws_at(i) {
            i += 1;
        }
        i
    }

    /// Backs `e` up over trailing whitespace, never below `start`.
    fn trim_back(&self, start: usize, mut e: usize) -> usize {
        while e > start && self.ws_at(e - 1) {
            e -= 1;
        }
        e
    }

    /// Whether a `#` at `i` starts a comment (it must follow whitespace).
    fn comment_at(&self, i: usize) -> bool {
        self.at(i) == Some(b'#') && (i == 0 || self.ws_at(i - 1))
    }

    /// Just past the quote closing the quoted scalar that opens at `i`, if it closes.
    fn quoted_end(&self, i: usize) -> Option<usize> {
        let quote = self.at(i)?;
        let mut j = i + 1;
        while let Some(c) = self.at(j) {
            let escape = (quote == b'"' && c == b'\\')
                || (quote == b'\'' && c == b'\'' && self.at(j + 1) == Some(b'\''));
            if escape {
                j += 2;
            } else if c == quote {
                return Some(j + 1);
            } else {
                j += 1;
            }
        }
        None
    }

    /// Emits `done..end` as `kind`, merged into the previous span when of the same
    /// kind. Empty spans are skipped; a bad `end` (never produced: every cut is at an
    /// ASCII byte) leaves the bytes for a later span, so nothing is ever lost.
    fn push(&mut self, kind: TokenKind, end: usize) {
        let Some(text) = self.line.get(self.done..end).filter(|t| !t.is_empty()) else {
            return;
        };
        let same_line = self.out.len() > self.first;
        let merged = match self.out.last_mut() {
            Some(last) if same_line && last.kind == kind => {
                let start = self.done.checked_sub(last.text.len());
                start
                    .and_then(|st| self.line.get(st..end))
                    .map(|m| last.text = m)
            }
            _ => None,
        };
        if merged.is_none() {
            self.out.push(Token { kind, text });
        }
        self.done = end;
    }

    /// Scans the line. `block` carries, across lines, the indentation of the node that
    /// opened a `|`/`>` block scalar: more-indented lines after it are its content.
    pub(super) fn run(mut self, block: &mut Option<usize>) {
        let indent = self.skip_ws(0);
        self.push(TokenKind::Plain, indent);
        if let Some(parent) = *block {
            if indent >= self.end || indent > parent {
                self.push(TokenKind::Str, self.end);
                return self.push(TokenKind::Plain, self.b.len());
            }
            *block = None;
        }
        let mut p = indent;
        let marker = self.b.starts_with(b"---") || self.b.starts_with(b"...");
        if p == 0 && marker && self.ws_or_end(3) {
            self.push(TokenKind::Punct, 3);
            p = 3;
        } else {
            // `- ` sequence entries and `? ` complex keys, possibly several on one line.
            while matches!(self.at(p), Some(b'-' | b'?')) && self.ws_or_end(p + 1) {
                self.push(TokenKind::Plain, p);
                self.push(TokenKind::Punct, p + 1);
                // A `- |` item's content is indented past the dash.
                *block = Some(p);
                p = self.skip_ws(p + 1);
            }
            if let Some(k) = self.key_end(p) {
                self.push(TokenKind::Plain, p);
                self.push(TokenKind::Key, self.trim_back(p, k));
                self.push(TokenKind::Plain, k);
                self.push(TokenKind::Punct, k + 1);
                *block = Some(p);
                p = k + 1;
            }
        }
        if !self.value(p) {
            *block = None;
        }
        self.push(TokenKind::Plain, self.b.len());
    }

    /// If a block mapping key starts at `p`, the index of its `:`.
    fn key_end(&self, p: usize) -> Option<usize> {
        let c = self.at(p)?;
        let colon = |i: usize| self.at(i) == Some(b':') && self.ws_or_end(i + 1);
        if c == b'"' || c == b'\'' {
            let i = self.skip_ws(self.quoted_end(p)?);
            return colon(i).then_some(i);
        }
        if is_flow_indicator(c) || c == b'#' {
            return None;
        }
        let mut i = p;
        while self.at(i).is_some() && !self.comment_at(i) {
            if colon(i) {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// Scans a value from `p` to the end of the content. Returns whether it opened a
    /// block scalar (`|` or `>`), whose content lines follow.
    fn value(&mut self, p: usize) -> bool {
        let mut p = self.skip_ws(p);
        // Anchors and tags come before the value proper.
        while matches!(self.at(p), Some(b'&' | b'!')) {
            while self.at(p).is_some_and(|c| !is_ws(c)) {
                p += 1;
            }
            p = self.skip_ws(p);
        }
        self.push(TokenKind::Plain, p);
        match self.at(p) {
            None => false,
            Some(b'#') => {
                self.push(TokenKind::Comment, self.end);
                false
            }
            Some(b'|' | b'>') => {
                let mut e = p + 1;
                while matches!(self.at(e), Some(b'-' | b'+' | b'0'..=b'9')) {
                    e += 1;
                }
                if !self.ws_or_end(e) {
                    // Not a block scalar header after all (`>=1.0`).
                    self.scalar(p);
                    return false;
                }
                self.push(TokenKind::Punct, e);
                self.trailer(e);
                true
            }
            Some(b'[' | b'{') => {
                self.flow(p);
                false
            }
            Some(b'"' | b'\'') => {
                let e = self.quoted_end(p).unwrap_or(self.end);
                self.push(TokenKind::Str, e);
                self.trailer(e);
                false
            }
            Some(_) => {
                self.scalar(p);
                false
            }
        }
    }

    /// A plain scalar from `p` up to a comment or the end of the content.
    fn scalar(&mut self, p: usize) {
        let mut e = p + 1;
        while self.at(e).is_some() && !self.comment_at(e) {
            e += 1;
        }
        let e = self.trim_back(p, e.min(self.end));
        let kind = self.line.get(p..e).map_or(TokenKind::Plain, classify);
        self.push(kind, e);
        self.trailer(e);
    }

    /// What follows a complete value: whitespace, then a comment or leftover text.
    fn trailer(&mut self, p: usize) {
        let p = self.skip_ws(p);
        self.push(TokenKind::Plain, p);
        let rest = if self.comment_at(p) {
            TokenKind::Comment
        } else {
            TokenKind::Plain
        };
        self.push(rest, self.end);
    }

    /// Whether a `:` before position `i` separates a flow key from its value.
    fn flow_sep(&self, i: usize) -> bool {
        self.ws_or_end(i) || self.at(i).is_some_and(is_flow_indicator)
    }

    /// A flow collection (`[a, b]`, `{k: v}`) from `p` to the end of the content.
    fn flow(&mut self, mut p: usize) {
        while let Some(c) = self.at(p) {
            let e = if is_ws(c) {
                let e = self.skip_ws(p);
                self.push(TokenKind::Plain, e);
                e
            } else if is_flow_indicator(c) || (c == b':' && self.flow_sep(p + 1)) {
                self.push(TokenKind::Punct, p + 1);
                p + 1
            } else if self.comment_at(p) {
                self.push(TokenKind::Comment, self.end);
                self.end
            } else {
                let quoted = c == b'"' || c == b'\'';
                let e = match quoted {
                    true => self.quoted_end(p).unwrap_or(self.end),
                    false => self.flow_plain_end(p),
                };
                let after = self.skip_ws(e);
                let kind = if self.at(after) == Some(b':') && self.flow_sep(after + 1) {
                    TokenKind::Key
                } else if quoted {
                    TokenKind::Str
                } else {
                    self.line.get(p..e).map_or(TokenKind::Plain, classify)
                };
                self.push(kind, e);
                e
            };
            p = e;
        }
    }

    /// The end of a plain scalar inside a flow collection starting at `p`: at least one
    /// byte, so the flow scanner always advances; trailing whitespace excluded.
    fn flow_plain_end(&self, p: usize) -> usize {
        let mut e = p + 1;
        while let Some(c) = self.at(e) {
            let colon = c == b':' && self.flow_sep(e + 1);
            if is_flow_indicator(c) || colon || self.comment_at(e) {
                break;
            }
            e += 1;
        }
        self.trim_back(p + 1, e.min(self.end))
    }
}

/// Words YAML 1.1 (Helm's reader) or 1.2 reads as booleans or null, in the three
/// spellings the specs allow (`true`, `True`, `TRUE`).
const BOOLISH: [&str; 10] = [
    "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
];

fn classify(s: &str) -> TokenKind {
    let lower = s.to_ascii_lowercase();
    let spelled = |w: &str| {
        let mut cap = w.to_owned();
        if let Some(f) = cap.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        s == w || s == w.to_ascii_uppercase() || s == cap
    };
    if BOOLISH.iter().any(|w| lower == *w && spelled(w)) {
        TokenKind::Bool
    } else if is_number(s) {
        TokenKind::Number
    } else if s.starts_with('*') {
        TokenKind::Plain
    } else {
        TokenKind::Str
    }
}

/// YAML 1.2 core-schema numbers: ints (decimal, `0x`, `0o`), floats, `.inf`, `.nan`.
fn is_number(s: &str) -> bool {
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(h) = s.strip_prefix("0x") {
        return digits(h, 16);
    }
    if let Some(o) = s.strip_prefix("0o") {
        return digits(o, 8);
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (unsigned.get(..i).unwrap_or(""), unsigned.get(i + 1..)),
        None => (unsigned, None),
    };
    if let Some(exp) = exponent {
        if !digits(exp.strip_prefix(['-', '+']).unwrap_or(exp), 10) {
            return false;
        }
    }
    match mantissa.split_once('.') {
        None => digits(mantissa, 10),
        Some((int, frac)) => {
            (int.is_empty() || digits(int, 10))
                && (frac.is_empty() || digits(frac, 10))
                && !(int.is_empty() && frac.is_empty())
        }
    }
}
