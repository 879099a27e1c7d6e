//! What the scanner produces: positions, tokens, and libyaml's character classes.

use super::{Pos, SyntaxError};

/// A position: byte offset (for libyaml's 1024-byte simple-key window), 0-based line and
/// 0-based column in characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Mark {
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

impl Mark {
    /// The 1-based position shown to people.
    pub fn pos(self) -> Pos {
        Pos {
            line: self.line + 1,
            column: self.column + 1,
        }
    }

    /// An error at this mark.
    pub fn error(self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos: self.pos(),
            message: message.into(),
        }
    }
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A token; tag handles, suffixes and prefixes are bytes (URI escapes can spell anything).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    StreamStart,
    StreamEnd,
    VersionDirective(u32, u32),
    TagDirective(Vec<u8>, Vec<u8>),
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    Tag(Vec<u8>, Vec<u8>),
    Scalar(String, Style),
}

/// A token's kind, without its data (what the parser's states test).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

impl Tok {
    /// The kind of the token.
    pub fn kind(&self) -> Kind {
        match self {
            Tok::StreamStart => Kind::StreamStart,
            Tok::StreamEnd => Kind::StreamEnd,
            Tok::VersionDirective(..) => Kind::VersionDirective,
            Tok::TagDirective(..) => Kind::TagDirective,
            Tok::DocumentStart => Kind::DocumentStart,
            Tok::DocumentEnd => Kind::DocumentEnd,
            Tok::BlockSequenceStart => Kind::BlockSequenceStart,
            Tok::BlockMappingStart => Kind::BlockMappingStart,
            Tok::BlockEnd => Kind::BlockEnd,
            Tok::FlowSequenceStart => Kind::FlowSequenceStart,
            Tok::FlowSequenceEnd => Kind::FlowSequenceEnd,
            Tok::FlowMappingStart => Kind::FlowMappingStart,
            Tok::FlowMappingEnd => Kind::FlowMappingEnd,
            Tok::BlockEntry => Kind::BlockEntry,
            Tok::FlowEntry => Kind::FlowEntry,
            Tok::Key => Kind::Key,
            Tok::Value => Kind::Value,
            Tok::Alias(_) => Kind::Alias,
            Tok::Anchor(_) => Kind::Anchor,
            Tok::Tag(..) => Kind::Tag,
            Tok::Scalar(..) => Kind::Scalar,
        }
    }

    /// What the token is, for "found ..." in messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::StreamStart => "the start of the input".to_owned(),
            Tok::StreamEnd => "the end of the input".to_owned(),
            Tok::VersionDirective(..) => "a `%YAML` directive".to_owned(),
            Tok::TagDirective(..) => "a `%TAG` directive".to_owned(),
            Tok::DocumentStart => "`---`".to_owned(),
            Tok::DocumentEnd => "`...`".to_owned(),
            Tok::BlockSequenceStart => "a `-` at a new indentation".to_owned(),
            Tok::BlockMappingStart => "a key at a new indentation".to_owned(),
            Tok::BlockEnd => "the end of an indented block".to_owned(),
            Tok::FlowSequenceStart => "`[`".to_owned(),
            Tok::FlowSequenceEnd => "`]`".to_owned(),
            Tok::FlowMappingStart => "`{`".to_owned(),
            Tok::FlowMappingEnd => "`}`".to_owned(),
            Tok::BlockEntry => "`-`".to_owned(),
            Tok::FlowEntry => "`,`".to_owned(),
            Tok::Key => "a mapping key".to_owned(),
            Tok::Value => "`:`".to_owned(),
            Tok::Alias(a) => format!("the alias `*{a}`"),
            Tok::Anchor(a) => format!("the anchor `&{a}`"),
            Tok::Tag(..) => "a tag".to_owned(),
            Tok::Scalar(s, _) => {
                let short: String = s.chars().take(40).collect();
                format!("the scalar `{short}`")
            }
        }
    }
}

/// A token and where it starts and ends.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub tok: Tok,
    pub start: Mark,
    pub end: Mark,
}

pub(super) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

pub(super) fn is_breakz(c: char) -> bool {
    is_break(c) || c == '\0'
}

pub(super) fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

pub(super) fn is_blankz(c: char) -> bool {
    is_blank(c) || is_breakz(c)
}

/// libyaml's IS_ALPHA: anchor, directive and tag-handle characters.
pub(super) fn is_alpha(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}
