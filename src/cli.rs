//! The `periscope-netpol` command line, as a function of its arguments so tests can run it.

use std::io::Write;

use crate::import::{self, ImportError};
use crate::lint::{self, ChartFlags, Context, Finding, Severity};
use crate::model::IpFamily;

const USAGE: &str = "usage:
  periscope-netpol render [--manifest | --with-related] ENV_FILE
  periscope-netpol check [OPTIONS] VALUES_FILE

ENV_FILE is an Environment in YAML or JSON (see README, \"Environment files\").
VALUES_FILE is a chart values file, or only its networkPolicy block. What the policy
must allow is read from the rest of the file (service.port, podIdentity.enabled,
serviceAccount.annotations with eks.amazonaws.com/role-arn, agent.enabled and
agent.listenAddr, secrets.mode, clusters[].backend, auth.oidc.issuer).
Use - to read standard input.

check options, for what a values file cannot say:
  --nodelocal-dns          pods resolve through NodeLocal DNSCache (169.254.20.10)
  --gke-cloud-dns          pods resolve through GKE Cloud DNS (169.254.169.254:53)
  --eks-private-endpoint   EKS clusters are reached through their private endpoint
  --ip-family FAMILY       ipv4 (default), ipv6 or dual-stack
  --alb-ip-targets         an AWS ALB/NLB with IP targets sends to service.port
  --port-forward-only      no ingress is wanted: operators use kubectl port-forward
  --format text|json       json prints one JSON array with one object a line:
                           {\"code\", \"severity\", \"path\", \"message\", \"detail\", \"fix\"}
  --strict                 warnings fail the check too

check exits 1 when it finds an error (or, with --strict, a warning), 0 otherwise.";

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
        ["check", rest @ ..] => match check_options(rest) {
            Ok(opts) => check(&opts, out),
            Err(message) => {
                let _ = writeln!(err, "error: {message}\n\n{USAGE}");
                return 2;
            }
        },
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

/// `check`'s parsed options.
struct CheckOptions<'a> {
    file: &'a str,
    flags: ChartFlags,
    json: bool,
    strict: bool,
}

fn check_options<'a>(args: &[&'a str]) -> Result<CheckOptions<'a>, String> {
    let mut opts = CheckOptions {
        file: "",
        flags: ChartFlags::default(),
        json: false,
        strict: false,
    };
    let mut file = None;
    let mut rest = args.iter().copied();
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (arg, None),
        };
        let mut value = |what: &str| {
            inline
                .or_else(|| rest.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name {
            "--nodelocal-dns" => opts.flags.nodelocal_dns = true,
            "--gke-cloud-dns" => opts.flags.gke_cloud_dns = true,
            "--eks-private-endpoint" => opts.flags.eks_private_endpoint = true,
            "--alb-ip-targets" => opts.flags.alb_ip_targets = true,
            "--port-forward-only" => opts.flags.port_forward_only = true,
            "--strict" => opts.strict = true,
            "--ip-family" => {
                opts.flags.ip_family = match value("ipv4, ipv6 or dual-stack")? {
                    "ipv4" => IpFamily::Ipv4,
                    "ipv6" => IpFamily::Ipv6,
                    "dual-stack" => IpFamily::DualStack,
                    other => {
                        return Err(format!(
                            "unknown IP family '{other}': use ipv4, ipv6 or dual-stack"
                        ))
                    }
                }
            }
            "--format" => {
                opts.json = match value("text or json")? {
                    "text" => false,
                    "json" => true,
                    other => return Err(format!("unknown format '{other}': use text or json")),
                }
            }
            f if f.starts_with("--") => return Err(format!("unknown option '{f}'")),
            f if file.is_none() => file = Some(f),
            f => return Err(format!("unexpected argument '{f}': give one VALUES_FILE")),
        }
    }
    opts.file = file.ok_or("check needs a VALUES_FILE")?;
    Ok(opts)
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
    fn check_options_table() {
        let ok = |args: &[&str]| {
            check_options(args).map(|o| (o.file.to_owned(), o.json, o.strict, o.flags))
        };
        let (file, json, strict, flags) = ok(&[
            "--format",
            "json",
            "--strict",
            "--ip-family=ipv6",
            "--nodelocal-dns",
            "v.yaml",
        ])
        .unwrap();
        assert_eq!((file.as_str(), json, strict), ("v.yaml", true, true));
        assert_eq!(flags.ip_family, IpFamily::Ipv6);
        assert!(flags.nodelocal_dns && !flags.gke_cloud_dns);
        let errors = [
            (&["--ip-family", "ipv5", "v"][..], "ipv5"),
            (&["--format"][..], "needs"),
            (&["--bogus", "v"][..], "--bogus"),
            (&[][..], "VALUES_FILE"),
            (&["a", "b"][..], "'b'"),
        ];
        for (args, want) in errors {
            let e = check_options(args).err().unwrap_or_default();
            assert!(e.contains(want), "{args:?}: {e}");
        }
    }
}
