//! Typed reading and writing of a [`Value`] tree, with the path of every shape error.

use std::collections::BTreeMap;
use std::fmt;

use super::value::{Map, Number, Value};

/// One step of a path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index (0-based).
    Index(usize),
}

/// Where a node sits in a document, e.g. `networkPolicy.egress.extra[2].ports[0]`.
///
/// Readers push a step before reading a child and pop it after, so a shape error can
/// clone the path it was found at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(pub Vec<Seg>);

impl Path {
    /// The document root.
    pub fn root() -> Self {
        Path::default()
    }

    /// A path of mapping keys, e.g. `Path::keys(&["networkPolicy"])`.
    pub fn keys(keys: &[&str]) -> Self {
        Path(keys.iter().map(|k| Seg::Key((*k).to_owned())).collect())
    }

    /// Steps into a key.
    pub fn push_key(&mut self, key: &str) {
        self.0.push(Seg::Key(key.to_owned()));
    }

    /// Steps into an index.
    pub fn push_index(&mut self, i: usize) {
        self.0.push(Seg::Index(i));
    }

    /// Steps back out.
    pub fn pop(&mut self) {
        self.0.pop();
    }

    /// A shape error here.
    pub fn error(&self, message: impl Into<String>) -> ShapeError {
        ShapeError {
            path: self.clone(),
            message: message.into(),
        }
    }

    /// "expected {expected}, found {what v is}" here.
    pub fn expected(&self, expected: &str, v: &Value) -> ShapeError {
        self.error(format!("expected {expected}, found {}", kind_of(v)))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A document with the wrong shape at some path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// Where.
    pub path: Path,
    /// What was wrong, e.g. "expected a string, found a sequence".
    pub message: String,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.0.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ShapeError {}

/// "a mapping", "a sequence", "the string `x`", ... for messages.
pub fn kind_of(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(Number::PosInt(n)) => format!("the integer `{n}`"),
        Value::Number(Number::NegInt(n)) => format!("the integer `{n}`"),
        Value::Number(Number::Float(_)) => "a floating-point number".to_owned(),
        Value::String(s) => format!("the string `{}`", s.chars().take(40).collect::<String>()),
        Value::Sequence(_) => "a sequence".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
    }
}

/// A type read from a [`Value`].
pub trait FromValue: Sized {
    /// Reads `v`, found at `at`; `at` is left as it was given.
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError>;
}

/// A type written as a [`Value`].
pub trait ToValue {
    /// The tree, with keys in the order serde's derive wrote them.
    fn to_value(&self) -> Value;
}

impl FromValue for String {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| at.expected("a string", v))
    }
}

impl FromValue for bool {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        v.as_bool().ok_or_else(|| at.expected("a boolean", v))
    }
}

impl FromValue for i64 {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        v.as_i64().ok_or_else(|| at.expected("an integer", v))
    }
}

impl FromValue for u16 {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        v.as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| at.expected("an integer from 0 to 65535", v))
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        match v {
            Value::Null => Ok(None),
            other => T::from_value(other, at).map(Some),
        }
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let items = v
            .as_sequence()
            .ok_or_else(|| at.expected("a sequence", v))?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            at.push_index(i);
            let read = T::from_value(item, at);
            at.pop();
            out.push(read?);
        }
        Ok(out)
    }
}

impl FromValue for BTreeMap<String, String> {
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let map = v.as_mapping().ok_or_else(|| at.expected("a mapping", v))?;
        let mut out = BTreeMap::new();
        for (k, item) in map.iter() {
            let key = k.as_str().ok_or_else(|| at.expected("string keys", k))?;
            at.push_key(key);
            let read = String::from_value(item, at);
            at.pop();
            out.insert(key.to_owned(), read?);
        }
        Ok(out)
    }
}

/// A mapping read as a struct.
///
/// `get` reads a field when present; [`Fields::finish`] fails on a key no `get` asked for
/// (serde's `deny_unknown_fields`). Readers that accept unknown keys skip `finish`.
pub struct Fields<'a> {
    map: &'a Map,
    seen: Vec<&'a str>,
}

impl<'a> Fields<'a> {
    /// `v` as a struct named `what` (for the message when it is not a mapping).
    pub fn of(v: &'a Value, at: &Path, what: &str) -> Result<Self, ShapeError> {
        match v {
            Value::Mapping(map) => Ok(Fields {
                map,
                seen: Vec::new(),
            }),
            other => Err(at.expected(what, other)),
        }
    }

    /// The field `key`, read when present and not null.
    pub fn get<T: FromValue>(
        &mut self,
        key: &'a str,
        at: &mut Path,
    ) -> Result<Option<T>, ShapeError> {
        self.seen.push(key);
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => {
                at.push_key(key);
                let read = T::from_value(v, at);
                at.pop();
                read.map(Some)
            }
        }
    }

    /// The field `key`, or `T::default()` when absent or null.
    pub fn or_default<T: FromValue + Default>(
        &mut self,
        key: &'a str,
        at: &mut Path,
    ) -> Result<T, ShapeError> {
        Ok(self.get(key, at)?.unwrap_or_default())
    }

    /// Fails on the first key that no `get` asked for, naming it and the known ones.
    pub fn finish(self, at: &Path) -> Result<(), ShapeError> {
        for k in self.map.keys() {
            match k.as_str() {
                Some(key) if self.seen.contains(&key) => {}
                Some(key) => {
                    return Err(at.error(format!(
                        "unknown field `{key}`, expected one of {}",
                        self.seen
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )))
                }
                None => return Err(at.expected("string keys", k)),
            }
        }
        Ok(())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::from(*self)
    }
}

impl ToValue for u16 {
    fn to_value(&self) -> Value {
        Value::from(i64::from(*self))
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        Value::Sequence(self.iter().map(ToValue::to_value).collect())
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl ToValue for BTreeMap<String, String> {
    fn to_value(&self) -> Value {
        Value::Mapping(
            self.iter()
                .map(|(k, v)| (Value::from(k.as_str()), Value::from(v.as_str())))
                .collect(),
        )
    }
}
