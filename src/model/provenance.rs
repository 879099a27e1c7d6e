//! Where a CIDR list came from: a published ranges file (AWS's `ip-ranges.json`, Okta's
//! `ip_ranges.json`), so the values can say how old the list is.

use serde::{Deserialize, Serialize};

/// Who published a ranges file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Publisher {
    /// AWS's `ip-ranges.json`.
    #[default]
    Aws,
    /// Okta's `ip_ranges.json` (grouped by cell).
    Okta,
}

impl Publisher {
    /// The file's name as its publisher gives it.
    pub fn file_name(self) -> &'static str {
        match self {
            Publisher::Aws => "AWS ip-ranges.json",
            Publisher::Okta => "Okta ip_ranges.json",
        }
    }
}

/// One CIDR field filled from a published ranges file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RangesNote {
    /// The form field filled, as a field path: `aws.apiCidrs`, `idp.cidrs`,
    /// `clusters[0].cidrs`.
    pub field: String,
    /// The file's publisher.
    pub publisher: Publisher,
    /// AWS's `createDate` (`yyyy-mm-dd-hh-mm-ss`, UTC); empty for Okta, whose file has
    /// no date.
    pub create_date: String,
    /// AWS's `syncToken` (Unix seconds); empty for Okta.
    pub sync_token: String,
    /// What was picked, e.g. `AMAZON in eu-west-1` or `us_cell_1`.
    pub selection: String,
    /// How many published prefixes matched.
    pub published: usize,
    /// How many CIDRs they aggregate to (the list in the field).
    pub aggregated: usize,
}
