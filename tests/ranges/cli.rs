//! `check --aws-ranges/--okta-ranges/--okta-cell/--aws-region` and `ranges okta`, run as
//! the binary: exit statuses and messages.

use super::common::{run_cli, tmp_file};
use super::{fixture, FIXTURE, OKTA};

/// An IRSA values file reaching 198.51.100.0/24 on 443, with a region on its cluster.
const VALUES: &str = "serviceAccount: {annotations: {eks.amazonaws.com/role-arn: 'arn:aws:iam::1:role/p'}}\nclusters: [{name: prod, backend: agent}]\nnetworkPolicy:\n  enabled: true\n  ingress: {fromNamespaces: [{kubernetes.io/metadata.name: ingress}]}\n  egress:\n    extra:\n      - to: [{ipBlock: {cidr: 198.51.100.0/24}}]\n        ports: [{protocol: TCP, port: 443}]\n";

/// The AWS fixture, in eu-west-1.
const EU_WEST_1: [&str; 4] = ["--aws-ranges", FIXTURE, "--aws-region", "eu-west-1"];

#[test]
fn check_compares_with_the_files_given() {
    let values = tmp_file("ranges-values.yaml", VALUES);
    let (code, out, err) = run_cli(&["check", &values], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("[aws-api-unverified]"), "{out}");
    let (code, out, err) = run_cli(
        &[&["check", "--strict"][..], &EU_WEST_1, &[&values]].concat(),
        b"",
    );
    assert_eq!(code, 1, "a warning with --strict: {out}{err}");
    assert!(
        out.contains("[ranges-partial]") && !out.contains("[aws-api-unverified]"),
        "{out}"
    );
    assert!(
        out.contains("ranges aws --region eu-west-1 --service AMAZON"),
        "{out}"
    );
    // JSON: the same finding.
    let (_, out, _) = run_cli(
        &[
            "check",
            "--format",
            "json",
            "--aws-ranges",
            FIXTURE,
            "--aws-region",
            "eu-west-1",
            &values,
        ],
        b"",
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "ranges-partial"),
        "{out}"
    );
}

#[test]
fn a_bad_ranges_file_is_exit_3_naming_the_file_and_the_problem() {
    let values = tmp_file("ranges-values2.yaml", VALUES);
    let truncated = fixture();
    let truncated = tmp_file("truncated.json", &truncated[..truncated.len() / 2]);
    let cases: [(&[&str], &str); 4] = [
        (
            &["--aws-ranges", OKTA],
            "this looks like Okta's ip_ranges.json, not AWS's ip-ranges.json",
        ),
        (
            &["--okta-ranges", FIXTURE],
            "this looks like AWS's ip-ranges.json, not Okta's ip_ranges.json",
        ),
        (
            &["--aws-ranges", &truncated],
            "not an AWS ip-ranges.json file",
        ),
        (
            &["--okta-ranges", OKTA, "--okta-cell", "mars_cell_9"],
            "no cell mars_cell_9 in the file; it has ",
        ),
    ];
    for (flags, want) in cases {
        let file = flags[1];
        let mut args = vec!["check"];
        args.extend_from_slice(flags);
        args.push(&values);
        let (code, out, err) = run_cli(&args, b"");
        assert_eq!(code, 3, "{args:?}: {out}{err}");
        assert!(err.contains(&format!("{file}: {want}")), "{args:?}: {err}");
        args.insert(1, "--format=json");
        let (code, out, _) = run_cli(&args, b"");
        assert_eq!(code, 3);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["error"]["kind"], "invalid", "{out}");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(want),
            "{out}"
        );
    }
    // A cell without the file is a usage error.
    let (code, _, err) = run_cli(&["check", "--okta-cell", "us_cell_1", &values], b"");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--okta-ranges"), "{err}");
}

#[test]
fn ranges_okta_prints_the_cells_aggregated() {
    let (code, out, err) = run_cli(&["ranges", "okta", "--cell", "us_cell_1", OKTA], b"");
    assert_eq!(code, 0, "{err}");
    let list: Vec<String> = serde_yaml::from_str(&out).expect("a YAML list");
    let okta = std::fs::read_to_string(super::common::root().join(OKTA)).unwrap();
    let r = periscope_netpol::ranges::read_okta(&okta).unwrap();
    let cell = &r.cells.iter().find(|c| c.name == "us_cell_1").unwrap().nets;
    let want: Vec<String> = ipnet::IpNet::aggregate(cell)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(list, want);
    assert!(
        out.starts_with(&format!(
            "# Okta ip_ranges.json: us_cell_1, {} prefixes aggregated to {}\n",
            cell.len(),
            want.len()
        )),
        "{out}"
    );
    // Every cell by default; an unknown cell is exit 3.
    let (code, out, _) = run_cli(&["ranges", "okta", OKTA], b"");
    assert_eq!(code, 0);
    assert!(out.contains(&r.cell_names().join(", ")), "{out}");
    let (code, _, err) = run_cli(&["ranges", "okta", "--cell", "nope", OKTA], b"");
    assert_eq!(code, 3);
    assert!(err.contains("no cell nope in the file"), "{err}");
}

#[test]
fn explain_answers_a_host_from_the_file() {
    let values = tmp_file("ranges-values3.yaml", VALUES);
    let aws = periscope_netpol::ranges::read_aws(&fixture()).unwrap();
    let home: std::collections::BTreeSet<_> = aws
        .prefixes
        .iter()
        .filter(|p| p.region == "eu-west-1" && p.service == "AMAZON" && p.net.addr().is_ipv4())
        .map(|p| p.net)
        .collect();
    let rule: ipnet::IpNet = "198.51.100.0/24".parse().unwrap();
    let inside = home.iter().filter(|n| rule.contains(*n)).count();
    assert!(inside > 0 && inside < home.len(), "the fixture must split");
    let q = "sts.eu-west-1.amazonaws.com:443";
    let (code, out, err) = run_cli(
        &[&["explain", "--egress", q][..], &EU_WEST_1, &[&values]].concat(),
        b"",
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains(": unresolved"), "{out}");
    let want = format!(
        "the rules allow only {inside} of its {} prefixes",
        home.len()
    );
    assert!(out.contains(&want), "{want}\n{out}");
    // Without the file: unresolved, without the count.
    let (_, out, _) = run_cli(&["explain", "--egress", q, &values], b"");
    assert!(
        out.contains(": unresolved") && !out.contains("prefixes"),
        "{out}"
    );
}
