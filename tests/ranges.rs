//! Published ranges: AWS's ip-ranges.json read, filtered and aggregated (checked against
//! a brute-force set of addresses), and `periscope-netpol ranges aws` as a script uses it;
//! Okta's file by cell; the checker's verdicts with the files loaded.

#[path = "ranges/cli.rs"]
mod cli;
mod common;
#[path = "ranges/okta.rs"]
mod okta;
#[path = "ranges/verdicts.rs"]
mod verdicts;

use std::collections::BTreeSet;

use ipnet::{IpNet, Ipv4Net};
use periscope_netpol::ranges::{read_aws, RangesError};
use proptest::prelude::*;

const FIXTURE: &str = "tests/fixtures/aws-ip-ranges.json";
const OKTA: &str = "tests/fixtures/okta-ip-ranges.json";

fn fixture() -> String {
    std::fs::read_to_string(common::root().join(FIXTURE)).expect("fixture")
}

/// Every address of some IPv4 networks inside 10.0.0.0/20 (4,096 addresses at most).
fn addresses(nets: &[IpNet]) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for net in nets {
        if let IpNet::V4(n) = net {
            let first = u32::from(n.network());
            let last = u32::from(n.broadcast());
            out.extend(first..=last);
        }
    }
    out
}

fn small_net() -> impl Strategy<Value = IpNet> {
    (0u32..4096, 20u8..=32).prop_map(|(offset, len)| {
        let addr = std::net::Ipv4Addr::from(0x0A00_0000 + offset);
        IpNet::V4(Ipv4Net::new(addr, len).expect("prefix").trunc())
    })
}

proptest! {
    /// Aggregation keeps exactly the same addresses, and leaves no two entries that
    /// overlap or that one shorter prefix could replace.
    #[test]
    fn aggregation_keeps_the_same_addresses(nets in proptest::collection::vec(small_net(), 1..40)) {
        let entries: Vec<String> = nets
            .iter()
            .map(|n| format!(r#"{{"ip_prefix":"{n}","region":"r","service":"S"}}"#))
            .collect();
        let text = format!(r#"{{"syncToken":"1","createDate":"d","prefixes":[{}]}}"#, entries.join(","));
        let s = read_aws(&text).expect("reads").select(&["r"], &["S"]).expect("matches");
        prop_assert_eq!(addresses(&s.nets), addresses(&nets));
        prop_assert_eq!(s.matched, nets.len());
        for (i, a) in s.nets.iter().enumerate() {
            for b in s.nets.iter().skip(i + 1) {
                prop_assert!(!a.contains(b) && !b.contains(a), "{} and {} overlap", a, b);
                let merged = a.supernet().filter(|p| p.contains(b) && p.subnets(a.prefix_len()).map(|mut it| it.all(|x| x == *a || x == *b)).unwrap_or(false));
                prop_assert!(merged.is_none(), "{} and {} should merge", a, b);
            }
        }
    }
}

#[test]
fn the_fixture_filters_by_region_and_service_and_aggregates() {
    let r = read_aws(&fixture()).expect("fixture");
    assert_eq!(
        (r.sync_token.as_str(), r.create_date.as_str()),
        ("1764547200", "2026-12-01-00-00-00")
    );
    let s = r.select(&["eu-west-1"], &["AMAZON"]).expect("matches");
    let got: Vec<String> = s.nets.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        ["198.51.100.0/24", "203.0.113.0/24", "2001:db8:100::/48"]
    );
    assert_eq!(s.matched, 5);
    let s = r
        .select(&["eu-west-1", "global"], &["amazon", "ec2"])
        .expect("matches");
    assert_eq!(s.matched, 7);
    assert!(matches!(
        r.select(&["ap-south-2"], &["AMAZON"]),
        Err(RangesError::NoMatch { .. })
    ));
}

#[test]
fn bad_files_name_what_is_wrong() {
    let text = fixture();
    let cases = [
        (
            text[..text.len() / 2].to_owned(),
            "not an AWS ip-ranges.json file: ",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\n".to_owned(),
            "not an AWS ip-ranges.json file: expected value at line 1 column 1",
        ),
        ("[1, 2]".to_owned(), "not an AWS ip-ranges.json file: "),
        (
            text.replace("203.0.113.0/24", "203.0.113.0/33"),
            "prefix '203.0.113.0/33' is not a CIDR",
        ),
        (
            text.replace("\"ip_prefix\": \"192.0.2.0/24\"", "\"ip_prefix\": 5"),
            "prefix '5' is not a CIDR",
        ),
    ];
    for (input, want) in cases {
        let err = read_aws(&input).expect_err(want).to_string();
        assert!(err.contains(want), "{want}\n{err}");
    }
}

/// `periscope-netpol ranges aws --region REGION --service AMAZON FILE` with `stdin`.
fn ranges_aws(region: &str, file: &str, stdin: &[u8]) -> (i32, String, String) {
    common::run_cli(
        &[
            "ranges",
            "aws",
            "--region",
            region,
            "--service",
            "AMAZON",
            file,
        ],
        stdin,
    )
}

#[test]
fn the_cli_prints_a_yaml_list_with_the_date_and_counts() {
    let (code, out, err) = ranges_aws("eu-west-1", FIXTURE, b"");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "# AWS ip-ranges.json createDate 2026-12-01-00-00-00 (syncToken 1764547200): AMAZON in eu-west-1, 5 prefixes aggregated to 3\n- 198.51.100.0/24\n- 203.0.113.0/24\n- 2001:db8:100::/48\n"
    );
    // What it prints is a YAML list of CIDRs.
    let list: Vec<String> = serde_yaml::from_str(&out).expect("yaml");
    assert_eq!(list.len(), 3);
    // No match: exit 1, saying what was asked for.
    let (code, _, err) = ranges_aws("mars-1", FIXTURE, b"");
    assert_eq!(code, 1);
    assert!(
        err.contains("no prefix has region mars-1 and service AMAZON"),
        "{err}"
    );
    // A truncated file on stdin, and a 5 MB file: exit 3, the form of the error named.
    let text = fixture();
    let (code, _, err) = ranges_aws("eu-west-1", "-", &text.as_bytes()[..text.len() / 2]);
    assert_eq!(code, 3);
    assert!(err.contains("-: not an AWS ip-ranges.json file"), "{err}");
    let big = vec![b' '; 5 * 1024 * 1024];
    let (code, _, err) = ranges_aws("eu-west-1", "-", &big);
    assert_eq!(code, 3);
    assert!(
        err.contains("is larger than the 4194304-byte limit"),
        "{err}"
    );
    // Region and service are required.
    let (code, _, err) = common::run_cli(&["ranges", "aws", FIXTURE], b"");
    assert_eq!(code, 2);
    assert!(err.contains("--region <REGION>"), "{err}");
}
