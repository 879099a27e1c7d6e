//! A label map (`matchLabels`), kept sorted by key as Helm's `toYaml` writes it.
//!
//! A sorted vector rather than a `BTreeMap`: label maps hold a handful of entries, and
//! the B-tree's code (insert, search, clone, drop, iteration, and the sort behind
//! `collect`) cost several KB of wasm for nothing a binary search does not do.

use serde::de::{Deserialize, Deserializer};

use crate::doc::{FromValue, Path, ShapeError, ToValue, Value};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Label keys to values, sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub struct Labels(Vec<(String, String)>);

impl Labels {
    /// An empty map.
    pub const fn new() -> Self {
        Labels(Vec::new())
    }

    /// Sets `key` to `value`; returns the value it replaces, as `BTreeMap::insert` does.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.find(&key) {
            Ok(i) => self
                .0
                .get_mut(i)
                .map(|slot| std::mem::replace(&mut slot.1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.find(key)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, v)| v)
    }

    /// Whether `key` is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// The entries, sorted by key.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &String)> + Clone {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys, sorted.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> + Clone {
        self.0.iter().map(|(k, _)| k)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
}

impl FromIterator<(String, String)> for Labels {
    /// Later entries win over earlier ones with the same key, as with `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut out = Labels::new();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}

impl<const N: usize> From<[(String, String); N]> for Labels {
    fn from(entries: [(String, String); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl IntoIterator for Labels {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Serialize for Labels {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        std::collections::BTreeMap::<String, String>::deserialize(deserializer)
            .map(|m| m.into_iter().collect())
    }
}

impl FromValue for Labels {
    /// A mapping of string keys to strings (the Environment's strict reading; the values
    /// reader has its own lenient one).
    fn from_value(v: &Value, at: &mut Path) -> Result<Self, ShapeError> {
        let map = v.as_mapping().ok_or_else(|| at.expected("a mapping", v))?;
        let mut out = Labels::new();
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

impl ToValue for Labels {
    fn to_value(&self) -> Value {
        Value::Mapping(
            self.iter()
                .map(|(k, v)| (Value::from(k.as_str()), Value::from(v.as_str())))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn s(x: &str) -> String {
        x.to_owned()
    }

    #[test]
    fn behaves_like_a_btreemap() {
        // Inserts with repeats and out-of-order keys, compared step by step.
        let ops = [
            ("b", "1"),
            ("a", "2"),
            ("c", "3"),
            ("a", "4"),
            ("", "5"),
            ("b", "6"),
            ("aa", "7"),
        ];
        let (mut ours, mut theirs) = (Labels::new(), BTreeMap::new());
        for (k, v) in ops {
            assert_eq!(ours.insert(s(k), s(v)), theirs.insert(s(k), s(v)));
            assert_eq!(ours.len(), theirs.len());
            assert!(ours.iter().eq(theirs.iter()));
            for probe in ["", "a", "aa", "b", "c", "d"] {
                assert_eq!(ours.get(probe), theirs.get(probe));
                assert_eq!(ours.contains_key(probe), theirs.contains_key(probe));
            }
        }
        let collected: Labels = ops.iter().map(|(k, v)| (s(k), s(v))).collect();
        let btree: BTreeMap<String, String> = ops.iter().map(|(k, v)| (s(k), s(v))).collect();
        assert!(collected.into_iter().eq(btree));
    }

    #[test]
    fn serde_reads_and_writes_a_mapping() {
        let l = Labels::from([(s("b"), s("2")), (s("a"), s("1"))]);
        let yaml = serde_yaml::to_string(&l).unwrap_or_default();
        assert_eq!(yaml, "a: '1'\nb: '2'\n");
        let back: Labels = serde_yaml::from_str(&yaml).unwrap_or_default();
        assert_eq!(back, l);
    }
}
