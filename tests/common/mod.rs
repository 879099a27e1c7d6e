//! Helpers shared by the native integration tests (public API only).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use periscope_netpol::import::parse_env;
use periscope_netpol::model::Environment;
use periscope_netpol::values::{PortValue, RuleView};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example Environment file, sorted, with its stem.
pub fn examples() -> Vec<(String, Environment)> {
    let dir = root().join("www/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("www/examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read example");
            let env = parse_env(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (stem(&p), env)
        })
        .collect()
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// A rule flattened for assertions: its peers' CIDRs or selectors, and "PROTO/port" ports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flat {
    pub peers: Vec<String>,
    pub ports: Vec<String>,
}

pub fn flatten(rule: RuleView<'_>) -> Flat {
    let peers = rule
        .peers
        .unwrap_or_default()
        .iter()
        .map(|p| {
            if let Some(b) = &p.ip_block {
                match &b.except {
                    Some(ex) => format!("{} except {}", b.cidr, ex.join(",")),
                    None => b.cidr.clone(),
                }
            } else {
                let sel = |s: &Option<periscope_netpol::values::LabelSelector>| {
                    s.as_ref().map(|s| {
                        s.match_labels
                            .clone()
                            .unwrap_or_default()
                            .iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                };
                format!(
                    "ns[{}] pod[{}]",
                    sel(&p.namespace_selector).unwrap_or_else(|| "-".into()),
                    sel(&p.pod_selector).unwrap_or_else(|| "-".into())
                )
            }
        })
        .collect();
    let ports = rule
        .ports
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let port = match &p.port {
                Some(PortValue::Number(n)) => n.to_string(),
                Some(PortValue::Name(s)) => s.clone(),
                None => "*".into(),
            };
            let end = p.end_port.map(|e| format!("-{e}")).unwrap_or_default();
            format!("{}/{port}{end}", p.protocol.as_deref().unwrap_or("TCP"))
        })
        .collect();
    Flat { peers, ports }
}

pub fn flat(peers: &[&str], ports: &[&str]) -> Flat {
    Flat {
        peers: peers.iter().map(|s| s.to_string()).collect(),
        ports: ports.iter().map(|s| s.to_string()).collect(),
    }
}
pub mod arb;

/// The JSON inside a share fragment `v1.<base64url(zlib(json))>`, inflated by miniz_oxide
/// (the oracle, not the app's codec).
pub fn share_payload(fragment: &str) -> String {
    let (_, b64) = fragment.split_once('.').expect("versioned fragment");
    let (mut bits, mut n, mut bytes) = (0u32, 0, Vec::new());
    for c in b64.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => panic!("not base64url: {fragment}"),
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            bytes.push((bits >> n) as u8);
        }
    }
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib(&bytes).expect("zlib payload");
    String::from_utf8(raw).expect("utf-8 payload")
}

/// A billion-laughs YAML document: nine levels of ten aliases each, a billion `x` when
/// expanded.
pub fn billion_laughs() -> String {
    let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..9 {
        let prev = if i == 0 {
            "a".to_owned()
        } else {
            format!("l{}", i - 1)
        };
        y.push_str(&format!(
            "l{i}: &l{i} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    y
}

/// Runs the `periscope-netpol` binary from the repository root, with `stdin` piped in:
/// the exit status, stdout and stderr. A broken pipe is fine (the CLI may stop reading
/// at its limit).
pub fn run_cli(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_periscope-netpol"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run periscope-netpol");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `text` to a file in this test process's own temporary folder; its path.
pub fn tmp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("pnp-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write tmp");
    path.to_string_lossy().into_owned()
}
