//! Characters to tokens: indentation, simple keys and flow levels.
//!
//! A port of libyaml's scanner (the one serde_yaml 0.9 runs, through unsafe-libyaml
//! 0.2.11), rule for rule, so that the text it accepts and refuses is the text serde_yaml
//! accepted and refused. The scalar scanners are in `scalars.rs`, the tag, anchor and
//! directive ones in `properties.rs`; this file keeps libyaml's token queue, simple keys
//! and indentation stack together, as they only make sense side by side (the fetchers
//! that drive them, one per token kind, are in `scanner/fetch.rs`). The input is held as
//! `char`s; every lookahead goes through [`Scanner::at`], which reads `'\0'` past the end
//! (the reader refuses a real NUL up front), so no index can panic.

use std::collections::VecDeque;

use super::tokens::{is_blank, is_blankz, is_break, Mark, Tok, Token};
use super::SyntaxError;

mod fetch;

/// A place where a `key:` may turn out to start (libyaml's "simple key").
#[derive(Debug, Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// The scanner state (libyaml's `yaml_parser_t`, scanner half).
pub(super) struct Scanner {
    chars: Vec<char>,
    pos: usize,
    pub(super) mark: Mark,
    tokens: VecDeque<Token>,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    pub(super) indent: isize,
    indents: Vec<isize>,
    pub(super) simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    not_simple_keys: usize,
    pub(super) flow_level: usize,
    /// Buffers the scalar scanners borrow (see `take_scratch`).
    pub(super) scratch: [String; 3],
}

/// The characters libyaml's reader lets through (YAML's c-printable, minus BOM handling).
fn is_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

impl Scanner {
    /// A scanner over `text`: one leading BOM dropped, control characters refused (the
    /// reader refuses them wherever they are, so refusing them first changes no outcome).
    pub fn new(text: &str) -> Result<Scanner, SyntaxError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut chars = Vec::with_capacity(text.len());
        for c in text.chars() {
            if !is_allowed(c) {
                return Err(control_character(&chars, c));
            }
            chars.push(c);
        }
        Ok(Scanner {
            chars,
            pos: 0,
            mark: Mark::default(),
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            not_simple_keys: 0,
            flow_level: 0,
            scratch: Default::default(),
        })
    }

    /// The character `k` places ahead, `'\0'` past the end.
    pub(super) fn at(&self, k: usize) -> char {
        self.chars.get(self.pos + k).copied().unwrap_or('\0')
    }

    pub(super) fn is_z(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// Whether `---` or `...` followed by a blank starts here, at column 0.
    pub(super) fn at_document_indicator(&self) -> bool {
        self.mark.column == 0
            && ((self.at(0) == '-' && self.at(1) == '-' && self.at(2) == '-')
                || (self.at(0) == '.' && self.at(1) == '.' && self.at(2) == '.'))
            && is_blankz(self.at(3))
    }

    /// Steps over one character that is not a line break.
    pub(super) fn skip(&mut self) {
        if let Some(&c) = self.chars.get(self.pos) {
            self.mark.index += c.len_utf8();
            self.mark.column += 1;
            self.pos += 1;
        }
    }

    /// Steps over one line break (CR LF counts as one).
    pub(super) fn skip_line(&mut self) {
        if self.at(0) == '\r' && self.at(1) == '\n' {
            self.mark.index += 2;
            self.pos += 2;
        } else if is_break(self.at(0)) {
            self.mark.index += self.at(0).len_utf8();
            self.pos += 1;
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
    }

    /// Copies one character into `s`.
    pub(super) fn read(&mut self, s: &mut String) {
        if let Some(&c) = self.chars.get(self.pos) {
            s.push(c);
            self.skip();
        }
    }

    /// Copies one line break into `s`: CR LF, CR, LF and NEL become `\n`; LS and PS stay.
    pub(super) fn read_line(&mut self, s: &mut String) {
        let c = self.at(0);
        if !is_break(c) {
            return;
        }
        if c == '\u{2028}' || c == '\u{2029}' {
            s.push(c);
        } else {
            s.push('\n');
        }
        self.skip_line();
    }

    /// The next token, without taking it.
    pub fn peek(&mut self) -> Result<&Token, SyntaxError> {
        if !self.token_available {
            self.fetch_more_tokens()?;
        }
        match self.tokens.front() {
            Some(t) => Ok(t),
            None => Err(self.mark.error("the scanner produced no token")),
        }
    }

    /// Takes the next token (after a [`Scanner::peek`]).
    pub fn take(&mut self) -> Option<Token> {
        self.token_available = false;
        self.tokens_parsed += 1;
        self.tokens.pop_front()
    }

    fn push(&mut self, tok: Tok, start: Mark, end: Mark) {
        self.tokens.push_back(Token { tok, start, end });
    }

    fn fetch_more_tokens(&mut self) -> Result<(), SyntaxError> {
        loop {
            let mut need_more = self.tokens.is_empty();
            if !need_more {
                self.stale_simple_keys()?;
                let parsed = self.tokens_parsed;
                need_more = self
                    .simple_keys
                    .iter()
                    .skip(self.not_simple_keys)
                    .any(|k| k.possible && k.token_number == parsed);
            }
            if !need_more {
                break;
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    /// Whether only blanks precede the current position on its line.
    fn line_is_blank_before(&self) -> bool {
        let start = self.pos.saturating_sub(self.mark.column);
        self.chars
            .get(start..self.pos)
            .is_some_and(|s| s.iter().all(|&c| is_blank(c)))
    }

    fn stale_simple_keys(&mut self) -> Result<(), SyntaxError> {
        let mark = self.mark;
        for i in self.not_simple_keys..self.simple_keys.len() {
            let Some(key) = self.simple_keys.get_mut(i) else {
                break;
            };
            if key.possible && (key.mark.line < mark.line || key.mark.index + 1024 < mark.index) {
                if key.required {
                    return Err(missing_colon(key.mark, mark));
                }
                key.possible = false;
                if i == self.not_simple_keys {
                    self.not_simple_keys += 1;
                }
            }
        }
        Ok(())
    }

    fn save_simple_key(&mut self) -> Result<(), SyntaxError> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            if let Some(top) = self.simple_keys.last_mut() {
                *top = key;
            }
            if self.not_simple_keys == self.simple_keys.len() {
                self.not_simple_keys = self.not_simple_keys.saturating_sub(1);
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Result<(), SyntaxError> {
        let mark = self.mark;
        if let Some(key) = self.simple_keys.last_mut() {
            if key.possible && key.required {
                return Err(missing_colon(key.mark, mark));
            }
            key.possible = false;
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) {
        self.simple_keys.push(SimpleKey::default());
        self.flow_level += 1;
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if self.not_simple_keys == self.simple_keys.len() {
                self.not_simple_keys = self.not_simple_keys.saturating_sub(1);
            }
            self.simple_keys.pop();
        }
    }

    /// Opens a block collection at `column` when it is deeper than the current indent;
    /// `number` places the start token before an already queued key.
    fn roll_indent(&mut self, column: isize, number: Option<usize>, tok: Tok, mark: Mark) {
        if self.flow_level > 0 || self.indent >= column {
            return;
        }
        self.indents.push(self.indent);
        self.indent = column;
        let token = Token {
            tok,
            start: mark,
            end: mark,
        };
        match number {
            None => self.tokens.push_back(token),
            Some(n) => {
                let at = n.saturating_sub(self.tokens_parsed).min(self.tokens.len());
                self.tokens.insert(at, token);
            }
        }
    }

    /// Closes the block collections deeper than `column`.
    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.push(Tok::BlockEnd, self.mark, self.mark);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }
}

/// A key that must be followed by `:` on its line was not.
fn missing_colon(key: Mark, at: Mark) -> SyntaxError {
    at.error(format!(
        "could not find the `:` after the key at line {}, column {}",
        key.line + 1,
        key.column + 1
    ))
}

/// A character the reader refuses, found after `before`.
fn control_character(before: &[char], c: char) -> SyntaxError {
    let mut mark = Mark::default();
    let mut prev = '\0';
    for &b in before {
        if is_break(b) && !(b == '\n' && prev == '\r') {
            mark.line += 1;
            mark.column = 0;
        } else if !is_break(b) {
            mark.column += 1;
        }
        prev = b;
    }
    mark.error(format!(
        "control character U+{:04X} is not allowed",
        u32::from(c)
    ))
}
