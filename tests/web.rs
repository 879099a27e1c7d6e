//! Browser tests of the Yew app, run by wasm-bindgen-test in headless Chromium
//! (`bash scripts/test.sh`, step "wasm browser tests"). Native `cargo test`
//! skips this file.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use periscope_netpol::ui::App;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// How long to wait for Yew's first render before failing.
const RENDER_TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);

const VALUES_YAML: &str = r#"[data-testid="values-yaml"]"#;

#[wasm_bindgen_test]
async fn preview_shows_default_values_yaml() {
    // Mount the app into a fresh <div>, as src/ui/mod.rs does with #periscope-netpol.
    let root = gloo::utils::document()
        .create_element("div")
        .expect("create <div>");
    gloo::utils::body()
        .append_child(&root)
        .expect("append <div> to <body>");
    let app = yew::Renderer::<App>::with_root(root.clone()).render();

    // Yew renders asynchronously: poll until the preview has text.
    let mut waited = Duration::ZERO;
    let yaml = loop {
        let text = root
            .query_selector(VALUES_YAML)
            .expect("valid selector")
            .and_then(|el| el.text_content())
            .unwrap_or_default();
        if !text.trim().is_empty() {
            break text;
        }
        assert!(
            waited < RENDER_TIMEOUT,
            "{VALUES_YAML} still empty after {RENDER_TIMEOUT:?}; DOM: {}",
            root.inner_html()
        );
        yew::platform::time::sleep(POLL).await;
        waited += POLL;
    };

    assert!(
        yaml.contains("networkPolicy:"),
        "values preview lacks `networkPolicy:`:\n{yaml}"
    );
    assert!(
        yaml.contains("enabled: true"),
        "values preview lacks `enabled: true`:\n{yaml}"
    );

    app.destroy();
    root.remove();
}

/// The wasm build reads YAML with serde_yaml and share links with miniz_oxide, base64 and
/// serde_json: an Environment file, the values block it generates, and its link.
#[wasm_bindgen_test]
fn the_wasm_reads_files_and_links_through_the_crates() {
    use periscope_netpol::{analyze, builder::build, import, share};
    let env = import::parse_env(include_str!("../www/examples/everything.yaml"))
        .expect("everything.yaml reads");
    assert!(!env.custom.is_empty(), "{:?}", env.custom);
    let values = import::parse_values(&analyze(&env).values_yaml).expect("values block reads");
    assert_eq!(values, build(&env).values);
    assert_eq!(share::decode(&share::encode(&env)), Ok(env));
    let err = import::parse_values("networkPolicy:\n  enabled: [1]\n").expect_err("a sequence");
    assert!(err.to_string().contains("at line 2 column 12"), "{err}");
}

/// Every form section, by the name it counts its renders under (`ui::render_count`).
#[cfg(feature = "render-count")]
const SECTIONS: [&str; 10] = [
    "release", "ingress", "idp", "aws", "clusters", "egress", "dns", "custom", "verbatim", "check",
];

/// Typing in one section re-renders that section (and the output), not the others.
/// Needs the `render-count` feature, which `scripts/test.sh` turns on for this file.
#[cfg(feature = "render-count")]
#[wasm_bindgen_test]
async fn a_keystroke_re_renders_only_its_own_section() {
    use periscope_netpol::ui::render_count::renders;
    use wasm_bindgen::JsCast;
    use web_sys::{Event, EventInit, HtmlInputElement};

    let root = gloo::utils::document()
        .create_element("div")
        .expect("create <div>");
    gloo::utils::body()
        .append_child(&root)
        .expect("append <div> to <body>");
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    let fullname = |root: &web_sys::Element| {
        root.query_selector(r#"[data-testid="fullname"]"#)
            .expect("valid selector")
            .and_then(|el| el.text_content())
            .unwrap_or_default()
    };
    wait_for(&root, "the first render", |root| {
        !fullname(root).is_empty() && SECTIONS.iter().all(|s| renders(s) > 0)
    })
    .await;
    let before: Vec<u32> = SECTIONS.iter().map(|s| renders(s)).collect();

    let input: HtmlInputElement = root
        .query_selector("#f-release-name")
        .expect("valid selector")
        .expect("the release name input")
        .dyn_into()
        .expect("an <input>");
    input.set_value("prod");
    let init = EventInit::new();
    init.set_bubbles(true);
    let typed = Event::new_with_event_init_dict("input", &init).expect("an input event");
    input.dispatch_event(&typed).expect("dispatch");
    wait_for(
        &root,
        "the release section to follow the keystroke",
        |root| fullname(root) == "prod-periscope",
    )
    .await;

    for (section, before) in SECTIONS.iter().zip(before) {
        let after = renders(section);
        if *section == "release" {
            assert!(after > before, "the release section did not re-render");
        } else {
            assert_eq!(
                after, before,
                "{section} re-rendered on a keystroke in release"
            );
        }
    }
    app.destroy();
    root.remove();
}

/// Polls `done` until it holds, failing after [`RENDER_TIMEOUT`].
#[cfg(feature = "render-count")]
async fn wait_for(root: &web_sys::Element, what: &str, done: impl Fn(&web_sys::Element) -> bool) {
    let mut waited = Duration::ZERO;
    while !done(root) {
        assert!(
            waited < RENDER_TIMEOUT,
            "no {what} after {RENDER_TIMEOUT:?}; DOM: {}",
            root.inner_html()
        );
        yew::platform::time::sleep(POLL).await;
        waited += POLL;
    }
}
