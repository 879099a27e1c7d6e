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

impl RangesNote {
    /// One line for the rule's comment in the values: `CIDRs from AWS ip-ranges.json
    /// createDate 2026-12-01-00-00-00: AMAZON in eu-west-1, 41 prefixes aggregated to 12`.
    /// Line breaks and other control characters in the note become spaces, so the
    /// comment stays one line.
    ///
    /// ```
    /// use periscope_netpol::model::{Publisher, RangesNote};
    /// let note = RangesNote {
    ///     field: "idp.cidrs".into(),
    ///     publisher: Publisher::Okta,
    ///     selection: "us_cell_1\nkind: evil".into(),
    ///     published: 5,
    ///     aggregated: 2,
    ///     ..RangesNote::default()
    /// };
    /// assert_eq!(note.sentence(), "CIDRs from Okta ip_ranges.json: us_cell_1 kind: evil, 5 prefixes aggregated to 2");
    /// ```
    pub fn sentence(&self) -> String {
        let date = if self.create_date.is_empty() {
            String::new()
        } else {
            format!(" createDate {}", self.create_date)
        };
        let text = format!(
            "CIDRs from {}{date}: {}, {} prefixes aggregated to {}",
            self.publisher.file_name(),
            self.selection,
            self.published,
            self.aggregated
        );
        text.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    }
}
