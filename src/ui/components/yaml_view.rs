//! A read-only, syntax-highlighted YAML document (the preview's values and manifest).
//!
//! The text is split by the core's [`crate::highlight`] and rendered as text nodes inside
//! `<span class="pnp-tok-*">`s, never as HTML, so the `<pre>`'s `textContent` is the
//! text exactly (what Copy and Download hand out, and what the browser tests read).

use yew::prelude::*;

use crate::highlight::{tokens, TokenKind};

/// The CSS class of a token kind; plain text gets no span.
fn class_of(kind: TokenKind) -> Option<&'static str> {
    match kind {
        TokenKind::Key => Some("pnp-tok-key"),
        TokenKind::Str => Some("pnp-tok-str"),
        TokenKind::Number => Some("pnp-tok-num"),
        TokenKind::Bool => Some("pnp-tok-bool"),
        TokenKind::Comment => Some("pnp-tok-comment"),
        TokenKind::Punct => Some("pnp-tok-punct"),
        TokenKind::Plain => None,
    }
}

/// The highlighted nodes of `text`: one flat list, so the DOM stays shallow even for
/// documents with thousands of lines.
pub fn highlighted(text: &AttrValue) -> Html {
    tokens(text)
        .into_iter()
        .map(|t| {
            let text = t.text.to_owned();
            match class_of(t.kind) {
                Some(class) => html! { <span {class}>{ text }</span> },
                None => html! { { text } },
            }
        })
        .collect()
}
