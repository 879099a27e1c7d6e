//! One callback shape for the form's actions.

use yew::Callback;

use crate::ui::state::Action;

/// `on_action.reform(make)` for a `make` that captures nothing, passed as a function
/// pointer. Every `reform` with its own closure or variant constructor is its own closure
/// type, with its own call shim and drop glue in the wasm; through a function pointer
/// there is one per input type.
pub fn to_action<T: 'static>(on_action: &Callback<Action>, make: fn(T) -> Action) -> Callback<T> {
    on_action.reform(make)
}
