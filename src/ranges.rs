//! Published IP ranges turned into CIDR lists: AWS's `ip-ranges.json` (filtered by region
//! and service) and Okta's `ip_ranges.json` (grouped by cell), aggregated with ipnet
//! (`IpNet::aggregate`). [`Published`] holds the files loaded, for the checker.
//!
//! Files are read with serde: serde_json first (about ten times faster than serde_yaml
//! on AWS's 2 MB file, which matters in the browser), serde_yaml when that fails, as
//! every other input is read (JSON is YAML), so a YAML copy still reads and a bad file
//! gets the field and position in its message. Nothing is fetched.

use std::fmt;
use std::sync::Arc;

use ipnet::IpNet;
use serde::de::DeserializeOwned;

pub use crate::model::Publisher;

mod aws;
mod okta;

pub use aws::{read_aws, AwsRanges, Prefix};
pub use okta::{read_okta, OktaCell, OktaRanges};

/// The largest ranges file read, in bytes: the cap of every input (AWS's whole file is
/// about 2 MB).
pub const MAX_RANGES_BYTES: usize = crate::import::MAX_INPUT_BYTES;

/// Why a ranges file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RangesError {
    /// Larger than [`MAX_RANGES_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// Not JSON of AWS's published shape (a truncated file, another file): the reader's
    /// message, naming the field and the position.
    Shape(String),
    /// A prefix that is not a CIDR: the entry and why.
    Prefix {
        /// The prefix as written.
        prefix: String,
        /// Why it was refused.
        reason: String,
    },
    /// Nothing matches the regions and services asked for.
    NoMatch {
        /// The regions asked for.
        regions: Vec<String>,
        /// The services asked for.
        services: Vec<String>,
    },
    /// The other publisher's file: Okta's where AWS's was wanted, or the reverse.
    OtherPublisher {
        /// Whose file it looks like.
        found: Publisher,
    },
    /// Not JSON of Okta's published shape: the reader's message, naming the field and
    /// the position.
    OktaShape(String),
    /// A cell's entry that is not a CIDR.
    CellPrefix {
        /// The cell.
        cell: String,
        /// The entry as written.
        prefix: String,
        /// Why it was refused.
        reason: String,
    },
    /// A cell the file does not have.
    UnknownCell {
        /// The cell asked for.
        cell: String,
        /// The cells the file has.
        cells: Vec<String>,
    },
}

impl fmt::Display for RangesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangesError::TooLarge { bytes } => write!(
                f,
                "the ranges file is {bytes} bytes; the limit is {MAX_RANGES_BYTES} bytes (AWS's ip-ranges.json is about 2 MB)"
            ),
            RangesError::Shape(m) => write!(f, "not an AWS ip-ranges.json file: {m}"),
            RangesError::Prefix { prefix, reason } => {
                write!(f, "prefix '{prefix}' is not a CIDR: {reason}")
            }
            RangesError::NoMatch { regions, services } => write!(
                f,
                "no prefix has region {} and service {}",
                regions.join(" or "),
                services.join(" or ")
            ),
            RangesError::OtherPublisher { found } => match found {
                Publisher::Okta => f.write_str(
                    "this looks like Okta's ip_ranges.json, not AWS's ip-ranges.json",
                ),
                Publisher::Aws => f.write_str(
                    "this looks like AWS's ip-ranges.json, not Okta's ip_ranges.json",
                ),
            },
            RangesError::OktaShape(m) => write!(f, "not an Okta ip_ranges.json file: {m}"),
            RangesError::CellPrefix {
                cell,
                prefix,
                reason,
            } => write!(f, "cell {cell}: '{prefix}' is not a CIDR: {reason}"),
            RangesError::UnknownCell { cell, cells } => write!(
                f,
                "no cell {cell} in the file; it has {}",
                if cells.is_empty() {
                    "none".to_owned()
                } else {
                    cells.join(", ")
                }
            ),
        }
    }
}

impl std::error::Error for RangesError {}

/// The prefixes of some regions and services (or cells), aggregated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The matching prefixes, aggregated (IPv4 first, then IPv6, each sorted).
    pub nets: Vec<IpNet>,
    /// How many prefixes matched before aggregation.
    pub matched: usize,
}

impl Selection {
    /// The selection of `nets` (as published): counted, then aggregated.
    fn of(nets: Vec<IpNet>) -> Selection {
        Selection {
            matched: nets.len(),
            nets: IpNet::aggregate(&nets),
        }
    }
}

/// The published ranges files loaded, for the checker: the rules are compared with
/// where AWS's APIs and Okta's cells really are. Cheap to clone (the files are shared).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Published {
    /// AWS's `ip-ranges.json`.
    pub aws: Option<Arc<AwsRanges>>,
    /// Okta's `ip_ranges.json`.
    pub okta: Option<Arc<OktaRanges>>,
    /// The Okta cells the org is in; empty: it could be in any.
    pub okta_cells: Vec<String>,
}

/// Reads `text` as `T` with serde_json (both publishers' files are JSON; its messages name
/// the field, the line and the column). `Err` carries the message. One reader only: a
/// serde_yaml fallback would compile every file type's reader twice into the wasm.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Whose file `text` looks like, when it is a JSON object: AWS's has `syncToken` and
/// `prefixes`, Okta's maps cells to objects with `ip_ranges`.
fn looks_like(text: &str) -> Option<Publisher> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let map = value.as_object()?;
    if map.contains_key("syncToken") || map.contains_key("prefixes") {
        Some(Publisher::Aws)
    } else if map.values().any(|v| v.get("ip_ranges").is_some()) {
        Some(Publisher::Okta)
    } else {
        None
    }
}

/// The size check every reader makes first.
fn within_limit(text: &str) -> Result<(), RangesError> {
    if text.len() > MAX_RANGES_BYTES {
        return Err(RangesError::TooLarge { bytes: text.len() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart() {
        let cases = [
            (
                r#"{"syncToken": "1", "prefixes": []}"#,
                Some(Publisher::Aws),
            ),
            (r#"{"us_cell_1": {"ip_ranges": []}}"#, Some(Publisher::Okta)),
            (r#"{"a": 1}"#, None),
            ("[1]", None),
            ("not json", None),
        ];
        for (text, want) in cases {
            assert_eq!(looks_like(text), want, "{text}");
        }
    }
}
