//! A label map (`matchLabels`): keys sorted, as Helm's `toYaml` writes them.

/// Label keys to values, sorted by key, each key once.
pub type Labels = std::collections::BTreeMap<String, String>;
