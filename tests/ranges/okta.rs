//! Okta's ip_ranges.json read by cell, AWS's pickers, and each reader refusing the other
//! publisher's file by name.

use std::collections::BTreeSet;

use ipnet::IpNet;
use periscope_netpol::ranges::{read_aws, read_okta, RangesError, MAX_RANGES_BYTES};

use super::{fixture, OKTA};

fn okta_text() -> String {
    std::fs::read_to_string(super::common::root().join(OKTA)).expect("okta fixture")
}

/// The fixture's cells and CIDR strings, read as plain JSON (not by the reader).
fn raw_cells() -> Vec<(String, Vec<String>)> {
    let v: serde_json::Value = serde_json::from_str(&okta_text()).expect("json");
    let mut out: Vec<(String, Vec<String>)> = v
        .as_object()
        .expect("object")
        .iter()
        .map(|(k, c)| {
            let list = c["ip_ranges"].as_array().expect("ip_ranges");
            let nets = list.iter().map(|s| s.as_str().expect("str").to_owned());
            (k.clone(), nets.collect())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn okta_cells_are_read_sorted_and_selected() {
    let r = read_okta(&okta_text()).expect("reads");
    let raw = raw_cells();
    let names: Vec<&str> = raw.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(r.cell_names(), names);
    for ((name, cidrs), cell) in raw.iter().zip(&r.cells) {
        assert_eq!(&cell.name, name);
        let want: Vec<IpNet> = cidrs.iter().map(|c| c.parse().expect("cidr")).collect();
        assert_eq!(cell.nets, want, "{name}");
    }
    // One cell: its own prefixes, aggregated to the same addresses.
    let (name, cidrs) = raw
        .iter()
        .find(|(_, c)| c.len() > 1)
        .expect("a cell of two");
    let s = r.select(&[name.as_str()]).expect("known cell");
    assert_eq!(s.matched, cidrs.len());
    let v4: Vec<IpNet> = cidrs
        .iter()
        .filter_map(|c| c.parse::<IpNet>().ok())
        .filter(|n| matches!(n, IpNet::V4(_)))
        .collect();
    assert_eq!(
        s.nets.iter().filter(|n| matches!(n, IpNet::V4(_))).count(),
        IpNet::aggregate(&v4).len()
    );
    // No cell named: every cell.
    let all = r.select(&[]).expect("all");
    assert_eq!(all.matched, raw.iter().map(|(_, c)| c.len()).sum::<usize>());
    // A cell the file lacks: an error naming it and every cell there is.
    let err = r.select(&["mars_cell_9"]).expect_err("unknown cell");
    assert!(matches!(err, RangesError::UnknownCell { .. }));
    let text = err.to_string();
    assert!(text.contains("mars_cell_9"), "{text}");
    for n in &names {
        assert!(text.contains(n), "{n}: {text}");
    }
}

#[test]
fn aws_pickers_list_each_region_and_service_once_sorted() {
    let r = read_aws(&fixture()).expect("reads");
    let regions: BTreeSet<&str> = r.prefixes.iter().map(|p| p.region.as_str()).collect();
    let services: BTreeSet<&str> = r.prefixes.iter().map(|p| p.service.as_str()).collect();
    assert_eq!(r.regions(), regions.into_iter().collect::<Vec<_>>());
    assert_eq!(r.services(), services.into_iter().collect::<Vec<_>>());
    assert!(r.regions().len() > 1 && r.services().len() > 1);
}

#[test]
fn bad_okta_files_name_what_is_wrong() {
    let text = okta_text();
    let cases = [
        (
            text[..text.len() / 2].to_owned(),
            "not an Okta ip_ranges.json file: ",
        ),
        ("[1, 2]".to_owned(), "not an Okta ip_ranges.json file: "),
        (
            r#"{"us_cell_1": {"ranges": []}}"#.to_owned(),
            "missing field `ip_ranges`",
        ),
        (
            text.replace("192.0.2.64/26", "192.0.2.64/33"),
            "cell us_cell_2: '192.0.2.64/33' is not a CIDR",
        ),
        (
            fixture(),
            "this looks like AWS's ip-ranges.json, not Okta's ip_ranges.json",
        ),
    ];
    for (input, want) in cases {
        let err = read_okta(&input).expect_err(want).to_string();
        assert!(err.contains(want), "{want}\n{err}");
    }
    let big = " ".repeat(MAX_RANGES_BYTES + 1);
    assert_eq!(
        read_okta(&big),
        Err(RangesError::TooLarge {
            bytes: MAX_RANGES_BYTES + 1
        })
    );
    // And the reverse: Okta's file where AWS's is wanted.
    let err = read_aws(&text).expect_err("okta file").to_string();
    assert_eq!(
        err,
        "this looks like Okta's ip_ranges.json, not AWS's ip-ranges.json"
    );
}
