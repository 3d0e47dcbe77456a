//! REST API versions the demo org answers, and their release names.

/// Oldest and newest version served (Winter '24 to Spring '26); v62.0 is the product's default.
pub const OLDEST: u32 = 59;
pub const NEWEST: u32 = 66;

/// One entry of `GET /services/data/`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VersionInfo {
    pub label: String,
    pub url: String,
    pub version: String,
}

/// Salesforce ships three releases a year; v59.0 was Winter '24.
pub fn release_label(major: u32) -> String {
    let offset = major as i64 - 59;
    let season = ["Winter", "Spring", "Summer"][offset.rem_euclid(3) as usize];
    let year = 24 + offset.div_euclid(3);
    format!("{season} '{year:02}")
}

/// All served versions, oldest first (Salesforce's order).
pub fn all() -> Vec<VersionInfo> {
    (OLDEST..=NEWEST)
        .map(|major| VersionInfo {
            label: release_label(major),
            url: format!("/services/data/v{major}.0"),
            version: format!("{major}.0"),
        })
        .collect()
}

/// Parses a path segment like `v62.0` into a served major version.
pub fn parse_segment(segment: &str) -> Option<u32> {
    let major = segment.strip_prefix('v')?.strip_suffix(".0")?.parse().ok()?;
    (OLDEST..=NEWEST).contains(&major).then_some(major)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_salesforce_release_names() {
        assert_eq!(release_label(59), "Winter '24");
        assert_eq!(release_label(61), "Summer '24");
        assert_eq!(release_label(62), "Winter '25");
        assert_eq!(release_label(66), "Spring '26");
        assert_eq!(release_label(31), "Summer '14");
    }

    #[test]
    fn segments_outside_the_served_range_are_refused() {
        assert_eq!(parse_segment("v62.0"), Some(62));
        assert_eq!(parse_segment("v36.0"), None);
        assert_eq!(parse_segment("62.0"), None);
        assert_eq!(parse_segment("v62"), None);
    }
}
