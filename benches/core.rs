//! The core's full analysis (build + render + findings + checklist) at 1, 100 and 1,000
//! rules.
//!
//! Each rule is a custom egress rule to its own /32 on TCP 443, so the work grows
//! with the rule count the way a long hand-written policy does; it must grow linearly
//! (issue #6). A second case is the browser benchmark's keystroke setup: explicit egress
//! with 500 issuer CIDRs, each checked against the issuer rule's 500 peers. Run with
//! `cargo bench --bench core` (or `bash scripts/bench.sh`, which prints every figure).
//!
//! Issue #15 adds one field holding 200,000 CIDRs, both ways in (an Environment's
//! cluster CIDRs through `analyze`, a values file's `except` list through `check`'s
//! parse-and-lint), and `rule-redundant` at its limit of rules; each must stay well
//! under a second natively.
//!
//! Issue #18: reading and aggregating a 2 MB `ip-ranges.json` (generated here in the
//! published schema, not AWS's file) must take well under 150 ms in the browser.

use std::collections::BTreeSet;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use periscope_netpol::check::{check, CheckInput};
use periscope_netpol::import::{import_environment, MAX_IMPORT_BYTES};
use periscope_netpol::lint::MAX_REDUNDANCY_RULES;
use periscope_netpol::model::{
    Cluster, CustomPeer, CustomPort, CustomRule, EgressPosture, Environment, Idp, IdpReach,
};
use periscope_netpol::ranges::read_aws;
use periscope_netpol::text::CidrList;
use periscope_netpol::{analyze, diagram, share};

/// The default Environment plus `n` custom egress rules.
fn with_rules(n: usize) -> Environment {
    let custom = (0..n)
        .map(|i| CustomRule {
            note: format!("service {i}"),
            peers: vec![CustomPeer::IpBlock {
                cidr: format!(
                    "10.{}.{}.{}/32",
                    (i >> 16) & 0xff,
                    (i >> 8) & 0xff,
                    i & 0xff
                ),
                except: CidrList::default(),
            }],
            ports: vec![CustomPort {
                port: "443".into(),
                ..CustomPort::default()
            }],
            ..CustomRule::default()
        })
        .collect();
    Environment {
        custom,
        ..Environment::default()
    }
}

fn rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    for n in [1usize, 100, 1000] {
        let env = with_rules(n);
        // Every rule made it into the values.
        let blocks = analyze(&env).values_yaml.matches("/32").count();
        assert!(blocks >= n, "{n} rules in, {blocks} /32 blocks out");
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &env, |b, env| {
            b.iter(|| analyze(black_box(env)))
        });
    }
    group.finish();
}

/// Explicit egress, the issuer reached by 500 CIDRs.
fn issuer_cidrs(c: &mut Criterion) {
    let env = Environment {
        egress: EgressPosture::Explicit,
        idp: Idp {
            reach: IdpReach::Cidrs {
                cidrs: CidrList::from_entries(
                    (0..500).map(|i| format!("10.{}.{}.0/24", i >> 8, i & 255)),
                ),
            },
            ..Idp::default()
        },
        ..Environment::default()
    };
    c.bench_function("analyze/500-issuer-cidrs", |b| {
        b.iter(|| analyze(black_box(&env)))
    });
}

/// The Diagram tab's keystroke: the diagram (build, verdicts, layout, SVG) with the
/// issuer behind 500 CIDRs and 50 custom egress rules, at both layouts.
fn diagram_500_cidrs_50_rules(c: &mut Criterion) {
    let mut env = with_rules(50);
    env.egress = EgressPosture::Explicit;
    env.idp = Idp {
        issuer: "https://login.example.com/".into(),
        reach: IdpReach::Cidrs {
            cidrs: CidrList::from_entries(
                (0..500).map(|i| format!("10.{}.{}.0/24", 100 + (i >> 8), i & 255)),
            ),
        },
    };
    let none = BTreeSet::new();
    let d = diagram::diagram(&env, &none);
    assert!(d.egress.iter().any(|n| n.id == "idp"), "{d:?}");
    let mut group = c.benchmark_group("diagram");
    for width in [1280u32, 390] {
        group.bench_with_input(
            BenchmarkId::new("500-cidrs-50-rules", width),
            &width,
            |b, w| b.iter(|| diagram::svg(black_box(&env), &none, *w)),
        );
    }
    group.finish();
}

/// The app's "Import values.yaml" at its limit: a 1 MiB block of 11,000 egress rules,
/// read by serde_yaml, mapped back to form inputs and rebuilt to check the round trip.
fn import_megabyte(c: &mut Criterion) {
    let mut text = String::from("networkPolicy:\n  enabled: true\n  egress:\n    extra:\n");
    let mut i = 0u32;
    while text.len() < MAX_IMPORT_BYTES - 200 {
        text.push_str(&format!(
            "      - to: [{{ipBlock: {{cidr: 10.{}.{}.0/24}}}}]\n        ports: [{{protocol: TCP, port: {}}}]\n",
            (i >> 8) & 255,
            i & 255,
            1 + i % 60000
        ));
        i += 1;
    }
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.bench_function("1MiB", |b| {
        b.iter(|| import_environment(black_box(&text)).map(|i| i.verbatim))
    });
    group.finish();
}

/// A share link of the richest example, both ways.
fn share_link(c: &mut Criterion) {
    let env = with_rules(100);
    let link = share::encode(&env);
    c.bench_function("share/encode-100-rules", |b| {
        b.iter(|| share::encode(black_box(&env)))
    });
    c.bench_function("share/decode-100-rules", |b| {
        b.iter(|| share::decode(black_box(&link)))
    });
}

/// The CIDRs 10.0.0.0/32, 10.0.0.1/32, ... (`n` of them, all distinct).
fn host_cidrs(n: usize) -> impl Iterator<Item = String> {
    (0..n).map(|i| {
        format!(
            "10.{}.{}.{}/32",
            (i >> 16) & 0xff,
            (i >> 8) & 0xff,
            i & 0xff
        )
    })
}

/// `check` on a values file (what the CLI's CI gate runs): parse, infer the context,
/// lint, and write the values back.
fn check_values(input: &CheckInput) -> usize {
    let r = check(input);
    assert!(r.error.is_none(), "{:?}", r.error);
    r.findings.len()
}

/// One field with 200,000 CIDRs: a cluster's endpoint CIDRs, and a values file's
/// `except` list (written as one flow list to stay under the 4 MiB file limit).
fn huge_cidr_field(c: &mut Criterion) {
    const N: usize = 200_000;
    let env = Environment {
        clusters: vec![Cluster::InCluster {
            name: "big".into(),
            cidrs: CidrList::from_entries(host_cidrs(N)),
            port: "443".into(),
        }],
        ..Environment::default()
    };
    let mut except = String::from(
        "networkPolicy:\n  enabled: true\n  egress:\n    extra:\n      - ports: [{protocol: TCP, port: 443}]\n        to:\n          - ipBlock:\n              cidr: 10.0.0.0/8\n              except: [",
    );
    except.push_str(&host_cidrs(N).collect::<Vec<_>>().join(", "));
    except.push_str("]\n");
    let except = CheckInput {
        text: except,
        ..CheckInput::default()
    };
    let mut group = c.benchmark_group("one-field");
    group.sample_size(10);
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("analyze/200k-cluster-cidrs", |b| {
        b.iter(|| analyze(black_box(&env)))
    });
    group.bench_function("check/200k-except", |b| {
        b.iter(|| check_values(black_box(&except)))
    });
    group.finish();
}

/// `rule-redundant` at its limit: every rule to 0.0.0.0/0, each on its own port, so
/// every rule is a candidate by its peer and only the port index narrows them down.
fn redundancy_at_the_limit(c: &mut Criterion) {
    let mut text = String::from("networkPolicy:\n  enabled: true\n  egress:\n    extra:\n");
    for i in 0..MAX_REDUNDANCY_RULES {
        text.push_str(&format!(
            "      - to: [{{ipBlock: {{cidr: 0.0.0.0/0}}}}]\n        ports: [{{protocol: TCP, port: {}}}]\n",
            1 + i
        ));
    }
    let text = CheckInput {
        text,
        ..CheckInput::default()
    };
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    group.bench_function("redundancy-at-the-limit", |b| {
        b.iter(|| check_values(black_box(&text)))
    });
    group.finish();
}

/// An `ip-ranges.json` of about `bytes` bytes in AWS's published schema and layout:
/// four IPv4 entries to one IPv6 entry, over a dozen regions and five services.
fn aws_ranges_file(bytes: usize) -> String {
    const REGIONS: [&str; 12] = [
        "us-east-1",
        "us-east-2",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "eu-north-1",
        "ap-south-1",
        "ap-southeast-2",
        "ap-northeast-1",
        "sa-east-1",
        "ca-central-1",
        "GLOBAL",
    ];
    const SERVICES: [&str; 5] = ["AMAZON", "EC2", "S3", "CLOUDFRONT", "ROUTE53"];
    let mut v4 = Vec::new();
    let mut v6 = Vec::new();
    let mut size = 0;
    let mut i: usize = 0;
    while size < bytes {
        let region = REGIONS[i % REGIONS.len()];
        let service = SERVICES[(i / REGIONS.len()) % SERVICES.len()];
        let entry = if i % 5 == 4 {
            format!(
                "    {{\n      \"ipv6_prefix\": \"2600:{:x}:{:x}::/48\",\n      \"region\": \"{region}\",\n      \"service\": \"{service}\",\n      \"network_border_group\": \"{region}\"\n    }}",
                0x1f00 + (i >> 16),
                i & 0xffff
            )
        } else {
            format!(
                "    {{\n      \"ip_prefix\": \"{}.{}.{}.0/{}\",\n      \"region\": \"{region}\",\n      \"service\": \"{service}\",\n      \"network_border_group\": \"{region}\"\n    }}",
                3 + (i >> 16) % 50,
                (i >> 8) & 0xff,
                i & 0xff,
                22 + i % 3
            )
        };
        size += entry.len() + 2;
        if i % 5 == 4 {
            v6.push(entry)
        } else {
            v4.push(entry)
        }
        i += 1;
    }
    format!(
        "{{\n  \"syncToken\": \"1764547200\",\n  \"createDate\": \"2026-12-01-00-00-00\",\n  \"prefixes\": [\n{}\n  ],\n  \"ipv6_prefixes\": [\n{}\n  ]\n}}\n",
        v4.join(",\n"),
        v6.join(",\n")
    )
}

/// Reading a 2 MB `ip-ranges.json` and aggregating one region's AMAZON prefixes (what
/// the app does when a file is dropped on a CIDR field).
fn ranges_parse_2mb(c: &mut Criterion) {
    let text = aws_ranges_file(2_000_000);
    let mut group = c.benchmark_group("ranges");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse-2mb", |b| {
        b.iter(|| read_aws(black_box(&text)).map(|r| r.prefixes.len()))
    });
    group.bench_function("parse-and-aggregate-2mb", |b| {
        b.iter(|| {
            let r = read_aws(black_box(&text)).expect("the generated file reads");
            r.select(&["eu-west-1"], &["AMAZON"]).map(|s| s.nets.len())
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    ranges_parse_2mb,
    rules,
    issuer_cidrs,
    diagram_500_cidrs_50_rules,
    import_megabyte,
    share_link,
    huge_cidr_field,
    redundancy_at_the_limit
);
criterion_main!(benches);
