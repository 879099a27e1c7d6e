//! `use_ranges`: reading a published ranges file (picked, dropped or pasted) after the
//! page painted its progress, off the keystroke path: the file is read once, and the
//! form's edits only filter the parsed prefixes.

use web_sys::File;
use yew::prelude::*;

use crate::fill::{FileSummary, Loaded};
use crate::ranges::MAX_RANGES_BYTES;
use crate::ui::browser;
use crate::ui::state::{Action, State};

/// Where reading a ranges file stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RangesStatus {
    /// Nothing read yet.
    #[default]
    Idle,
    /// Reading the file's bytes.
    Reading {
        /// The file's name.
        name: String,
    },
    /// Parsing and aggregating.
    Parsing {
        /// The file's name (`pasted text` for a paste).
        name: String,
        /// Its size in bytes.
        bytes: usize,
    },
    /// Read: what it holds and how long parsing and aggregating took.
    Read {
        /// The file's name.
        name: String,
        /// What it holds.
        summary: FileSummary,
        /// Parse and aggregate time, whole milliseconds.
        ms: u64,
    },
    /// Refused, naming the file and what is wrong; nothing in the form changed.
    Failed(String),
}

/// The ranges panel's status and actions.
pub struct Ranges {
    /// Where reading stands.
    pub status: RangesStatus,
    /// Read a picked or dropped file.
    pub on_file: Callback<File>,
    /// Read pasted text.
    pub on_text: Callback<String>,
}

/// Reads ranges files and hands them to the state through `dispatcher`.
#[hook]
pub fn use_ranges(dispatcher: UseReducerDispatcher<State>) -> Ranges {
    let status = use_state(RangesStatus::default);
    let on_text = {
        let (status, dispatcher) = (status.setter(), dispatcher.clone());
        use_callback((), move |(name, text): (String, String), ()| {
            status.set(RangesStatus::Parsing {
                name: name.clone(),
                bytes: text.len(),
            });
            let (status, dispatcher) = (status.clone(), dispatcher.clone());
            // Let the page paint "Parsing…" before the parse takes the thread.
            super::after_paint(move || {
                let start = browser::now_ms();
                let read = Loaded::read(&text).map(|loaded| {
                    let summary = loaded.summary();
                    (loaded, summary)
                });
                // Whole milliseconds: formatting an f64 would link float printing.
                let ms = (browser::now_ms() - start).max(0.0) as u64;
                match read {
                    Ok((loaded, summary)) => {
                        dispatcher.dispatch(Action::LoadRanges(loaded));
                        status.set(RangesStatus::Read { name, summary, ms });
                    }
                    Err(e) => status.set(RangesStatus::Failed(format!(
                        "{name} was not read, and the form is unchanged: {e}"
                    ))),
                }
            });
        })
    };
    let on_file = {
        let (status, on_text) = (status.setter(), on_text.clone());
        use_callback((), move |file: File, ()| {
            let name = file.name();
            // Whole bytes as an integer: formatting the f64 would link float printing.
            let size = file.size() as u64;
            if size > MAX_RANGES_BYTES as u64 {
                status.set(RangesStatus::Failed(format!(
                    "{name} was not read, and the form is unchanged: it is {size} bytes; the limit is {MAX_RANGES_BYTES} bytes (AWS's ip-ranges.json is about 2 MB)"
                )));
                return;
            }
            status.set(RangesStatus::Reading { name: name.clone() });
            let (status, on_text) = (status.clone(), on_text.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => on_text.emit((name, text.as_string().unwrap_or_default())),
                    Err(_) => status.set(RangesStatus::Failed(format!(
                        "{name} could not be read from the disk, and the form is unchanged"
                    ))),
                }
            });
        })
    };
    let on_paste = {
        let on_text = on_text.clone();
        use_callback((), move |text: String, ()| {
            on_text.emit(("the pasted text".to_owned(), text))
        })
    };
    Ranges {
        status: (*status).clone(),
        on_file,
        on_text: on_paste,
    }
}
