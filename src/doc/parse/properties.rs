//! The scanner's other token bodies: directives, anchors and aliases, tags.
//!
//! Ported rule for rule from libyaml (see `scanner.rs`). Tags stay bytes, cut at a NUL
//! as libyaml's C strings are: a `%xx` escape can spell any octet.

use super::scanner::Scanner;
use super::tokens::{is_alpha, is_blank, is_blankz, is_breakz, Tok, Token};
use super::SyntaxError;

/// libyaml's limit on a `%YAML` version number's digits.
const MAX_VERSION_DIGITS: usize = 9;

/// The characters of a tag URI besides letters, digits, `_` and `-`.
const URI_PUNCTUATION: &str = ";/?:@&=+$.%!~*'()";

impl Scanner {
    /// `%YAML 1.2` or `%TAG !x! prefix`, up to the end of its line.
    pub(super) fn scan_directive(&mut self) -> Result<Token, SyntaxError> {
        let start = self.mark;
        self.skip();
        let mut name = String::new();
        while is_alpha(self.at(0)) {
            self.read(&mut name);
        }
        if name.is_empty() {
            return Err(self.mark.error("expected a directive name after `%`"));
        }
        if !is_blankz(self.at(0)) {
            return Err(self.mark.error(format!(
                "found `{}` in the directive name `%{name}`",
                self.at(0)
            )));
        }
        let tok = match name.as_str() {
            "YAML" => {
                while is_blank(self.at(0)) {
                    self.skip();
                }
                let major = self.scan_version_number()?;
                if self.at(0) != '.' {
                    return Err(self
                        .mark
                        .error("expected a digit or `.` in the `%YAML` version"));
                }
                self.skip();
                let minor = self.scan_version_number()?;
                Tok::VersionDirective(major, minor)
            }
            "TAG" => {
                while is_blank(self.at(0)) {
                    self.skip();
                }
                let handle = self.scan_tag_handle(true)?;
                if !is_blank(self.at(0)) {
                    return Err(self
                        .mark
                        .error("expected whitespace after the `%TAG` handle"));
                }
                while is_blank(self.at(0)) {
                    self.skip();
                }
                let prefix = self.scan_tag_uri(true, None)?;
                if !is_blankz(self.at(0)) {
                    return Err(self
                        .mark
                        .error("expected whitespace or a line break after the `%TAG` prefix"));
                }
                Tok::TagDirective(handle, prefix)
            }
            _ => return Err(start.error(format!("unknown directive `%{name}`"))),
        };
        let end = self.mark;
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
                "found `{}` after the directive, expected a comment or a line break",
                self.at(0)
            )));
        }
        self.skip_line();
        Ok(Token { tok, start, end })
    }

    fn scan_version_number(&mut self) -> Result<u32, SyntaxError> {
        let mut value: u32 = 0;
        let mut length = 0;
        while let Some(d) = self.at(0).to_digit(10) {
            length += 1;
            if length > MAX_VERSION_DIGITS {
                return Err(self.mark.error("the `%YAML` version number is too long"));
            }
            value = value * 10 + d;
            self.skip();
        }
        if length == 0 {
            return Err(self.mark.error("expected a `%YAML` version number"));
        }
        Ok(value)
    }

    /// `&name` or `*name`.
    pub(super) fn scan_anchor(&mut self, alias: bool) -> Result<Token, SyntaxError> {
        let start = self.mark;
        self.skip();
        let mut name = String::new();
        while is_alpha(self.at(0)) {
            self.read(&mut name);
        }
        let end = self.mark;
        let c = self.at(0);
        if name.is_empty() || !(is_blankz(c) || "?:,]}%@`".contains(c)) {
            let what = if alias { "alias" } else { "anchor" };
            let sigil = if alias { '*' } else { '&' };
            return Err(self.mark.error(format!(
                "an {what} name after `{sigil}` takes only letters, digits, `_` and `-`"
            )));
        }
        let tok = if alias {
            Tok::Alias(name)
        } else {
            Tok::Anchor(name)
        };
        Ok(Token { tok, start, end })
    }

    /// `!<verbatim>`, `!local`, `!!core` or `!handle!suffix`: the token holds the handle
    /// and the suffix as libyaml splits them (C strings: cut at a NUL, as libyaml reads
    /// them).
    pub(super) fn scan_tag(&mut self) -> Result<Token, SyntaxError> {
        let start = self.mark;
        let (handle, suffix) = if self.at(1) == '<' {
            self.skip();
            self.skip();
            let suffix = self.scan_tag_uri(true, None)?;
            if self.at(0) != '>' {
                return Err(self.mark.error("expected `>` to close the verbatim tag"));
            }
            self.skip();
            (Vec::new(), suffix)
        } else {
            let handle = self.scan_tag_handle(false)?;
            if handle.len() >= 2 && handle.last() == Some(&b'!') {
                let suffix = self.scan_tag_uri(false, None)?;
                (handle, suffix)
            } else {
                let suffix = self.scan_tag_uri(false, Some(&handle))?;
                if suffix.is_empty() {
                    (Vec::new(), b"!".to_vec())
                } else {
                    (b"!".to_vec(), suffix)
                }
            }
        };
        let c = self.at(0);
        if !is_blankz(c) && (self.flow_level == 0 || c != ',') {
            return Err(self
                .mark
                .error(format!("found `{c}` after a tag, expected whitespace")));
        }
        Ok(Token {
            tok: Tok::Tag(handle, suffix),
            start,
            end: self.mark,
        })
    }

    /// `!`, `!!` or `!word!` (a directive's handle must end with `!` unless it is `!`).
    fn scan_tag_handle(&mut self, directive: bool) -> Result<Vec<u8>, SyntaxError> {
        if self.at(0) != '!' {
            return Err(self.mark.error("expected `!` to start a tag handle"));
        }
        let mut s = String::new();
        self.read(&mut s);
        while is_alpha(self.at(0)) {
            self.read(&mut s);
        }
        if self.at(0) == '!' {
            self.read(&mut s);
        } else if directive && s != "!" {
            return Err(self.mark.error("expected `!` to end the tag handle"));
        }
        Ok(s.into_bytes())
    }

    /// A tag URI, `%xx` escapes decoded; `head` is a handle read as the URI's start.
    fn scan_tag_uri(
        &mut self,
        uri_char: bool,
        head: Option<&[u8]>,
    ) -> Result<Vec<u8>, SyntaxError> {
        let mut length = head.map_or(0, <[u8]>::len);
        let mut out: Vec<u8> = match head {
            Some(h) if h.len() > 1 => h.get(1..).unwrap_or_default().to_vec(),
            _ => Vec::new(),
        };
        loop {
            let c = self.at(0);
            let ok = is_alpha(c)
                || URI_PUNCTUATION.contains(c)
                || (uri_char && (c == ',' || c == '[' || c == ']'));
            if !ok || c == '\0' {
                break;
            }
            if c == '%' {
                self.scan_uri_escapes(&mut out)?;
            } else {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                self.skip();
            }
            length += 1;
        }
        if length == 0 {
            return Err(self.mark.error("expected a tag URI"));
        }
        if let Some(nul) = out.iter().position(|&b| b == 0) {
            out.truncate(nul);
        }
        Ok(out)
    }

    /// One UTF-8 character spelled as `%xx` octets.
    fn scan_uri_escapes(&mut self, out: &mut Vec<u8>) -> Result<(), SyntaxError> {
        let mut width = 0;
        loop {
            let (Some(hi), Some(lo)) = (self.at(1).to_digit(16), self.at(2).to_digit(16)) else {
                return Err(self.mark.error("expected a `%xx` escape in the tag URI"));
            };
            if self.at(0) != '%' {
                return Err(self.mark.error("expected a `%xx` escape in the tag URI"));
            }
            let octet = (hi * 16 + lo) as u8;
            if width == 0 {
                width = match octet {
                    o if o & 0x80 == 0 => 1,
                    o if o & 0xE0 == 0xC0 => 2,
                    o if o & 0xF0 == 0xE0 => 3,
                    o if o & 0xF8 == 0xF0 => 4,
                    _ => {
                        return Err(self
                            .mark
                            .error("the tag URI escape is not a UTF-8 leading octet"))
                    }
                };
            } else if octet & 0xC0 != 0x80 {
                return Err(self
                    .mark
                    .error("the tag URI escape is not a UTF-8 trailing octet"));
            }
            out.push(octet);
            self.skip();
            self.skip();
            self.skip();
            width -= 1;
            if width == 0 {
                return Ok(());
            }
        }
    }
}
