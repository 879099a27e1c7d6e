//! Share links: the whole Environment in a URL fragment, versioned, compact and bounded.
//!
//! A fragment is `v1.` followed by the base64url (no padding) of the zlib stream of the
//! compact JSON of the fields that differ from the format's frozen defaults
//! ([`BASELINE_V1`]). zlib's Adler-32 turns a corrupted link into an error rather than
//! another configuration. Every step of decoding is bounded: the fragment's length
//! ([`MAX_FRAGMENT_CHARS`]), the inflated size ([`MAX_INFLATED_BYTES`], miniz_oxide's
//! output limit), and the nesting: serde_json checks that the payload is JSON nested at
//! most 128 deep before serde_yaml reads it as the Environment, as it reads every other
//! input. A link is text anyone can send, and serde_yaml's scanner takes time quadratic in
//! the nesting depth before its own recursion limit applies (a 1 KB link of 100,000
//! nested `[` takes 48 s), where serde_json stops at 128 levels at once.

mod compact;

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use miniz_oxide::deflate::core::{
    compress_to_output, create_comp_flags_from_zip_params, CompressionStrategy, CompressorOxide,
    TDEFLFlush, TDEFLStatus,
};
use miniz_oxide::inflate::{decompress_to_vec_zlib_with_limit, TINFLStatus};
use serde_yaml::Value;

use crate::model::Environment;

pub use compact::BASELINE_V1;

/// The format version [`encode`] writes.
pub const CURRENT_VERSION: u32 = 1;
/// The longest fragment [`decode`] reads, in characters (64 KiB).
pub const MAX_FRAGMENT_CHARS: usize = 64 * 1024;
/// The most bytes a fragment may inflate to (256 KiB): a decompression bomb stops here.
pub const MAX_INFLATED_BYTES: usize = 256 * 1024;

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
    /// The payload decodes, but is not a configuration this version understands (which
    /// includes payloads past serde_yaml's nesting and alias-expansion limits).
    Invalid {
        /// The reader's message, naming the field and its position.
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
            ShareError::Invalid { message } => {
                write!(f, "the link's configuration is not valid: {message}")
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// Encodes an Environment as a fragment (without the `#`).
///
/// ```
/// use periscope_netpol::{model::Environment, share};
/// let fragment = share::encode(&Environment::default());
/// assert!(fragment.starts_with("v1."));
/// assert!(fragment.len() < 20);
/// ```
pub fn encode(env: &Environment) -> String {
    format!(
        "v{CURRENT_VERSION}.{}",
        URL_SAFE_NO_PAD.encode(deflate(payload(env).as_bytes()))
    )
}

/// The shorter zlib stream of miniz_oxide's best level with its default strategy, which
/// wins on the presets, and with its filtered one, which wins on long CIDR lists (100
/// CIDRs: 809 against 776 bytes).
fn deflate(raw: &[u8]) -> Vec<u8> {
    let plain = miniz_oxide::deflate::compress_to_vec_zlib(raw, 10);
    let flags = create_comp_flags_from_zip_params(10, 15, CompressionStrategy::Filtered as i32);
    let mut filtered = Vec::new();
    let status = compress_to_output(
        &mut CompressorOxide::new(flags),
        raw,
        TDEFLFlush::Finish,
        |out| {
            filtered.extend_from_slice(out);
            true
        },
    );
    if status.0 == TDEFLStatus::Done && filtered.len() < plain.len() {
        filtered
    } else {
        plain
    }
}

/// The text a link compresses: the compact JSON of what differs from the baseline, or
/// nothing at all for the defaults.
fn payload(env: &Environment) -> String {
    // Serializing plain data to a Value cannot fail; `Null` would only give a longer link.
    let mut doc = serde_yaml::to_value(env).unwrap_or(Value::Null);
    compact::prune(&mut doc, compact::baseline());
    match &doc {
        Value::Mapping(m) if m.is_empty() => String::new(),
        _ => compact::yaml_safe(serde_json::to_string(&doc).unwrap_or_default()),
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
    let text = read_payload(payload)?;
    migrate(version, &text)
}

/// base64url -> bounded, checksummed inflate -> UTF-8 text.
fn read_payload(payload: &str) -> Result<String, ShareError> {
    let corrupt = |reason: &str| ShareError::Corrupt {
        reason: reason.to_owned(),
    };
    let packed = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|e| corrupt(&format!("the payload is not base64url ({e})")))?;
    let raw =
        decompress_to_vec_zlib_with_limit(&packed, MAX_INFLATED_BYTES).map_err(|e| {
            match e.status {
                TINFLStatus::HasMoreOutput => ShareError::TooLarge,
                TINFLStatus::Adler32Mismatch => corrupt("the checksum does not match"),
                TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                    corrupt("the data ends too early")
                }
                _ => corrupt("the data is not a valid compressed stream"),
            }
        })?;
    String::from_utf8(raw).map_err(|_| corrupt("the data is not UTF-8 text"))
}

/// Reads a payload of format `version` as the current Environment. Version 1 is the
/// current one, and its frozen baseline equals today's defaults (a test checks), so the
/// fields a link leaves out are serde's defaults. A version 2 with other defaults adds
/// `1 => ` a migration here that fills v1's baseline in first, so every released link
/// keeps opening to the same configuration.
fn migrate(version: u32, text: &str) -> Result<Environment, ShareError> {
    match version {
        1 if text.trim().is_empty() => Ok(Environment::default()),
        1 => {
            let invalid = |message: String| ShareError::Invalid { message };
            serde_json::from_str::<serde_json::Value>(&compact::legacy_escapes(text))
                .map_err(|e| invalid(e.to_string()))?;
            serde_yaml::from_str(text).map_err(|e| invalid(e.to_string()))
        }
        v => Err(ShareError::FutureVersion { version: v }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_baseline_is_todays_default() {
        let base: Environment = serde_yaml::from_str(BASELINE_V1).expect("baseline reads");
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
