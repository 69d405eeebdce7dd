//! `make-seed [OUT_DIR] [--reuse-keys]`: writes the test server's seed (seed.json, keys/,
//! keys.json, contents.json) with GnuPG doing every key generation and encryption.
//! `--reuse-keys` keeps the keys already in OUT_DIR/keys (RSA-4096 generation is slow) and
//! re-encrypts everything else. Ids are UUIDv5 of names, so they do not change between runs.
#![forbid(unsafe_code)]

mod orga;

use orga::{Access, ResourceDef, PEOPLE, RESOURCES};
use passbolt_test_server::clock::iso;
use passbolt_test_server::gpg::Gpg;
use passbolt_test_server::ids::uuid5;
use passbolt_test_server::model::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// 2026-01-01T10:00:00Z: every seeded record's date unless said otherwise.
const T0: i64 = 1_767_261_600;
const DOMAIN: &str = "https://passbolt.test";

type Fail = Box<dyn std::error::Error>;

struct KeyRef {
    fingerprint: String,
    passphrase: String,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("make-seed: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Fail> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reuse = args.iter().any(|a| a == "--reuse-keys");
    let out = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tests/server/seed"));
    std::fs::create_dir_all(out.join("keys"))?;
    let gpg = Gpg::temporary("seed")?;
    let now = iso(T0);

    // Keys: the server's, every user's, the shared metadata key.
    let server = key(
        &gpg,
        &out,
        reuse,
        "server",
        "Passbolt Test Server <server@passbolt.test>",
        ("rsa3072", "rsa3072"),
        "",
    )?;
    let mut user_keys: BTreeMap<&str, KeyRef> = BTreeMap::new();
    for p in PEOPLE.iter() {
        if let Some(shape) = p.key {
            let uid = format!("{} {} <{}>", p.first, p.last, p.username());
            user_keys.insert(
                p.name,
                key(&gpg, &out, reuse, p.name, &uid, shape, &p.username())?,
            );
        }
    }
    let meta_uid = format!(
        "Passbolt Metadata Key <no-reply+{}@passbolt.com>",
        uuid5("metadata_key.id.shared")
    );
    let meta = key(
        &gpg,
        &out,
        reuse,
        "metadata",
        &meta_uid,
        ("ed25519", "cv25519"),
        "",
    )?;
    let ada = &user_keys["ada"];
    // The extension certifies a new metadata key with the admin's key; keep that certification.
    if let Err(e) = gpg.certify(&ada.fingerprint, &meta.fingerprint, &ada.passphrase) {
        if !e.message.contains("already") {
            return Err(e.into());
        }
    }
    let meta_public = gpg.export_public(&meta.fingerprint)?;
    std::fs::write(out.join("keys/metadata_public.asc"), &meta_public)?;
    std::fs::write(
        out.join("keys/metadata_private.asc"),
        gpg.export_secret(&meta.fingerprint, "")?,
    )?;
    let jwt_pem = jwt_key(&out, reuse)?;

    let roles: Vec<Role> = [
        ("admin", "Organization administrator"),
        ("user", "Logged in user"),
        ("guest", "Non logged in user"),
    ]
    .iter()
    .map(|(n, d)| Role {
        id: uuid5(&format!("role.id.{n}")),
        name: n.to_string(),
        description: d.to_string(),
    })
    .collect();

    // Users and their public keys.
    let mut users = Vec::new();
    let mut gpgkeys = Vec::new();
    for p in PEOPLE.iter() {
        users.push(User {
            id: p.id(),
            role: p.role.to_string(),
            username: p.username(),
            first_name: p.first.to_string(),
            last_name: p.last.to_string(),
            active: p.active,
            deleted: p.deleted,
            created: now.clone(),
            modified: now.clone(),
            last_logged_in: None,
            mfa_totp_secret: p.totp.map(str::to_string),
            setup_token: (!p.active && !p.deleted)
                .then(|| uuid5(&format!("authentication_token.id.{}.register", p.name))),
        });
        if let Some(k) = user_keys.get(p.name) {
            let armored = gpg.export_public(&k.fingerprint)?;
            let info = gpg.key_info(&armored)?.remove(0);
            gpgkeys.push(Gpgkey {
                id: uuid5(&format!("gpgkey.id.{}", p.name)),
                user_id: p.id(),
                armored_key: armored,
                bits: info.bits,
                uid: info.uid.unwrap_or_default(),
                key_id: info.fingerprint[32..].to_string(),
                fingerprint: info.fingerprint,
                key_type: info.key_type,
                expires: None,
                key_created: iso(info.created),
                deleted: p.deleted,
                created: now.clone(),
                modified: iso(p.key_modified.unwrap_or(T0)),
                recipient_key_ids: info.recipient_key_ids,
            });
        }
    }
    let meta_info = gpg.key_info(&meta_public)?.remove(0);

    // The group, the folder.
    let group_id = uuid5("group.id.accounting");
    let groups = vec![Group {
        id: group_id.clone(),
        name: "Accounting".into(),
        deleted: false,
        created: now.clone(),
        modified: now.clone(),
        created_by: uid("ada"),
        modified_by: uid("ada"),
    }];
    let groups_users: Vec<GroupUser> = orga::GROUP_MEMBERS
        .iter()
        .map(|(name, is_admin)| GroupUser {
            id: uuid5(&format!("groups_users.id.accounting.{name}")),
            group_id: group_id.clone(),
            user_id: uid(name),
            is_admin: *is_admin,
            created: now.clone(),
        })
        .collect();
    let folder_id = uuid5("folder.id.shared-folder");
    let folders = vec![Folder {
        id: folder_id.clone(),
        name: "Shared folder".into(),
        folder_parent_id: None,
        created: now.clone(),
        modified: now.clone(),
        created_by: uid("ada"),
        modified_by: uid("ada"),
    }];
    let mut permissions = vec![
        permission(
            "Folder",
            &folder_id,
            "folder",
            "User",
            &uid("ada"),
            "ada",
            15,
            &now,
        ),
        permission(
            "Folder",
            &folder_id,
            "folder",
            "Group",
            &group_id,
            "accounting",
            1,
            &now,
        ),
    ];

    // Resources, their permissions, secrets, metadata and session keys.
    let mut resources = Vec::new();
    let mut secrets = Vec::new();
    let mut contents = Vec::new();
    let mut session_keys: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for def in RESOURCES.iter() {
        let id = uuid5(&format!("resource.id.{}", def.key));
        let type_id = uuid5(&format!("resource-types.id.{}", def.type_slug));
        let owner = &user_keys[def.owner];
        let mut resource = Resource {
            id: id.clone(),
            resource_type_id: type_id.clone(),
            deleted: false,
            created: now.clone(),
            modified: now.clone(),
            created_by: uid(def.owner),
            modified_by: uid(def.owner),
            folder_parent_id: def.in_folder.then(|| folder_id.clone()),
            ..Resource::default()
        };
        permissions.push(permission(
            "Resource",
            &id,
            def.key,
            "User",
            &uid(def.owner),
            def.owner,
            15,
            &now,
        ));
        for a in def.shares {
            let (aro, aro_id) = match a {
                Access::User(n, _) => ("User", uid(n)),
                Access::Group(_) => ("Group", group_id.clone()),
            };
            let aro_name = match a {
                Access::User(n, _) => n,
                Access::Group(_) => &"accounting",
            };
            permissions.push(permission(
                "Resource",
                &id,
                def.key,
                aro,
                &aro_id,
                aro_name,
                a.kind(),
                &now,
            ));
        }
        let readers = def.readers();
        let metadata_clear = def.metadata(&type_id);
        if def.is_v5() {
            let text = metadata_clear.to_string();
            let (recipient, signers, key_id, key_type, passphrase) = if def.personal_metadata {
                let gk = gpgkeys
                    .iter()
                    .find(|g| g.user_id == uid(def.owner))
                    .ok_or("owner key")?;
                (
                    &owner.fingerprint,
                    vec![owner.fingerprint.as_str()],
                    gk.id.clone(),
                    "user_key",
                    &owner.passphrase,
                )
            } else {
                (
                    &meta.fingerprint,
                    vec![owner.fingerprint.as_str(), meta.fingerprint.as_str()],
                    uuid5("metadata_key.id.shared"),
                    "shared_key",
                    &owner.passphrase,
                )
            };
            let armored =
                gpg.encrypt(text.as_bytes(), recipient, &signers, Some(passphrase), true)?;
            let sk = gpg
                .decrypt(&armored, Some(passphrase))?
                .session_key
                .ok_or("no session key")?;
            for r in &readers {
                let entry = json!({"foreign_model": "Resource", "foreign_id": id, "session_key": sk, "modified": now});
                session_keys.entry(r.to_string()).or_default().push(entry);
            }
            resource.metadata = Some(armored);
            resource.metadata_key_id = Some(key_id);
            resource.metadata_key_type = Some(key_type.to_string());
        } else {
            resource.name = Some(def.name.to_string());
            resource.username = def.username.map(str::to_string);
            resource.uri = def.uri.map(str::to_string);
            resource.description = if def.type_slug == "password-string" {
                def.description.map(str::to_string)
            } else {
                None
            };
        }
        let secret_clear = def.secret();
        for r in &readers {
            let data = gpg.encrypt(
                secret_clear.as_bytes(),
                &user_keys[r].fingerprint,
                &[&owner.fingerprint],
                Some(&owner.passphrase),
                true,
            )?;
            secrets.push(Secret {
                id: uuid5(&format!("secret.id.{}.{r}", def.key)),
                resource_id: id.clone(),
                user_id: uid(r),
                data,
                created: now.clone(),
                modified: now.clone(),
                created_by: uid(def.owner),
                modified_by: uid(def.owner),
            });
        }
        contents.push(json!({
            "key": def.key,
            "id": id,
            "resource_type": def.type_slug,
            "resource_type_id": type_id,
            "owner": def.owner,
            "readers": readers,
            "metadata_key_type": resource.metadata_key_type,
            "metadata": metadata_clear,
            "secret": secret_clear,
        }));
        resources.push(resource);
    }

    // The shared metadata key: one private copy per active user, one for the server.
    let meta_private = gpg.export_secret(&meta.fingerprint, "")?;
    let payload = json!({
        "object_type": "PASSBOLT_METADATA_PRIVATE_KEY",
        "domain": DOMAIN,
        "fingerprint": meta.fingerprint,
        "armored_key": meta_private,
        "passphrase": "",
    })
    .to_string();
    let meta_key_id = uuid5("metadata_key.id.shared");
    let mut metadata_private_keys = Vec::new();
    let mut copy_for = |name: &str, user_id: Option<String>, recipient: &str| -> Result<(), Fail> {
        let data = gpg.encrypt(
            payload.as_bytes(),
            recipient,
            &[&ada.fingerprint],
            Some(&ada.passphrase),
            true,
        )?;
        metadata_private_keys.push(MetadataPrivateKey {
            id: uuid5(&format!("metadata_private_key.id.shared.{name}")),
            metadata_key_id: meta_key_id.clone(),
            user_id,
            data,
            created: now.clone(),
            modified: now.clone(),
            created_by: Some(uid("ada")),
            modified_by: Some(uid("ada")),
        });
        Ok(())
    };
    copy_for("server", None, &server.fingerprint)?;
    for p in PEOPLE.iter().filter(|p| p.active && !p.deleted) {
        copy_for(p.name, Some(p.id()), &user_keys[p.name].fingerprint)?;
    }
    let metadata_keys = vec![MetadataKey {
        id: meta_key_id.clone(),
        fingerprint: meta.fingerprint.clone(),
        armored_key: meta_public,
        created: now.clone(),
        modified: now.clone(),
        created_by: Some(uid("ada")),
        modified_by: Some(uid("ada")),
        deleted: None,
        expired: None,
        recipient_key_ids: meta_info.recipient_key_ids,
    }];

    // Session-key bundles for the users the organisation file lists.
    let mut metadata_session_keys = Vec::new();
    for name in orga::BUNDLE_OWNERS {
        let k = &user_keys[name];
        let bundle = json!({"object_type": "PASSBOLT_SESSION_KEYS", "session_keys": session_keys.get(name).cloned().unwrap_or_default()});
        let data = gpg.encrypt(
            bundle.to_string().as_bytes(),
            &k.fingerprint,
            &[&k.fingerprint],
            Some(&k.passphrase),
            true,
        )?;
        metadata_session_keys.push(SessionKeyBundle {
            id: uuid5(&format!("metadata_session_key.id.{name}")),
            user_id: uid(name),
            data,
            created: now.clone(),
            modified: now.clone(),
        });
    }

    let favorites = vec![Favorite {
        id: uuid5("favorite.id.ada.shared-v5-default"),
        user_id: uid("ada"),
        foreign_key: uuid5("resource.id.shared-v5-default"),
        foreign_model: "Resource".into(),
        created: now.clone(),
        modified: now.clone(),
    }];

    let seed = Seed {
        description:
            "Demo organisation of the passbolt-core test server (made by make-seed with GnuPG)"
                .into(),
        domain: DOMAIN.into(),
        server_key: ServerKey {
            fingerprint: server.fingerprint.clone(),
            armored_public: gpg.export_public(&server.fingerprint)?,
            armored_private: gpg.export_secret(&server.fingerprint, "")?,
        },
        jwt_private_key_pem: jwt_pem,
        roles,
        users,
        gpgkeys,
        groups,
        groups_users,
        folders,
        resources,
        permissions,
        secrets,
        favorites,
        metadata_keys,
        metadata_private_keys,
        metadata_session_keys,
        metadata_types_settings: orga::metadata_types_settings(),
        metadata_keys_settings: json!({"allow_usage_of_personal_keys": true, "zero_knowledge_key_share": false}),
    };
    write_json(&out.join("seed.json"), &serde_json::to_value(&seed)?)?;
    write_json(&out.join("contents.json"), &Value::Array(contents))?;
    write_json(
        &out.join("keys.json"),
        &keys_json(&user_keys, &server, &meta),
    )?;
    println!("seed written to {}", out.display());
    Ok(())
}

fn uid(name: &str) -> String {
    uuid5(&format!("user.id.{name}"))
}

#[allow(clippy::too_many_arguments)]
fn permission(
    aco: &str,
    aco_id: &str,
    aco_name: &str,
    aro: &str,
    aro_id: &str,
    aro_name: &str,
    kind: u8,
    now: &str,
) -> Permission {
    Permission {
        id: uuid5(&format!("permission.id.{aco_name}.{aro_name}")),
        aco: aco.into(),
        aco_foreign_key: aco_id.into(),
        aro: aro.into(),
        aro_foreign_key: aro_id.into(),
        kind,
        created: now.into(),
        modified: now.into(),
    }
}

/// Generates (or, with `reuse`, re-imports) one key and writes its armored halves.
fn key(
    gpg: &Gpg,
    out: &Path,
    reuse: bool,
    name: &str,
    uid: &str,
    shape: (&str, &str),
    passphrase: &str,
) -> Result<KeyRef, Fail> {
    let private_path = out.join(format!("keys/{name}_private.asc"));
    let fingerprint = if reuse && private_path.exists() {
        let armored = std::fs::read_to_string(&private_path)?;
        gpg.import(&armored)?
            .into_iter()
            .next()
            .ok_or("empty import")?
    } else {
        eprintln!("generating {name} ({} + {})", shape.0, shape.1);
        gpg.generate(uid, shape.0, shape.1, passphrase)?
    };
    std::fs::write(&private_path, gpg.export_secret(&fingerprint, passphrase)?)?;
    std::fs::write(
        out.join(format!("keys/{name}_public.asc")),
        gpg.export_public(&fingerprint)?,
    )?;
    Ok(KeyRef {
        fingerprint,
        passphrase: passphrase.to_string(),
    })
}

fn jwt_key(out: &Path, reuse: bool) -> Result<String, Fail> {
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    let path = out.join("keys/jwt_private.pem");
    if reuse && path.exists() {
        return Ok(std::fs::read_to_string(path)?);
    }
    eprintln!("generating the RS256 JWT key (RSA-4096)");
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 4096)?;
    let pem = key.to_pkcs8_pem(LineEnding::LF)?.to_string();
    std::fs::write(path, &pem)?;
    Ok(pem)
}

fn keys_json(users: &BTreeMap<&str, KeyRef>, server: &KeyRef, meta: &KeyRef) -> Value {
    let mut out = serde_json::Map::new();
    for p in PEOPLE.iter() {
        let k = users.get(p.name);
        out.insert(
            p.name.to_string(),
            json!({
                "user_id": p.id(),
                "username": p.username(),
                "role": p.role,
                "key": p.key.map(|(a, s)| format!("{a} + {s}")),
                "fingerprint": k.map(|k| k.fingerprint.clone()),
                "passphrase": k.map(|k| k.passphrase.clone()),
                "private": k.map(|_| format!("keys/{}_private.asc", p.name)),
                "public": k.map(|_| format!("keys/{}_public.asc", p.name)),
                "active": p.active,
                "deleted": p.deleted,
                "totp_secret": p.totp,
            }),
        );
    }
    out.insert("server".into(), json!({"fingerprint": server.fingerprint, "passphrase": "", "private": "keys/server_private.asc", "public": "keys/server_public.asc"}));
    out.insert(
        "metadata".into(),
        json!({"metadata_key_id": uuid5("metadata_key.id.shared"), "fingerprint": meta.fingerprint, "passphrase": "", "private": "keys/metadata_private.asc", "public": "keys/metadata_public.asc"}),
    );
    Value::Object(out)
}

fn write_json(path: &Path, v: &Value) -> Result<(), Fail> {
    let mut text = serde_json::to_string_pretty(v)?;
    text.push('\n');
    std::fs::write(path, text)?;
    Ok(())
}

impl ResourceDef {
    fn is_v5(&self) -> bool {
        self.type_slug.starts_with("v5-")
    }
}
