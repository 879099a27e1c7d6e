//! Hint text with `code` spans, marked with backticks as in the docs.
//!
//! One function renders every hint, so a hint costs a string in the wasm rather than the
//! code an `html!` fragment expands to.

use yew::prelude::*;
use yew::virtual_dom::{VList, VText};

/// `text` as nodes: the parts between backticks become `<code>` elements, the rest text.
/// An unpaired backtick leaves the rest of the text as code.
pub fn rich(text: &'static str) -> Html {
    let mut nodes = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        nodes.push(if i % 2 == 1 {
            html! { <code>{ part }</code> }
        } else {
            VText::new(part).into()
        });
    }
    VList::with_children(nodes, None).into()
}
