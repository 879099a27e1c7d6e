//! The page's URL fragment: reading it, following it with `history.replaceState`, and
//! building the link to copy.
//!
//! `replaceState` never fires `hashchange` and never adds a history entry, so the address
//! bar can follow every edit without flooding Back; links the user opens (a pasted URL,
//! Back, Forward) do fire `hashchange`, and the app loads them.

use std::fmt;

use wasm_bindgen::JsValue;

/// Why the address bar could not be updated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocationError {
    /// There is no window (not running in a page).
    NoWindow,
    /// `history.replaceState` refused the URL, with the browser's reason.
    History(String),
}

impl fmt::Display for LocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocationError::NoWindow => write!(f, "no browser window"),
            LocationError::History(why) => write!(f, "cannot update the address bar: {why}"),
        }
    }
}

impl std::error::Error for LocationError {}

fn window() -> Result<web_sys::Window, LocationError> {
    web_sys::window().ok_or(LocationError::NoWindow)
}

/// The fragment without its `#`, or `None` when the URL has none.
pub fn fragment() -> Option<String> {
    let hash = window().ok()?.location().hash().ok()?;
    let hash = hash.strip_prefix('#').unwrap_or(&hash).to_owned();
    (!hash.is_empty()).then_some(hash)
}

/// The page's URL without its fragment.
fn base_url() -> Option<String> {
    let href = window().ok()?.location().href().ok()?;
    Some(match href.split_once('#') {
        Some((base, _)) => base.to_owned(),
        None => href,
    })
}

/// The page's URL with `fragment` (no `#`) as its fragment.
pub fn link_to(fragment: &str) -> Option<String> {
    Some(format!("{}#{fragment}", base_url()?))
}

/// Puts `fragment` in the address bar without a new history entry or a `hashchange`;
/// `None` removes the fragment.
pub fn replace_fragment(fragment: Option<&str>) -> Result<(), LocationError> {
    let url = match fragment {
        Some(f) => link_to(f),
        None => base_url(),
    }
    .ok_or(LocationError::NoWindow)?;
    if window()?.location().href().ok().as_deref() == Some(url.as_str()) {
        return Ok(());
    }
    let refused = |e: JsValue| LocationError::History(format!("{e:?}"));
    window()?
        .history()
        .map_err(refused)?
        .replace_state_with_url(&JsValue::NULL, "", Some(&url))
        .map_err(refused)
}
