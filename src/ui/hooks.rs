//! The app's effects as custom hooks: what happens beside rendering when the user copies
//! a link or imports a file. Autosave and the address bar live in `persist`
//! (`use_autosave`).

mod import;
mod ranges;
mod share_link;

pub use import::{use_import, Import};
pub use ranges::{use_ranges, Ranges, RangesStatus};
pub use share_link::{use_share_link, ShareLink};

/// How long a progress state ("Importing…", "Parsing…") shows before the work starts,
/// so that the page paints it first.
const PAINT_DELAY_MS: u32 = 30;

/// Runs `work` after the page has had time to paint what was just set: for work that
/// holds the thread (a parse), started from a hook after it set its progress state.
fn after_paint(work: impl FnOnce() + 'static) {
    gloo::timers::callback::Timeout::new(PAINT_DELAY_MS, work).forget();
}
