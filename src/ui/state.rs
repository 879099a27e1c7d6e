//! The one reducer: every change to the form is an [`Action`] on [`State`].

use std::rc::Rc;

use yew::Reducible;

use crate::model::Environment;

/// What the user told us.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    /// The Environment being edited.
    pub env: Environment,
}

/// Everything the user can do to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace the whole Environment (presets, shared links, imports).
    Load(Box<Environment>),
    /// Set the release name.
    SetReleaseName(String),
    /// Set the release namespace.
    SetNamespace(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut env = self.env.clone();
        match action {
            Action::Load(e) => env = *e,
            Action::SetReleaseName(v) => env.release.name = v,
            Action::SetNamespace(v) => env.release.namespace = v,
        }
        if env == self.env {
            // Unchanged: hand back the same Rc so Yew skips the re-render.
            return self;
        }
        Rc::new(State { env })
    }
}
