//! [`Part`]: one part of the Environment in a component's props.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use crate::model::Environment;

/// A part of the state's Environment (the release, the clusters, ...), for props.
///
/// It shares the Environment rather than copying the part: cloning it copies a pointer.
/// Two are equal when the part is, whatever else differs, so a form section whose props
/// hold `Part`s re-renders only when its own part of the Environment changed.
pub struct Part<T: 'static> {
    env: Rc<Environment>,
    get: fn(&Environment) -> &T,
}

impl<T> Part<T> {
    /// The part `get` picks out of `env`, e.g. `Part::new(&env, |e| &e.release)`.
    pub fn new(env: &Rc<Environment>, get: fn(&Environment) -> &T) -> Self {
        Part {
            env: env.clone(),
            get,
        }
    }
}

impl<T> Deref for Part<T> {
    type Target = T;

    fn deref(&self) -> &T {
        (self.get)(&self.env)
    }
}

impl<T> Clone for Part<T> {
    fn clone(&self) -> Self {
        Part {
            env: self.env.clone(),
            get: self.get,
        }
    }
}

impl<T: PartialEq> PartialEq for Part<T> {
    fn eq(&self, other: &Self) -> bool {
        // The same part of the same Environment is equal without a look.
        std::ptr::eq(&**self, &**other) || **self == **other
    }
}

impl<T: fmt::Debug> fmt::Debug for Part<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::fmt(self, f)
    }
}
