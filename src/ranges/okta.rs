//! Okta's `ip_ranges.json`: an object keyed by cell (`us_cell_1`, `emea_cell_2`, ...),
//! each with its `ip_ranges`. The file has no date.

use std::collections::BTreeMap;

use ipnet::IpNet;
use serde::Deserialize;

use super::{looks_like, parse, within_limit, Publisher, RangesError, Selection};
use crate::cidr::parse_exact;

/// One cell as published (other keys are ignored).
#[derive(Debug, Deserialize)]
struct CellFile {
    ip_ranges: Vec<String>,
}

/// One Okta cell and its networks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OktaCell {
    /// The cell's name, e.g. `us_cell_1`.
    pub name: String,
    /// Its networks, as published (normalised).
    pub nets: Vec<IpNet>,
}

/// A read `ip_ranges.json`: its cells, sorted by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OktaRanges {
    /// Every cell.
    pub cells: Vec<OktaCell>,
}

/// Reads Okta's `ip_ranges.json`.
///
/// ```
/// use periscope_netpol::ranges::read_okta;
/// let r = read_okta(r#"{"us_cell_1": {"ip_ranges": ["192.0.2.0/25", "192.0.2.128/25"]}}"#).unwrap();
/// assert_eq!(r.cell_names(), ["us_cell_1"]);
/// let err = read_okta(r#"{"us_cell_1": {"ip_ranges": ["192.0.2.0/33"]}}"#).unwrap_err();
/// assert!(err.to_string().starts_with("cell us_cell_1: '192.0.2.0/33' is not a CIDR"), "{err}");
/// ```
pub fn read_okta(text: &str) -> Result<OktaRanges, RangesError> {
    within_limit(text)?;
    let file: BTreeMap<String, CellFile> = parse(text).map_err(|m| match looks_like(text) {
        Some(Publisher::Aws) => RangesError::OtherPublisher {
            found: Publisher::Aws,
        },
        _ => RangesError::OktaShape(m),
    })?;
    let cells = file
        .into_iter()
        .map(|(name, cell)| {
            let nets = cell
                .ip_ranges
                .iter()
                .map(|p| {
                    parse_exact(p)
                        .map(|n| n.trunc())
                        .map_err(|e| RangesError::CellPrefix {
                            cell: name.clone(),
                            prefix: p.clone(),
                            reason: e.to_string(),
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(OktaCell { name, nets })
        })
        .collect::<Result<Vec<_>, RangesError>>()?;
    Ok(OktaRanges { cells })
}

impl OktaRanges {
    /// The cells' names, sorted (for a picker).
    pub fn cell_names(&self) -> Vec<&str> {
        self.cells.iter().map(|c| c.name.as_str()).collect()
    }

    /// The networks of `cells` (every cell when empty), aggregated. A cell the file does
    /// not have is an error naming it and the cells there are.
    ///
    /// ```
    /// use periscope_netpol::ranges::read_okta;
    /// let r = read_okta(r#"{"a": {"ip_ranges": ["192.0.2.0/25"]}, "b": {"ip_ranges": ["192.0.2.128/25"]}}"#).unwrap();
    /// assert_eq!(r.select(&[]).unwrap().nets[0].to_string(), "192.0.2.0/24");
    /// assert_eq!(r.select(&["b"]).unwrap().matched, 1);
    /// assert_eq!(r.select(&["c"]).unwrap_err().to_string(), "no cell c in the file; it has a, b");
    /// ```
    pub fn select(&self, cells: &[&str]) -> Result<Selection, RangesError> {
        for cell in cells {
            if !self.cells.iter().any(|c| c.name == *cell) {
                return Err(RangesError::UnknownCell {
                    cell: (*cell).to_owned(),
                    cells: self.cells.iter().map(|c| c.name.clone()).collect(),
                });
            }
        }
        let nets: Vec<IpNet> = self
            .cells
            .iter()
            .filter(|c| cells.is_empty() || cells.contains(&c.name.as_str()))
            .flat_map(|c| c.nets.iter().copied())
            .collect();
        Ok(Selection::of(nets))
    }
}
