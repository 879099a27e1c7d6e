//! AWS's `ip-ranges.json`: every prefix with its region and service, filtered and
//! aggregated on demand.

use std::collections::BTreeSet;

use ipnet::IpNet;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

use super::{looks_like, parse, within_limit, Publisher, RangesError, Selection};
use crate::cidr::parse_exact;

/// AWS's `ip-ranges.json`, as published.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AwsFile {
    sync_token: String,
    create_date: String,
    prefixes: Vec<AwsPrefix>,
    #[serde(default, rename = "ipv6_prefixes")]
    ipv6_prefixes: Vec<AwsPrefix>,
}

/// One entry of `prefixes` or `ipv6_prefixes`.
#[derive(Debug, Deserialize)]
struct AwsPrefix {
    #[serde(alias = "ipv6_prefix", deserialize_with = "text")]
    ip_prefix: String,
    region: String,
    service: String,
    #[serde(default)]
    network_border_group: String,
}

/// One published prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix {
    /// The network.
    pub net: IpNet,
    /// The AWS region, or `GLOBAL`.
    pub region: String,
    /// The service subset (`AMAZON`, `EC2`, ...).
    pub service: String,
    /// The network border group.
    pub border_group: String,
}

/// A read `ip-ranges.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsRanges {
    /// `syncToken`: the publication time, Unix epoch seconds.
    pub sync_token: String,
    /// `createDate`: `yyyy-mm-dd-hh-mm-ss`, UTC.
    pub create_date: String,
    /// Every IPv4 and IPv6 prefix.
    pub prefixes: Vec<Prefix>,
}

/// Reads AWS's `ip-ranges.json`.
///
/// ```
/// use periscope_netpol::ranges::read_aws;
/// let r = read_aws(r#"{"syncToken":"1","createDate":"2026-12-01-00-00-00","prefixes":[
///   {"ip_prefix":"3.5.0.0/19","region":"eu-west-1","service":"AMAZON","network_border_group":"eu-west-1"}]}"#).unwrap();
/// assert_eq!(r.prefixes[0].net.to_string(), "3.5.0.0/19");
/// let err = read_aws(r#"{"syncToken":"1"}"#).unwrap_err();
/// assert!(err.to_string().starts_with("not an AWS ip-ranges.json file: missing field `createDate`"), "{err}");
/// ```
pub fn read_aws(text: &str) -> Result<AwsRanges, RangesError> {
    within_limit(text)?;
    let file: AwsFile = parse(text).map_err(|m| match looks_like(text) {
        Some(Publisher::Okta) => RangesError::OtherPublisher {
            found: Publisher::Okta,
        },
        _ => RangesError::Shape(m),
    })?;
    let prefixes = file
        .prefixes
        .into_iter()
        .chain(file.ipv6_prefixes)
        .map(|p| {
            let net = parse_exact(&p.ip_prefix).map_err(|e| RangesError::Prefix {
                prefix: p.ip_prefix.clone(),
                reason: e.to_string(),
            })?;
            Ok(Prefix {
                net: net.trunc(),
                region: p.region,
                service: p.service,
                border_group: p.network_border_group,
            })
        })
        .collect::<Result<Vec<_>, RangesError>>()?;
    Ok(AwsRanges {
        sync_token: file.sync_token,
        create_date: file.create_date,
        prefixes,
    })
}

impl AwsRanges {
    /// The prefixes whose region is one of `regions` and whose service is one of
    /// `services` (both compared without case), aggregated.
    ///
    /// ```
    /// use periscope_netpol::ranges::read_aws;
    /// let r = read_aws(r#"{"syncToken":"1","createDate":"d","prefixes":[
    ///   {"ip_prefix":"10.0.0.0/25","region":"eu-west-1","service":"AMAZON"},
    ///   {"ip_prefix":"10.0.0.128/25","region":"eu-west-1","service":"AMAZON"},
    ///   {"ip_prefix":"10.9.0.0/16","region":"us-east-1","service":"AMAZON"}]}"#).unwrap();
    /// let s = r.select(&["eu-west-1"], &["amazon"]).unwrap();
    /// assert_eq!((s.matched, s.nets.len()), (2, 1));
    /// assert_eq!(s.nets[0].to_string(), "10.0.0.0/24");
    /// assert!(r.select(&["ap-south-2"], &["AMAZON"]).is_err());
    /// ```
    pub fn select(&self, regions: &[&str], services: &[&str]) -> Result<Selection, RangesError> {
        let wanted = |have: &str, list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(have));
        let nets: Vec<IpNet> = self
            .prefixes
            .iter()
            .filter(|p| wanted(&p.region, regions) && wanted(&p.service, services))
            .map(|p| p.net)
            .collect();
        if nets.is_empty() {
            return Err(RangesError::NoMatch {
                regions: regions.iter().map(|s| (*s).to_owned()).collect(),
                services: services.iter().map(|s| (*s).to_owned()).collect(),
            });
        }
        Ok(Selection::of(nets))
    }

    /// Every region of the file, sorted, once each (for a picker).
    pub fn regions(&self) -> Vec<&str> {
        unique(self.prefixes.iter().map(|p| p.region.as_str()))
    }

    /// Every service of the file, sorted, once each (for a picker).
    pub fn services(&self) -> Vec<&str> {
        unique(self.prefixes.iter().map(|p| p.service.as_str()))
    }
}

fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    items.collect::<BTreeSet<_>>().into_iter().collect()
}

/// A prefix as text: AWS writes strings; a number (a hand-edited file) is kept as its
/// text so the message names it.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Text;
    impl Visitor<'_> for Text {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a CIDR string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(Text)
}
