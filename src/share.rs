//! Share links: the whole Environment in a URL fragment, versioned, compact and bounded.
//!
//! A fragment is `v1.` followed by the base64url of the zlib stream (deflate plus an
//! Adler-32 checksum, so a corrupted link is caught rather than read as another
//! configuration) of a YAML document (written as compact JSON) holding only the fields
//! that differ from the format's frozen defaults. Decoding is total: every bad link is a [`ShareError`], and
//! every step is bounded ([`MAX_FRAGMENT_CHARS`], [`MAX_INFLATED_BYTES`], [`MAX_NODES`],
//! [`MAX_DEPTH`]) so a hostile link cannot stall or exhaust the page.

mod base64url;
mod compact;
mod json;
mod zlib;

use std::fmt;

use crate::doc::{self, FromValue, Map, Path, ToValue, Value};
use crate::model::Environment;

pub use compact::BASELINE_V1;

/// The format version [`encode`] writes.
pub const CURRENT_VERSION: u32 = 1;
/// The longest fragment [`decode`] reads, in characters (64 KiB).
pub const MAX_FRAGMENT_CHARS: usize = 64 * 1024;
/// The most bytes a fragment may inflate to (256 KiB): a decompression bomb stops here.
pub const MAX_INFLATED_BYTES: usize = 256 * 1024;
/// The most YAML nodes (scalars, keys, sequences, mappings) a payload may hold.
pub const MAX_NODES: usize = 50_000;
/// The deepest nesting a payload may have (an Environment needs about 10).
pub const MAX_DEPTH: usize = 32;

/// Why a share link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShareError {
    /// The fragment is empty.
    Empty,
    /// The fragment is longer than [`MAX_FRAGMENT_CHARS`].
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// The fragment does not start with a `v<number>.` version prefix.
    NoVersion {
        /// The start of the fragment, as found.
        start: String,
    },
    /// The link was made by a newer version of the configurator.
    FutureVersion {
        /// The version it names.
        version: u32,
    },
    /// The payload is not valid base64url, or not a complete compressed stream
    /// (truncated or corrupted link).
    Corrupt {
        /// What is wrong with it.
        reason: String,
    },
    /// The payload inflates to more than [`MAX_INFLATED_BYTES`].
    TooLarge,
    /// The payload has more than [`MAX_NODES`] nodes or nests deeper than [`MAX_DEPTH`].
    TooComplex {
        /// Its node count.
        nodes: usize,
        /// Its depth.
        depth: usize,
    },
    /// The payload decodes, but is not a configuration this version understands.
    Invalid {
        /// The reader's message, naming the field.
        message: String,
    },
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Empty => write!(f, "the link has no configuration after '#'"),
            ShareError::TooLong { chars } => write!(
                f,
                "the link's fragment is {chars} characters long; the limit is {MAX_FRAGMENT_CHARS}"
            ),
            ShareError::NoVersion { start } => write!(
                f,
                "the link's fragment '{start}' does not start with a version such as 'v1.'"
            ),
            ShareError::FutureVersion { version } => write!(
                f,
                "the link was made by a newer version of the configurator (format v{version}; this page reads up to v{CURRENT_VERSION})"
            ),
            ShareError::Corrupt { reason } => {
                write!(f, "the link is truncated or corrupted: {reason}")
            }
            ShareError::TooLarge => write!(
                f,
                "the link's configuration inflates to more than {MAX_INFLATED_BYTES} bytes"
            ),
            ShareError::TooComplex { nodes, depth } => write!(
                f,
                "the link's configuration is too complex ({nodes} nodes, depth {depth}; the limits are {MAX_NODES} and {MAX_DEPTH})"
            ),
            ShareError::Invalid { message } => {
                write!(f, "the link's configuration is not valid: {message}")
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// The defaults the current format omits. A format v2 with other defaults would keep
/// this one for migrating v1 payloads.
fn baseline() -> Value {
    // The constant is checked by a test; a parse failure would only give an empty base.
    doc::parse(BASELINE_V1).unwrap_or(Value::Null)
}

/// Encodes an Environment as a fragment (without the `#`).
///
/// ```
/// use periscope_netpol::{model::Environment, share};
/// let fragment = share::encode(&Environment::default());
/// assert!(fragment.starts_with("v1."));
/// assert!(fragment.len() < 20);
/// ```
pub fn encode(env: &Environment) -> String {
    let packed = zlib::compress(payload(env).as_bytes());
    format!("v{CURRENT_VERSION}.{}", base64url::encode(&packed))
}

/// The text a link compresses: the compact JSON of what differs from the baseline, or
/// nothing at all for the defaults.
fn payload(env: &Environment) -> String {
    let mut doc = env.to_value();
    compact::prune(&mut doc, &baseline());
    match &doc {
        Value::Mapping(m) if m.is_empty() => String::new(),
        _ => json::to_string(&doc),
    }
}

/// Decodes a fragment (with or without its leading `#`) back into the Environment.
///
/// ```
/// use periscope_netpol::{model::Environment, share};
/// let env = Environment { enabled: false, ..Environment::default() };
/// assert_eq!(share::decode(&share::encode(&env)), Ok(env));
/// let err = share::decode("#v9.abc").unwrap_err();
/// assert!(err.to_string().contains("newer version"));
/// ```
pub fn decode(fragment: &str) -> Result<Environment, ShareError> {
    let text = fragment.trim();
    let text = text.strip_prefix('#').unwrap_or(text);
    let chars = text.chars().count();
    if chars > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong { chars });
    }
    if text.is_empty() {
        return Err(ShareError::Empty);
    }
    let no_version = || ShareError::NoVersion {
        start: text.chars().take(12).collect(),
    };
    let (version, payload) = text.split_once('.').ok_or_else(no_version)?;
    let version: u32 = version
        .strip_prefix('v')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse().ok())
        .ok_or_else(no_version)?;
    if version > CURRENT_VERSION {
        return Err(ShareError::FutureVersion { version });
    }
    if version == 0 {
        return Err(no_version());
    }
    let doc = read_payload(payload)?;
    let doc = migrate(version, doc)?;
    let mut doc = doc;
    compact::merge(&mut doc, &baseline());
    Environment::from_value(&doc, &mut Path::root()).map_err(|e| ShareError::Invalid {
        message: e.to_string(),
    })
}

/// base64url -> bounded inflate (checksummed) -> UTF-8 -> bounded YAML document.
fn read_payload(payload: &str) -> Result<Value, ShareError> {
    let corrupt = |reason: String| ShareError::Corrupt { reason };
    let packed = base64url::decode(payload).map_err(corrupt)?;
    let raw = zlib::decompress(&packed, MAX_INFLATED_BYTES).map_err(|e| match e {
        zlib::InflateError::TooLarge => ShareError::TooLarge,
        zlib::InflateError::Checksum => corrupt("the checksum does not match".into()),
        zlib::InflateError::Truncated => corrupt("the data ends too early".into()),
        zlib::InflateError::Invalid => corrupt("the data is not a valid compressed stream".into()),
    })?;
    let text = String::from_utf8(raw).map_err(|_| corrupt("the data is not UTF-8 text".into()))?;
    if text.is_empty() {
        return Ok(Value::Mapping(Map::new()));
    }
    // Aliases may not copy more than the node limit: an alias bomb stops there, not at
    // the reader's default cap.
    let doc =
        doc::parse_with_alias_budget(&text, MAX_NODES as u64).map_err(|e| ShareError::Invalid {
            message: e.to_string(),
        })?;
    let (nodes, depth) = compact::measure(&doc);
    if nodes > MAX_NODES || depth > MAX_DEPTH {
        return Err(ShareError::TooComplex { nodes, depth });
    }
    if !doc.is_mapping() {
        return Err(ShareError::Invalid {
            message: "the configuration is not a mapping".into(),
        });
    }
    Ok(doc)
}

/// Brings a payload of an older format version up to the current one. Version 1 is the
/// current one; a version 2 adds `1 => migrate_v1_to_v2(doc)` here and freezes its own
/// baseline, so every released link keeps opening to the same configuration.
fn migrate(version: u32, doc: Value) -> Result<Value, ShareError> {
    match version {
        1 => Ok(doc),
        v => Err(ShareError::FutureVersion { version: v }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_is_todays_default() {
        let doc = doc::parse(BASELINE_V1).expect("baseline parses");
        let base = Environment::from_value(&doc, &mut Path::root()).expect("baseline reads");
        assert_eq!(
            base,
            Environment::default(),
            "Environment::default() changed: freeze BASELINE_V1 and add format v2 with a migration"
        );
    }

    #[test]
    fn bad_fragments_table() {
        let long = "v1.".to_owned() + &"A".repeat(MAX_FRAGMENT_CHARS);
        let cases: Vec<(&str, &str)> = vec![
            ("", "the link has no configuration after '#'"),
            ("#", "the link has no configuration after '#'"),
            ("hello", "does not start with a version"),
            ("v.abc", "does not start with a version"),
            ("v0.abc", "does not start with a version"),
            ("v2.eJyrrgUAAXUA-Q", "newer version"),
            ("v99999999999.x", "does not start with a version"),
            ("v1.@@@", "is not base64url"),
            ("v1.eJyrrgUAAXUA", "truncated or corrupted"),
            (&long, "the limit is 65536"),
        ];
        for (fragment, want) in cases {
            let err = decode(fragment).expect_err(fragment).to_string();
            assert!(err.contains(want), "{fragment:.20}: {err}");
        }
    }
}
