//! Share links: golden links keep opening to the same configuration, links stay short,
//! every bad link is a clear error, and decode(encode(env)) == env for any Environment.
//! Regenerate the golden links with `BLESS=1 cargo test --test share` (only when adding
//! links: an existing line must never change).

mod common;

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use periscope_netpol::model::{CidrList, EgressPosture, Environment};
use periscope_netpol::presets::PRESETS;
use periscope_netpol::share::{self, ShareError, MAX_FRAGMENT_CHARS};
use proptest::prelude::*;

const GOLDEN: &str = "tests/golden/share-links.txt";

/// 100 distinct public IPv4 CIDRs, pseudo-random (the worst case for compression).
fn hundred_cidrs() -> Environment {
    let mut x: u32 = 0x1234_5678;
    let mut cidrs = Vec::new();
    while cidrs.len() < 100 {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [a, b, c, d] = x.to_be_bytes();
        if matches!(a, 0 | 10 | 127 | 169 | 172 | 192 | 224..=255) {
            continue;
        }
        let prefix = [32, 24, 28, 30][usize::from(d % 4)];
        let net: ipnet::Ipv4Net = format!("{a}.{b}.{c}.{d}/{prefix}").parse().expect("cidr");
        cidrs.push(net.trunc().to_string());
    }
    let mut env = Environment {
        egress: EgressPosture::Explicit,
        ..Environment::default()
    };
    env.aws.api_cidrs = CidrList::from_entries(&cidrs);
    env
}

/// The configurations behind the golden links, by name.
fn named_environments() -> Vec<(String, Environment)> {
    let mut out: Vec<(String, Environment)> = common::examples();
    out.push(("hundred-cidrs".into(), hundred_cidrs()));
    let mut typed = Environment::default();
    typed.release.service_port = "08080".into();
    typed.agent.cidrs = CidrList::from("10.0.0.0/8,, bad  \n");
    out.push(("raw-typing".into(), typed));
    out
}

#[test]
fn golden_links_open_to_the_same_configuration() {
    let path = common::root().join(GOLDEN);
    if std::env::var_os("BLESS").is_some() {
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let mut text = existing.clone();
        for (name, env) in named_environments() {
            if !existing.lines().any(|l| l.starts_with(&format!("{name} "))) {
                text.push_str(&format!("{name} {}\n", share::encode(&env)));
            }
        }
        std::fs::write(&path, text).expect("write golden links");
    }
    let text = std::fs::read_to_string(&path).expect("golden links");
    let envs = named_environments();
    let mut checked = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (name, link) = line.split_once(' ').expect("name and link");
        let want = &envs.iter().find(|(n, _)| n == name).expect(name).1;
        assert_eq!(share::decode(link).as_ref(), Ok(want), "{name}");
        checked += 1;
    }
    assert!(checked >= PRESETS.len() + 2, "{checked} golden links");
}

#[test]
fn links_are_compact() {
    let minimum = share::encode(&periscope_netpol::presets::docs_minimum());
    let hundred = share::encode(&hundred_cidrs());
    println!("docs minimum: {} chars ({minimum})", minimum.len());
    println!("100 CIDRs: {} chars", hundred.len());
    assert!(minimum.len() < 150, "{minimum}");
    assert!(hundred.len() < 2000, "{}", hundred.len());
    for p in PRESETS {
        let link = share::encode(&(p.build)());
        assert!(link.len() < 600, "{}: {}", p.id, link.len());
    }
}

fn zlib_link(payload: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(payload, 10);
    format!("v1.{}", URL_SAFE_NO_PAD.encode(packed))
}

#[test]
fn bad_links_are_errors_within_bounds() {
    let good = share::encode(&common::examples()[0].1);
    let truncated = &good[..good.len() / 2];
    let billion_laughs = common::billion_laughs();
    let deep = format!(
        r#"{{"release":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    type Expect = fn(&ShareError) -> bool;
    let cases: Vec<(&str, String, Expect)> = vec![
        ("truncated", truncated.to_owned(), |e| {
            matches!(e, ShareError::Corrupt { .. })
        }),
        ("future", "v7.eJwDAAAAAAE".into(), |e| {
            matches!(e, ShareError::FutureVersion { version: 7 })
        }),
        (
            "oversized",
            format!("v1.{}", "A".repeat(MAX_FRAGMENT_CHARS)),
            |e| matches!(e, ShareError::TooLong { .. }),
        ),
        ("bomb", zlib_link(&vec![b' '; 16 * 1024 * 1024]), |e| {
            matches!(e, ShareError::TooLarge)
        }),
        (
            "billion laughs",
            zlib_link(billion_laughs.as_bytes()),
            |e| matches!(e, ShareError::Invalid { .. }),
        ),
        ("deep", zlib_link(deep.as_bytes()), |e| {
            matches!(e, ShareError::Invalid { .. })
        }),
        ("not yaml", zlib_link(b"{ ["), |e| {
            matches!(e, ShareError::Invalid { .. })
        }),
        (
            "unknown field",
            zlib_link(br#"{"colour":"blue"}"#),
            |e| matches!(e, ShareError::Invalid { message } if message.contains("colour")),
        ),
        ("binary", zlib_link(&[0xff, 0xfe, 0x00]), |e| {
            matches!(e, ShareError::Corrupt { .. })
        }),
    ];
    for (name, link, ok) in cases {
        let start = Instant::now();
        let err = share::decode(&link).expect_err(name);
        assert!(ok(&err), "{name}: {err:?}");
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{name} took {:?}",
            start.elapsed()
        );
        let msg = err.to_string();
        assert!(!msg.is_empty() && !msg.ends_with('.'), "{name}: {msg}");
    }
}

#[test]
fn a_corrupted_character_never_opens_another_configuration() {
    let env = common::examples()[1].1.clone();
    let link = share::encode(&env);
    for i in 3..link.len() {
        let mut bytes = link.clone().into_bytes();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let bad = String::from_utf8(bytes).expect("ascii");
        if let Ok(got) = share::decode(&bad) {
            assert_eq!(got, env, "flip at {i} opened another configuration");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_encode_is_identity(env in common::arb::environment()) {
        let link = share::encode(&env);
        prop_assert!(link.starts_with("v1."));
        prop_assert_eq!(share::decode(&link), Ok(env.clone()));
        prop_assert_eq!(share::decode(&format!("#{link}")), Ok(env));
    }
}
