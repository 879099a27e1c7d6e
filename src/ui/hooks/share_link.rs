//! `use_share_link`: Copy link, and the status line it shares with Reset and Undo.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::Environment;
use crate::share::{self, MAX_FRAGMENT_CHARS};
use crate::ui::{browser, location};

/// The share bar's status line and its Copy link action.
pub struct ShareLink {
    /// The last outcome of Copy link, Reset or Undo.
    pub status: UseStateHandle<String>,
    /// Puts the link to the current configuration in the address bar and the clipboard.
    pub on_copy: Callback<()>,
}

/// Copy link for `env`.
#[hook]
pub fn use_share_link(env: &Rc<Environment>) -> ShareLink {
    let status = use_state(String::new);
    let on_copy = {
        let status = status.setter();
        use_callback(env.clone(), move |(), env| {
            let fragment = share::encode(env);
            if fragment.len() > MAX_FRAGMENT_CHARS {
                status.set(format!(
                    "This configuration is too large for a link ({} characters; the limit is {MAX_FRAGMENT_CHARS}). It is still saved in this browser.",
                    fragment.len()
                ));
                return;
            }
            let Some(link) = location::link_to(&fragment) else {
                return;
            };
            // The address bar shows the link at once, whatever the clipboard does.
            let _ = location::replace_fragment(Some(&fragment));
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                status.set(match browser::copy_text(&link).await {
                    Ok(()) => "Link copied.".to_owned(),
                    Err(e) => format!("Could not copy ({e}): copy the link from the address bar."),
                });
            });
        })
    };
    ShareLink { status, on_copy }
}
