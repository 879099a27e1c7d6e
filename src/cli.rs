//! The `periscope-netpol` command line, as a function of its arguments so tests can run it.

use std::io::Write;

use crate::import::{self, ImportError};
use crate::lint::{self, Severity};

const USAGE: &str = "usage:
  periscope-netpol render [--manifest | --with-related] ENV_FILE
  periscope-netpol check VALUES_FILE

ENV_FILE is an Environment in YAML or JSON (see README, \"Environment files\").
VALUES_FILE is a chart values file, or only its networkPolicy block.
Use - to read standard input.";

/// Runs the CLI; returns the exit status (0 ok, 1 findings or bad input, 2 usage).
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["render", file] => render(file, Mode::Values, out),
        ["render", "--manifest", file] | ["render", file, "--manifest"] => {
            render(file, Mode::Manifest, out)
        }
        ["render", "--with-related", file] | ["render", file, "--with-related"] => {
            render(file, Mode::Related, out)
        }
        ["check", file] => check(file, out),
        ["--help"] | ["-h"] | ["help"] => {
            let _ = writeln!(out, "{USAGE}");
            Ok(0)
        }
        _ => {
            let _ = writeln!(err, "{USAGE}");
            return 2;
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            1
        }
    }
}

#[derive(Clone, Copy)]
enum Mode {
    Values,
    Manifest,
    Related,
}

fn read(file: &str) -> Result<String, String> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("cannot read '{file}': {e}"))?
    };
    String::from_utf8(bytes).map_err(|_| format!("'{file}' is not UTF-8 text"))
}

fn located(file: &str, e: ImportError) -> String {
    match e {
        ImportError::Syntax {
            line,
            column,
            message,
        } => format!("{file}:{line}:{column}: {message}"),
        other => format!("{file}: {other}"),
    }
}

fn render(file: &str, mode: Mode, out: &mut dyn Write) -> Result<u8, String> {
    let text = read(file)?;
    let env = import::parse_env(&text).map_err(|e| located(file, e))?;
    let analysis = crate::analyze(&env);
    let doc = match mode {
        Mode::Values => &analysis.values_yaml,
        Mode::Manifest => &analysis.manifest_yaml,
        Mode::Related => &analysis.related_yaml,
    };
    write!(out, "{doc}").map_err(|e| format!("cannot write output: {e}"))?;
    let errors = analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Ok(u8::from(errors > 0))
}

fn check(file: &str, out: &mut dyn Write) -> Result<u8, String> {
    let text = read(file)?;
    let values = import::parse_values(&text).map_err(|e| located(file, e))?;
    let findings = lint::api_findings(&values);
    for f in &findings {
        writeln!(
            out,
            "{}: {}: {} [{}]",
            f.severity.as_str(),
            f.path,
            f.title,
            f.code
        )
        .map_err(|e| format!("cannot write output: {e}"))?;
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    writeln!(out, "{file}: {errors} error(s)").map_err(|e| format!("cannot write output: {e}"))?;
    Ok(u8::from(errors > 0))
}
