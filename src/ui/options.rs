//! Settings a host page gives the widget as data attributes on its mount element.
//!
//! ```html
//! <div data-periscope-netpol data-preset="eks-okta-explicit" data-share-links="off"
//!      data-theme="dark"></div>
//! ```

use crate::presets;

/// A forced color theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Light, whatever the system says.
    Light,
    /// Dark, whatever the system says.
    Dark,
}

impl Theme {
    /// The `data-theme` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// How the widget was asked to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountOptions {
    /// A preset id to start from (`data-preset`); unknown ids are ignored.
    pub preset: Option<&'static str>,
    /// Whether share links live in the page's URL fragment (`data-share-links`,
    /// default on; `off` leaves the host's fragment alone).
    pub use_hash: bool,
    /// A forced theme (`data-theme`); none follows `prefers-color-scheme`.
    pub theme: Option<Theme>,
}

impl Default for MountOptions {
    fn default() -> Self {
        MountOptions {
            preset: None,
            use_hash: true,
            theme: None,
        }
    }
}

impl MountOptions {
    /// Reads the options from attribute lookups (`attr("data-preset")`, …).
    pub fn from_attrs(attr: impl Fn(&str) -> Option<String>) -> Self {
        let preset = attr("data-preset")
            .and_then(|id| presets::find(id.trim()))
            .map(|p| p.id);
        let use_hash = !matches!(
            attr("data-share-links").as_deref().map(str::trim),
            Some("off" | "false" | "no" | "none")
        );
        let theme = match attr("data-theme").as_deref().map(str::trim) {
            Some("light") => Some(Theme::Light),
            Some("dark") => Some(Theme::Dark),
            _ => None,
        };
        MountOptions {
            preset,
            use_hash,
            theme,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> MountOptions {
        MountOptions::from_attrs(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn attributes_table() {
        assert_eq!(opts(&[]), MountOptions::default());
        assert_eq!(
            opts(&[("data-preset", "regulated-proxy")]).preset,
            Some("regulated-proxy")
        );
        assert_eq!(opts(&[("data-preset", "nope")]).preset, None);
        assert!(!opts(&[("data-share-links", "off")]).use_hash);
        assert!(opts(&[("data-share-links", "on")]).use_hash);
        assert_eq!(opts(&[("data-theme", "dark")]).theme, Some(Theme::Dark));
        assert_eq!(opts(&[("data-theme", "purple")]).theme, None);
    }
}
