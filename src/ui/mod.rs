//! The Yew shell: maps events to reducer actions and renders the core's `Analysis`.
//! Nothing here decides what to generate or warn about.

pub mod app;
pub mod browser;
pub mod components;
pub mod errors;
#[cfg(not(target_arch = "wasm32"))]
pub mod first_view;
pub mod focus;
pub mod hooks;
pub mod keys;
pub mod location;
pub mod options;
pub mod part;
pub mod persist;
#[cfg(feature = "render-count")]
pub mod render_count;
pub mod state;
pub mod storage;

pub use app::App;

/// The id of the element the app mounts into when no element has
/// [`MOUNT_ATTR`]; without either it mounts into `<body>`.
pub const MOUNT_ID: &str = "periscope-netpol";

/// The data attribute that marks the widget's placeholder element in a host page.
pub const MOUNT_ATTR: &str = "data-periscope-netpol";

/// Mounts the app into the first `[data-periscope-netpol]` element, else
/// `#periscope-netpol`, else `<body>`, with the options its data attributes give.
pub fn mount() {
    let doc = gloo::utils::document();
    let root = doc
        .query_selector(&format!("[{MOUNT_ATTR}]"))
        .ok()
        .flatten()
        .or_else(|| doc.get_element_by_id(MOUNT_ID));
    match root {
        Some(el) => {
            let options = options::MountOptions::from_attrs(|name| el.get_attribute(name));
            yew::Renderer::<App>::with_root_and_props(
                el,
                app::AppProps {
                    options,
                    boot: None,
                },
            )
            .render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}
