//! Periscope NetworkPolicy configurator.
//!
//! The core (every module but `ui`) turns an [`model::Environment`] into the chart's
//! `networkPolicy` values, the manifest the chart renders from them and the findings of
//! the warnings panel. It imports nothing from yew, web-sys, gloo or wasm-bindgen, so it
//! compiles natively and backs both the web app and the `periscope-netpol` CLI.

pub mod analysis;
pub mod builder;
pub mod chart;
pub mod check;
pub mod cidr;
pub mod cilium;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod coverage;
pub mod diagram;
pub mod explain;
pub mod fields;
pub mod fill;
pub mod highlight;
pub mod hosts;
pub mod import;
pub mod lint;
pub mod model;
pub mod names;
pub mod netindex;
pub mod presets;
pub mod ranges;
pub mod reach;
pub mod remedy;
pub mod render;
pub mod share;
pub mod text;
pub mod validate;
pub mod values;
pub mod verify;
pub mod yaml;

pub mod ui;

pub use analysis::{analyze, Analysis};
