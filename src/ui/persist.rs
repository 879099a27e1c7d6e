//! Where the configuration lives between visits: the URL fragment (share links) and
//! `localStorage` (autosave).
//!
//! At start-up a link wins over the autosave, and the autosave over the defaults (or the
//! host page's preset). After that, every change is written to both, debounced, with
//! `history.replaceState`; a bad link stays in the address bar until the user changes
//! something, so they can copy it into a report. `hashchange` (Back, Forward, a pasted
//! link) loads the linked configuration.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::model::Environment;
use crate::presets;
use crate::share::{self, MAX_FRAGMENT_CHARS};
use crate::ui::location;
use crate::ui::options::MountOptions;
use crate::ui::storage;

/// How long the form must be still before the address bar and the autosave follow it.
pub const DEBOUNCE_MS: u32 = 300;

/// The configuration to start from, and what went wrong finding it.
#[derive(Debug, Clone, PartialEq)]
pub struct Boot {
    /// The Environment to show first.
    pub env: Environment,
    /// Why the page's link could not be opened.
    pub link_error: Option<String>,
    /// Why autosave is unavailable.
    pub storage_error: Option<String>,
}

impl Boot {
    /// The start without a link or an autosave: the host page's preset, else the
    /// defaults. Reads nothing from the browser (the build renders it natively).
    pub fn preset(options: &MountOptions) -> Boot {
        Boot {
            env: preset_env(options),
            link_error: None,
            storage_error: None,
        }
    }
}

fn preset_env(options: &MountOptions) -> Environment {
    options
        .preset
        .and_then(presets::find)
        .map(|p| (p.build)())
        .unwrap_or_default()
}

/// Picks the starting configuration: the link, else the autosave, else the preset.
pub fn boot(options: &MountOptions) -> Boot {
    let fallback = || preset_env(options);
    let mut link_error = None;
    if options.use_hash {
        if let Some(fragment) = location::fragment() {
            match share::decode(&fragment) {
                Ok(env) => {
                    return Boot {
                        env,
                        link_error: None,
                        storage_error: None,
                    }
                }
                Err(e) => link_error = Some(e.to_string()),
            }
        }
    }
    let (env, storage_error) = match storage::load() {
        // An unreadable autosave (from a newer version, or damaged) is simply not used.
        Ok(Some(saved)) => (share::decode(&saved).unwrap_or_else(|_| fallback()), None),
        Ok(None) => (fallback(), None),
        Err(e) => (fallback(), Some(e.to_string())),
    };
    Boot {
        env,
        link_error,
        storage_error,
    }
}

struct Shared {
    /// The Environment last written or loaded: no need to write it again.
    last: Rc<Environment>,
    /// The pending debounced write; dropping it cancels it.
    timer: Option<Timeout>,
    /// Whether a storage failure was reported already.
    warned: bool,
}

fn write(
    env: &Environment,
    use_hash: bool,
    shared: &Rc<RefCell<Shared>>,
    storage_error: &UseStateSetter<Option<String>>,
) {
    let fragment = share::encode(env);
    if use_hash {
        // Too long for a link: drop the fragment rather than leave a stale one to reload.
        let fits = fragment.len() <= MAX_FRAGMENT_CHARS;
        // Best effort: an address bar that cannot follow still leaves the app working.
        let _ = location::replace_fragment(fits.then_some(fragment.as_str()));
    }
    if let Err(e) = storage::save(&fragment) {
        let mut s = shared.borrow_mut();
        if !s.warned {
            s.warned = true;
            storage_error.set(Some(e.to_string()));
        }
    }
}

/// What went wrong with links and autosave, for the banners; `None` once dismissed.
pub struct Autosave {
    /// Why the link the page opened with (or the user opened) could not be read.
    pub link_error: UseStateHandle<Option<String>>,
    /// Why autosave is unavailable.
    pub storage_error: UseStateHandle<Option<String>>,
}

/// Keeps the address bar and the autosave following `env`, and loads the links the user
/// opens (Back, Forward, a pasted URL) with `on_link`.
#[hook]
pub fn use_autosave(
    env: &Rc<Environment>,
    boot: &Boot,
    use_hash: bool,
    on_link: Callback<Box<Environment>>,
) -> Autosave {
    let link_error = use_state(|| boot.link_error.clone());
    let storage_error = use_state(|| boot.storage_error.clone());
    let shared = use_mut_ref(|| Shared {
        last: Rc::new(boot.env.clone()),
        timer: None,
        warned: boot.storage_error.is_some(),
    });
    {
        let shared = shared.clone();
        let storage_error = storage_error.setter();
        use_effect_with(env.clone(), move |env| {
            let changed = *shared.borrow().last != **env;
            if changed {
                let env = env.clone();
                let for_timer = shared.clone();
                let mut s = shared.borrow_mut();
                s.last = env.clone();
                s.timer = Some(Timeout::new(DEBOUNCE_MS, move || {
                    write(&env, use_hash, &for_timer, &storage_error);
                }));
            }
        });
    }
    {
        let link_error = link_error.setter();
        use_effect_with(use_hash, move |&use_hash| {
            let listener = use_hash.then(|| {
                EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    let Some(fragment) = location::fragment() else {
                        return;
                    };
                    match share::decode(&fragment) {
                        Ok(env) => {
                            {
                                let mut s = shared.borrow_mut();
                                s.timer = None;
                                s.last = Rc::new(env.clone());
                            }
                            // Best effort, as in `write`.
                            let _ = storage::save(&fragment);
                            on_link.emit(Box::new(env));
                        }
                        Err(e) => link_error.set(Some(e.to_string())),
                    }
                })
            });
            move || drop(listener)
        });
    }
    Autosave {
        link_error,
        storage_error,
    }
}
