//! The scanner's scalars in their five styles: plain, quoted, literal and folded.
//!
//! Ported rule for rule from libyaml (see `scanner.rs`): folding, chomping, escapes and
//! the places a tab or a `:` is refused are libyaml's, so serde_yaml's verdicts carry over.

use super::scanner::Scanner;
use super::tokens::{is_blank, is_blankz, is_break, is_breakz, Mark, Style, Tok, Token};
use super::SyntaxError;

impl Scanner {
    /// `|` or `>` with its header, then the indented lines.
    pub(super) fn scan_block_scalar(&mut self, literal: bool) -> Result<Token, SyntaxError> {
        let start = self.mark;
        self.skip();
        let mut chomping = 0i8;
        let mut increment: isize = 0;
        let sign = |c: char| match c {
            '+' => Some(1i8),
            '-' => Some(-1i8),
            _ => None,
        };
        if let Some(chomp) = sign(self.at(0)) {
            chomping = chomp;
            self.skip();
            if let Some(d) = self.at(0).to_digit(10) {
                if d == 0 {
                    return Err(self
                        .mark
                        .error("a block scalar's indentation indicator cannot be 0"));
                }
                increment = d as isize;
                self.skip();
            }
        } else if let Some(d) = self.at(0).to_digit(10) {
            if d == 0 {
                return Err(self
                    .mark
                    .error("a block scalar's indentation indicator cannot be 0"));
            }
            increment = d as isize;
            self.skip();
            if let Some(chomp) = sign(self.at(0)) {
                chomping = chomp;
                self.skip();
            }
        }
        while is_blank(self.at(0)) {
            self.skip();
        }
        if self.at(0) == '#' {
            while !is_breakz(self.at(0)) {
                self.skip();
            }
        }
        if !is_breakz(self.at(0)) {
            return Err(self.mark.error(format!(
                "found `{}` after the block scalar indicator, expected a comment or a line break",
                self.at(0)
            )));
        }
        self.skip_line();
        let mut end = self.mark;
        let mut indent: isize = 0;
        if increment != 0 {
            indent = if self.indent >= 0 {
                self.indent + increment
            } else {
                increment
            };
        }
        let mut string = String::new();
        let [mut leading_break, mut trailing_breaks, whitespaces] = self.take_scratch();
        let mut leading_blank = false;
        self.block_scalar_breaks(&mut indent, &mut trailing_breaks, &mut end)?;
        while self.mark.column as isize == indent && !self.is_z() {
            let trailing_blank = is_blank(self.at(0));
            if !literal && leading_break.starts_with('\n') && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    string.push(' ');
                }
                leading_break.clear();
            } else {
                string.push_str(&leading_break);
                leading_break.clear();
            }
            string.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = is_blank(self.at(0));
            while !is_breakz(self.at(0)) {
                self.read(&mut string);
            }
            self.read_line(&mut leading_break);
            self.block_scalar_breaks(&mut indent, &mut trailing_breaks, &mut end)?;
        }
        if chomping != -1 {
            string.push_str(&leading_break);
        }
        if chomping == 1 {
            string.push_str(&trailing_breaks);
        }
        self.scratch = [leading_break, trailing_breaks, whitespaces];
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        Ok(Token {
            tok: Tok::Scalar(string, style),
            start,
            end,
        })
    }

    /// Empty and indentation-only lines of a block scalar; fixes the indentation from the
    /// first non-empty line when the header gave none.
    fn block_scalar_breaks(
        &mut self,
        indent: &mut isize,
        breaks: &mut String,
        end: &mut Mark,
    ) -> Result<(), SyntaxError> {
        let mut max_indent: isize = 0;
        *end = self.mark;
        loop {
            while (*indent == 0 || (self.mark.column as isize) < *indent) && self.at(0) == ' ' {
                self.skip();
            }
            max_indent = max_indent.max(self.mark.column as isize);
            if (*indent == 0 || (self.mark.column as isize) < *indent) && self.at(0) == '\t' {
                return Err(self
                    .mark
                    .error("tab used for indentation in a block scalar"));
            }
            if !is_break(self.at(0)) {
                break;
            }
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        Ok(())
    }

    /// `'...'` or `"..."`, folded and unescaped.
    pub(super) fn scan_flow_scalar(&mut self, single: bool) -> Result<Token, SyntaxError> {
        let start = self.mark;
        let quote = if single { '\'' } else { '"' };
        self.skip();
        let mut string = String::new();
        let [mut leading_break, mut trailing_breaks, mut whitespaces] = self.take_scratch();
        loop {
            if self.at_document_indicator() {
                return Err(self
                    .mark
                    .error(format!("found a document marker inside the quoted scalar `{quote}` opened at line {}, column {}", start.line + 1, start.column + 1)));
            }
            if self.is_z() {
                let kind = if single { "single" } else { "double" };
                return Err(self
                    .mark
                    .error(format!("unclosed {kind}-quoted scalar `{quote}`")));
            }
            let mut leading_blanks = false;
            while !is_blankz(self.at(0)) {
                let c = self.at(0);
                if single && c == '\'' && self.at(1) == '\'' {
                    string.push('\'');
                    self.skip();
                    self.skip();
                    continue;
                }
                if c == quote {
                    break;
                }
                if !single && c == '\\' && is_break(self.at(1)) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                }
                if !single && c == '\\' {
                    self.scan_escape(&mut string)?;
                    continue;
                }
                self.read(&mut string);
            }
            if self.at(0) == quote {
                break;
            }
            while is_blank(self.at(0)) || is_break(self.at(0)) {
                if is_blank(self.at(0)) {
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if leading_blanks {
                fold(&mut string, &mut leading_break, &mut trailing_breaks);
            } else {
                string.push_str(&whitespaces);
                whitespaces.clear();
            }
        }
        self.skip();
        self.scratch = [leading_break, trailing_breaks, whitespaces];
        let style = if single {
            Style::SingleQuoted
        } else {
            Style::DoubleQuoted
        };
        Ok(Token {
            tok: Tok::Scalar(string, style),
            start,
            end: self.mark,
        })
    }

    /// One `\` escape of a double-quoted scalar (not an escaped line break).
    fn scan_escape(&mut self, string: &mut String) -> Result<(), SyntaxError> {
        let code_length = match self.at(1) {
            '0' => Some('\0'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            't' | '\t' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\x0B'),
            'f' => Some('\x0C'),
            'r' => Some('\r'),
            'e' => Some('\x1B'),
            ' ' => Some(' '),
            '"' => Some('"'),
            '/' => Some('/'),
            '\\' => Some('\\'),
            'N' => Some('\u{85}'),
            '_' => Some('\u{A0}'),
            'L' => Some('\u{2028}'),
            'P' => Some('\u{2029}'),
            'x' | 'u' | 'U' => None,
            other => {
                let shown = if other == '\0' {
                    String::new()
                } else {
                    other.to_string()
                };
                return Err(self.mark.error(format!(
                    "unknown escape `\\{shown}` in a double-quoted scalar"
                )));
            }
        }
        .map_or_else(
            || match self.at(1) {
                'x' => 2,
                'u' => 4,
                _ => 8,
            },
            |c| {
                string.push(c);
                0
            },
        );
        self.skip();
        self.skip();
        if code_length == 0 {
            return Ok(());
        }
        let mut value: u32 = 0;
        for k in 0..code_length {
            let Some(d) = self.at(k).to_digit(16) else {
                return Err(self.mark.error(format!(
                    "expected {code_length} hexadecimal digits in the escape"
                )));
            };
            value = (value << 4) | d;
        }
        let Some(c) = char::from_u32(value) else {
            return Err(self
                .mark
                .error(format!("the escape U+{value:X} is not a Unicode character")));
        };
        string.push(c);
        for _ in 0..code_length {
            self.skip();
        }
        Ok(())
    }

    /// A plain scalar, possibly over several lines (folded).
    pub(super) fn scan_plain_scalar(&mut self) -> Result<Token, SyntaxError> {
        let start = self.mark;
        let mut end = self.mark;
        let indent = self.indent + 1;
        let flow = self.flow_level > 0;
        let mut string = String::new();
        let [mut leading_break, mut trailing_breaks, mut whitespaces] = self.take_scratch();
        let mut leading_blanks = false;
        loop {
            if self.at_document_indicator() || self.at(0) == '#' {
                break;
            }
            while !is_blankz(self.at(0)) {
                let c = self.at(0);
                if flow && c == ':' && ",?[]{}".contains(self.at(1)) && self.at(1) != '\0' {
                    return Err(self.mark.error(format!(
                        "found `:{}` in a plain scalar inside `[]` or `{{}}`; quote the scalar or put a space after `:`",
                        self.at(1)
                    )));
                }
                if (c == ':' && is_blankz(self.at(1))) || (flow && ",[]{}".contains(c)) {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    if leading_blanks {
                        fold(&mut string, &mut leading_break, &mut trailing_breaks);
                        leading_blanks = false;
                    } else {
                        string.push_str(&whitespaces);
                        whitespaces.clear();
                    }
                }
                self.read(&mut string);
                end = self.mark;
            }
            if !(is_blank(self.at(0)) || is_break(self.at(0))) {
                break;
            }
            while is_blank(self.at(0)) || is_break(self.at(0)) {
                if is_blank(self.at(0)) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.at(0) == '\t'
                    {
                        return Err(self.mark.error("tab used for indentation"));
                    } else if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if !flow && (self.mark.column as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        self.scratch = [leading_break, trailing_breaks, whitespaces];
        Ok(Token {
            tok: Tok::Scalar(string, Style::Plain),
            start,
            end,
        })
    }
}

impl Scanner {
    /// The reusable break and blank buffers, emptied (one allocation per parse, not one
    /// per line).
    fn take_scratch(&mut self) -> [String; 3] {
        let mut scratch = std::mem::take(&mut self.scratch);
        for s in &mut scratch {
            s.clear();
        }
        scratch
    }
}

/// Joins a line break run into a flow or plain scalar: one `\n` folds to a space, more
/// keep all but the first; LS and PS are kept as written.
fn fold(string: &mut String, leading_break: &mut String, trailing_breaks: &mut String) {
    if leading_break.starts_with('\n') {
        if trailing_breaks.is_empty() {
            string.push(' ');
        } else {
            string.push_str(trailing_breaks);
            trailing_breaks.clear();
        }
        leading_break.clear();
    } else {
        string.push_str(leading_break);
        string.push_str(trailing_breaks);
        leading_break.clear();
        trailing_breaks.clear();
    }
}
