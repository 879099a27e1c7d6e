//! Tokens to events: libyaml's parser state machine, ported state for state (the
//! collection states are in `collections.rs`, the document states in `events/documents.rs`).
//!
//! An explicit state stack (no recursion), so nesting depth costs heap, not stack; the
//! tree builder stops at serde_yaml's depth limit. Tags come out resolved against the
//! `%TAG` directives, as the bytes libyaml hands serde_yaml.

use super::scanner::Scanner;
use super::tokens::{Kind, Mark, Style, Tok, Token};
use super::SyntaxError;

mod documents;

/// A parse event.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ev {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar {
        anchor: Option<String>,
        tag: Option<Vec<u8>>,
        value: String,
        style: Style,
    },
    SequenceStart {
        anchor: Option<String>,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
    },
    MappingEnd,
}

/// An event and where its node (or marker) starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Event {
    pub ev: Ev,
    pub start: Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

/// Which collection an open mark belongs to (for messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Open {
    Block,
    FlowSequence,
    FlowMapping,
}

/// The parser: a scanner and libyaml's state stack.
pub(super) struct Parser {
    scanner: Scanner,
    pub(super) state: State,
    pub(super) states: Vec<State>,
    pub(super) marks: Vec<(Mark, Open)>,
    tag_directives: Vec<(Vec<u8>, Vec<u8>)>,
}

/// The next token's kind and marks (its data stays queued until taken).
#[derive(Debug, Clone, Copy)]
pub(super) struct Peeked {
    pub tok: Kind,
    pub start: Mark,
    pub end: Mark,
}

pub(super) fn is(t: &Peeked, kinds: &[Kind]) -> bool {
    kinds.contains(&t.tok)
}

impl Parser {
    /// A parser over `text` (refuses control characters up front).
    pub fn new(text: &str) -> Result<Parser, SyntaxError> {
        Ok(Parser {
            scanner: Scanner::new(text)?,
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
        })
    }

    /// The next event; `None` after the stream ends.
    pub fn next(&mut self) -> Result<Option<Event>, SyntaxError> {
        if self.state == State::End {
            return Ok(None);
        }
        self.step().map(Some)
    }

    pub(super) fn peek(&mut self) -> Result<Peeked, SyntaxError> {
        let t = self.scanner.peek()?;
        Ok(Peeked {
            tok: t.tok.kind(),
            start: t.start,
            end: t.end,
        })
    }

    pub(super) fn skip(&mut self) -> Option<Token> {
        self.scanner.take()
    }

    pub(super) fn pop_state(&mut self) -> State {
        self.states.pop().unwrap_or(State::End)
    }

    fn step(&mut self) -> Result<Event, SyntaxError> {
        match self.state {
            State::StreamStart => {
                let t = self.peek()?;
                self.state = State::ImplicitDocumentStart;
                self.skip();
                Ok(event(Ev::StreamStart, t.start))
            }
            State::ImplicitDocumentStart => self.document_start(true),
            State::DocumentStart => self.document_start(false),
            State::DocumentContent => {
                let t = self.peek()?;
                if is(
                    &t,
                    &[Kind::DocumentStart, Kind::DocumentEnd, Kind::StreamEnd],
                ) || matches!(t.tok, Kind::VersionDirective | Kind::TagDirective)
                {
                    self.state = self.pop_state();
                    Ok(empty_scalar(t.start))
                } else {
                    self.node(true, false)
                }
            }
            State::DocumentEnd => {
                let t = self.peek()?;
                if t.tok == Kind::DocumentEnd {
                    self.skip();
                }
                self.tag_directives.clear();
                self.state = State::DocumentStart;
                Ok(event(Ev::DocumentEnd, t.start))
            }
            State::BlockNode => self.node(true, false),
            State::BlockSequenceFirstEntry => self.block_sequence_entry(true),
            State::BlockSequenceEntry => self.block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.block_mapping_key(true),
            State::BlockMappingKey => self.block_mapping_key(false),
            State::BlockMappingValue => self.block_mapping_value(),
            State::FlowSequenceFirstEntry => self.flow_sequence_entry(true),
            State::FlowSequenceEntry => self.flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => {
                let t = self.peek()?;
                self.state = State::FlowSequenceEntry;
                Ok(event(Ev::MappingEnd, t.start))
            }
            State::FlowMappingFirstKey => self.flow_mapping_key(true),
            State::FlowMappingKey => self.flow_mapping_key(false),
            State::FlowMappingValue => self.flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.flow_mapping_value(true),
            State::End => Err(self.scanner.mark.error("read past the end of the input")),
        }
    }

    /// A node: properties (anchor, tag), then an alias, scalar or collection start.
    pub(super) fn node(
        &mut self,
        block: bool,
        indentless_sequence: bool,
    ) -> Result<Event, SyntaxError> {
        let mut t = self.peek()?;
        if t.tok == Kind::Alias {
            self.state = self.pop_state();
            let Some(Token {
                tok: Tok::Alias(name),
                start,
                ..
            }) = self.skip()
            else {
                return Err(t.start.error("lost the alias token"));
            };
            return Ok(event(Ev::Alias(name), start));
        }
        let mut start = t.start;
        let mut anchor = None;
        let mut tag_parts: Option<(Vec<u8>, Vec<u8>, Mark)> = None;
        for _ in 0..2 {
            let wanted = match t.tok {
                Kind::Anchor => anchor.is_none(),
                Kind::Tag => tag_parts.is_none(),
                _ => false,
            };
            if !wanted {
                break;
            }
            if anchor.is_none() && tag_parts.is_none() {
                start = t.start;
            }
            match self.skip().map(|t| t.tok) {
                Some(Tok::Anchor(name)) => anchor = Some(name),
                Some(Tok::Tag(handle, suffix)) => tag_parts = Some((handle, suffix, t.start)),
                _ => break,
            }
            t = self.peek()?;
        }
        let tag = match tag_parts {
            None => None,
            Some((handle, suffix, _)) if handle.is_empty() => Some(suffix),
            Some((handle, suffix, mark)) => {
                let Some((_, prefix)) = self.tag_directives.iter().find(|(h, _)| *h == handle)
                else {
                    return Err(mark.error(format!(
                        "undefined tag handle `{}`",
                        String::from_utf8_lossy(&handle)
                    )));
                };
                let mut tag = prefix.clone();
                tag.extend_from_slice(&suffix);
                Some(tag)
            }
        };
        match t.tok {
            Kind::BlockEntry if indentless_sequence => {
                self.state = State::IndentlessSequenceEntry;
                Ok(event(Ev::SequenceStart { anchor }, start))
            }
            Kind::Scalar => {
                self.state = self.pop_state();
                let Some(Token {
                    tok: Tok::Scalar(value, style),
                    ..
                }) = self.skip()
                else {
                    return Err(t.start.error("lost the scalar token"));
                };
                Ok(event(
                    Ev::Scalar {
                        anchor,
                        tag,
                        value,
                        style,
                    },
                    start,
                ))
            }
            Kind::FlowSequenceStart => {
                self.state = State::FlowSequenceFirstEntry;
                Ok(event(Ev::SequenceStart { anchor }, start))
            }
            Kind::FlowMappingStart => {
                self.state = State::FlowMappingFirstKey;
                Ok(event(Ev::MappingStart { anchor }, start))
            }
            Kind::BlockSequenceStart if block => {
                self.state = State::BlockSequenceFirstEntry;
                Ok(event(Ev::SequenceStart { anchor }, start))
            }
            Kind::BlockMappingStart if block => {
                self.state = State::BlockMappingFirstKey;
                Ok(event(Ev::MappingStart { anchor }, start))
            }
            _ if anchor.is_some() || tag.is_some() => {
                self.state = self.pop_state();
                Ok(event(
                    Ev::Scalar {
                        anchor,
                        tag,
                        value: String::new(),
                        style: Style::Plain,
                    },
                    start,
                ))
            }
            _ => Err(self.unexpected(&t, "a value")?),
        }
    }

    /// "found X, expected Y", or the collection left open when the input ended.
    pub(super) fn unexpected(
        &mut self,
        t: &Peeked,
        expected: &str,
    ) -> Result<SyntaxError, SyntaxError> {
        if t.tok == Kind::StreamEnd {
            for (mark, open) in self.marks.iter().rev() {
                let what = match open {
                    Open::Block => continue,
                    Open::FlowSequence => "flow sequence `[`",
                    Open::FlowMapping => "flow mapping `{`",
                };
                return Ok(t.start.error(format!(
                    "unclosed {what} (opened at line {}, column {})",
                    mark.line + 1,
                    mark.column + 1
                )));
            }
        }
        let found = self.describe_next()?;
        Ok(t.start.error(format!("found {found}, expected {expected}")))
    }

    /// The next token, described for a message.
    fn describe_next(&mut self) -> Result<String, SyntaxError> {
        Ok(self.scanner.peek()?.tok.describe())
    }
}

pub(super) fn event(ev: Ev, start: Mark) -> Event {
    Event { ev, start }
}

/// A missing node: an empty plain scalar (null).
pub(super) fn empty_scalar(mark: Mark) -> Event {
    event(
        Ev::Scalar {
            anchor: None,
            tag: None,
            value: String::new(),
            style: Style::Plain,
        },
        mark,
    )
}
