//! The `periscope-netpol` command line, as a function of its arguments so tests can run it.

use std::io::Write;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::import::{self, ImportError};
use crate::lint::{self, ChartFlags, Context, Finding, Severity};
use crate::model::IpFamily;

/// The command line as clap reads it.
#[derive(Debug, Parser)]
#[command(
    name = "periscope-netpol",
    version,
    propagate_version = true,
    about = "Builds and checks the Periscope Helm chart's NetworkPolicy values",
    after_help = "Use - as a file name to read standard input."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the chart's networkPolicy values for an Environment file
    #[command(
        after_help = "ENV_FILE is an Environment in YAML or JSON (README, \"Environment files\").\n\
        render exits 1 when an input is invalid."
    )]
    Render(RenderArgs),
    /// Check a chart values file (or only its networkPolicy block) and print every finding
    #[command(
        after_help = "What the policy must allow is read from the rest of the values file \
        (service.port, podIdentity.enabled, serviceAccount.annotations with \
        eks.amazonaws.com/role-arn, agent.enabled and agent.listenAddr, secrets.mode, \
        clusters[].backend, auth.oidc.issuer); the flags say what a values file cannot.\n\
        check exits 1 when it finds an error (or, with --strict, a warning), 0 otherwise."
    )]
    Check(CheckArgs),
}

#[derive(Debug, Args)]
struct RenderArgs {
    /// Print the NetworkPolicy the chart renders instead of the values
    #[arg(long, conflicts_with = "with_related")]
    manifest: bool,
    /// Also print the other chart values the Environment assumes, so that
    /// `helm template` renders what `render --manifest` prints
    #[arg(long)]
    with_related: bool,
    /// The Environment file (YAML or JSON); - reads standard input
    #[arg(value_name = "ENV_FILE")]
    file: String,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Pods resolve through NodeLocal DNSCache (169.254.20.10)
    #[arg(long)]
    nodelocal_dns: bool,
    /// Pods resolve through GKE Cloud DNS (169.254.169.254:53)
    #[arg(long)]
    gke_cloud_dns: bool,
    /// EKS clusters are reached through their private endpoint
    #[arg(long)]
    eks_private_endpoint: bool,
    /// The cluster's IP family
    #[arg(long, value_enum, value_name = "FAMILY", default_value_t = Family::Ipv4)]
    ip_family: Family,
    /// An AWS ALB/NLB with IP targets sends to service.port
    #[arg(long)]
    alb_ip_targets: bool,
    /// No ingress is wanted: operators use kubectl port-forward
    #[arg(long)]
    port_forward_only: bool,
    /// text, or one JSON array with one object a line:
    /// {"code", "severity", "path", "message", "detail", "fix"}
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Warnings fail the check too
    #[arg(long)]
    strict: bool,
    /// The chart values file, or only its networkPolicy block; - reads standard input
    #[arg(value_name = "VALUES_FILE")]
    file: String,
}

/// `--ip-family`'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Family {
    Ipv4,
    Ipv6,
    DualStack,
}

/// `--format`'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Runs the CLI on its arguments (without the program name); returns the exit status
/// (0 ok, 1 findings or bad input, 2 usage). Help and the version go to `out`, usage
/// errors to `err`.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let argv = std::iter::once("periscope-netpol").chain(args.iter().map(String::as_str));
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                err.write_all(text.as_bytes())
            } else {
                out.write_all(text.as_bytes())
            };
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    let result = match cli.command {
        Command::Render(args) => {
            let mode = if args.manifest {
                Mode::Manifest
            } else if args.with_related {
                Mode::Related
            } else {
                Mode::Values
            };
            render(&args.file, mode, out)
        }
        Command::Check(args) => check(&CheckOptions::from(&args), out),
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
        ImportError::Yaml {
            line: Some(line),
            column: Some(column),
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
        Mode::Related => &crate::analysis::related_yaml(&env),
    };
    write!(out, "{doc}").map_err(|e| format!("cannot write output: {e}"))?;
    let errors = analysis
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Ok(u8::from(errors > 0))
}

/// `check`'s parsed options.
struct CheckOptions<'a> {
    file: &'a str,
    flags: ChartFlags,
    json: bool,
    strict: bool,
}

impl<'a> From<&'a CheckArgs> for CheckOptions<'a> {
    fn from(args: &'a CheckArgs) -> Self {
        CheckOptions {
            file: &args.file,
            flags: ChartFlags {
                nodelocal_dns: args.nodelocal_dns,
                gke_cloud_dns: args.gke_cloud_dns,
                eks_private_endpoint: args.eks_private_endpoint,
                ip_family: match args.ip_family {
                    Family::Ipv4 => IpFamily::Ipv4,
                    Family::Ipv6 => IpFamily::Ipv6,
                    Family::DualStack => IpFamily::DualStack,
                },
                alb_ip_targets: args.alb_ip_targets,
                port_forward_only: args.port_forward_only,
            },
            json: args.format == Format::Json,
            strict: args.strict,
        }
    }
}

fn check(opts: &CheckOptions<'_>, out: &mut dyn Write) -> Result<u8, String> {
    let file = opts.file;
    let text = read(file)?;
    let doc = import::parse_document(&text).map_err(|e| located(file, e))?;
    let values = import::document_values(&text, &doc).map_err(|e| located(file, e))?;
    let ctx = Context::from_chart_values(&doc, &opts.flags);
    let findings = lint::values_findings(&values, &ctx);
    let report = if opts.json {
        json_report(&findings)
    } else {
        text_report(file, &findings)
    };
    out.write_all(report.as_bytes())
        .map_err(|e| format!("cannot write output: {e}"))?;
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let failed = count(Severity::Error) > 0 || (opts.strict && count(Severity::Warning) > 0);
    Ok(u8::from(failed))
}

fn text_report(file: &str, findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        s.push_str(&format!(
            "{}: {}: {} [{}]\n",
            f.severity.as_str(),
            f.path,
            f.title,
            f.code
        ));
        if let Some(fix) = &f.fix {
            s.push_str(&format!("  fix: {fix}\n"));
        }
    }
    let count = |sev: Severity| findings.iter().filter(|f| f.severity == sev).count();
    s.push_str(&format!(
        "{file}: {} error(s), {} warning(s), {} info\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    s
}

/// One JSON array, one finding object a line (so `grep` and `jq` both work).
fn json_report(findings: &[Finding]) -> String {
    let mut s = String::from("[\n");
    for (i, f) in findings.iter().enumerate() {
        let fix = f
            .fix
            .as_deref()
            .map_or_else(|| "null".to_owned(), json_string);
        s.push_str(&format!(
            "{{\"code\":{},\"severity\":{},\"path\":{},\"message\":{},\"detail\":{},\"fix\":{}}}",
            json_string(f.code),
            json_string(f.severity.as_str()),
            json_string(&f.path),
            json_string(&f.title),
            json_string(&f.detail),
            fix
        ));
        s.push_str(if i + 1 < findings.len() { ",\n" } else { "\n" });
    }
    s.push_str("]\n");
    s
}

/// A JSON string literal (RFC 8259 escaping).
fn json_string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if u32::from(c) < 0x20 => s.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        let cases = [
            ("plain", "\"plain\""),
            ("a\"b", "\"a\\\"b\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("line\nbreak\ttab", "\"line\\nbreak\\ttab\""),
            ("\u{1}", "\"\\u0001\""),
            ("ünïcode →", "\"ünïcode →\""),
        ];
        for (input, want) in cases {
            assert_eq!(json_string(input), want, "{input:?}");
        }
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("periscope-netpol").chain(args.iter().copied()))
    }

    #[test]
    fn check_options_table() {
        let cli = parse(&[
            "check",
            "--format",
            "json",
            "--strict",
            "--ip-family=ipv6",
            "--nodelocal-dns",
            "v.yaml",
        ])
        .unwrap();
        let Command::Check(args) = cli.command else {
            panic!("not check: {cli:?}");
        };
        let opts = CheckOptions::from(&args);
        assert_eq!((opts.file, opts.json, opts.strict), ("v.yaml", true, true));
        assert_eq!(opts.flags.ip_family, IpFamily::Ipv6);
        assert!(opts.flags.nodelocal_dns && !opts.flags.gke_cloud_dns);
        let errors = [
            (&["check", "--ip-family", "ipv5", "v"][..], "'ipv5'"),
            (&["check", "--format"][..], "--format"),
            (&["check", "--bogus", "v"][..], "--bogus"),
            (&["check", "--nodelocal-dns=no", "v"][..], "'no'"),
            (&["check"][..], "VALUES_FILE"),
            (&["check", "a", "b"][..], "'b'"),
            (
                &["render", "--manifest", "--with-related", "e"][..],
                "--with-related",
            ),
            (&["render"][..], "ENV_FILE"),
            (&["frobnicate"][..], "frobnicate"),
        ];
        for (args, want) in errors {
            let e = parse(args).err().map(|e| e.render().to_string());
            let e = e.unwrap_or_default();
            assert!(e.contains(want), "{args:?}: {e}");
        }
    }
}
