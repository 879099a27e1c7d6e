//! The document states: `---` / `...` and the `%YAML` / `%TAG` directives before a
//! document. Split from `events.rs` along libyaml's own line between document-level states
//! and the node states (as the collection states are in `collections.rs`).

use super::super::tokens::{Kind, Tok};
use super::super::SyntaxError;
use super::{event, is, Ev, Event, Parser, State};

impl Parser {
    pub(super) fn document_start(&mut self, implicit: bool) -> Result<Event, SyntaxError> {
        let mut t = self.peek()?;
        if !implicit {
            while t.tok == Kind::DocumentEnd {
                self.skip();
                t = self.peek()?;
            }
        }
        let directive = matches!(t.tok, Kind::VersionDirective | Kind::TagDirective);
        if implicit && !directive && !is(&t, &[Kind::DocumentStart, Kind::StreamEnd]) {
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            Ok(event(Ev::DocumentStart, t.start))
        } else if t.tok != Kind::StreamEnd {
            let start = t.start;
            self.process_directives()?;
            let t = self.peek()?;
            if t.tok != Kind::DocumentStart {
                let found = self.describe_next()?;
                return Err(t.start.error(format!(
                    "found {found} after the end of the document, expected `---` to start another"
                )));
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.skip();
            Ok(event(Ev::DocumentStart, start))
        } else {
            self.state = State::End;
            self.skip();
            Ok(event(Ev::StreamEnd, t.start))
        }
    }

    fn process_directives(&mut self) -> Result<(), SyntaxError> {
        let mut version = false;
        loop {
            let t = self.peek()?;
            if !matches!(t.tok, Kind::VersionDirective | Kind::TagDirective) {
                break;
            }
            match self.skip().map(|t| t.tok) {
                Some(Tok::VersionDirective(major, minor)) => {
                    if version {
                        return Err(t.start.error("duplicate `%YAML` directive"));
                    }
                    if major != 1 || (minor != 1 && minor != 2) {
                        return Err(t
                            .start
                            .error(format!("unsupported YAML version {major}.{minor}")));
                    }
                    version = true;
                }
                Some(Tok::TagDirective(handle, prefix)) => {
                    if self.tag_directives.iter().any(|(h, _)| *h == handle) {
                        return Err(t.start.error(format!(
                            "duplicate `%TAG` directive for `{}`",
                            String::from_utf8_lossy(&handle)
                        )));
                    }
                    self.tag_directives.push((handle, prefix));
                }
                _ => break,
            }
        }
        for (handle, prefix) in [(&b"!"[..], &b"!"[..]), (b"!!", b"tag:yaml.org,2002:")] {
            if !self.tag_directives.iter().any(|(h, _)| h == handle) {
                self.tag_directives.push((handle.to_vec(), prefix.to_vec()));
            }
        }
        Ok(())
    }
}
