//! Token fetching: which token starts at the current character, and each token's effect
//! on the simple keys, indentation and flow level. Split from `scanner.rs`, which keeps
//! the bookkeeping these fetchers drive (token queue, simple keys, indentation stack).

use super::super::tokens::{is_blank, is_blankz, is_break, is_breakz, Tok, Token};
use super::super::SyntaxError;
use super::{Scanner, SimpleKey};

impl Scanner {
    pub(super) fn fetch_next_token(&mut self) -> Result<(), SyntaxError> {
        if !self.stream_start_produced {
            self.fetch_stream_start();
            return Ok(());
        }
        self.scan_to_next_token();
        self.stale_simple_keys()?;
        self.unroll_indent(self.mark.column as isize);
        if self.is_z() {
            return self.fetch_stream_end();
        }
        let c = self.at(0);
        if self.mark.column == 0 && c == '%' {
            return self.fetch_directive();
        }
        if self.at_document_indicator() {
            let tok = if c == '-' {
                Tok::DocumentStart
            } else {
                Tok::DocumentEnd
            };
            return self.fetch_document_indicator(tok);
        }
        let flow = self.flow_level > 0;
        match c {
            '[' => return self.fetch_flow_collection_start(Tok::FlowSequenceStart),
            '{' => return self.fetch_flow_collection_start(Tok::FlowMappingStart),
            ']' => return self.fetch_flow_collection_end(Tok::FlowSequenceEnd),
            '}' => return self.fetch_flow_collection_end(Tok::FlowMappingEnd),
            ',' => return self.fetch_flow_entry(),
            '-' if is_blankz(self.at(1)) => return self.fetch_block_entry(),
            '?' if flow || is_blankz(self.at(1)) => return self.fetch_key(),
            ':' if flow || is_blankz(self.at(1)) => return self.fetch_value(),
            '*' => return self.fetch_anchor(true),
            '&' => return self.fetch_anchor(false),
            '!' => return self.fetch_tag(),
            '|' if !flow => return self.fetch_block_scalar(true),
            '>' if !flow => return self.fetch_block_scalar(false),
            '\'' => return self.fetch_flow_scalar(true),
            '"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = is_blankz(c) || "-?:,[]{}#&*!|>'\"%@`".contains(c);
        if !indicator
            || (c == '-' && !is_blank(self.at(1)))
            || (!flow && (c == '?' || c == ':') && !is_blankz(self.at(1)))
        {
            return self.fetch_plain_scalar();
        }
        Err(self.mark.error(if c == '\t' {
            if self.line_is_blank_before() {
                "tab used for indentation".to_owned()
            } else {
                "found a tab character where a value or indentation is expected".to_owned()
            }
        } else {
            format!("found `{c}`, which cannot start any token")
        }))
    }

    fn fetch_stream_start(&mut self) {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.not_simple_keys = 1;
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        self.push(Tok::StreamStart, self.mark, self.mark);
    }

    fn fetch_stream_end(&mut self) -> Result<(), SyntaxError> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.push(Tok::StreamEnd, self.mark, self.mark);
        Ok(())
    }

    fn fetch_directive(&mut self) -> Result<(), SyntaxError> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, tok: Tok) -> Result<(), SyntaxError> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        self.push(tok, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, tok: Tok) -> Result<(), SyntaxError> {
        self.save_simple_key()?;
        self.increase_flow_level();
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(tok, start, self.mark);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, tok: Tok) -> Result<(), SyntaxError> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.push(tok, start, self.mark);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Result<(), SyntaxError> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(Tok::FlowEntry, start, self.mark);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Result<(), SyntaxError> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self
                    .mark
                    .error("block sequence entries are not allowed here"));
            }
            let column = self.mark.column as isize;
            self.roll_indent(column, None, Tok::BlockSequenceStart, self.mark);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(Tok::BlockEntry, start, self.mark);
        Ok(())
    }

    fn fetch_key(&mut self) -> Result<(), SyntaxError> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.mark.error("mapping keys are not allowed here"));
            }
            let column = self.mark.column as isize;
            self.roll_indent(column, None, Tok::BlockMappingStart, self.mark);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        self.push(Tok::Key, start, self.mark);
        Ok(())
    }

    fn fetch_value(&mut self) -> Result<(), SyntaxError> {
        let top = self.simple_keys.last().copied().unwrap_or_default();
        if top.possible {
            let at = top
                .token_number
                .saturating_sub(self.tokens_parsed)
                .min(self.tokens.len());
            self.tokens.insert(
                at,
                Token {
                    tok: Tok::Key,
                    start: top.mark,
                    end: top.mark,
                },
            );
            self.roll_indent(
                top.mark.column as isize,
                Some(top.token_number),
                Tok::BlockMappingStart,
                top.mark,
            );
            if let Some(key) = self.simple_keys.last_mut() {
                key.possible = false;
            }
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(self.mark.error("mapping values are not allowed here"));
                }
                let column = self.mark.column as isize;
                self.roll_indent(column, None, Tok::BlockMappingStart, self.mark);
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        self.push(Tok::Value, start, self.mark);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> Result<(), SyntaxError> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(alias)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Result<(), SyntaxError> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Result<(), SyntaxError> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Result<(), SyntaxError> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Result<(), SyntaxError> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.tokens.push_back(token);
        Ok(())
    }

    /// Skips blanks, comments and line breaks (and a BOM at the start of a line); tabs
    /// only where they cannot be indentation.
    fn scan_to_next_token(&mut self) {
        loop {
            if self.mark.column == 0 && self.at(0) == '\u{FEFF}' {
                self.skip();
            }
            while self.at(0) == ' '
                || ((self.flow_level > 0 || !self.simple_key_allowed) && self.at(0) == '\t')
            {
                self.skip();
            }
            if self.at(0) == '#' {
                while !is_breakz(self.at(0)) {
                    self.skip();
                }
            }
            if !is_break(self.at(0)) {
                break;
            }
            self.skip_line();
            if self.flow_level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }
}
