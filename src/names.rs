//! Kubernetes and Helm naming rules: label keys and values, port names, namespaces and
//! release names, as the API server (and `helm install`) check them.

use std::fmt;

/// What kind of name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A label key (`prefix/name`).
    LabelKey,
    /// A label value.
    LabelValue,
    /// A named port (IANA service name).
    PortName,
    /// A namespace name (DNS-1123 label).
    Namespace,
    /// A Helm release name.
    ReleaseName,
}

impl NameKind {
    fn noun(self) -> &'static str {
        match self {
            NameKind::LabelKey => "label key",
            NameKind::LabelValue => "label value",
            NameKind::PortName => "port name",
            NameKind::Namespace => "namespace",
            NameKind::ReleaseName => "release name",
        }
    }
}

/// A name the API server (or Helm) would refuse, with the input and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NameError {
    /// What the name was for.
    pub kind: NameKind,
    /// The name as given.
    pub input: String,
    /// The rule it breaks, lowercase, no trailing period.
    pub reason: &'static str,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} '{}': {}",
            self.kind.noun(),
            self.input,
            self.reason
        )
    }
}

impl std::error::Error for NameError {}

fn err(kind: NameKind, input: &str, reason: &'static str) -> NameError {
    NameError {
        kind,
        input: input.to_owned(),
        reason,
    }
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// A DNS-1123 label: lowercase alphanumerics and `-`, alphanumeric at both ends.
fn dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && b.first().is_some_and(|&c| c != b'-')
        && b.last().is_some_and(|&c| c != b'-')
}

/// A DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters.
fn dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(dns1123_label)
}

/// The "qualified name" part of a label key or a label value: alphanumeric at both ends,
/// `-`, `_`, `.` inside.
fn qualified_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|&c| is_alnum(c) || c == b'-' || c == b'_' || c == b'.')
        && b.first().is_some_and(|&c| is_alnum(c))
        && b.last().is_some_and(|&c| is_alnum(c))
}

/// Checks a label key: optional DNS-subdomain prefix and `/`, then a name of at most 63.
///
/// ```
/// use periscope_netpol::names::label_key;
/// assert!(label_key("kubernetes.io/metadata.name").is_ok());
/// assert_eq!(
///     label_key("Example.com/abc").unwrap_err().to_string(),
///     "invalid label key 'Example.com/abc': the prefix before '/' must be a lowercase DNS subdomain (a-z, 0-9, '-', '.')"
/// );
/// ```
pub fn label_key(key: &str) -> Result<(), NameError> {
    let k = NameKind::LabelKey;
    let (prefix, name) = match key.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if key.is_empty() {
        return Err(err(k, key, "a label key must not be empty"));
    }
    if let Some(p) = prefix {
        if p.is_empty() {
            return Err(err(k, key, "the prefix before '/' must not be empty"));
        }
        if !dns1123_subdomain(p) {
            return Err(err(
                k,
                key,
                "the prefix before '/' must be a lowercase DNS subdomain (a-z, 0-9, '-', '.')",
            ));
        }
    }
    if name.is_empty() {
        return Err(err(k, key, "the name after the prefix must not be empty"));
    }
    if name.len() > 63 {
        return Err(err(k, key, "the name part must be at most 63 characters"));
    }
    if !qualified_part(name) {
        return Err(err(
            k,
            key,
            "the name must start and end with a letter or digit, with only '-', '_', '.' between",
        ));
    }
    Ok(())
}

/// Checks a label value: empty, or at most 63 characters of the qualified-name shape.
///
/// ```
/// use periscope_netpol::names::label_value;
/// assert!(label_value("").is_ok());
/// assert!(label_value("ingress-nginx").is_ok());
/// assert!(label_value("-x").is_err());
/// ```
pub fn label_value(value: &str) -> Result<(), NameError> {
    let k = NameKind::LabelValue;
    if value.is_empty() {
        return Ok(());
    }
    if value.len() > 63 {
        return Err(err(k, value, "a label value must be at most 63 characters"));
    }
    if !qualified_part(value) {
        return Err(err(
            k,
            value,
            "a label value must start and end with a letter or digit, with only '-', '_', '.' between",
        ));
    }
    Ok(())
}

/// Checks a named port (an IANA service name).
///
/// ```
/// use periscope_netpol::names::port_name;
/// assert!(port_name("https").is_ok());
/// assert!(port_name("web--ui").is_err());
/// ```
pub fn port_name(name: &str) -> Result<(), NameError> {
    let k = NameKind::PortName;
    let b = name.as_bytes();
    if b.is_empty() {
        return Err(err(k, name, "a port name must not be empty"));
    }
    if b.len() > 15 {
        return Err(err(k, name, "a port name must be at most 15 characters"));
    }
    if !b
        .iter()
        .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        return Err(err(
            k,
            name,
            "a port name may only contain lowercase letters, digits and '-'",
        ));
    }
    if !b.iter().any(|c| c.is_ascii_lowercase()) {
        return Err(err(k, name, "a port name must contain at least one letter"));
    }
    if name.contains("--") {
        return Err(err(k, name, "a port name must not contain '--'"));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(err(k, name, "a port name must not start or end with '-'"));
    }
    Ok(())
}

/// Checks a namespace name (a DNS-1123 label of at most 63 characters).
///
/// ```
/// use periscope_netpol::names::namespace;
/// assert!(namespace("ingress-nginx").is_ok());
/// assert!(namespace("Ingress").is_err());
/// ```
pub fn namespace(name: &str) -> Result<(), NameError> {
    let k = NameKind::Namespace;
    if name.is_empty() {
        return Err(err(k, name, "a namespace must not be empty"));
    }
    if name.len() > 63 {
        return Err(err(k, name, "a namespace must be at most 63 characters"));
    }
    if !dns1123_label(name) {
        return Err(err(
            k,
            name,
            "a namespace may only contain lowercase letters, digits and '-', and must start and end with a letter or digit",
        ));
    }
    Ok(())
}

/// Checks a Helm release name (a DNS-1123 subdomain of at most 53 characters).
///
/// ```
/// use periscope_netpol::names::release_name;
/// assert!(release_name("prod").is_ok());
/// assert!(release_name("Prod").is_err());
/// ```
pub fn release_name(name: &str) -> Result<(), NameError> {
    let k = NameKind::ReleaseName;
    if name.is_empty() {
        return Err(err(k, name, "a release name must not be empty"));
    }
    if name.len() > 53 {
        return Err(err(k, name, "helm limits release names to 53 characters"));
    }
    if !dns1123_subdomain(name) {
        return Err(err(
            k,
            name,
            "a release name may only contain lowercase letters, digits, '-' and '.', and must start and end with a letter or digit",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_keys() {
        let long63 = "a".repeat(63);
        let long64 = "a".repeat(64);
        let ok = [
            "app",
            "kubernetes.io/metadata.name",
            "app.kubernetes.io/name",
            "A_b.C-d",
            long63.as_str(),
            "x/Y",
        ];
        let bad = [
            "",
            "Example.com/abc",
            "/abc",
            "example.com/",
            "-app",
            "app-",
            "a b",
            long64.as_str(),
            "a/b/c",
            "exa_mple.com/x",
        ];
        for k in ok {
            assert!(label_key(k).is_ok(), "{k}");
        }
        for k in bad {
            let e = label_key(k).expect_err(k);
            assert!(e.to_string().contains(&format!("'{k}'")));
        }
    }

    #[test]
    fn label_values() {
        let long = "v".repeat(64);
        for v in ["", "x", "ingress-nginx", "A.b_c-1", "1"] {
            assert!(label_value(v).is_ok(), "{v}");
        }
        for v in ["-x", "x-", "a b", "a/b", long.as_str(), "_x"] {
            assert!(label_value(v).is_err(), "{v}");
        }
    }

    #[test]
    fn port_names() {
        for p in ["http", "https", "tunnel", "a1", "web-ui", "abcdefghijklmno"] {
            assert!(port_name(p).is_ok(), "{p}");
        }
        for p in [
            "",
            "8080",
            "HTTP",
            "web--ui",
            "-web",
            "web-",
            "abcdefghijklmnop",
            "web_ui",
        ] {
            assert!(port_name(p).is_err(), "{p}");
        }
    }

    #[test]
    fn namespaces_and_releases() {
        for n in ["periscope", "ingress-nginx", "a1"] {
            assert!(namespace(n).is_ok(), "{n}");
            assert!(release_name(n).is_ok(), "{n}");
        }
        for n in ["", "Periscope", "-a", "a-", "a_b"] {
            assert!(namespace(n).is_err(), "{n}");
            assert!(release_name(n).is_err(), "{n}");
        }
        assert!(namespace("a.b").is_err());
        assert!(release_name("a.b").is_ok());
        assert!(release_name(&"a".repeat(54)).is_err());
    }
}
