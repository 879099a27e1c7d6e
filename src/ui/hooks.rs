//! The app's effects as custom hooks: what happens beside rendering when the user copies
//! a link or imports a file. Autosave and the address bar live in `persist`
//! (`use_autosave`).

mod import;
mod ranges;
mod share_link;

pub use import::{use_import, Import};
pub use ranges::{use_ranges, Ranges, RangesStatus};
pub use share_link::{use_share_link, ShareLink};
