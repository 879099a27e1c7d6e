//! Events to a [`Value`] tree, with serde_yaml 0.9's document rules: one document, 128
//! levels of nesting, aliases copied (and capped), keys unique.
//!
//! serde_yaml walks an alias by replaying the anchored node's events, so nesting and its
//! repetition limit (alias walks over 100 per event of the document) see through aliases;
//! both are counted here the same way. On top of that, the nodes an alias copies are
//! capped ([`ALIAS_BUDGET`], or the caller's smaller budget): a "billion laughs" input
//! fails instead of filling memory.
//!
//! Anchors and large mappings' keys are found through B-trees, not hash tables: std's
//! hash keys are fixed on wasm32, so a crafted input (a share link) could make every key
//! collide and the read quadratic; a B-tree stays O(log n) whatever the input.

use std::collections::{BTreeMap, BTreeSet};

use super::events::{Ev, Event, Parser};
use super::resolve::resolve;
use super::tokens::Mark;
use super::SyntaxError;
use crate::doc::value::{Map, Number, Value};

/// serde_yaml's nesting limit.
pub(super) const MAX_DEPTH: usize = 128;

/// serde_yaml's repetition limit: alias walks per event of the document.
const REPETITION_PER_EVENT: u64 = 100;

/// How much aliases (and anchored copies) may copy by default, in nodes plus string
/// bytes / 32.
pub(super) const ALIAS_BUDGET: u64 = 1_000_000;

/// Above this many entries a mapping checks duplicates with an index, not a scan.
const SCAN_LIMIT: usize = 16;

/// A finished node and what serde_yaml's walk of it would cost.
struct Node {
    value: Value,
    start: Mark,
    /// Nested collections (0 for a scalar).
    height: usize,
    /// Alias walks inside it.
    walks: u64,
    /// Copy cost (see [`ALIAS_BUDGET`]).
    cost: u64,
}

/// An anchored node, or a collection still open at that depth (an alias to it would be
/// recursive). Like serde_yaml's loader, a name belongs to the node whose start came
/// last, so a redefinition inside an open collection wins over the collection.
enum Anchored {
    Open(usize),
    Done(Node),
}

enum Body {
    Sequence(Vec<Value>),
    Mapping {
        map: Map,
        key: Option<(Value, Mark)>,
        index: Option<BTreeSet<KeyRepr>>,
    },
}

struct Frame {
    body: Body,
    anchor: Option<String>,
    start: Mark,
    height: usize,
    walks: u64,
    cost: u64,
}

/// A scalar key as serde_yaml compares keys (one NaN, `0.0 == -0.0`).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum KeyRepr {
    Null,
    Bool(bool),
    Pos(u64),
    Neg(i64),
    Float(u64),
    Str(String),
}

fn key_repr(v: &Value) -> Option<KeyRepr> {
    Some(match v {
        Value::Null => KeyRepr::Null,
        Value::Bool(b) => KeyRepr::Bool(*b),
        Value::Number(Number::PosInt(n)) => KeyRepr::Pos(*n),
        Value::Number(Number::NegInt(n)) => KeyRepr::Neg(*n),
        Value::Number(Number::Float(f)) => KeyRepr::Float(if f.is_nan() {
            f64::NAN.to_bits()
        } else if *f == 0.0 {
            0
        } else {
            f.to_bits()
        }),
        Value::String(s) => KeyRepr::Str(s.clone()),
        Value::Sequence(_) | Value::Mapping(_) => return None,
    })
}

fn key_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(Number::Float(x)), Value::Number(Number::Float(y))) => {
            x == y || (x.is_nan() && y.is_nan())
        }
        _ => a == b,
    }
}

/// A key for messages.
fn show_key(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(Number::PosInt(n)) => n.to_string(),
        Value::Number(Number::NegInt(n)) => n.to_string(),
        Value::Number(Number::Float(f)) => crate::doc::float::display(*f),
        Value::String(s) => s.chars().take(40).collect(),
        Value::Sequence(_) => "a sequence".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
    }
}

fn scalar_cost(v: &Value) -> u64 {
    1 + match v {
        Value::String(s) => s.len() as u64 / 32,
        _ => 0,
    }
}

/// Builds the one document of `text`.
pub(super) fn build(text: &str, alias_budget: u64) -> Result<Value, SyntaxError> {
    let mut parser = Parser::new(text)?;
    let mut builder = Builder {
        budget: alias_budget,
        ..Builder::default()
    };
    // StreamStart, then a document or the end of the stream.
    next(&mut parser)?;
    match next(&mut parser)? {
        Event {
            ev: Ev::DocumentStart,
            ..
        } => {}
        _ => return Ok(Value::Null),
    }
    let root = loop {
        let event = next(&mut parser)?;
        if let Some(node) = builder.event(event)? {
            break node;
        }
    };
    // DocumentEnd, then the stream must end.
    next(&mut parser)?;
    let after = next(&mut parser)?;
    if after.ev != Ev::StreamEnd {
        return Err(after
            .start
            .error("found a second document; the input must hold only one"));
    }
    if builder.walks > builder.events.saturating_mul(REPETITION_PER_EVENT) {
        return Err(root.start.error(format!(
            "aliases repeat nodes more than {REPETITION_PER_EVENT} times per node of the document"
        )));
    }
    Ok(root.value)
}

fn next(parser: &mut Parser) -> Result<Event, SyntaxError> {
    match parser.next()? {
        Some(e) => Ok(e),
        None => Err(SyntaxError {
            pos: super::Pos { line: 1, column: 1 },
            message: "read past the end of the input".to_owned(),
        }),
    }
}

#[derive(Default)]
struct Builder {
    frames: Vec<Frame>,
    anchors: BTreeMap<String, Anchored>,
    /// The most copy cost aliases and anchors may spend.
    budget: u64,
    /// Node events of the document (serde_yaml's repetition limit scales with them).
    events: u64,
    /// Alias walks serde_yaml would make.
    walks: u64,
    /// Copy cost spent on aliases and anchors.
    spent: u64,
}

impl Builder {
    /// Takes one event; returns the root once the document's node is complete.
    fn event(&mut self, event: Event) -> Result<Option<Node>, SyntaxError> {
        let start = event.start;
        let done = match event.ev {
            Ev::Alias(name) => {
                self.events += 1;
                let node = match self.anchors.get(&name) {
                    None => return Err(start.error(format!("unknown alias `*{name}`"))),
                    Some(Anchored::Open(_)) => {
                        return Err(
                            start.error(format!("the alias `*{name}` is inside the node it names"))
                        )
                    }
                    Some(Anchored::Done(node)) => node,
                };
                if self.frames.len() + node.height > MAX_DEPTH {
                    return Err(start.error(format!(
                        "the alias `*{name}` nests deeper than {MAX_DEPTH} levels"
                    )));
                }
                let (walks, cost) = (node.walks.saturating_add(1), node.cost);
                let (value, height) = (node.value.clone(), node.height);
                self.spend(cost, start)?;
                self.walks = self.walks.saturating_add(walks);
                Node {
                    value,
                    start,
                    height,
                    walks,
                    cost,
                }
            }
            Ev::Scalar {
                anchor,
                tag,
                value,
                style,
            } => {
                self.events += 1;
                let value = resolve(value, style, tag.as_deref()).map_err(|m| start.error(m))?;
                let cost = scalar_cost(&value);
                let node = Node {
                    value,
                    start,
                    height: 0,
                    walks: 0,
                    cost,
                };
                self.anchor(anchor, &node, None)?;
                node
            }
            Ev::SequenceStart { anchor } => {
                self.open(Body::Sequence(Vec::new()), anchor, start)?;
                return Ok(None);
            }
            Ev::MappingStart { anchor } => {
                let body = Body::Mapping {
                    map: Map::new(),
                    key: None,
                    index: None,
                };
                self.open(body, anchor, start)?;
                return Ok(None);
            }
            Ev::SequenceEnd | Ev::MappingEnd => {
                self.events += 1;
                let Some(frame) = self.frames.pop() else {
                    return Err(start.error("found the end of a collection that was not open"));
                };
                let value = match frame.body {
                    Body::Sequence(items) => Value::Sequence(items),
                    Body::Mapping { map, .. } => Value::Mapping(map),
                };
                let node = Node {
                    value,
                    start: frame.start,
                    height: frame.height + 1,
                    walks: frame.walks,
                    cost: frame.cost.saturating_add(1),
                };
                let depth = self.frames.len();
                self.anchor(frame.anchor, &node, Some(depth))?;
                node
            }
            Ev::StreamStart | Ev::StreamEnd | Ev::DocumentStart | Ev::DocumentEnd => {
                return Err(start.error("found the end of the document inside a node"))
            }
        };
        self.attach(done)
    }

    fn open(&mut self, body: Body, anchor: Option<String>, start: Mark) -> Result<(), SyntaxError> {
        self.events += 1;
        if self.frames.len() >= MAX_DEPTH {
            return Err(start.error(format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        if let Some(name) = &anchor {
            let depth = self.frames.len();
            self.anchors.insert(name.clone(), Anchored::Open(depth));
        }
        self.frames.push(Frame {
            body,
            anchor,
            start,
            height: 0,
            walks: 0,
            cost: 0,
        });
        Ok(())
    }

    fn spend(&mut self, cost: u64, at: Mark) -> Result<(), SyntaxError> {
        self.spent = self.spent.saturating_add(cost);
        if self.spent > self.budget {
            let budget = self.budget;
            return Err(at.error(format!("aliases expand to more than {budget} nodes")));
        }
        Ok(())
    }

    /// Records an anchored node; a collection (opened at `depth`) only if its name was
    /// not taken again inside it.
    fn anchor(
        &mut self,
        anchor: Option<String>,
        node: &Node,
        depth: Option<usize>,
    ) -> Result<(), SyntaxError> {
        let Some(name) = anchor else {
            return Ok(());
        };
        if let Some(depth) = depth {
            if !matches!(self.anchors.get(&name), Some(Anchored::Open(d)) if *d == depth) {
                return Ok(());
            }
        }
        self.spend(node.cost, node.start)?;
        let copy = Node {
            value: node.value.clone(),
            start: node.start,
            height: node.height,
            walks: node.walks,
            cost: node.cost,
        };
        self.anchors.insert(name, Anchored::Done(copy));
        Ok(())
    }

    /// Puts a finished node into its parent; the root comes back.
    fn attach(&mut self, node: Node) -> Result<Option<Node>, SyntaxError> {
        let Some(parent) = self.frames.last_mut() else {
            return Ok(Some(node));
        };
        parent.height = parent.height.max(node.height);
        parent.walks = parent.walks.saturating_add(node.walks);
        parent.cost = parent.cost.saturating_add(node.cost);
        match &mut parent.body {
            Body::Sequence(items) => items.push(node.value),
            Body::Mapping { map, key, index } => match key.take() {
                None => {
                    if node.height > 0 {
                        return Err(node.start.error(format!(
                            "{} cannot be a mapping key; keys must be scalars",
                            show_key(&node.value)
                        )));
                    }
                    *key = Some((node.value, node.start));
                }
                Some((k, at)) => {
                    if is_duplicate(map, index, &k) {
                        return Err(at.error(format!("duplicate key `{}`", show_key(&k))));
                    }
                    map.push(k, node.value);
                }
            },
        }
        Ok(None)
    }
}

/// Whether `k` is already a key of `map` (keeping `index` once the mapping is large).
fn is_duplicate(map: &Map, index: &mut Option<BTreeSet<KeyRepr>>, k: &Value) -> bool {
    if index.is_none() && map.len() < SCAN_LIMIT {
        return map.keys().any(|existing| key_eq(existing, k));
    }
    let set = index.get_or_insert_with(|| map.keys().filter_map(key_repr).collect());
    key_repr(k).is_some_and(|r| !set.insert(r))
}
