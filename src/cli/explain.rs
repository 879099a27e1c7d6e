//! `periscope-netpol explain`: one what-if question about a values file's policy,
//! answered as text or JSON, with the verdict as the exit status.

use std::io::Write;

use super::exit;
use super::{escape, read_text, read_values, ExplainArgs, Format, InputFailure, JsonReport};
use crate::builder::build_custom;
use crate::explain::{parse_egress, parse_ingress, Answer, Explainer, Explanation};
use crate::remedy::Remedy;

/// Runs `explain`; returns the exit status.
pub(super) fn run(args: &ExplainArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let json = args.format == Format::Json;
    let question = match (&args.egress, &args.ingress) {
        (Some(q), _) => parse_egress(q).map_err(|e| format!("--egress '{q}': {e}")),
        (None, Some(q)) => parse_ingress(q).map_err(|e| format!("--ingress '{q}': {e}")),
        (None, None) => Err("give --egress or --ingress".to_owned()),
    };
    let question = match question {
        Ok(q) => q,
        Err(message) => {
            return fail(
                json,
                &args.file,
                exit::USAGE,
                "usage",
                &message,
                None,
                out,
                err,
            );
        }
    };
    let explainer = args.ranges.published().and_then(|published| {
        let region = args.ranges.aws_region.as_deref().unwrap_or_default();
        read_text(&args.file)
            .and_then(|text| read_values(&args.file, &text))
            .map(|(doc, values)| {
                let flags = args.flags.chart_flags();
                Explainer::from_chart_values_with(&doc, values, &flags, region, &published)
            })
    });
    let explainer = match explainer {
        Ok(x) => x,
        Err(e) => {
            let (kind, message) = (e.kind(), e.message().to_owned());
            return fail(
                json,
                &args.file,
                exit::INPUT,
                kind,
                &message,
                Some(&e),
                out,
                err,
            );
        }
    };
    let answer = explainer.explain(&question);
    let code = match answer.answer.passes() {
        Some(true) => exit::OK,
        _ => exit::FINDINGS,
    };
    let printed = if json {
        json_report(&answer, &args.file, code)
    } else {
        text_report(&answer)
    };
    if let Err(e) = out.write_all(printed.as_bytes()) {
        let _ = writeln!(err, "error: cannot write output: {e}");
        return exit::INPUT;
    }
    code
}

/// A failure before the answer: the reason on stderr, and as JSON on stdout with
/// `--format json`.
#[allow(clippy::too_many_arguments)]
fn fail(
    json: bool,
    file: &str,
    code: u8,
    kind: &'static str,
    message: &str,
    at: Option<&InputFailure>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if json {
        let report = JsonReport::failed("explain", file, code, kind, message, at);
        let _ = out.write_all(report.to_json().as_bytes());
    }
    let _ = writeln!(err, "error: {}", escape(message));
    code
}

/// The text answer, control characters escaped; a fix also as the values rule to add.
fn text_report(answer: &Explanation) -> String {
    let mut s = String::new();
    for line in answer.text().lines() {
        s.push_str(&escape(line));
        s.push('\n');
    }
    if let Answer::Denied {
        fix: Some(Remedy::AddCustomRule(rule)),
        ..
    } = &answer.answer
    {
        let built = build_custom(rule).values;
        let (key, yaml) = match rule.direction {
            crate::model::Direction::Egress => (
                "networkPolicy.egress.extra",
                serde_yaml::to_string(&built.egress.extra),
            ),
            crate::model::Direction::Ingress => (
                "networkPolicy.ingress.extra",
                serde_yaml::to_string(&built.ingress.extra),
            ),
        };
        if let Ok(yaml) = yaml {
            s.push_str(&format!("  add to {key}:\n"));
            for line in yaml.lines() {
                s.push_str(&format!("    {}\n", escape(line)));
            }
        }
    }
    s
}

/// The explanation's JSON with the command's fields: `command`, `file`, `exitCode` and
/// `error` (null), as `check --format json` has them.
fn json_report(answer: &Explanation, file: &str, code: u8) -> String {
    let mut value = answer.to_json_value();
    if let Some(map) = value.as_object_mut() {
        map.insert("command".into(), "explain".into());
        map.insert("file".into(), file.into());
        map.insert("exitCode".into(), code.into());
        map.insert("error".into(), serde_json::Value::Null);
    }
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
