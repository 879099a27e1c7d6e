//! Autosave in `localStorage`: the last configuration, stored as its share fragment.
//!
//! Storage can be missing (disabled cookies, sandboxed iframes), throw on access
//! (privacy modes) or be full: every failure is a [`StorageError`] the app reports once,
//! and the configurator keeps working without autosave.

use std::fmt;

use wasm_bindgen::JsValue;

/// The key the configuration is saved under.
pub const KEY: &str = "periscope-netpol:env";

/// Why autosave failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StorageError {
    /// The browser offers no `localStorage` here, with its reason.
    Unavailable(String),
    /// Writing failed (storage full or refused), with the browser's reason.
    Write(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(why) => {
                write!(f, "this browser's local storage is unavailable ({why})")
            }
            StorageError::Write(why) => write!(f, "saving to local storage failed ({why})"),
        }
    }
}

impl std::error::Error for StorageError {}

fn message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty())
        .or_else(|| {
            js_sys::Reflect::get(e, &JsValue::from_str("name"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".to_owned())
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    window
        .local_storage()
        .map_err(|e| StorageError::Unavailable(message(&e)))?
        .ok_or_else(|| StorageError::Unavailable("no localStorage".into()))
}

/// The saved fragment, if any.
pub fn load() -> Result<Option<String>, StorageError> {
    storage()?
        .get_item(KEY)
        .map_err(|e| StorageError::Unavailable(message(&e)))
}

/// Saves the fragment.
pub fn save(fragment: &str) -> Result<(), StorageError> {
    storage()?
        .set_item(KEY, fragment)
        .map_err(|e| StorageError::Write(message(&e)))
}
