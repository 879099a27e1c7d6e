//! TEMPORARY stand-ins for the issue-18 core APIs being built on other branches; removed
//! when they merge.
#![allow(missing_docs, clippy::all)]
use std::sync::Arc;

use ipnet::IpNet;

use crate::model::Environment;
pub use crate::ranges::{AwsRanges, RangesError, Selection};
use crate::{analyze, Analysis};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OktaRanges {
    pub cells: Vec<OktaCell>,
}
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OktaCell {
    pub name: String,
    pub nets: Vec<IpNet>,
}
impl OktaRanges {
    pub fn select(&self, cells: &[&str]) -> Result<Selection, RangesError> {
        let nets: Vec<IpNet> = self
            .cells
            .iter()
            .filter(|c| cells.is_empty() || cells.contains(&c.name.as_str()))
            .flat_map(|c| c.nets.clone())
            .collect();
        Ok(Selection {
            matched: nets.len(),
            nets: IpNet::aggregate(&nets),
        })
    }
    pub fn cell_names(&self) -> Vec<&str> {
        self.cells.iter().map(|c| c.name.as_str()).collect()
    }
}
pub fn read_okta(_t: &str) -> Result<OktaRanges, RangesError> {
    Err(RangesError::Shape("stub".into()))
}
pub fn regions(r: &AwsRanges) -> Vec<&str> {
    let mut v: Vec<&str> = r.prefixes.iter().map(|p| p.region.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}
pub fn services(r: &AwsRanges) -> Vec<&str> {
    let mut v: Vec<&str> = r.prefixes.iter().map(|p| p.service.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Published {
    pub aws: Option<Arc<AwsRanges>>,
    pub okta: Option<Arc<OktaRanges>>,
    pub okta_cells: Vec<String>,
}
pub fn analyze_with(env: &Environment, _p: &Published) -> Analysis {
    analyze(env)
}
