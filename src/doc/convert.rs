//! Typed reading and writing of a [`Value`] tree, with the path of every shape error.

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

/// Reads `v` into `slot` with its type's reader. A reader's arm then only passes the slot:
/// the read, the move and the error path are here once per type, not once per field
/// (the wasm is smaller).
pub(crate) fn read<T: FromValue>(slot: &mut T, v: &Value, at: &mut Path) -> Result<(), ShapeError> {
    *slot = T::from_value(v, at)?;
    Ok(())
}

/// [`read`] for an optional field that is present.
pub(crate) fn read_some<T: FromValue>(
    slot: &mut Option<T>,
    v: &Value,
    at: &mut Path,
) -> Result<(), ShapeError> {
    *slot = Some(T::from_value(v, at)?);
    Ok(())
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
        let mut out = Vec::new();
        read_items(v, at, "a sequence", &mut |item, at| {
            out.push(T::from_value(item, at)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// A sequence's items in order, each through `each` at its index ("expected {what}" when
/// `v` is no sequence): the loop every list reader shares (one copy in the wasm, not one
/// per item type).
pub(crate) fn read_items(
    v: &Value,
    at: &mut Path,
    what: &str,
    each: &mut dyn FnMut(&Value, &mut Path) -> Result<(), ShapeError>,
) -> Result<(), ShapeError> {
    let items = v.as_sequence().ok_or_else(|| at.expected(what, v))?;
    for (i, item) in items.iter().enumerate() {
        at.push_index(i);
        let read = each(item, at);
        at.pop();
        read?;
    }
    Ok(())
}

/// Reads the value of the field at an index of a reader's key list.
pub(crate) type SetField<'a> = dyn FnMut(usize, &Value, &mut Path) -> Result<(), ShapeError> + 'a;

/// A struct's `FromValue` and `ToValue`, from its table of fields in serde's order, around
/// a shared, non-generic reader of a struct's mapping (`core`: the model's denies unknown
/// keys, the values' ignores them) that hands each known entry to a closure with the
/// index of its key.
///
/// A field is `field: "key"`, read with [`read`] and written with [`Out::put`], or
/// `field: "key" => reader` (a function like [`read`]), or `field: "key" => reader /
/// writer` (an [`Out`] method). Fields are set by index (an enum of the field names
/// counts them), so the expansion holds no key comparison.
macro_rules! record {
    (
        $ty:ident,
        $what:literal,
        $core:ident,
        [$($field:ident: $key:literal $(=> $read:ident $(/ $write:ident)?)?,)+]
    ) => {
        impl $crate::doc::FromValue for $ty {
            fn from_value(
                v: &$crate::doc::Value,
                at: &mut $crate::doc::Path,
            ) -> Result<Self, $crate::doc::ShapeError> {
                #[allow(non_camel_case_types)]
                enum Field {
                    $($field,)+
                }
                let mut out = $ty::default();
                $core(v, at, $what, &[$($key),+], &mut |i, item, at| {
                    match i {
                        $(i if i == Field::$field as usize => {
                            $crate::doc::record!(@read $($read)?)(&mut out.$field, item, at)
                        })+
                        _ => Ok(()),
                    }
                })?;
                Ok(out)
            }
        }

        impl $crate::doc::ToValue for $ty {
            fn to_value(&self) -> $crate::doc::Value {
                let out = $crate::doc::Out::new();
                $(let out = $crate::doc::record!(@write out, $key, &self.$field $($(, $write)?)?);)+
                out.done()
            }
        }
    };
    (@read) => { $crate::doc::read };
    (@read $read:ident) => { $read };
    (@write $out:ident, $key:literal, $v:expr) => { $out.put($key, $v) };
    (@write $out:ident, $key:literal, $v:expr, $write:ident) => { $out.$write($key, $v) };
}
pub(crate) use record;

/// Builds a mapping in the order its keys are put: the converters' `to_value`s, which
/// write serde's keys in serde's order. Keys are field names, so they never repeat.
///
/// The methods take `&dyn ToValue`, not a generic: one copy of each in the wasm rather
/// than one per field type.
pub(crate) struct Out(Map);

impl Out {
    /// An empty mapping.
    pub(crate) fn new() -> Self {
        Out(Map::new())
    }

    /// A tagged choice's mapping: the tag first (`kind: controller`).
    pub(crate) fn tagged(tag: &str, variant: &str) -> Self {
        Out::new().put(tag, &variant.to_owned())
    }

    /// Adds `key: v`.
    pub(crate) fn put(self, key: &str, v: &dyn ToValue) -> Self {
        self.push(key, v.to_value())
    }

    /// Adds `key: items` unless there are none (serde's
    /// `skip_serializing_if = "Vec::is_empty"`).
    pub(crate) fn put_nonempty<T: ToValue>(self, key: &str, items: &[T]) -> Self {
        if items.is_empty() {
            return self;
        }
        self.push(
            key,
            Value::Sequence(items.iter().map(T::to_value).collect()),
        )
    }

    fn push(mut self, key: &str, v: Value) -> Self {
        self.0.push(Value::from(key), v);
        self
    }

    /// Adds `key: v` when `v` is `Some` (serde's `skip_serializing_if = "Option::is_none"`).
    pub(crate) fn opt<T: ToValue>(self, key: &str, v: &Option<T>) -> Self {
        self.put_if(key, v.as_ref().map(|v| v as &dyn ToValue))
    }

    /// Adds `key: v` when there is a `v`.
    pub(crate) fn put_if(self, key: &str, v: Option<&dyn ToValue>) -> Self {
        match v {
            Some(v) => self.put(key, v),
            None => self,
        }
    }

    /// The mapping.
    pub(crate) fn done(self) -> Value {
        Value::Mapping(self.0)
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
        sequence(&mut self.iter().map(|item| item as &dyn ToValue))
    }
}

/// The items written in order: the loop every list writer shares.
fn sequence(items: &mut dyn Iterator<Item = &dyn ToValue>) -> Value {
    Value::Sequence(items.map(|item| item.to_value()).collect())
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}
