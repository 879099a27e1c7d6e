//! The parser's collection states: block and flow sequences and mappings, entry by entry,
//! as libyaml's parser walks them (including its quirks, e.g. `[? ]` failing).

use super::events::{empty_scalar, event, is, Ev, Event, Open, Parser, State};
use super::tokens::Kind;
use super::SyntaxError;

impl Parser {
    fn open(&mut self, open: Open) -> Result<(), SyntaxError> {
        let t = self.peek()?;
        self.marks.push((t.start, open));
        self.skip();
        Ok(())
    }

    pub(super) fn block_sequence_entry(&mut self, first: bool) -> Result<Event, SyntaxError> {
        if first {
            self.open(Open::Block)?;
        }
        let t = self.peek()?;
        match t.tok {
            Kind::BlockEntry => {
                self.skip();
                let next = self.peek()?;
                if is(&next, &[Kind::BlockEntry, Kind::BlockEnd]) {
                    self.state = State::BlockSequenceEntry;
                    Ok(empty_scalar(t.end))
                } else {
                    self.states.push(State::BlockSequenceEntry);
                    self.node(true, false)
                }
            }
            Kind::BlockEnd => {
                self.state = self.pop_state();
                self.marks.pop();
                self.skip();
                Ok(event(Ev::SequenceEnd, t.start))
            }
            _ => Err(self.unexpected(&t, "`-` aligned with the entries above")?),
        }
    }

    pub(super) fn indentless_sequence_entry(&mut self) -> Result<Event, SyntaxError> {
        let t = self.peek()?;
        if t.tok != Kind::BlockEntry {
            self.state = self.pop_state();
            return Ok(event(Ev::SequenceEnd, t.start));
        }
        self.skip();
        let next = self.peek()?;
        if is(
            &next,
            &[Kind::BlockEntry, Kind::Key, Kind::Value, Kind::BlockEnd],
        ) {
            self.state = State::IndentlessSequenceEntry;
            Ok(empty_scalar(t.end))
        } else {
            self.states.push(State::IndentlessSequenceEntry);
            self.node(true, false)
        }
    }

    pub(super) fn block_mapping_key(&mut self, first: bool) -> Result<Event, SyntaxError> {
        if first {
            self.open(Open::Block)?;
        }
        let t = self.peek()?;
        match t.tok {
            Kind::Key => {
                self.skip();
                let next = self.peek()?;
                if is(&next, &[Kind::Key, Kind::Value, Kind::BlockEnd]) {
                    self.state = State::BlockMappingValue;
                    Ok(empty_scalar(t.end))
                } else {
                    self.states.push(State::BlockMappingValue);
                    self.node(true, true)
                }
            }
            Kind::BlockEnd => {
                self.state = self.pop_state();
                self.marks.pop();
                self.skip();
                Ok(event(Ev::MappingEnd, t.start))
            }
            _ => Err(self.unexpected(&t, "a key aligned with the keys above")?),
        }
    }

    pub(super) fn block_mapping_value(&mut self) -> Result<Event, SyntaxError> {
        let t = self.peek()?;
        if t.tok != Kind::Value {
            self.state = State::BlockMappingKey;
            return Ok(empty_scalar(t.start));
        }
        self.skip();
        let next = self.peek()?;
        if is(&next, &[Kind::Key, Kind::Value, Kind::BlockEnd]) {
            self.state = State::BlockMappingKey;
            Ok(empty_scalar(t.end))
        } else {
            self.states.push(State::BlockMappingKey);
            self.node(true, true)
        }
    }

    pub(super) fn flow_sequence_entry(&mut self, first: bool) -> Result<Event, SyntaxError> {
        if first {
            self.open(Open::FlowSequence)?;
        }
        let mut t = self.peek()?;
        if t.tok != Kind::FlowSequenceEnd {
            if !first {
                if t.tok != Kind::FlowEntry {
                    return Err(self.unexpected(&t, "`,` or `]`")?);
                }
                self.skip();
                t = self.peek()?;
            }
            if t.tok == Kind::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.skip();
                return Ok(event(Ev::MappingStart { anchor: None }, t.start));
            }
            if t.tok != Kind::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.node(false, false);
            }
        }
        self.state = self.pop_state();
        self.marks.pop();
        self.skip();
        Ok(event(Ev::SequenceEnd, t.start))
    }

    pub(super) fn flow_sequence_entry_mapping_key(&mut self) -> Result<Event, SyntaxError> {
        let t = self.peek()?;
        if is(&t, &[Kind::Value, Kind::FlowEntry, Kind::FlowSequenceEnd]) {
            // libyaml takes the token here too (so `[? ]` and `[?, a]` fail later on).
            self.skip();
            self.state = State::FlowSequenceEntryMappingValue;
            Ok(empty_scalar(t.end))
        } else {
            self.states.push(State::FlowSequenceEntryMappingValue);
            self.node(false, false)
        }
    }

    pub(super) fn flow_sequence_entry_mapping_value(&mut self) -> Result<Event, SyntaxError> {
        let mut t = self.peek()?;
        if t.tok == Kind::Value {
            self.skip();
            t = self.peek()?;
            if !is(&t, &[Kind::FlowEntry, Kind::FlowSequenceEnd]) {
                self.states.push(State::FlowSequenceEntryMappingEnd);
                return self.node(false, false);
            }
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Ok(empty_scalar(t.start))
    }

    pub(super) fn flow_mapping_key(&mut self, first: bool) -> Result<Event, SyntaxError> {
        if first {
            self.open(Open::FlowMapping)?;
        }
        let mut t = self.peek()?;
        if t.tok != Kind::FlowMappingEnd {
            if !first {
                if t.tok != Kind::FlowEntry {
                    return Err(self.unexpected(&t, "`,` or `}`")?);
                }
                self.skip();
                t = self.peek()?;
            }
            if t.tok == Kind::Key {
                self.skip();
                let next = self.peek()?;
                if is(&next, &[Kind::Value, Kind::FlowEntry, Kind::FlowMappingEnd]) {
                    self.state = State::FlowMappingValue;
                    return Ok(empty_scalar(next.start));
                }
                self.states.push(State::FlowMappingValue);
                return self.node(false, false);
            }
            if t.tok != Kind::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.node(false, false);
            }
        }
        self.state = self.pop_state();
        self.marks.pop();
        self.skip();
        Ok(event(Ev::MappingEnd, t.start))
    }

    pub(super) fn flow_mapping_value(&mut self, empty: bool) -> Result<Event, SyntaxError> {
        let mut t = self.peek()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(t.start));
        }
        if t.tok == Kind::Value {
            self.skip();
            t = self.peek()?;
            if !is(&t, &[Kind::FlowEntry, Kind::FlowMappingEnd]) {
                self.states.push(State::FlowMappingKey);
                return self.node(false, false);
            }
        }
        self.state = State::FlowMappingKey;
        Ok(empty_scalar(t.start))
    }
}
