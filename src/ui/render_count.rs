//! How often each form section rendered, for the browser test that a keystroke
//! re-renders only its own section.
//!
//! Compiled in only with the `render-count` feature, which only the wasm browser tests
//! turn on: the release build has neither the counter nor its calls.

use std::cell::RefCell;

thread_local! {
    static COUNTS: RefCell<Vec<(&'static str, u32)>> = const { RefCell::new(Vec::new()) };
}

/// Counts one render of the component `name`.
pub fn count(name: &'static str) {
    COUNTS.with_borrow_mut(|counts| match counts.iter_mut().find(|(n, _)| *n == name) {
        Some((_, c)) => *c += 1,
        None => counts.push((name, 1)),
    });
}

/// How many times `name` rendered so far.
pub fn renders(name: &str) -> u32 {
    COUNTS.with_borrow(|counts| {
        counts
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, c)| *c)
    })
}
