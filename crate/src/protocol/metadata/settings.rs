//! `GET /metadata/types/settings.json` and `GET /metadata/keys/settings.json` (§5.1).

use serde::{Deserialize, Serialize};

use super::error::MetadataError;
use super::response::typed_body;
use crate::protocol::http::{Method, Request, Response};

/// A content format version: v4 (cleartext metadata) or v5 (encrypted metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionChoice {
    /// `"v4"`
    V4,
    /// `"v5"`
    V5,
}

/// The organisation's metadata types settings. Fields the server leaves out take its own
/// defaults (`MetadataTypesSettingsGetService::defaultV4Settings`: v4 only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetadataTypesSettings {
    /// Format of new resources.
    pub default_resource_types: VersionChoice,
    /// Format of new folders.
    pub default_folder_type: VersionChoice,
    /// Format of new tags.
    pub default_tag_type: VersionChoice,
    /// Format of new comments.
    pub default_comment_type: VersionChoice,
    /// v5 resources may be created.
    pub allow_creation_of_v5_resources: bool,
    /// v5 folders may be created.
    pub allow_creation_of_v5_folders: bool,
    /// v5 tags may be created.
    pub allow_creation_of_v5_tags: bool,
    /// v5 comments may be created.
    pub allow_creation_of_v5_comments: bool,
    /// v4 resources may be created.
    pub allow_creation_of_v4_resources: bool,
    /// v4 folders may be created.
    pub allow_creation_of_v4_folders: bool,
    /// v4 tags may be created.
    pub allow_creation_of_v4_tags: bool,
    /// v4 comments may be created.
    pub allow_creation_of_v4_comments: bool,
    /// v5 content may be turned back into v4.
    pub allow_v5_v4_downgrade: bool,
    /// v4 content may be upgraded to v5.
    pub allow_v4_v5_upgrade: bool,
}

impl Default for MetadataTypesSettings {
    fn default() -> Self {
        MetadataTypesSettings {
            default_resource_types: VersionChoice::V4,
            default_folder_type: VersionChoice::V4,
            default_tag_type: VersionChoice::V4,
            default_comment_type: VersionChoice::V4,
            allow_creation_of_v5_resources: false,
            allow_creation_of_v5_folders: false,
            allow_creation_of_v5_tags: false,
            allow_creation_of_v5_comments: false,
            allow_creation_of_v4_resources: true,
            allow_creation_of_v4_folders: true,
            allow_creation_of_v4_tags: true,
            allow_creation_of_v4_comments: true,
            allow_v5_v4_downgrade: false,
            allow_v4_v5_upgrade: false,
        }
    }
}

/// The organisation's metadata keys settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataKeysSettings {
    /// Personal resources may keep their metadata encrypted for the owner's own key.
    pub allow_usage_of_personal_keys: bool,
    /// The server holds no copy of the metadata private key (an administrator shares it).
    pub zero_knowledge_key_share: bool,
}

pub use crate::protocol::resources::MetadataKeyType;

/// The key new metadata is encrypted for, as the extension decides it (§5.3): the user's own
/// key only for a personal resource when personal keys are allowed, else the shared key.
pub fn metadata_key_type_for(personal: bool, settings: &MetadataKeysSettings) -> MetadataKeyType {
    if personal && settings.allow_usage_of_personal_keys {
        MetadataKeyType::UserKey
    } else {
        MetadataKeyType::SharedKey
    }
}

/// `GET /metadata/types/settings.json`.
pub fn types_settings_request() -> Request {
    Request::new(Method::Get, "/metadata/types/settings.json")
}

/// Reads the answer to [`types_settings_request`].
///
/// Errors: [`MetadataError::Envelope`], [`MetadataError::Server`],
/// [`MetadataError::UnexpectedBody`].
pub fn parse_types_settings(response: &Response) -> Result<MetadataTypesSettings, MetadataError> {
    typed_body(response, "metadata types settings")
}

/// `GET /metadata/keys/settings.json`.
pub fn keys_settings_request() -> Request {
    Request::new(Method::Get, "/metadata/keys/settings.json")
}

/// Reads the answer to [`keys_settings_request`].
///
/// Errors: as [`parse_types_settings`].
pub fn parse_keys_settings(response: &Response) -> Result<MetadataKeysSettings, MetadataError> {
    typed_body(response, "metadata keys settings")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> Response {
        Response {
            status: 200,
            headers: Vec::new(),
            body: format!(
                r#"{{"header":{{"status":"success","servertime":1,"message":"ok","code":200}},"body":{body}}}"#
            ),
        }
    }

    #[test]
    fn missing_type_settings_take_the_server_defaults() {
        let parsed = parse_types_settings(&ok(r#"{"default_resource_types":"v5"}"#)).unwrap();
        assert_eq!(parsed.default_resource_types, VersionChoice::V5);
        assert!(parsed.allow_creation_of_v4_resources);
        assert!(!parsed.allow_creation_of_v5_resources);
    }

    #[test]
    fn unknown_version_is_an_unexpected_body() {
        assert_eq!(
            parse_types_settings(&ok(r#"{"default_resource_types":"v6"}"#)),
            Err(MetadataError::UnexpectedBody {
                what: "metadata types settings"
            })
        );
    }

    #[test]
    fn personal_keys_only_for_personal_resources_when_allowed() {
        let allowed = MetadataKeysSettings {
            allow_usage_of_personal_keys: true,
            zero_knowledge_key_share: false,
        };
        let refused = MetadataKeysSettings {
            allow_usage_of_personal_keys: false,
            ..allowed
        };
        assert_eq!(
            metadata_key_type_for(true, &allowed),
            MetadataKeyType::UserKey
        );
        assert_eq!(
            metadata_key_type_for(false, &allowed),
            MetadataKeyType::SharedKey
        );
        assert_eq!(
            metadata_key_type_for(true, &refused),
            MetadataKeyType::SharedKey
        );
    }
}
