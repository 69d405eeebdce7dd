//! The demo organisation: who is in it, what they own and share, and the cleartexts.

use passbolt_test_server::ids::uuid5;
use serde_json::{json, Value};

/// A member of the organisation.
pub struct Person {
    pub name: &'static str,
    pub first: &'static str,
    pub last: &'static str,
    pub role: &'static str,
    /// (primary, encryption subkey) in gpg's quick-gen names; None: no key yet (invited).
    pub key: Option<(&'static str, &'static str)>,
    pub active: bool,
    pub deleted: bool,
    pub totp: Option<&'static str>,
    /// The key's `modified` date when not the seed's default.
    pub key_modified: Option<i64>,
}

impl Person {
    pub fn id(&self) -> String {
        uuid5(&format!("user.id.{}", self.name))
    }
    /// Also the key passphrase, as in Passbolt's own demo data.
    pub fn username(&self) -> String {
        format!("{}@passbolt.test", self.name)
    }
}

const fn person(
    name: &'static str,
    first: &'static str,
    last: &'static str,
    role: &'static str,
    key: Option<(&'static str, &'static str)>,
) -> Person {
    Person {
        name,
        first,
        last,
        role,
        key,
        active: true,
        deleted: false,
        totp: None,
        key_modified: None,
    }
}

pub static PEOPLE: [Person; 6] = [
    person(
        "ada",
        "Ada",
        "Lovelace",
        "admin",
        Some(("ed25519", "cv25519")),
    ),
    person(
        "betty",
        "Betty",
        "Holberton",
        "user",
        Some(("rsa3072", "rsa3072")),
    ),
    // Carol's key was modified later than the others (for `filter[modified-after]`).
    Person {
        key_modified: Some(1_772_359_200),
        ..person(
            "carol",
            "Carol",
            "Shaw",
            "user",
            Some(("rsa4096", "rsa4096")),
        )
    },
    Person {
        totp: Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
        ..person(
            "dame",
            "Dame Stephanie",
            "Shirley",
            "user",
            Some(("ed25519", "cv25519")),
        )
    },
    // Invited, setup not complete: no key yet.
    Person {
        active: false,
        ..person("edith", "Edith", "Clarke", "user", None)
    },
    // Deleted user with a deleted key (for `filter[is-deleted]`).
    Person {
        deleted: true,
        key_modified: Some(1_769_940_000),
        ..person(
            "frances",
            "Frances",
            "Allen",
            "user",
            Some(("ed25519", "cv25519")),
        )
    },
];

/// Members of the group "Accounting" and whether they manage it.
pub const GROUP_MEMBERS: [(&str, bool); 2] = [("ada", true), ("betty", false)];

/// Users who start with a session-key bundle (dame and carol have none: they POST their first).
pub const BUNDLE_OWNERS: [&str; 2] = ["ada", "betty"];

/// A permission given on a resource besides the owner's.
pub enum Access {
    User(&'static str, u8),
    Group(u8),
}

impl Access {
    pub fn kind(&self) -> u8 {
        match self {
            Access::User(_, k) | Access::Group(k) => *k,
        }
    }
}

/// A seeded resource.
pub struct ResourceDef {
    pub key: &'static str,
    pub name: &'static str,
    pub type_slug: &'static str,
    pub owner: &'static str,
    pub shares: &'static [Access],
    /// v5 metadata encrypted with the owner's key (`user_key`) instead of the shared key.
    pub personal_metadata: bool,
    pub in_folder: bool,
    pub username: Option<&'static str>,
    pub uri: Option<&'static str>,
    pub description: Option<&'static str>,
    pub password: &'static str,
}

const fn res(
    key: &'static str,
    name: &'static str,
    type_slug: &'static str,
    owner: &'static str,
    shares: &'static [Access],
) -> ResourceDef {
    ResourceDef {
        key,
        name,
        type_slug,
        owner,
        shares,
        personal_metadata: false,
        in_folder: false,
        username: None,
        uri: None,
        description: None,
        password: "",
    }
}

pub static RESOURCES: [ResourceDef; 12] = [
    ResourceDef {
        username: Some("ada"),
        uri: Some("https://legacy-string.passbolt.test"),
        description: Some("A v4 password-string: the description is in clear"),
        password: "legacy-string-secret",
        ..res(
            "legacy-password-string",
            "Legacy password string",
            "password-string",
            "ada",
            &[],
        )
    },
    ResourceDef {
        username: Some("ada"),
        uri: Some("https://legacy.passbolt.test"),
        description: Some("Encrypted description of a v4 resource"),
        password: "legacy-and-description-secret",
        ..res(
            "legacy-password-and-description",
            "Legacy password and description",
            "password-and-description",
            "ada",
            &[Access::User("betty", 1)],
        )
    },
    ResourceDef {
        password: "",
        ..res("legacy-totp", "Legacy TOTP", "totp", "betty", &[])
    },
    ResourceDef {
        username: Some("carol"),
        uri: Some("https://legacy-totp.passbolt.test"),
        description: Some("Password, description and TOTP, v4"),
        password: "legacy-totp-secret",
        ..res(
            "legacy-password-description-totp",
            "Legacy password, description and TOTP",
            "password-description-totp",
            "carol",
            &[Access::Group(1)],
        )
    },
    ResourceDef {
        username: Some("ada@passbolt.test"),
        uri: Some("https://shared.passbolt.test"),
        description: Some("Shared with Accounting (update) and Carol (read)"),
        password: "shared-v5-default-secret",
        ..res(
            "shared-v5-default",
            "Shared v5 default",
            "v5-default",
            "ada",
            &[Access::Group(7), Access::User("carol", 1)],
        )
    },
    ResourceDef {
        personal_metadata: true,
        description: Some("Ada's personal note"),
        ..res(
            "personal-v5-note",
            "Personal v5 note",
            "v5-note",
            "ada",
            &[],
        )
    },
    ResourceDef {
        uri: Some("https://totp.passbolt.test"),
        ..res(
            "shared-v5-totp",
            "Shared v5 TOTP",
            "v5-totp-standalone",
            "betty",
            &[Access::User("ada", 1)],
        )
    },
    ResourceDef {
        username: Some("carol"),
        uri: Some("https://with-totp.passbolt.test"),
        password: "shared-v5-with-totp-secret",
        in_folder: true,
        ..res(
            "shared-v5-default-with-totp",
            "Shared v5 default with TOTP",
            "v5-default-with-totp",
            "carol",
            &[Access::User("betty", 7)],
        )
    },
    ResourceDef {
        ..res(
            "shared-v5-custom-fields",
            "Shared v5 custom fields",
            "v5-custom-fields",
            "ada",
            &[Access::User("dame", 1)],
        )
    },
    ResourceDef {
        personal_metadata: true,
        ..res(
            "personal-v5-pin-code",
            "Personal v5 PIN code",
            "v5-pin-code",
            "carol",
            &[],
        )
    },
    ResourceDef {
        username: Some("ada"),
        password: "v5-password-string-secret",
        ..res(
            "shared-v5-password-string",
            "Deprecated v5 password string",
            "v5-password-string",
            "ada",
            &[Access::User("betty", 1)],
        )
    },
    ResourceDef {
        personal_metadata: true,
        username: Some("dame"),
        uri: Some("https://dame.passbolt.test"),
        password: "dame-personal-secret",
        ..res(
            "dame-personal-v5-default",
            "Dame's personal v5 default",
            "v5-default",
            "dame",
            &[],
        )
    },
];

const MEMBERS: [&str; 2] = ["ada", "betty"];

impl ResourceDef {
    /// Every user with access (owner first, groups expanded), without duplicates.
    pub fn readers(&self) -> Vec<&'static str> {
        let mut out = vec![self.owner];
        for a in self.shares {
            let names: Vec<&'static str> = match a {
                Access::User(n, _) => vec![*n],
                Access::Group(_) => MEMBERS.to_vec(),
            };
            for n in names {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// The cleartext metadata: v5 JSON, or the v4 fields for reference.
    pub fn metadata(&self, type_id: &str) -> Value {
        let mut m = json!({
            "object_type": "PASSBOLT_RESOURCE_METADATA",
            "resource_type_id": type_id,
            "name": self.name,
            "username": self.username,
            "uris": self.uri.map(|u| vec![u]).unwrap_or_default(),
            "description": if self.type_slug == "v5-note" { None } else { self.description },
        });
        if self.type_slug == "v5-custom-fields" {
            m["custom_fields"] = json!([{"id": uuid5("custom-field.id.api-key"), "type": "text", "metadata_key": "API key"}]);
        }
        if self.key == "shared-v5-default" {
            m["icon"] =
                json!({"type": "keepass-icon-set", "value": 42, "background_color": "#336699"});
        }
        if !self.type_slug.starts_with("v5-") {
            return json!({"name": self.name, "username": self.username, "uri": self.uri, "description": self.description});
        }
        m
    }

    /// The cleartext secret as the extension serialises it.
    pub fn secret(&self) -> String {
        let totp = json!({"algorithm": "SHA1", "secret_key": "JBSWY3DPEHPK3PXP", "digits": 6, "period": 30});
        let v = match self.type_slug {
            "password-string" | "v5-password-string" => return self.password.to_string(),
            "password-and-description" => {
                json!({"password": self.password, "description": self.description})
            }
            "totp" => json!({"totp": totp}),
            "password-description-totp" => {
                json!({"password": self.password, "description": self.description, "totp": totp})
            }
            "v5-default" => {
                json!({"object_type": "PASSBOLT_SECRET_DATA", "password": self.password, "description": "secret notes"})
            }
            "v5-totp-standalone" => json!({"object_type": "PASSBOLT_SECRET_DATA", "totp": totp}),
            "v5-default-with-totp" => {
                json!({"object_type": "PASSBOLT_SECRET_DATA", "password": self.password, "description": null, "totp": totp})
            }
            "v5-custom-fields" => {
                json!({"object_type": "PASSBOLT_SECRET_DATA", "custom_fields": [{"id": uuid5("custom-field.id.api-key"), "type": "text", "secret_value": "api-key-secret-value"}]})
            }
            "v5-note" => {
                json!({"object_type": "PASSBOLT_SECRET_DATA", "description": "The note's secret text"})
            }
            "v5-pin-code" => json!({"object_type": "PASSBOLT_SECRET_DATA", "pin_code": "123456"}),
            other => json!({"unknown": other}),
        };
        v.to_string()
    }
}

/// v5 by default, v4 still allowed, upgrade allowed, downgrade not.
pub fn metadata_types_settings() -> Value {
    json!({
        "default_resource_types": "v5",
        "default_folder_type": "v4",
        "default_tag_type": "v4",
        "default_comment_type": "v4",
        "allow_creation_of_v5_resources": true,
        "allow_creation_of_v5_folders": false,
        "allow_creation_of_v5_tags": false,
        "allow_creation_of_v5_comments": false,
        "allow_creation_of_v4_resources": true,
        "allow_creation_of_v4_folders": true,
        "allow_creation_of_v4_tags": true,
        "allow_creation_of_v4_comments": true,
        "allow_v5_v4_downgrade": false,
        "allow_v4_v5_upgrade": true
    })
}
