//! Field paths: how findings point at the form control they concern.
//!
//! A [`FieldPath`] names an Environment field the way the builder reports it
//! (`clusters[1].cidrs`, `custom[0].ports[2].endPort`, `release.name`). The form builds
//! the path of each control with [`FieldPath::key`] and [`FieldPath::at`] and gives the
//! control the DOM id [`FieldPath::dom_id`], so a finding can scroll to and focus it and
//! its inline message lands under the right control.

use std::fmt;

/// The path of an Environment field: keys joined by `.`, list indexes in `[]`.
///
/// ```
/// use periscope_netpol::fields::FieldPath;
/// let peer = FieldPath::key_of("custom").at(0).key("peers").at(2);
/// assert_eq!(peer.key("cidr").as_str(), "custom[0].peers[2].cidr");
/// assert_eq!(peer.key("cidr").dom_id(), "f-custom-0-peers-2-cidr");
/// assert_eq!(FieldPath::from("custom[0].peers[2].cidr").parent(), Some(peer));
/// assert_eq!(FieldPath::from("release").parent(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FieldPath(String);

impl FieldPath {
    /// The path of a top-level field (`release`, `clusters`).
    pub fn key_of(key: &str) -> Self {
        FieldPath(key.to_owned())
    }

    /// The path of field `key` inside this one (`release` -> `release.name`).
    pub fn key(&self, key: &str) -> Self {
        let mut p = self.0.clone();
        if !p.is_empty() {
            p.push('.');
        }
        p.push_str(key);
        FieldPath(p)
    }

    /// The path of entry `i` of this list (`clusters` -> `clusters[1]`).
    pub fn at(&self, i: usize) -> Self {
        use fmt::Write;
        let mut p = self.0.clone();
        // Writing to a String cannot fail.
        let _ = write!(p, "[{i}]");
        FieldPath(p)
    }

    /// The path as the builder writes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path without its last segment, or `None` for a top-level field.
    pub fn parent(&self) -> Option<FieldPath> {
        match self.0.rfind(['.', '[']) {
            Some(i) if i > 0 => self.0.get(..i).map(FieldPath::from),
            _ => None,
        }
    }

    /// This path, then each of its ancestors up to the top-level field.
    pub fn ancestors(&self) -> impl Iterator<Item = FieldPath> {
        std::iter::successors(Some(self.clone()), FieldPath::parent)
    }

    /// The DOM id of the control for this path: `f-` and the path's letters and digits,
    /// every other run of characters as one `-`.
    ///
    /// ```
    /// use periscope_netpol::fields::FieldPath;
    /// assert_eq!(FieldPath::from("clusters[1].cidrs").dom_id(), "f-clusters-1-cidrs");
    /// assert_eq!(FieldPath::key_of("release").key("name").dom_id(), "f-release-name");
    /// ```
    pub fn dom_id(&self) -> String {
        let mut id = String::from("f-");
        let mut dash = false;
        for c in self.0.chars() {
            if c.is_ascii_alphanumeric() {
                id.push(c);
                dash = false;
            } else if !dash {
                id.push('-');
                dash = true;
            }
        }
        while id.ends_with('-') {
            id.pop();
        }
        id
    }
}

impl From<&str> for FieldPath {
    /// Reads a path as a finding carries it.
    fn from(path: &str) -> Self {
        FieldPath(path.to_owned())
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_paths_are_the_builders_spelling() {
        let custom = FieldPath::key_of("custom").at(0);
        for (path, text, id) in [
            (custom.key("note"), "custom[0].note", "f-custom-0-note"),
            (
                custom.key("ports").at(2).key("endPort"),
                "custom[0].ports[2].endPort",
                "f-custom-0-ports-2-endPort",
            ),
            (
                FieldPath::key_of("idp").key("podLabels").at(1).key("key"),
                "idp.podLabels[1].key",
                "f-idp-podLabels-1-key",
            ),
            (FieldPath::key_of("enabled"), "enabled", "f-enabled"),
        ] {
            assert_eq!(path.as_str(), text);
            assert_eq!(path, FieldPath::from(text));
            assert_eq!(path.dom_id(), id);
        }
    }

    #[test]
    fn ancestors_walk_up() {
        let up: Vec<String> = FieldPath::from("custom[0].peers[2].cidr")
            .ancestors()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            up,
            [
                "custom[0].peers[2].cidr",
                "custom[0].peers[2]",
                "custom[0].peers",
                "custom[0]",
                "custom"
            ]
        );
        assert_eq!(FieldPath::from("").parent(), None);
    }
}
