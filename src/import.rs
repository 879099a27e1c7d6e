//! Reading what operators hand us: an Environment file, or a chart values file.
//!
//! [`import_environment`] turns a chart values file back into form inputs (see
//! `import/environment.rs`); the other readers feed the CLI and the checker.

mod environment;
mod related;

use std::fmt;

use crate::doc::{self, FromValue, Path, ShapeError, Value};
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
    /// The text is not YAML (or JSON).
    Syntax {
        /// 1-based line, when known.
        line: usize,
        /// 1-based column, when known.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The YAML has the wrong shape at some path.
    Shape {
        /// The parser's message, naming the path and what was expected.
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
            ImportError::Syntax {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
            ImportError::Shape { message } => f.write_str(message),
            ImportError::TooLarge { bytes, limit } => {
                write!(f, "the input is {bytes} bytes; the limit is {limit} bytes")
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// A syntax error of the reader, with its position.
fn syntax_error(e: doc::SyntaxError) -> ImportError {
    ImportError::Syntax {
        line: e.pos.line,
        column: e.pos.column,
        message: e.message,
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

/// A shape error said the way the form says it: "path: expected X, found Y (line L,
/// column C)", the position when the reader can tell it. `skip` is how many leading steps
/// of the path the text does not have (1 for a `networkPolicy.` path in a text that is
/// the block's contents).
fn shape_error(text: &str, e: &ShapeError, skip: usize) -> ImportError {
    let in_text = Path(e.path.0.get(skip..).unwrap_or_default().to_vec());
    let at = doc::locate(text, &in_text)
        .map(|p| format!(" (line {}, column {})", p.line, p.column))
        .unwrap_or_default();
    ImportError::Shape {
        message: format!("{e}{at}"),
    }
}

/// Reads an Environment from YAML or JSON; missing fields take their defaults.
///
/// ```
/// use periscope_netpol::import::parse_env;
/// let env = parse_env("release: {name: prod}\n").unwrap();
/// assert_eq!(env.release.name, "prod");
/// let err = parse_env("release: [\n").unwrap_err();
/// assert!(err.to_string().starts_with("line "));
/// ```
pub fn parse_env(text: &str) -> Result<Environment, ImportError> {
    check_size(text)?;
    if text.trim().is_empty() {
        return Ok(Environment::default());
    }
    let doc = doc::parse(text).map_err(syntax_error)?;
    Environment::from_value(&doc, &mut Path::root()).map_err(|e| shape_error(text, &e, 0))
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
/// assert!(err.to_string().starts_with("networkPolicy.enabled: expected a boolean, found a sequence"), "{err}");
/// ```
pub fn parse_values(text: &str) -> Result<Values, ImportError> {
    let doc = parse_document(text)?;
    document_values(text, &doc)
}

/// Reads the `networkPolicy` block of `text`, already parsed as `doc` (see
/// [`parse_values`]); shape errors carry their path (always from `networkPolicy`) and,
/// when the reader can tell, their line.
pub fn document_values(text: &str, doc: &Value) -> Result<Values, ImportError> {
    if doc.get("networkPolicy").is_some() {
        ValuesFile::from_value(doc, &mut Path::root())
            .map(|f| f.network_policy)
            .map_err(|e| shape_error(text, &e, 0))
    } else if std::ptr::eq(network_policy_block(doc), doc) {
        Values::from_value(doc, &mut Path::keys(&["networkPolicy"]))
            .map_err(|e| shape_error(text, &e, 1))
    } else {
        Ok(Values::default())
    }
}

/// Parses any YAML document, with syntax errors located.
pub fn parse_document(text: &str) -> Result<Value, ImportError> {
    check_size(text)?;
    doc::parse(text).map_err(syntax_error)
}

/// The `networkPolicy` block of a document (or the document itself when it is the block).
pub fn network_policy_block(doc: &Value) -> &Value {
    static EMPTY: Value = Value::Null;
    match doc.get("networkPolicy") {
        Some(block) => block,
        None if ["enabled", "ingress", "egress"]
            .iter()
            .any(|k| doc.get(k).is_some()) =>
        {
            doc
        }
        None => &EMPTY,
    }
}
