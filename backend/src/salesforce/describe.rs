//! What the org says about its own objects: Describe Global, sObject Describe and the User
//! Interface API's object info, read with the caller's session, so labels come in that person's
//! language and fields they may not see (field-level security) are left out by Salesforce itself.

use super::{RestError, SalesforceClient};
use secrecy::SecretString;
use serde::Deserialize;
use widget_contract::objects::{OrgField, OrgObject, OrgObjectDetail};

/// One object of Describe Global.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    name: String,
    label: String,
    label_plural: String,
    #[serde(default)]
    custom: bool,
    #[serde(default)]
    searchable: bool,
    #[serde(default)]
    queryable: bool,
    #[serde(default)]
    deprecated_and_hidden: bool,
}

impl Summary {
    fn into_org_object(self) -> OrgObject {
        OrgObject { name: self.name, label: self.label, label_plural: self.label_plural, custom: self.custom }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DescribedField {
    name: String,
    label: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    name_field: bool,
    #[serde(default)]
    filterable: bool,
    #[serde(default)]
    picklist_values: Vec<PicklistValue>,
    #[serde(default)]
    relationship_name: Option<String>,
    #[serde(default)]
    deprecated_and_hidden: bool,
}

#[derive(Debug, Deserialize)]
struct PicklistValue {
    value: String,
    #[serde(default = "active_by_default")]
    active: bool,
}

fn active_by_default() -> bool {
    true
}

impl SalesforceClient {
    /// The org's objects a widget could search: searchable and queryable, not deprecated, in
    /// the order Salesforce lists them.
    pub async fn searchable_objects(
        &self,
        instance_url: &str,
        api_version: &str,
        access_token: &SecretString,
    ) -> Result<Vec<OrgObject>, RestError> {
        #[derive(Deserialize)]
        struct Global {
            sobjects: Vec<Summary>,
        }
        let url = format!("{instance_url}/services/data/v{api_version}/sobjects/");
        let (global, _): (Global, _) = self.rest_get("describe_global", &url, &[], access_token).await?;
        Ok(global
            .sobjects
            .into_iter()
            .filter(|o| o.searchable && o.queryable && !o.deprecated_and_hidden)
            .map(Summary::into_org_object)
            .collect())
    }

    /// The active values of the picklist `field` of `object` as the session sees them (in the
    /// org's order), or None when the session may not see such a field. One describe call.
    /// `object` must be an object API name (see `widget_contract::objects::is_object_name`).
    pub async fn picklist_values(
        &self,
        instance_url: &str,
        api_version: &str,
        access_token: &SecretString,
        object: &str,
        field: &str,
    ) -> Result<Option<Vec<String>>, RestError> {
        #[derive(Deserialize)]
        struct Described {
            fields: Vec<DescribedField>,
        }
        let url = format!("{instance_url}/services/data/v{api_version}/sobjects/{object}/describe/");
        let (described, _): (Described, _) = self.rest_get("describe_object", &url, &[], access_token).await?;
        Ok(described
            .fields
            .into_iter()
            .find(|f| f.name.eq_ignore_ascii_case(field))
            .map(|f| f.picklist_values.into_iter().filter(|v| v.active).map(|v| v.value).collect()))
    }

    /// One object's fields (those the session may see), name field and theme (colour, icon). `name`
    /// must be an object API name (see `widget_contract::objects::is_object_name`).
    pub async fn describe_object(
        &self,
        instance_url: &str,
        api_version: &str,
        access_token: &SecretString,
        name: &str,
    ) -> Result<OrgObjectDetail, RestError> {
        #[derive(Deserialize)]
        struct Described {
            #[serde(flatten)]
            summary: Summary,
            fields: Vec<DescribedField>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct ObjectInfo {
            theme_info: Option<ThemeInfo>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct ThemeInfo {
            color: Option<String>,
            icon_url: Option<String>,
        }
        let base = format!("{instance_url}/services/data/v{api_version}");
        let describe_url = format!("{base}/sobjects/{name}/describe/");
        let info_url = format!("{base}/ui-api/object-info/{name}");
        let (described, info) = tokio::join!(
            self.rest_get::<Described>("describe_object", &describe_url, &[], access_token),
            self.rest_get::<ObjectInfo>("object_info", &info_url, &[], access_token),
        );
        let (described, _) = described?;
        // The theme is decoration: an object the User Interface API does not support has none.
        let theme = info.ok().and_then(|(info, _)| info.theme_info);
        let (color, icon) = theme.map_or((None, None), |t| (t.color, t.icon_url));
        let color = color
            .filter(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(|c| format!("#{}", c.to_ascii_uppercase()));
        // Salesforce's typings allow a null or empty `iconUrl`: then the badge keeps its letter.
        let icon = icon.as_deref().and_then(super::theme_icons::name_of);
        let name_field = described.fields.iter().find(|f| f.name_field).map(|f| f.name.clone());
        let fields = described
            .fields
            .into_iter()
            .filter(|f| !f.deprecated_and_hidden)
            .map(|f| OrgField {
                values: f.picklist_values.into_iter().filter(|v| v.active).map(|v| v.value).collect(),
                name: f.name,
                label: f.label,
                kind: f.kind,
                filterable: f.filterable,
                relationship: f.relationship_name,
            })
            .collect();
        let searchable = described.summary.searchable && described.summary.queryable;
        Ok(OrgObjectDetail { object: described.summary.into_org_object(), searchable, color, icon, name_field, fields })
    }
}
