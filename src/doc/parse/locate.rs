//! Where a node starts: the events replayed with the path of each node, no tree built.

use super::events::{Ev, Parser};
use super::resolve::resolve;
use super::tokens::Mark;
use super::tree::MAX_DEPTH;
use crate::doc::convert::Seg;
use crate::doc::value::Value;

/// An open collection while locating: on the path?, and what comes next in it.
enum Open {
    Sequence(usize),
    /// Whether a key comes next, and the last key when it is a string.
    Mapping {
        want_key: bool,
        key: Option<String>,
    },
}

/// Where the node at `path` starts; an alias on the way stands for what it copies.
pub(super) fn find(text: &str, path: &[Seg]) -> Option<Mark> {
    let mut parser = Parser::new(text).ok()?;
    let mut frames: Vec<(bool, Open)> = Vec::new();
    let mut in_document = false;
    while let Some(event) = parser.next().ok()? {
        match event.ev {
            Ev::DocumentStart => in_document = true,
            // An empty stream is a null document, located at its end.
            Ev::StreamEnd if !in_document && path.is_empty() => return Some(event.start),
            Ev::DocumentEnd | Ev::StreamEnd => return None,
            Ev::StreamStart => {}
            _ if !in_document => return None,
            Ev::SequenceEnd | Ev::MappingEnd => {
                frames.pop();
                finish(&mut frames);
            }
            ev => {
                let depth = frames.len();
                let step = depth.checked_sub(1).and_then(|d| path.get(d));
                let on_path = match frames.last_mut() {
                    None => true,
                    Some((parent_on, Open::Sequence(next))) => {
                        let here = *next;
                        *next += 1;
                        *parent_on && step == Some(&Seg::Index(here))
                    }
                    Some((
                        _,
                        Open::Mapping {
                            want_key: true,
                            key,
                        },
                    )) => {
                        *key = match &ev {
                            Ev::Scalar {
                                tag, value, style, ..
                            } => match resolve(value.clone(), *style, tag.as_deref()) {
                                Ok(Value::String(s)) => Some(s),
                                _ => None,
                            },
                            _ => None,
                        };
                        false
                    }
                    Some((parent_on, Open::Mapping { key, .. })) => {
                        *parent_on
                            && matches!((step, key.as_ref()), (Some(Seg::Key(want)), Some(k)) if want == k)
                    }
                };
                let alias = matches!(ev, Ev::Alias(_));
                if on_path && (depth == path.len() || alias) {
                    return Some(event.start);
                }
                match ev {
                    Ev::SequenceStart { .. } if depth < MAX_DEPTH => {
                        frames.push((on_path, Open::Sequence(0)));
                    }
                    Ev::MappingStart { .. } if depth < MAX_DEPTH => frames.push((
                        on_path,
                        Open::Mapping {
                            want_key: true,
                            key: None,
                        },
                    )),
                    Ev::SequenceStart { .. } | Ev::MappingStart { .. } => return None,
                    _ => finish(&mut frames),
                }
            }
        }
    }
    None
}

/// A node of the innermost open collection is complete: in a mapping, a key then a value.
fn finish(frames: &mut [(bool, Open)]) {
    if let Some((_, Open::Mapping { want_key, .. })) = frames.last_mut() {
        *want_key = !*want_key;
    }
}
