//! `periscope-netpol-prerender`: prints the app's static first views as JSON, rendered
//! natively with Yew's server-side rendering (`periscope_netpol::ui::first_view`). The
//! release build's post-build step (`scripts/prerender.mjs`) runs it; no browser.
//!
//! ```text
//! {"presets": [ids], "on": {"html": "...", "same": [ids]}, "off": {...}}
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::io::Write;
    let result = periscope_netpol::ui::first_view::first_views().and_then(|views| {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &views)?;
        out.flush()
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("periscope-netpol-prerender: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
