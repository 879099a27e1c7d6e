//! The Yew shell: maps events to reducer actions and renders the core's `Analysis`.
//! Nothing here decides what to generate or warn about.

pub mod app;
pub mod browser;
pub mod components;
pub mod errors;
pub mod focus;
pub mod state;

pub use app::App;

/// The id of the element the app mounts into; without one it mounts into `<body>`.
pub const MOUNT_ID: &str = "periscope-netpol";

/// Mounts the app into `#periscope-netpol`, or into `<body>` when there is none.
pub fn mount() {
    let root = gloo::utils::document().get_element_by_id(MOUNT_ID);
    match root {
        Some(el) => {
            yew::Renderer::<App>::with_root(el).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
