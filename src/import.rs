//! Reading what operators hand us: an Environment file, or a chart values file.
//!
//! [`import_environment`] turns a chart values file back into form inputs (see
//! `import/environment.rs`); the other readers feed the CLI and the checker.

mod environment;
mod related;

use std::fmt;

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::model::Environment;
use crate::values::{Values, ValuesFile};

/// The largest file we read, in bytes.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// The largest values file the app's "Import values.yaml" reads, in bytes (1 MiB): it
/// parses, maps and renders in well under a second, so the page never freezes.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

pub use environment::{import_environment, Imported};

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportError {
    /// serde_yaml could not read the text: it is not YAML (or JSON), or a value has the
    /// wrong shape. The message names the path and the position.
    Yaml {
        /// serde_yaml's message, with the path of the bad value and its position.
        message: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
    },
    /// The document is not what the reader asks for (e.g. not a mapping).
    Shape {
        /// What was expected and what was found.
        message: String,
    },
    /// The input is larger than the reader's limit ([`MAX_INPUT_BYTES`] or
    /// [`MAX_IMPORT_BYTES`]).
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
        /// The limit it passed, in bytes.
        limit: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Yaml { message, .. } | ImportError::Shape { message } => {
                f.write_str(message)
            }
            ImportError::TooLarge { bytes, limit } => {
                write!(f, "the input is {bytes} bytes; the limit is {limit} bytes")
            }
        }
    }
}

impl std::error::Error for ImportError {}

impl From<serde_yaml::Error> for ImportError {
    fn from(e: serde_yaml::Error) -> Self {
        let at = e.location();
        ImportError::Yaml {
            message: e.to_string(),
            line: at.as_ref().map(serde_yaml::Location::line),
            column: at.as_ref().map(serde_yaml::Location::column),
        }
    }
}

fn check_size(text: &str) -> Result<(), ImportError> {
    check_limit(text, MAX_INPUT_BYTES)
}

fn check_limit(text: &str, limit: usize) -> Result<(), ImportError> {
    if text.len() > limit {
        return Err(ImportError::TooLarge {
            bytes: text.len(),
            limit,
        });
    }
    Ok(())
}

/// The deepest flow nesting (`[` and `{`) a text may open. serde_yaml refuses more than
/// 128 levels of any nesting, but only once its scanner has read the whole text, and the
/// scanner takes time quadratic in the flow depth (100,000 levels: 48 s), so deeper text
/// is refused before parsing.
pub const MAX_FLOW_DEPTH: usize = 1_000;

/// Refuses text that opens more than [`MAX_FLOW_DEPTH`] flow collections without closing
/// them. It counts every bracket, quoted or not: only a text no values file resembles
/// (a thousand unclosed brackets) is refused without being read.
fn check_depth(text: &str) -> Result<(), ImportError> {
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        for (j, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => continue,
            }
            if depth > MAX_FLOW_DEPTH {
                return Err(ImportError::Yaml {
                    message: format!(
                        "the text nests more than {MAX_FLOW_DEPTH} levels of `[` and `{{` at line {} column {}",
                        i + 1,
                        j + 1
                    ),
                    line: Some(i + 1),
                    column: Some(j + 1),
                });
            }
        }
    }
    Ok(())
}

/// Reads `text` as `T` with serde_yaml: errors name the path and the position.
fn read<T: DeserializeOwned>(text: &str) -> Result<T, ImportError> {
    check_depth(text)?;
    Ok(serde_yaml::from_str(text)?)
}

/// Reads an Environment from YAML or JSON; missing fields take their defaults.
///
/// ```
/// use periscope_netpol::import::parse_env;
/// let env = parse_env("release: {name: prod}\n").unwrap();
/// assert_eq!(env.release.name, "prod");
/// let err = parse_env("release: [\n").unwrap_err();
/// assert!(err.to_string().contains("expected struct Release at line 1 column 10"), "{err}");
/// let err = parse_env("release: {nmae: prod}\n").unwrap_err();
/// assert!(err.to_string().starts_with("release: unknown field `nmae`"), "{err}");
/// ```
pub fn parse_env(text: &str) -> Result<Environment, ImportError> {
    check_size(text)?;
    if text.trim().is_empty() {
        return Ok(Environment::default());
    }
    read(text)
}

/// Reads the `networkPolicy` block from a whole chart values file, from just the block
/// with its `networkPolicy:` key, or from the block's contents alone.
///
/// ```
/// use periscope_netpol::import::parse_values;
/// let v = parse_values("networkPolicy:\n  enabled: true\n").unwrap();
/// assert!(v.enabled);
/// let v = parse_values("enabled: true\ningress:\n  fromNamespaces: []\n").unwrap();
/// assert!(v.enabled);
/// let err = parse_values("networkPolicy:\n  enabled: [1]\n").unwrap_err();
/// assert!(err.to_string().starts_with("networkPolicy.enabled: invalid type: sequence, expected a boolean"), "{err}");
/// ```
pub fn parse_values(text: &str) -> Result<Values, ImportError> {
    let doc = parse_document(text)?;
    document_values(text, &doc)
}

/// Reads the `networkPolicy` block of `text`, already parsed as `doc` (see
/// [`parse_values`]). The text is read again as the typed block, so errors carry the
/// bad value's path and position; when the text uses merge keys (`<<`), the block is read
/// from `doc`, where [`parse_document`] has applied them as Helm does.
///
/// A top level that is not a mapping (a scalar, a list) is an error, as in Helm; an
/// empty document has no block, so the chart's defaults apply.
pub fn document_values(text: &str, doc: &Value) -> Result<Values, ImportError> {
    if !(doc.is_mapping() || doc.is_null()) {
        return Err(ImportError::Shape {
            message: format!(
                "a values file is a mapping of keys, but this one is {}; Helm refuses it (cannot unmarshal it into a map)",
                kind_of(doc)
            ),
        });
    }
    let merged = may_merge(text);
    match block_at(doc) {
        BlockAt::Key if merged => read_merged::<ValuesFile>(doc).map(|f| f.network_policy),
        BlockAt::Key => read::<ValuesFile>(text).map(|f| f.network_policy),
        BlockAt::Whole if merged => read_merged(doc),
        BlockAt::Whole => read(text),
        BlockAt::Missing => Ok(Values::default()),
    }
}

/// Reads `T` from the merged tree. The tree is written as JSON, which YAML reads, so it
/// goes through the same typed reader as text (one deserializer in the wasm): errors
/// keep the bad value's path; their positions would point into the JSON, so they go.
fn read_merged<T: DeserializeOwned>(doc: &Value) -> Result<T, ImportError> {
    let json = serde_json::to_string(doc).map_err(|e| ImportError::Shape {
        message: format!("after applying merge keys: {e}"),
    })?;
    read(&json).map_err(|e| match e {
        ImportError::Yaml { message, .. } => ImportError::Yaml {
            message: message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m)
                .to_owned(),
            line: None,
            column: None,
        },
        other => other,
    })
}

/// What a YAML node is, for messages.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Parses any YAML document, and applies its merge keys (`<<: *base`) as Helm's YAML
/// reader does.
///
/// ```
/// use periscope_netpol::import::parse_document;
/// let doc = parse_document("base: &b {enabled: true}\nnetworkPolicy: {<<: *b}\n").unwrap();
/// assert_eq!(doc["networkPolicy"]["enabled"], true);
/// ```
pub fn parse_document(text: &str) -> Result<Value, ImportError> {
    check_size(text)?;
    let mut doc: Value = read(text)?;
    if !may_merge(text) {
        return Ok(doc);
    }
    // A merged mapping may bring its own `<<`, which the next call applies (two calls
    // resolve any chain of aliases; the bound only stops a pathological document).
    for _ in 0..MAX_MERGE_DEPTH {
        if !has_merge_key(&doc) {
            break;
        }
        doc.apply_merge()?;
    }
    if has_merge_key(&doc) {
        return Err(ImportError::Shape {
            message: format!("merge keys (`<<`) nest more than {MAX_MERGE_DEPTH} levels deep"),
        });
    }
    Ok(doc)
}

/// Whether `text` can hold a merge key at all: the one test [`parse_document`] and
/// [`document_values`] share, so a text without `<<` (nearly every file) is neither
/// walked for merge keys nor read twice.
fn may_merge(text: &str) -> bool {
    text.contains("<<")
}

/// How many levels of merges inside merges are applied.
const MAX_MERGE_DEPTH: usize = 8;

fn has_merge_key(v: &Value) -> bool {
    let mut stack = vec![v];
    while let Some(node) = stack.pop() {
        match node {
            Value::Mapping(m) => {
                if m.contains_key("<<") {
                    return true;
                }
                stack.extend(m.values());
            }
            Value::Sequence(s) => stack.extend(s),
            Value::Tagged(t) => stack.push(&t.value),
            _ => {}
        }
    }
    false
}

/// Where a values text keeps its `networkPolicy` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockAt {
    /// Under the `networkPolicy` key of a whole values file.
    Key,
    /// The text is the block's contents (`enabled`, `ingress`, `egress` at the top).
    Whole,
    /// Nowhere: the chart's defaults apply.
    Missing,
}

/// Where `doc` keeps its `networkPolicy` block.
pub fn block_at(doc: &Value) -> BlockAt {
    if doc.get("networkPolicy").is_some() {
        BlockAt::Key
    } else if ["enabled", "ingress", "egress"]
        .iter()
        .any(|k| doc.get(k).is_some())
    {
        BlockAt::Whole
    } else {
        BlockAt::Missing
    }
}

/// The `networkPolicy` block of a document (or the document itself when it is the block).
pub fn network_policy_block(doc: &Value) -> &Value {
    static EMPTY: Value = Value::Null;
    match block_at(doc) {
        BlockAt::Key => doc.get("networkPolicy").unwrap_or(&EMPTY),
        BlockAt::Whole => doc,
        BlockAt::Missing => &EMPTY,
    }
}
