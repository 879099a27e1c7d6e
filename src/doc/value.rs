//! The document tree: scalars, sequences and ordered mappings.

use std::fmt;

use super::float::DebugF64;

/// A YAML number, resolved as serde_yaml 0.9 resolves plain scalars (YAML 1.2 core schema).
#[derive(Clone, Copy, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// Anything else numeric (`1.5`, `1e3`, `.inf`, `.nan`).
    Float(f64),
}

/// The derived `Debug`, but a float goes through [`DebugF64`]: std's float `Debug` links
/// core's float formatter into the wasm.
impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::PosInt(n) => f.debug_tuple("PosInt").field(n).finish(),
            Number::NegInt(n) => f.debug_tuple("NegInt").field(n).finish(),
            Number::Float(x) => f.debug_tuple("Float").field(&DebugF64(*x)).finish(),
        }
    }
}

impl Number {
    /// The number as an `i64`, when it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(n) => i64::try_from(n).ok(),
            Number::NegInt(n) => Some(n),
            Number::Float(_) => None,
        }
    }

    /// The number as a `u64`, when it is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::PosInt(n) => Some(n),
            _ => None,
        }
    }

    /// Whether the number is an integer.
    pub fn is_integer(&self) -> bool {
        !matches!(self, Number::Float(_))
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        u64::try_from(n).map_or(Number::NegInt(n), Number::PosInt)
    }
}

/// A node of a parsed document.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`, `~` or nothing.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer or a float.
    Number(Number),
    /// A string (plain, quoted or block scalar).
    String(String),
    /// A sequence.
    Sequence(Vec<Value>),
    /// A mapping, in document order.
    Mapping(Map),
}

/// A mapping in document order. Keys are unique (the reader rejects duplicates).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    entries: Vec<(Value, Value)>,
}

impl Map {
    /// An empty mapping.
    pub fn new() -> Self {
        Map::default()
    }

    /// The value under the string key `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The value under the string key `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The value under any key equal to `key`.
    pub fn get_value(&self, key: &Value) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether the string key `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`, replacing an existing entry in place or appending.
    pub fn insert(&mut self, key: impl Into<Value>, value: Value) {
        let key = key.into();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    /// Appends an entry without looking for an existing key (the reader has already
    /// rejected duplicates).
    pub(crate) fn push(&mut self, key: Value, value: Value) {
        self.entries.push((key, value));
    }

    /// Removes the string key `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self
            .entries
            .iter()
            .position(|(k, _)| k.as_str() == Some(key))?;
        Some(self.entries.remove(i).1)
    }

    /// Keeps the entries for which `keep` says true.
    pub fn retain(&mut self, mut keep: impl FnMut(&Value, &mut Value) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The entries in order, values mutable.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Value, &mut Value)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<(Value, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (Value, Value)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(Number::from(n))
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::Sequence(items)
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Self {
        Value::Mapping(map)
    }
}

impl Value {
    /// The value under the string key `key`, when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_mapping().and_then(|m| m.get(key))
    }

    /// The string, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer, when this is an integer that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The integer, when this is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The items, when this is a sequence.
    pub fn as_sequence(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The items, mutably, when this is a sequence.
    pub fn as_sequence_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The mapping, when this is one.
    pub fn as_mapping(&self) -> Option<&Map> {
        match self {
            Value::Mapping(map) => Some(map),
            _ => None,
        }
    }

    /// The mapping, mutably, when this is one.
    pub fn as_mapping_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Mapping(map) => Some(map),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether this is a mapping.
    pub fn is_mapping(&self) -> bool {
        matches!(self, Value::Mapping(_))
    }

    /// Whether this is a sequence.
    pub fn is_sequence(&self) -> bool {
        matches!(self, Value::Sequence(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Number` as it was, with the derived `Debug` (which is all it is used for).
    #[allow(dead_code)]
    #[derive(Debug)]
    enum Derived {
        PosInt(u64),
        NegInt(i64),
        Float(f64),
    }

    #[test]
    fn debug_is_the_derived_one() {
        let cases = [
            (Number::PosInt(7), Derived::PosInt(7)),
            (Number::NegInt(-7), Derived::NegInt(-7)),
            (Number::Float(1.5), Derived::Float(1.5)),
            (Number::Float(-0.0), Derived::Float(-0.0)),
            (Number::Float(1e-7), Derived::Float(1e-7)),
            (Number::Float(f64::NAN), Derived::Float(f64::NAN)),
        ];
        for (ours, derived) in cases {
            assert_eq!(format!("{ours:?}"), format!("{derived:?}"));
            assert_eq!(format!("{ours:#?}"), format!("{derived:#?}"));
            assert_eq!(format!("{ours:x?}"), format!("{derived:x?}"));
            assert_eq!(format!("{ours:+010.2?}"), format!("{derived:+010.2?}"));
        }
    }
}
