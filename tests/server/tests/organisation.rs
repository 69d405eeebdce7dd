//! Users, groups, gpgkeys, folders, metadata keys and session keys.

mod common;

use common::*;
use passbolt_test_server::ids::uuid5;
use serde_json::{json, Value};

#[test]
fn gpgkeys_filters_match_the_seed() {
    let server = start();
    let mut c = login(&server, &person("betty"));
    let all = c.get("/gpgkeys.json");
    assert_eq!(all.body().as_array().unwrap().len(), 4, "active keys only");
    // Everything was modified 2026-01-01T10:00:00Z (1767261600) except carol's key (March).
    let after = c.get("/gpgkeys.json?filter[modified-after]=1767261600");
    let users: Vec<&str> = after
        .body()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(users, vec![person("carol").id.as_str()]);
    let legacy = c.get("/gpgkeys.json?modified_after=1767261599");
    assert_eq!(legacy.body().as_array().unwrap().len(), 4);
    let deleted = c.get("/gpgkeys.json?filter[is-deleted]=1");
    let d = deleted.body().as_array().unwrap();
    assert_eq!(
        (d.len(), d[0]["user_id"].as_str()),
        (1, Some(person("frances").id.as_str()))
    );
    let bad = c.get("/gpgkeys.json?filter[modified-after]=yesterday");
    assert_eq!(
        (bad.status, bad.message()),
        (
            400,
            "Invalid filter. \"yesterday\" is not a valid timestamp for filter modified-after."
        )
    );
    let carol = all
        .body()
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["user_id"] == person("carol").id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (
            carol["bits"].as_u64(),
            carol["type"].as_str(),
            carol["expires"].is_null()
        ),
        (Some(4096), Some("RSA"), true)
    );
    assert_eq!(carol["fingerprint"], person("carol").fingerprint.as_str());
}

#[test]
fn users_index_and_view() {
    let server = start();
    let mut c = login(&server, &person("ada"));
    let r = c.get("/users.json?contain[gpgkey]=1&contain[is_mfa_enabled]=1");
    let names: Vec<&str> = r
        .body()
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.len(),
        5,
        "{names:?}: admins see the invited user, not the deleted one"
    );
    let dame = r
        .body()
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "dame@passbolt.test")
        .unwrap();
    assert_eq!(dame["is_mfa_enabled"], true);
    assert_eq!(
        dame["gpgkey"]["fingerprint"],
        person("dame").fingerprint.as_str()
    );
    let mut b = login(&server, &person("betty"));
    assert_eq!(
        b.get("/users.json").body().as_array().unwrap().len(),
        4,
        "active users only for non-admins"
    );
    let search = b.get("/users.json?filter[search]=holb");
    assert_eq!(search.body()[0]["profile"]["last_name"], "Holberton");
    let res = contents()["shared-v5-default"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let access = b.get(&format!("/users.json?filter[has-access]={res}"));
    assert_eq!(access.body().as_array().unwrap().len(), 3);
    let me = b.get("/users/me.json");
    assert_eq!(me.body()["role"]["name"], "user");
    assert_eq!(me.body()["missing_metadata_key_ids"], json!([]));
    assert_eq!(
        b.get(&format!("/users/{}.json", uuid5("user.id.nobody")))
            .status,
        404
    );
}

#[test]
fn group_membership_change_needs_the_secrets_the_new_member_lacks() {
    let server = start();
    let (ada, carol) = (person("ada"), person("carol"));
    let mut c = login(&server, &ada);
    let group = uuid5("group.id.accounting");
    let g = c.get(&format!(
        "/groups/{group}.json?contain[groups_users.user.profile]=1"
    ));
    assert_eq!(g.body()["name"], "Accounting");
    assert_eq!(g.body()["groups_users"].as_array().unwrap().len(), 2);
    let change = json!({"groups_users": [{"user_id": carol.id, "is_admin": false}]});
    let dry = c.put(&format!("/groups/{group}/dry-run.json"), &change);
    assert_eq!(dry.status, 200, "{:?}", dry.json);
    // Carol already reads shared-v5-default and owns the legacy TOTP one: nothing else is shared
    // with the group.
    assert_eq!(dry.body()["dry-run"]["SecretsNeeded"], json!([]));
    // Betty is added to a group that ada creates nothing for: make a resource shared with the
    // group that carol cannot read, then add carol.
    let mut k = login(&server, &carol);
    let legacy = contents()["legacy-password-description-totp"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let perms = k.get(&format!("/permissions/resource/{legacy}.json"));
    let group_perm = perms
        .body()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["aro"] == "Group")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = k.put(
        &format!("/share/resource/{legacy}.json"),
        &json!({"permissions": [{"id": group_perm, "delete": true}]}),
    );
    assert_eq!(r.status, 200, "{:?}", r.json);
    let shared = contents()["shared-v5-default"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let carol_perm = c
        .get(&format!("/permissions/resource/{shared}.json"))
        .body()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["aro_foreign_key"] == carol.id.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        c.put(
            &format!("/share/resource/{shared}.json"),
            &json!({"permissions": [{"id": carol_perm, "delete": true}]})
        )
        .status,
        200
    );
    let dry = c.put(&format!("/groups/{group}/dry-run.json"), &change);
    assert_eq!(
        dry.body()["dry-run"]["SecretsNeeded"],
        json!([{"Secret": {"resource_id": shared, "user_id": carol.id}}])
    );
    let mine = dry.body()["dry-run"]["Secrets"][0]["Secret"][0]["data"]
        .as_str()
        .unwrap()
        .to_string();
    let missing = c.put(&format!("/groups/{group}.json"), &change);
    assert_eq!(missing.status, 400);
    assert!(missing.body()["secrets"]["secrets_provided"].is_string());
    let data = encrypt(&decrypt_text(&mine, &ada), &carol.fingerprint, Some(&ada));
    let mut full = change.clone();
    full["secrets"] = json!([{"resource_id": shared, "user_id": carol.id, "data": data}]);
    let ok = c.put(&format!("/groups/{group}.json"), &full);
    assert_eq!(ok.status, 200, "{:?}", ok.json);
    let s = k.get(&format!("/secrets/resource/{shared}.json"));
    assert_eq!(
        decrypt_text(s.body()["data"].as_str().unwrap(), &carol),
        contents()["shared-v5-default"]["secret"].as_str().unwrap()
    );
    // Betty is not a manager.
    let mut b = login(&server, &person("betty"));
    assert_eq!(
        b.put(&format!("/groups/{group}.json"), &json!({"name": "x"}))
            .status,
        403
    );
}

#[test]
fn folders_index_create_and_move() {
    let server = start();
    let mut c = login(&server, &person("ada"));
    let folder = uuid5("folder.id.shared-folder");
    let list = c.get("/folders.json?contain[children_resources]=1&contain[permissions]=1");
    assert_eq!(list.body()[0]["id"], folder.as_str());
    assert_eq!(list.body()[0]["permissions"].as_array().unwrap().len(), 2);
    let created = c.post(
        "/folders.json",
        &json!({"name": "Sub", "folder_parent_id": folder}),
    );
    assert_eq!(created.status, 200, "{:?}", created.json);
    let sub = created.body()["id"].as_str().unwrap().to_string();
    let res = contents()["legacy-password-string"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        c.put(
            &format!("/move/Resource/{res}.json"),
            &json!({"folder_parent_id": sub})
        )
        .status,
        200
    );
    let inside = c.get(&format!("/resources.json?filter[has-parent][]={sub}"));
    assert_eq!(inside.body().as_array().unwrap().len(), 1);
    let cycle = c.put(
        &format!("/move/Folder/{folder}.json"),
        &json!({"folder_parent_id": sub}),
    );
    assert_eq!(cycle.status, 400);
    assert!(cycle.body()["folder_parent_id"]["not_in_itself"].is_string());
    let empty = c.post("/folders.json", &json!({"name": ""}));
    assert_eq!(
        empty.body(),
        &json!({"name": {"_empty": "The name should not be empty."}})
    );
}

#[test]
fn metadata_keys_come_with_the_callers_private_copy() {
    let server = start();
    let betty = person("betty");
    let mut c = login(&server, &betty);
    let keys = c.get("/metadata/keys.json?contain[metadata_private_keys]=1");
    let key = &keys.body()[0];
    assert_eq!(key["fingerprint"], metadata_key().1.as_str());
    let copies = key["metadata_private_keys"].as_array().unwrap();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0]["user_id"], betty.id.as_str());
    let clear = decrypt(copies[0]["data"].as_str().unwrap(), &betty);
    let payload: Value = serde_json::from_slice(&clear.plaintext).unwrap();
    assert_eq!(payload["fingerprint"], metadata_key().1.as_str());
    // The seed's own copy (served as is at the seed's domain; at another URL the server
    // re-encrypts it, see the next test) is signed by the admin who made it.
    let seeded = seed()
        .metadata_private_keys
        .iter()
        .find(|k| k.user_id.as_deref() == Some(betty.id.as_str()))
        .map(|k| k.data.clone())
        .unwrap();
    assert_eq!(
        decrypt(&seeded, &betty).signers,
        vec![person("ada").fingerprint],
        "signed by the admin who made it"
    );
    assert_eq!(
        c.get("/metadata/keys/settings.json").body(),
        &json!({"allow_usage_of_personal_keys": true, "zero_knowledge_key_share": false})
    );
    assert_eq!(
        c.get("/metadata/types/settings.json").body()["default_resource_types"],
        "v5"
    );
}

#[test]
fn session_key_bundles_decrypt_and_update_with_the_409_rule() {
    let server = start();
    let ada = person("ada");
    let mut c = login(&server, &ada);
    let list = c.get("/metadata/session-keys.json");
    let bundle = list.body()[0].clone();
    let clear: Value =
        serde_json::from_str(&decrypt_text(bundle["data"].as_str().unwrap(), &ada)).unwrap();
    assert_eq!(clear["object_type"], "PASSBOLT_SESSION_KEYS");
    let keys = clear["session_keys"].as_array().unwrap();
    let v5_readable = contents()
        .values()
        .filter(|c| {
            c["resource_type"].as_str().unwrap().starts_with("v5-")
                && c["readers"].as_array().unwrap().iter().any(|r| r == "ada")
        })
        .count();
    assert_eq!(keys.len(), v5_readable);
    assert!(keys
        .iter()
        .all(|k| k["session_key"].as_str().unwrap().starts_with("9:")));
    let id = bundle["id"].as_str().unwrap();
    let new_data = encrypt(
        r#"{"object_type":"PASSBOLT_SESSION_KEYS","session_keys":[]}"#,
        &ada.fingerprint,
        Some(&ada),
    );
    let ok = c.put(
        &format!("/metadata/session-keys/{id}.json"),
        &json!({"data": new_data, "modified": bundle["modified"]}),
    );
    assert_eq!(ok.status, 200, "{:?}", ok.json);
    assert_ne!(ok.body()["modified"], bundle["modified"]);
    let stale = c.put(
        &format!("/metadata/session-keys/{id}.json"),
        &json!({"data": new_data, "modified": bundle["modified"]}),
    );
    assert_eq!(
        (stale.status, stale.message()),
        (409, "The metadata session key data has changed.")
    );
    let same = c.put(
        &format!("/metadata/session-keys/{id}.json"),
        &json!({"data": new_data, "modified": ok.body()["modified"]}),
    );
    assert_eq!(
        (same.status, same.message()),
        (400, "The metadata session key data is identical.")
    );
    assert_eq!(
        c.delete(&format!("/metadata/session-keys/{id}.json"))
            .status,
        200
    );
    assert_eq!(c.get("/metadata/session-keys.json").body(), &json!([]));
    // Dame has none yet and posts her first.
    let dame = person("dame");
    let mut d = login(&server, &dame);
    assert_eq!(d.get("/metadata/session-keys.json").body(), &json!([]));
    let first = encrypt(
        r#"{"object_type":"PASSBOLT_SESSION_KEYS","session_keys":[]}"#,
        &dame.fingerprint,
        Some(&dame),
    );
    let created = d.post("/metadata/session-keys.json", &json!({"data": first}));
    assert_eq!(
        (created.status, created.body()["user_id"].as_str()),
        (200, Some(dame.id.as_str()))
    );
    // Not hers: 404.
    let other = d.put(
        &format!(
            "/metadata/session-keys/{}.json",
            uuid5("metadata_session_key.id.betty")
        ),
        &json!({"data": first, "modified": "2026-01-01T10:00:00+00:00"}),
    );
    assert_eq!(other.status, 404);
}

#[test]
fn a_server_at_another_url_serves_copies_naming_that_url() {
    let server = start();
    let betty = person("betty");
    let mut c = login(&server, &betty);
    let keys = c.get("/metadata/keys.json?contain[metadata_private_keys]=1");
    let copies = keys.body()[0]["metadata_private_keys"]
        .as_array()
        .unwrap()
        .clone();
    let clear = decrypt(copies[0]["data"].as_str().unwrap(), &betty);
    let payload: Value = serde_json::from_slice(&clear.plaintext).unwrap();
    assert_eq!(payload["domain"], server.url());
    assert_eq!(payload["fingerprint"], metadata_key().1.as_str());
    assert!(
        clear.signers.is_empty(),
        "the server cannot sign as the admin"
    );
}
