//! The `periscope-netpol` command line, as a function of its arguments so tests can run it.

use std::io::{Read, Write};

use serde::Serialize;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::import::{self, ImportError};
use crate::lint::{self, ChartFlags, Context, Finding, Severity};
use crate::model::IpFamily;
use crate::ranges::{self, Published, Selection};
use std::sync::Arc;

mod explain;

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
        Every finding goes to standard error, in check's text format.\n\
        Exit status: 0 ok, 1 an error finding (the invalid input is left out of the output), \
        2 usage, 3 unreadable or invalid ENV_FILE."
    )]
    Render(RenderArgs),
    /// Check a chart values file (or only its networkPolicy block) and print every finding
    #[command(
        after_help = "What the policy must allow is read from the rest of the values file \
        (service.port, podIdentity.enabled, serviceAccount.annotations with \
        eks.amazonaws.com/role-arn, agent.enabled and agent.listenAddr, secrets.mode, \
        clusters[].backend, auth.oidc.issuer); the flags say what a values file cannot.\n\
        Exit status: 0 ok, 1 an error finding (or, with --strict, a warning), 2 usage, \
        3 unreadable or invalid VALUES_FILE."
    )]
    Check(CheckArgs),
    /// Print published IP ranges as an aggregated CIDR list, for the values or scripts
    #[command(subcommand)]
    Ranges(RangesSource),
    /// Say whether a values file's policy allows one connection, and which rule decides it
    #[command(
        after_help = "--egress HOST_OR_IP:PORT[/PROTO]: can Periscope reach it? (IPv6 as [fd00::1]:443; \
        host names resolve only to what the values file knows: the OIDC issuer, the region's AWS endpoints, \
        the clusters' names).\n\
        --ingress NAMESPACE[,k=v...][,pod:k=v...]:PORT[/PROTO] or IP:PORT[/PROTO]: can it reach Periscope?\n\
        The protocol is TCP unless given (tcp, udp, sctp).\n\
        Exit status: 0 allowed (or the policy is disabled), 1 denied or not shown to be allowed, \
        2 usage (a malformed question), 3 unreadable or invalid VALUES_FILE."
    )]
    Explain(ExplainArgs),
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// Can Periscope reach HOST_OR_IP:PORT[/PROTO]?
    #[arg(
        long,
        value_name = "HOST_OR_IP:PORT",
        required_unless_present = "ingress",
        conflicts_with = "ingress"
    )]
    egress: Option<String>,
    /// Can NAMESPACE[,LABELS]:PORT[/PROTO] (or IP:PORT[/PROTO]) reach Periscope?
    #[arg(long, value_name = "NAMESPACE[,LABELS]|IP:PORT")]
    ingress: Option<String>,
    #[command(flatten)]
    flags: FlagArgs,
    #[command(flatten)]
    ranges: PublishedArgs,
    /// text, or one JSON object (also for usage and input errors):
    /// {"version", "command", "file", "exitCode", "question", "verdict", "rule", "nearest", "fix", ...}
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The chart values file, or only its networkPolicy block; - reads standard input
    #[arg(value_name = "VALUES_FILE")]
    file: String,
}

#[derive(Debug, Args)]
struct RenderArgs {
    /// Print the NetworkPolicy the chart renders instead of the values
    #[arg(long, conflicts_with_all = ["with_related", "diagram"])]
    manifest: bool,
    /// Print the companion CiliumNetworkPolicy (DNS-aware egress), as if the
    /// Environment's cni were cilium
    #[arg(long, conflicts_with_all = ["manifest", "with_related", "diagram"])]
    cilium: bool,
    /// Print the traffic diagram as a standalone SVG instead of the values
    #[arg(long, conflicts_with = "with_related")]
    diagram: bool,
    /// With --diagram: the width it is laid out for, in CSS pixels (one column below 720)
    #[arg(long, value_name = "PX", default_value_t = 1280, requires = "diagram")]
    width: u32,
    /// With --diagram: draw this group whole instead of "+N more" (sources, clusters,
    /// rules); repeatable
    #[arg(long, value_name = "GROUP", requires = "diagram")]
    expand: Vec<String>,
    /// Also print the other chart values the Environment assumes, so that
    /// `helm template` renders what `render --manifest` prints
    #[arg(long)]
    with_related: bool,
    /// The Environment file (YAML or JSON); - reads standard input
    #[arg(value_name = "ENV_FILE")]
    file: String,
}

/// What a values file cannot say, as flags (`check` and `explain`).
#[derive(Debug, Args)]
struct FlagArgs {
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
}

impl FlagArgs {
    fn chart_flags(&self) -> ChartFlags {
        ChartFlags {
            nodelocal_dns: self.nodelocal_dns,
            gke_cloud_dns: self.gke_cloud_dns,
            eks_private_endpoint: self.eks_private_endpoint,
            ip_family: match self.ip_family {
                Family::Ipv4 => IpFamily::Ipv4,
                Family::Ipv6 => IpFamily::Ipv6,
                Family::DualStack => IpFamily::DualStack,
            },
            alb_ip_targets: self.alb_ip_targets,
            port_forward_only: self.port_forward_only,
        }
    }
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    flags: FlagArgs,
    /// text, or one JSON object (also for usage and input errors):
    /// {"version", "command", "file", "exitCode", "summary", "findings", "error"}
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Warnings fail the check too
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    ranges: PublishedArgs,
    /// The chart values file, or only its networkPolicy block; - reads standard input
    #[arg(value_name = "VALUES_FILE")]
    file: String,
}

/// Published ranges files `check` and `explain` compare the rules with.
#[derive(Debug, Args)]
struct PublishedArgs {
    /// AWS's ip-ranges.json: STS, EKS and Secrets Manager (AMAZON) and public EKS
    /// endpoints (EC2) of the region are checked against it instead of "unverified"
    #[arg(long, value_name = "FILE")]
    aws_ranges: Option<String>,
    /// The AWS region of STS and the other APIs (default: the first clusters[].region)
    #[arg(long, value_name = "REGION")]
    aws_region: Option<String>,
    /// Okta's ip_ranges.json: an issuer on *.okta.com, *.oktapreview.com or
    /// *.okta-emea.com is checked against its cells
    #[arg(long, value_name = "FILE")]
    okta_ranges: Option<String>,
    /// The Okta cell the org is in (repeatable; default: any cell), e.g. us_cell_1
    #[arg(long = "okta-cell", value_name = "CELL", requires = "okta_ranges")]
    okta_cells: Vec<String>,
}

impl PublishedArgs {
    /// The files read and checked (a cell the Okta file lacks is an error).
    fn published(&self) -> Result<Published, InputFailure> {
        let aws = match &self.aws_ranges {
            Some(file) => Some(Arc::new(read_ranges(file, ranges::read_aws)?)),
            None => None,
        };
        let okta = match &self.okta_ranges {
            Some(file) => {
                let okta = read_ranges(file, ranges::read_okta)?;
                let cells: Vec<&str> = self.okta_cells.iter().map(String::as_str).collect();
                okta.select(&cells).map_err(|e| invalid(file, &e))?;
                Some(Arc::new(okta))
            }
            None => None,
        };
        Ok(Published {
            aws,
            okta,
            okta_cells: self.okta_cells.clone(),
        })
    }
}

/// Where published ranges come from.
#[derive(Debug, Subcommand)]
enum RangesSource {
    /// AWS's ip-ranges.json, filtered by region and service, aggregated
    #[command(
        after_help = "Prints a YAML list of CIDRs, with a comment naming the file's \
        createDate and the counts before and after aggregation.\n\
        Exit status: 0 ok, 1 no prefix matches, 2 usage, 3 unreadable or invalid FILE."
    )]
    Aws(AwsRangesArgs),
    /// Okta's ip_ranges.json, filtered by cell, aggregated
    #[command(
        after_help = "Prints a YAML list of CIDRs, with a comment naming the cells and the counts \
        before and after aggregation.\n\
        Exit status: 0 ok, 2 usage, 3 unreadable or invalid FILE (or a cell it does not have)."
    )]
    Okta(OktaRangesArgs),
}

#[derive(Debug, Args)]
struct OktaRangesArgs {
    /// A cell to keep (repeatable), e.g. us_cell_1; default: every cell
    #[arg(long = "cell", value_name = "CELL")]
    cells: Vec<String>,
    /// Okta's ip_ranges.json (downloaded beforehand; nothing is fetched); - reads standard input
    #[arg(value_name = "FILE")]
    file: String,
}

#[derive(Debug, Args)]
struct AwsRangesArgs {
    /// A region to keep (repeatable), e.g. eu-west-1; GLOBAL for global services
    #[arg(long = "region", value_name = "REGION", required = true)]
    regions: Vec<String>,
    /// A service subset to keep (repeatable): AMAZON (STS, EKS's API, Secrets Manager),
    /// EC2 (public EKS cluster endpoints), ...
    #[arg(long = "service", value_name = "SERVICE", required = true)]
    services: Vec<String>,
    /// AWS's ip-ranges.json (downloaded beforehand; nothing is fetched); - reads standard input
    #[arg(value_name = "FILE")]
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

/// The exit statuses, stable and documented in the README.
pub mod exit {
    /// Nothing at the failure threshold.
    pub const OK: u8 = 0;
    /// A finding at the threshold: an error (or, with `check --strict`, a warning).
    pub const FINDINGS: u8 = 1;
    /// The command line is wrong.
    pub const USAGE: u8 = 2;
    /// The input cannot be read, or is not a valid Environment or values file.
    pub const INPUT: u8 = 3;
}

/// The version of `check --format json`'s schema (README, "JSON output").
pub const JSON_VERSION: u32 = 1;

/// Runs the CLI on its arguments (without the program name); returns the exit status
/// ([`exit`]). Help and the version go to `out`, usage errors to `err`.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let argv = std::iter::once("periscope-netpol").chain(args.iter().map(String::as_str));
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let command = match args.first().map(String::as_str) {
                Some("explain") => "explain",
                Some("render") => "render",
                _ => "check",
            };
            return usage_error(&e, command, wants_json(args), out, err);
        }
    };
    match cli.command {
        Command::Render(args) => {
            let mode = if args.diagram {
                Mode::Diagram {
                    width: args.width,
                    expanded: args.expand.iter().cloned().collect(),
                }
            } else if args.cilium {
                Mode::Cilium
            } else if args.manifest {
                Mode::Manifest
            } else if args.with_related {
                Mode::Related
            } else {
                Mode::Values
            };
            render(&args.file, mode, out, err)
        }
        Command::Explain(args) => explain::run(&args, out, err),
        Command::Check(args) => {
            let mut opts = CheckOptions::from(&args);
            let outcome = match args.ranges.published() {
                Ok(published) => {
                    opts.published = published;
                    match read(opts.file) {
                        Ok(bytes) => check_input(&opts, &bytes),
                        Err(e) => failure(&opts, &e),
                    }
                }
                Err(e) => failure(&opts, &e),
            };
            let _ = out.write_all(outcome.stdout.as_bytes());
            let _ = err.write_all(outcome.stderr.as_bytes());
            outcome.code
        }
        Command::Ranges(RangesSource::Aws(args)) => aws_ranges(&args, out, err),
        Command::Ranges(RangesSource::Okta(args)) => okta_ranges(&args, out, err),
    }
}

/// Reads a ranges file with `read`, errors naming the file (exit status 3).
fn read_ranges<T>(
    file: &str,
    read: fn(&str) -> Result<T, ranges::RangesError>,
) -> Result<T, InputFailure> {
    read_text(file).and_then(|t| read(&t).map_err(|e| invalid(file, &e)))
}

fn invalid(file: &str, e: &ranges::RangesError) -> InputFailure {
    InputFailure::Invalid {
        message: format!("{file}: {e}"),
        line: None,
        column: None,
    }
}

/// Prints `header` and the selection as a YAML list.
fn print_list(header: &str, selection: &Selection, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let list = crate::yaml::Node::seq(
        selection
            .nets
            .iter()
            .map(|n| crate::yaml::Node::str(n.to_string())),
    );
    let text = format!(
        "# {header}, {} prefixes aggregated to {}\n{}",
        selection.matched,
        selection.nets.len(),
        crate::yaml::to_string(&list)
    );
    if let Err(e) = out.write_all(text.as_bytes()) {
        let _ = writeln!(err, "error: cannot write output: {e}");
        return exit::INPUT;
    }
    exit::OK
}

/// `ranges okta`: the aggregated CIDRs of some cells (or all), as a YAML list.
fn okta_ranges(args: &OktaRangesArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cells: Vec<&str> = args.cells.iter().map(String::as_str).collect();
    let selection = read_ranges(&args.file, ranges::read_okta).and_then(|r| {
        r.select(&cells)
            .map_err(|e| invalid(&args.file, &e))
            .map(|s| (s, r.cell_names().join(", ")))
    });
    match selection {
        Ok((selection, all)) => {
            let which = if cells.is_empty() {
                all
            } else {
                cells.join(", ")
            };
            let header = format!("Okta ip_ranges.json: {}", escape(&which));
            print_list(&header, &selection, out, err)
        }
        Err(e) => {
            let _ = writeln!(err, "error: {}", escape(e.message()));
            exit::INPUT
        }
    }
}

/// `ranges aws`: the aggregated CIDRs of some regions and services, as a YAML list.
fn aws_ranges(args: &AwsRangesArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let file = args.file.as_str();
    let ranges = match read_ranges(file, ranges::read_aws) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "error: {}", escape(e.message()));
            return exit::INPUT;
        }
    };
    let regions: Vec<&str> = args.regions.iter().map(String::as_str).collect();
    let services: Vec<&str> = args.services.iter().map(String::as_str).collect();
    let selection = match ranges.select(&regions, &services) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "error: {}: {}", escape(file), escape(&e.to_string()));
            return exit::FINDINGS;
        }
    };
    let header = format!(
        "AWS ip-ranges.json createDate {} (syncToken {}): {} in {}",
        escape(&ranges.create_date),
        escape(&ranges.sync_token),
        escape(&services.join(", ")),
        escape(&regions.join(", ")),
    );
    print_list(&header, &selection, out, err)
}

/// Whether the arguments ask for JSON, read before clap so that a usage error can be
/// JSON too.
fn wants_json(args: &[String]) -> bool {
    args.iter().any(|a| a == "--format=json")
        || args
            .windows(2)
            .any(|w| w[0] == "--format" && w[1] == "json")
}

fn usage_error(
    e: &clap::Error,
    command: &'static str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let text = e.render().to_string();
    let code = u8::try_from(e.exit_code()).unwrap_or(exit::USAGE);
    if !e.use_stderr() {
        let _ = out.write_all(text.as_bytes());
        return code;
    }
    if json {
        let first = text.lines().next().unwrap_or_default();
        let message = first.strip_prefix("error: ").unwrap_or(first);
        let report = JsonReport::failed(command, "", code, "usage", message, None);
        let _ = out.write_all(report.to_json().as_bytes());
    }
    let _ = err.write_all(text.as_bytes());
    code
}

#[derive(Clone)]
enum Mode {
    Values,
    Manifest,
    Cilium,
    Related,
    Diagram {
        width: u32,
        expanded: std::collections::BTreeSet<String>,
    },
}

/// Why an input could not be used (exit status 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputFailure {
    /// It could not be read at all (no such file, too large, not UTF-8).
    Unreadable(String),
    /// It is not a valid Environment or values file.
    Invalid {
        /// What is wrong, with the file name and position when known.
        message: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
    },
}

impl InputFailure {
    fn kind(&self) -> &'static str {
        match self {
            InputFailure::Unreadable(_) => "unreadable",
            InputFailure::Invalid { .. } => "invalid",
        }
    }

    fn message(&self) -> &str {
        match self {
            InputFailure::Unreadable(m) | InputFailure::Invalid { message: m, .. } => m,
        }
    }
}

/// Reads at most [`import::MAX_INPUT_BYTES`] plus one byte, from a file or standard
/// input, so that `/dev/zero` or an endless pipe stops at the limit.
fn read(file: &str) -> Result<Vec<u8>, InputFailure> {
    let limit = import::MAX_INPUT_BYTES;
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut buf = Vec::new();
    let result = if file == "-" {
        std::io::stdin().lock().take(cap).read_to_end(&mut buf)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(cap).read_to_end(&mut buf))
    };
    let name = if file == "-" { "standard input" } else { file };
    result.map_err(|e| InputFailure::Unreadable(format!("cannot read '{name}': {e}")))?;
    if buf.len() > limit {
        return Err(InputFailure::Unreadable(format!(
            "{}; stopped reading there",
            too_large(name)
        )));
    }
    Ok(buf)
}

/// Why an input over [`import::MAX_INPUT_BYTES`] is refused.
fn too_large(name: &str) -> String {
    let limit = import::MAX_INPUT_BYTES;
    format!(
        "'{name}' is larger than the {limit}-byte limit ({} MiB)",
        limit / (1024 * 1024)
    )
}

/// [`read`], then the bytes as UTF-8 text.
fn read_text(file: &str) -> Result<String, InputFailure> {
    read(file).and_then(|b| text_of(file, b))
}

/// A values file's text as Helm reads it ([`import::parse_document`], merge keys
/// applied) and its `networkPolicy` block, errors located in `file`.
fn read_values(
    file: &str,
    text: &str,
) -> Result<(serde_yaml::Value, crate::values::Values), InputFailure> {
    let doc = import::parse_document(text).map_err(|e| located(file, e))?;
    let values = import::document_values(text, &doc).map_err(|e| located(file, e))?;
    Ok((doc, values))
}

fn text_of(file: &str, bytes: Vec<u8>) -> Result<String, InputFailure> {
    String::from_utf8(bytes).map_err(|e| {
        InputFailure::Unreadable(format!(
            "'{file}' is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn located(file: &str, e: ImportError) -> InputFailure {
    match e {
        ImportError::Yaml {
            line: Some(line),
            column: Some(column),
            message,
        } => InputFailure::Invalid {
            message: format!("{file}:{line}:{column}: {message}"),
            line: Some(line),
            column: Some(column),
        },
        other => InputFailure::Invalid {
            message: format!("{file}: {other}"),
            line: None,
            column: None,
        },
    }
}

fn render(file: &str, mode: Mode, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut env =
        match read_text(file).and_then(|t| import::parse_env(&t).map_err(|e| located(file, e))) {
            Ok(env) => env,
            Err(e) => {
                let _ = writeln!(err, "error: {}", escape(e.message()));
                return exit::INPUT;
            }
        };
    if matches!(mode, Mode::Cilium) {
        env.cni = crate::model::Cni::Cilium;
    }
    let analysis = crate::analyze(&env);
    // What is computed on demand (the related values, the diagram) lives here.
    let svg;
    let doc = match &mode {
        Mode::Values => &analysis.values_yaml,
        Mode::Manifest => &analysis.manifest_yaml,
        Mode::Cilium => analysis.cilium_yaml.as_deref().unwrap_or_default(),
        Mode::Related => {
            svg = crate::analysis::related_yaml(&env);
            &svg
        }
        Mode::Diagram { width, expanded } => {
            svg = format!("{}\n", crate::diagram::svg(&env, expanded, *width));
            &svg
        }
    };
    if let Err(e) = write!(out, "{doc}") {
        let _ = writeln!(err, "error: cannot write output: {e}");
        return exit::INPUT;
    }
    let _ = err.write_all(text_report(file, &analysis.findings).as_bytes());
    let errors = count(&analysis.findings, Severity::Error);
    if errors == 0 {
        return exit::OK;
    }
    let why = if analysis
        .findings
        .iter()
        .any(|f| f.code == lint::FindingCode::InputInvalid)
    {
        "invalid inputs are left out of the output and listed in its first comment"
    } else {
        "the policy printed would be rejected or would break Periscope"
    };
    let _ = writeln!(err, "render: {errors} error(s): {why}");
    exit::FINDINGS
}

/// `check`'s options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions<'a> {
    /// The file name, for messages (`-` is standard input).
    pub file: &'a str,
    /// What the file cannot say.
    pub flags: ChartFlags,
    /// `--format json`.
    pub json: bool,
    /// `--strict`: warnings fail too.
    pub strict: bool,
    /// `--aws-ranges`, `--okta-ranges`, `--okta-cell`: the files read.
    pub published: Published,
    /// `--aws-region` ("" when not given).
    pub aws_region: String,
}

impl<'a> From<&'a CheckArgs> for CheckOptions<'a> {
    fn from(args: &'a CheckArgs) -> Self {
        CheckOptions {
            file: &args.file,
            flags: args.flags.chart_flags(),
            json: args.format == Format::Json,
            strict: args.strict,
            published: Published::default(),
            aws_region: args.ranges.aws_region.clone().unwrap_or_default(),
        }
    }
}

/// What one `check` prints and its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The exit status ([`exit`]).
    pub code: u8,
    /// Standard output: the report (text or JSON).
    pub stdout: String,
    /// Standard error: why the input could not be used, in text mode.
    pub stderr: String,
}

/// `check` on the bytes of a values file already read: the whole path from bytes to the
/// report, which the CLI, its tests and the fuzz target share.
///
/// ```
/// use periscope_netpol::cli::{check_input, exit, CheckOptions};
/// let opts = CheckOptions { file: "v.yaml", flags: Default::default(), json: false, strict: false, published: Default::default(), aws_region: String::new() };
/// assert_eq!(check_input(&opts, b"- a list\n").code, exit::INPUT);
/// assert_eq!(check_input(&opts, b"networkPolicy: {enabled: true}\n").code, exit::OK);
/// ```
pub fn check_input(opts: &CheckOptions<'_>, bytes: &[u8]) -> Outcome {
    if bytes.len() > import::MAX_INPUT_BYTES {
        return failure(opts, &InputFailure::Unreadable(too_large(opts.file)));
    }
    let judged = text_of(opts.file, bytes.to_vec()).and_then(|text| {
        let (doc, values) = read_values(opts.file, &text)?;
        let ctx =
            Context::from_chart_values_with(&doc, &opts.flags, &opts.aws_region, &opts.published);
        Ok(lint::document_findings(&doc, &values, &ctx))
    });
    let findings = match judged {
        Ok(f) => f,
        Err(e) => return failure(opts, &e),
    };
    let failed = count(&findings, Severity::Error) > 0
        || (opts.strict && count(&findings, Severity::Warning) > 0);
    let code = if failed { exit::FINDINGS } else { exit::OK };
    let stdout = if opts.json {
        JsonReport::new(opts.file, code, &findings).to_json()
    } else {
        text_report(opts.file, &findings)
    };
    Outcome {
        code,
        stdout,
        stderr: String::new(),
    }
}

/// An input that could not be used: exit 3, the reason on stderr (and as JSON on stdout
/// with `--format json`).
fn failure(opts: &CheckOptions<'_>, e: &InputFailure) -> Outcome {
    let stdout = if opts.json {
        JsonReport::failed(
            "check",
            opts.file,
            exit::INPUT,
            e.kind(),
            e.message(),
            Some(e),
        )
        .to_json()
    } else {
        String::new()
    };
    Outcome {
        code: exit::INPUT,
        stdout,
        stderr: format!("error: {}\n", escape(e.message())),
    }
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

/// Control characters written as escapes (`\u{1b}`), so no input can drive the terminal.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

fn text_report(file: &str, findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        s.push_str(&format!(
            "{}: {}: {} [{}]\n",
            f.severity.as_str(),
            escape(&f.path),
            escape(&f.title),
            f.code
        ));
        if let Some(fix) = &f.fix {
            s.push_str(&format!("  fix: {}\n", escape(fix)));
        }
    }
    s.push_str(&format!(
        "{}: {} error(s), {} warning(s), {} info\n",
        escape(file),
        count(findings, Severity::Error),
        count(findings, Severity::Warning),
        count(findings, Severity::Info)
    ));
    s
}

/// `check --format json`'s report (README, "JSON output").
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    version: u32,
    command: &'static str,
    file: &'a str,
    exit_code: u8,
    summary: JsonSummary,
    findings: Vec<JsonFinding<'a>>,
    error: Option<JsonError<'a>>,
}

#[derive(Serialize, Default)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    info: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    severity: &'static str,
    path: &'a str,
    message: &'a str,
    detail: &'a str,
    fix: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    kind: &'static str,
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

impl<'a> JsonReport<'a> {
    fn new(file: &'a str, exit_code: u8, findings: &'a [Finding]) -> Self {
        JsonReport {
            version: JSON_VERSION,
            command: "check",
            file,
            exit_code,
            summary: JsonSummary {
                errors: count(findings, Severity::Error),
                warnings: count(findings, Severity::Warning),
                info: count(findings, Severity::Info),
            },
            findings: findings
                .iter()
                .map(|f| JsonFinding {
                    code: f.code.as_str(),
                    severity: f.severity.as_str(),
                    path: &f.path,
                    message: &f.title,
                    detail: &f.detail,
                    fix: f.fix.as_deref(),
                })
                .collect(),
            error: None,
        }
    }

    fn failed(
        command: &'static str,
        file: &'a str,
        exit_code: u8,
        kind: &'static str,
        message: &'a str,
        at: Option<&InputFailure>,
    ) -> Self {
        let (line, column) = match at {
            Some(InputFailure::Invalid { line, column, .. }) => (*line, *column),
            _ => (None, None),
        };
        JsonReport {
            version: JSON_VERSION,
            command,
            file,
            exit_code,
            summary: JsonSummary::default(),
            findings: Vec::new(),
            error: Some(JsonError {
                kind,
                message,
                line,
                column,
            }),
        }
    }

    /// Pretty JSON (serde_json escapes every control character), one trailing newline.
    fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"version\":{JSON_VERSION},\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        let cases = [
            ("plain", "plain"),
            ("esc\u{1b}[31mred", "esc\\u{1b}[31mred"),
            ("line\nbreak\ttab", "line\\nbreak\\ttab"),
            ("\u{7f}\u{85}", "\\u{7f}\\u{85}"),
            ("ünïcode →", "ünïcode →"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want, "{input:?}");
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
