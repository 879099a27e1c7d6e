//! `periscope-netpol`: the configurator's core on the command line.
//!
//! ```text
//! periscope-netpol render [--manifest | --with-related] ENV_FILE
//! periscope-netpol check [OPTIONS] VALUES_FILE
//! periscope-netpol [COMMAND] --help | --version
//! ```
//!
//! The arguments are parsed with clap in [`periscope_netpol::cli::run`].

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = periscope_netpol::cli::run(&args, &mut out, &mut err);
    std::process::ExitCode::from(code)
}

#[cfg(target_arch = "wasm32")]
fn main() {}
