//! Scrolling to and focusing the control a finding points at.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

use crate::fields::FieldPath;

/// Scrolls to the control of an Environment path (or its nearest ancestor that has
/// one) and focuses it. Does nothing when there is no document or no such control.
pub fn focus_path(path: &FieldPath) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = path
        .ancestors()
        .find_map(|p| doc.get_element_by_id(&p.dom_id()))
    else {
        return;
    };
    // A fieldset or card: focus its first control.
    let focusable = if matches!(
        el.tag_name().as_str(),
        "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"
    ) {
        Some(el.clone())
    } else {
        el.query_selector("input, textarea, select, button")
            .ok()
            .flatten()
    };
    let opts = ScrollIntoViewOptions::new();
    opts.set_behavior(ScrollBehavior::Smooth);
    opts.set_block(ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    if let Some(f) = focusable.and_then(|f| f.dyn_into::<HtmlElement>().ok()) {
        let _ = f.focus();
    }
}
