//! Published IP ranges turned into CIDR lists: AWS's `ip-ranges.json`, filtered by
//! region and service, and aggregated with ipnet (`IpNet::aggregate`).
//!
//! The file is read with serde (JSON is YAML, so serde_yaml reads it like every input);
//! nothing is fetched.

use std::fmt;

use ipnet::IpNet;
use serde::Deserialize;

use crate::cidr::parse_exact;

/// The largest ranges file read, in bytes: the cap of every input (AWS's whole file is
/// about 2 MB).
pub const MAX_RANGES_BYTES: usize = crate::import::MAX_INPUT_BYTES;

/// Why a ranges file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RangesError {
    /// Larger than [`MAX_RANGES_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
    },
    /// Not JSON of the published shape (a truncated file, another file): the reader's
    /// message, naming the field and the position.
    Shape(String),
    /// A prefix that is not a CIDR: the entry and why.
    Prefix {
        /// The prefix as written.
        prefix: String,
        /// Why it was refused.
        reason: String,
    },
    /// Nothing matches the regions and services asked for.
    NoMatch {
        /// The regions asked for.
        regions: Vec<String>,
        /// The services asked for.
        services: Vec<String>,
    },
}

impl fmt::Display for RangesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangesError::TooLarge { bytes } => write!(
                f,
                "the ranges file is {bytes} bytes; the limit is {MAX_RANGES_BYTES} bytes (AWS's ip-ranges.json is about 2 MB)"
            ),
            RangesError::Shape(m) => write!(f, "not an AWS ip-ranges.json file: {m}"),
            RangesError::Prefix { prefix, reason } => {
                write!(f, "prefix '{prefix}' is not a CIDR: {reason}")
            }
            RangesError::NoMatch { regions, services } => write!(
                f,
                "no prefix has region {} and service {}",
                regions.join(" or "),
                services.join(" or ")
            ),
        }
    }
}

impl std::error::Error for RangesError {}

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
    #[serde(alias = "ipv6_prefix")]
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
    if text.len() > MAX_RANGES_BYTES {
        return Err(RangesError::TooLarge { bytes: text.len() });
    }
    let file: AwsFile =
        serde_yaml::from_str(text).map_err(|e| RangesError::Shape(e.to_string()))?;
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

/// The prefixes of some regions and services, aggregated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The matching prefixes, aggregated (IPv4 first, then IPv6, each sorted).
    pub nets: Vec<IpNet>,
    /// How many prefixes matched before aggregation.
    pub matched: usize,
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
        Ok(Selection {
            matched: nets.len(),
            nets: IpNet::aggregate(&nets),
        })
    }
}
