//! serde_yaml's tree as ours: the oracle of the reader's differential tests (native only).

use super::value::{Map, Number, Value};

/// Converts a `serde_yaml::Value`; a custom tag is dropped and its value kept.
pub fn from_serde_yaml(v: &serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(*b),
        serde_yaml::Value::Number(n) => Value::Number(if let Some(u) = n.as_u64() {
            Number::PosInt(u)
        } else if let Some(i) = n.as_i64() {
            Number::NegInt(i)
        } else {
            Number::Float(n.as_f64().unwrap_or(f64::NAN))
        }),
        serde_yaml::Value::String(s) => Value::String(s.clone()),
        serde_yaml::Value::Sequence(items) => {
            Value::Sequence(items.iter().map(from_serde_yaml).collect())
        }
        serde_yaml::Value::Mapping(m) => {
            let mut map = Map::new();
            for (k, v) in m {
                map.push(from_serde_yaml(k), from_serde_yaml(v));
            }
            Value::Mapping(map)
        }
        serde_yaml::Value::Tagged(t) => from_serde_yaml(&t.value),
    }
}
