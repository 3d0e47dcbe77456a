//! `GET /api/salesforce/status`: can this intranet user search Salesforce, what may widgets
//! search, and how does each object look to this person. One answer serves every widget of a
//! page, so it carries what all of them need before the first search.

/// The status answer.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Status {
    /// An administrator saved the Connected App's settings.
    pub configured: bool,
    /// This user's Salesforce connection can be used.
    pub connected: bool,
    /// Why the user has to sign in to Salesforce again (see [`crate::codes`]), if they do.
    pub reauth_reason: Option<String>,
    /// The Salesforce user's name, when connected.
    pub salesforce_user: Option<String>,
    pub is_admin: bool,
    /// The objects widgets may search, in the order results are grouped (empty until
    /// configured).
    pub objects: Vec<WidgetObject>,
}

/// One object widgets may search, as this person sees it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WidgetObject {
    /// The name widgets use for it: the lowercase API name (`contact`, `project__c`).
    pub object: String,
    /// Salesforce's plural label, in the Salesforce user's language once they are connected
    /// (`Contacts`, `Kontakte`); before, as the administrator's save (or the preset) wrote it.
    pub label: String,
    /// The Lightning theme colour (`#A094ED`), when the org has one for the object.
    pub color: Option<String>,
    /// Where the object's icon from its theme is ([`crate::paths::ICONS`] and the object's
    /// name, or the full URL once the widget read it), when the org has one and the person is
    /// connected. Drawn over the badge's letter, which stays if the image fails.
    #[cfg_attr(feature = "serde", serde(default))]
    pub icon: Option<String>,
    /// The fields people may narrow this object's results by, with the labels the
    /// administrator's save read (`filter.{object}.{field}` of the search).
    #[cfg_attr(feature = "serde", serde(default))]
    pub filters: Vec<crate::objects::FilterField>,
}

/// Whether `color` is a theme colour as the status gives it: `#` and six hex digits (so it is
/// safe in a style attribute).
pub fn is_color(color: &str) -> bool {
    // No string slicing: the widget would link the panic's formatting machinery for it.
    color.strip_prefix('#').is_some_and(|hex| hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_six_hex_digits() {
        assert!(is_color("#A094ed"));
        for bad in ["A094ED", "#A094E", "#A094EDD", "#A094EG", "#12345;", "red"] {
            assert!(!is_color(bad), "{bad}");
        }
    }
}
