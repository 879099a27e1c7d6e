//! A read-only, syntax-highlighted YAML document.
//!
//! The text is split by the core's [`crate::highlight`] and rendered as text nodes inside
//! `<span class="pnp-tok-*">`s, never as HTML, so the `<pre>`'s `textContent` is the
//! text exactly (what Copy and Download hand out, and what the browser tests read).

use yew::prelude::*;

use crate::highlight::{tokens, TokenKind};

/// Props of [`YamlView`].
#[derive(Properties, PartialEq, Clone)]
pub struct YamlViewProps {
    /// The YAML document, shown verbatim.
    pub text: AttrValue,
    /// The `data-testid` of the `<pre>`.
    pub testid: AttrValue,
    /// A ref to the `<pre>` (to select its text).
    #[prop_or_default]
    pub pre_ref: NodeRef,
}

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
fn highlighted(text: &AttrValue) -> Html {
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

/// A `<pre>` holding the highlighted document, focusable so keyboard users can scroll it.
#[component]
pub fn YamlView(props: &YamlViewProps) -> Html {
    // Tokenising a big document is the costly part; redo it only when the text changes.
    let body = use_memo(props.text.clone(), highlighted);
    html! {
        <pre class="pnp-yaml" data-testid={props.testid.clone()} tabindex="0"
            ref={props.pre_ref.clone()}><code>{ (*body).clone() }</code></pre>
    }
}
