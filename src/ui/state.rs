//! The one reducer: every change to the form is an [`Action`] on [`State`].
//!
//! The reducer only edits the Environment (what the user typed, kept as typed); it never
//! validates. Switching a choice (IdP reach, egress posture) parks the other choice's
//! fields so switching back restores what the user had typed.

mod action;
mod edit;
mod lists;

use std::rc::Rc;

use yew::Reducible;

pub use action::{
    Action, Backend, CheckFlag, ClusterField, IngressKind, LabelPart, PortPart, PostureKind,
    ReachKind, ReleaseField, SelectorSide,
};

use crate::check::CheckInput;
use crate::model::{EgressPosture, Environment, IdpReach};

/// What the user told us, plus what the form needs to never lose it.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The Environment being edited.
    pub env: Environment,
    /// The Environment last loaded (default, preset): edits are measured against it.
    pub baseline: Environment,
    /// A preset waiting for the user to confirm discarding their edits.
    pub pending_preset: Option<&'static str>,
    /// Choices the user switched away from, restored when they switch back.
    pub parked: Parked,
    /// Values the user pasted to check.
    pub check: CheckInput,
    /// The Environment before the last Reset, until the next edit (one-step undo).
    pub undo: Option<Box<Environment>>,
}

impl Default for State {
    fn default() -> Self {
        State::with_env(Environment::default())
    }
}

impl State {
    /// A state starting from `env`, with nothing edited yet.
    pub fn with_env(env: Environment) -> Self {
        State {
            baseline: env.clone(),
            env,
            pending_preset: None,
            parked: Parked::default(),
            check: CheckInput::default(),
            undo: None,
        }
    }

    /// Whether the user changed anything since the last load.
    pub fn is_edited(&self) -> bool {
        self.env != self.baseline
    }
}

/// Alternatives of one-of choices that are not selected now.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parked {
    /// IdP reaches by kind.
    pub idp: Vec<IdpReach>,
    /// The proxy posture's fields.
    pub proxy: Option<EgressPosture>,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self {
            // Unchanged: hand back the same Rc so Yew skips the re-render.
            return self;
        }
        Rc::new(next)
    }
}

impl State {
    /// Applies one action in place (the reducer's body, usable natively).
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Reset => {
                let before = std::mem::take(&mut self.env);
                self.reset_to(Environment::default());
                if before != self.env {
                    self.undo = Some(Box::new(before));
                }
            }
            Action::UndoReset => {
                if let Some(before) = self.undo.take() {
                    self.reset_to(*before);
                }
            }
            other => {
                let before = self.env.clone();
                self.edit(other);
                if self.env != before {
                    // The undo offer lasts until the next change.
                    self.undo = None;
                }
            }
        }
    }

    /// Loads an Environment as the new baseline; the checker's input stays.
    fn reset_to(&mut self, env: Environment) {
        let check = std::mem::take(&mut self.check);
        *self = State::with_env(env);
        self.check = check;
    }
}
