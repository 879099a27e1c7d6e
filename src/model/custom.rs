//! The rules the operator writes by hand (`custom`): direction, peers and ports.
//! Split from `model.rs` by area, as one of the Environment's larger parts.

use serde::{Deserialize, Serialize};

use super::{CidrList, Label, PortText};

/// The direction of a custom rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// An `ingress.extra` rule.
    Ingress,
    /// An `egress.extra` rule.
    #[default]
    Egress,
}

/// A rule the operator writes by hand.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomRule {
    /// `ingress.extra` or `egress.extra`.
    pub direction: Direction,
    /// Why the rule exists; becomes its comment.
    pub note: String,
    /// The peers (`from` / `to`); none means every peer.
    pub peers: Vec<CustomPeer>,
    /// The ports; none means every port.
    pub ports: Vec<CustomPort>,
}

/// One peer of a custom rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum CustomPeer {
    /// An `ipBlock`.
    IpBlock {
        /// The block.
        cidr: String,
        /// Sub-ranges to leave out.
        #[serde(default)]
        except: CidrList,
    },
    /// A namespace and/or pod selector (they AND when both are set).
    Selector {
        /// `namespaceSelector.matchLabels`; `None` leaves the selector out (same namespace).
        #[serde(default)]
        namespace_labels: Option<Vec<Label>>,
        /// `podSelector.matchLabels`; `None` leaves the selector out.
        #[serde(default)]
        pod_labels: Option<Vec<Label>>,
    },
}

/// One port of a custom rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomPort {
    /// `TCP`, `UDP` or `SCTP`.
    pub protocol: String,
    /// A number or a port name; empty means every port of the protocol.
    pub port: PortText,
    /// The end of a range; empty for a single port.
    pub end_port: PortText,
}

impl Default for CustomPort {
    fn default() -> Self {
        Self {
            protocol: "TCP".into(),
            port: PortText::from(443),
            end_port: PortText::default(),
        }
    }
}
