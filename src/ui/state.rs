//! The one reducer: every change to the form is an [`Action`] on [`State`].
//!
//! The reducer only edits the Environment (what the user typed, kept as typed); it never
//! validates. Switching a choice (IdP reach, egress posture) parks the other choice's
//! fields so switching back restores what the user had typed.
//!
//! The State's large parts are behind an `Rc`: an action copies only the part it edits
//! (`Rc::make_mut`), the rest (the baseline, a pasted values file of megabytes) stays
//! shared, and only the edited part is compared to tell whether anything changed
//! (`Rc`'s `==` on `Eq` types is a pointer comparison first).

mod action;
mod edit;
mod lists;

use std::rc::Rc;

use yew::Reducible;

pub use action::{
    Action, Backend, CheckFlag, ClusterField, IngressKind, LabelAt, LabelList, LabelPart, Loaded,
    PeerAt, PeerKind, PortAt, PortPart, PostureKind, ReachKind, ReleaseField, SelectorSide,
};

use crate::check::CheckInput;
use crate::model::{EgressPosture, Environment, IdpReach};
use crate::ranges::Published;

/// What the user told us, plus what the form needs to never lose it.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The Environment being edited.
    pub env: Rc<Environment>,
    /// The Environment last loaded (default, preset): edits are measured against it.
    pub baseline: Rc<Environment>,
    /// A preset waiting for the user to confirm discarding their edits.
    pub pending_preset: Option<&'static str>,
    /// Choices the user switched away from, restored when they switch back.
    pub parked: Parked,
    /// Values the user pasted to check.
    pub check: Rc<CheckInput>,
    /// The Environment before the last Reset, until the next edit (one-step undo).
    pub undo: Option<Rc<Environment>>,
    /// The published ranges files read (not part of the Environment: megabytes, and
    /// never in a link); the checks use them.
    pub published: Published,
}

impl Default for State {
    fn default() -> Self {
        State::with_env(Environment::default())
    }
}

impl State {
    /// A state starting from `env`, with nothing edited yet.
    pub fn with_env(env: Environment) -> Self {
        let env = Rc::new(env);
        State {
            baseline: env.clone(),
            env,
            pending_preset: None,
            parked: Parked::default(),
            check: Rc::default(),
            undo: None,
            published: Published::default(),
        }
    }

    /// Whether the user changed anything since the last load.
    pub fn is_edited(&self) -> bool {
        // `Rc`'s `==` is a pointer comparison first: a shared part is equal without a look.
        self.env != self.baseline
    }
}

/// Alternatives of one-of choices that are not selected now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parked {
    /// IdP reaches by kind.
    pub idp: Vec<IdpReach>,
    /// The proxy posture's fields.
    pub proxy: Option<EgressPosture>,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Copies pointers only: `apply` copies the part it edits. The comparison looks
        // only into parts that are no longer shared.
        let mut next = State::clone(&self);
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
                let before = self.env.clone();
                self.reset_to(Rc::default());
                if before != self.env {
                    self.undo = Some(before);
                }
            }
            Action::UndoReset => {
                if let Some(before) = self.undo.take() {
                    self.reset_to(before);
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
    fn reset_to(&mut self, env: Rc<Environment>) {
        *self = State {
            baseline: env.clone(),
            env,
            pending_preset: None,
            parked: Parked::default(),
            check: self.check.clone(),
            undo: None,
            published: self.published.clone(),
        };
    }
}
