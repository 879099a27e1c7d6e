//! A parsed YAML (or JSON) document, read without serde.
//!
//! Everything the app reads — pasted values files, imported files, share-link payloads,
//! the CLI's Environment files — goes through [`parse`] into a [`Value`] tree, and typed
//! code reads that tree with [`FromValue`] (and writes it with [`ToValue`]). The tree and
//! the reader are small and monomorphic, so the wasm build links no generic
//! deserializer: serde_yaml plus serde's visitors were a third of the binary.
//!
//! The [`Value`] API mirrors the part of `serde_yaml::Value` the core used (`get`,
//! `as_str`, `as_mapping`, ...), and the tests check the reader against serde_yaml on
//! every corpus we have.

#[cfg(not(target_arch = "wasm32"))]
mod bridge;
mod convert;
pub(crate) mod float;
mod parse;
mod value;

#[cfg(not(target_arch = "wasm32"))]
pub use bridge::from_serde_yaml;
pub use convert::{kind_of, FromValue, Path, Seg, ShapeError, ToValue};
pub(crate) use convert::{read, read_items, read_some, record, Out, SetField};
pub use parse::{locate, parse, parse_with_alias_budget, Pos, SyntaxError};
pub use value::{Map, Number, Value};

/// Parses `yaml` and reads it as `T` from the root: the converters' table tests.
#[cfg(test)]
pub(crate) fn read_yaml<T: FromValue>(yaml: &str) -> Result<T, String> {
    let v = parse(yaml).map_err(|e| e.to_string())?;
    T::from_value(&v, &mut Path::root()).map_err(|e| e.to_string())
}
