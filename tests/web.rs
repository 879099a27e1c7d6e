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
