//! `use_import`: "Import values.yaml", read after the page painted "Importing…".

use yew::prelude::*;

use crate::import::{import_environment, Imported};
use crate::ui::components::import_panel::ImportStatus;
use crate::ui::state::{Action, State};

/// The import panel's status and actions.
pub struct Import {
    /// Where the import stands.
    pub status: ImportStatus,
    /// Imports a values file's text into the form.
    pub on_import: Callback<String>,
    /// Reports a file that could not be read.
    pub on_file_error: Callback<String>,
}

/// Imports values files into the form through `dispatcher`.
#[hook]
pub fn use_import(dispatcher: UseReducerDispatcher<State>) -> Import {
    let status = use_state(ImportStatus::default);
    let on_import = {
        let status = status.setter();
        use_callback((), move |text: String, ()| {
            status.set(ImportStatus::Busy);
            let (dispatcher, status) = (dispatcher.clone(), status.clone());
            // Let the page paint "Importing…" before the parse takes the thread.
            super::after_paint(move || match import_environment(&text) {
                Ok(Imported {
                    env,
                    mapped,
                    verbatim,
                    notes,
                }) => {
                    dispatcher.dispatch(Action::LoadImported(Box::new(env)));
                    status.set(ImportStatus::Done {
                        mapped,
                        verbatim,
                        notes,
                    });
                }
                Err(e) => status.set(ImportStatus::Failed(e.to_string())),
            });
        })
    };
    let on_file_error = {
        let status = status.setter();
        use_callback((), move |why: String, ()| {
            status.set(ImportStatus::Failed(why))
        })
    };
    Import {
        status: (*status).clone(),
        on_import,
        on_file_error,
    }
}
