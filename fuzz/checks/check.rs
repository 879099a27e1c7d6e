//! The CLI's whole `check` path, shared by the fuzz target and the corpus replay test:
//! any bytes give a report, never a panic; the exit status is 0, 1 or 3; the JSON report
//! is JSON with `version` 1 and its own exit status; text output carries no control
//! character but the line break.

use periscope_netpol::cli::{check_input, CheckOptions};

/// Runs one input, as text and as JSON, lenient and strict.
pub fn check(data: &[u8]) {
    for (json, strict) in [(false, false), (true, true)] {
        let opts = CheckOptions {
            file: "fuzz.yaml",
            flags: Default::default(),
            json,
            strict,
            published: Default::default(),
            aws_region: String::new(),
        };
        let o = check_input(&opts, data);
        assert!(matches!(o.code, 0 | 1 | 3), "exit status {}", o.code);
        if json {
            let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("the report is JSON");
            assert_eq!(v["version"], 1);
            assert_eq!(v["exitCode"], o.code);
            assert_eq!(
                v["error"].is_null(),
                o.code != 3,
                "an error exactly at status 3"
            );
        } else {
            let raw = |s: &str| s.chars().any(|c| c.is_control() && c != '\n');
            assert!(
                !raw(&o.stdout) && !raw(&o.stderr),
                "a raw control character"
            );
            assert_eq!(
                o.stdout.is_empty(),
                o.code == 3,
                "a report unless the input is refused"
            );
        }
    }
}
