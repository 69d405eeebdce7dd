//! Resources, secrets, sharing and permissions, end to end with GnuPG on the client side.

mod common;

use common::*;
use serde_json::{json, Value};

const V5_DEFAULT: &str = "dd1f723d-0d1e-513f-8218-4055dc0530d0";
const V4_PASSWORD_AND_DESCRIPTION: &str = "a28a04cd-6f53-518a-967c-9963bf9cec51";

fn ids(list: &Value) -> Vec<String> {
    let mut v: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn expected_ids(reader: &str) -> Vec<String> {
    let mut v: Vec<String> = contents()
        .values()
        .filter(|c| c["readers"].as_array().unwrap().iter().any(|r| r == reader))
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn index_lists_what_each_user_can_read_with_the_contains() {
    let server = start();
    for name in ["ada", "betty", "carol", "dame"] {
        let mut c = login(&server, &person(name));
        let r = c.get("/resources.json?api-version=v2&contain[permission]=1&contain[favorite]=1&contain[tag]=1");
        assert_eq!(r.status, 200);
        assert_eq!(ids(r.body()), expected_ids(name), "{name}");
        assert_eq!(
            r.json["header"]["pagination"]["count"].as_u64(),
            Some(expected_ids(name).len() as u64)
        );
        for res in r.body().as_array().unwrap() {
            assert_eq!(res["permission"]["aco_foreign_key"], res["id"]);
            assert!(res["tags"].is_array());
            assert!(res.get("secrets").is_none());
        }
    }
}

#[test]
fn v4_and_v5_resources_have_their_own_shapes() {
    let server = start();
    let mut c = login(&server, &person("ada"));
    let all = contents();
    let v4 = &all["legacy-password-and-description"];
    let r = c.get(&format!("/resources/{}.json", v4["id"].as_str().unwrap()));
    assert_eq!(r.body()["name"], "Legacy password and description");
    assert_eq!(r.body()["uri"], "https://legacy.passbolt.test");
    assert!(r.body().get("metadata").is_none());
    assert_eq!(r.body()["personal"], false);
    let v5 = &all["personal-v5-note"];
    let r = c.get(&format!("/resources/{}.json", v5["id"].as_str().unwrap()));
    assert!(r.body().get("name").is_none());
    assert_eq!(r.body()["metadata_key_type"], "user_key");
    assert_eq!(r.body()["personal"], true);
    let meta: Value = serde_json::from_str(&decrypt_text(
        r.body()["metadata"].as_str().unwrap(),
        &person("ada"),
    ))
    .unwrap();
    assert_eq!(meta, v5["metadata"]);
}

#[test]
fn index_filters() {
    let server = start();
    let mut c = login(&server, &person("ada"));
    let fav = c.get("/resources.json?filter[is-favorite]=1");
    assert_eq!(
        ids(fav.body()),
        vec![contents()["shared-v5-default"]["id"]
            .as_str()
            .unwrap()
            .to_string()]
    );
    let personal = c.get("/resources.json?filter[metadata_key_type]=user_key");
    assert_eq!(
        ids(personal.body()),
        vec![contents()["personal-v5-note"]["id"]
            .as_str()
            .unwrap()
            .to_string()]
    );
    let one = contents()["shared-v5-totp"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let by_id = c.get(&format!("/resources.json?filter[has-id][]={one}"));
    assert_eq!(ids(by_id.body()), vec![one]);
    let owned = c.get("/resources.json?filter[is-owned-by-me]=1");
    assert!(owned
        .body()
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["created_by"] == person("ada").id.as_str()));
    let bad = c.get("/resources.json?filter[is-favorite]=maybe");
    assert_eq!(
        (bad.status, bad.message()),
        (
            400,
            "Invalid filter. \"maybe\" is not a valid value for filter is-favorite."
        )
    );
    let group = passbolt_test_server::ids::uuid5("group.id.accounting");
    let with_group = c.get(&format!(
        "/resources.json?filter[is-shared-with-group]={group}"
    ));
    assert_eq!(with_group.body().as_array().unwrap().len(), 2);
}

#[test]
fn every_seeded_secret_decrypts_to_its_cleartext_for_every_reader() {
    let server = start();
    for name in ["ada", "betty", "carol", "dame"] {
        let who = person(name);
        let mut c = login(&server, &who);
        for item in contents()
            .values()
            .filter(|c| c["readers"].as_array().unwrap().iter().any(|r| r == name))
        {
            let r = c.get(&format!(
                "/secrets/resource/{}.json",
                item["id"].as_str().unwrap()
            ));
            assert_eq!(r.status, 200, "{name} {}", item["key"]);
            assert_eq!(r.body()["user_id"], who.id.as_str());
            let clear = decrypt(r.body()["data"].as_str().unwrap(), &who);
            assert_eq!(
                String::from_utf8(clear.plaintext).unwrap(),
                item["secret"].as_str().unwrap()
            );
            let owner = person(item["owner"].as_str().unwrap());
            assert_eq!(
                clear.signers,
                vec![owner.fingerprint],
                "signed by the owner"
            );
        }
    }
}

#[test]
fn no_access_means_404() {
    let server = start();
    let mut c = login(&server, &person("dame"));
    let id = contents()["personal-v5-note"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = c.get(&format!("/resources/{id}.json"));
    assert_eq!(
        (r.status, r.message()),
        (404, "The resource does not exist.")
    );
    let r = c.get(&format!("/secrets/resource/{id}.json"));
    assert_eq!((r.status, r.message()), (404, "The secret does not exist."));
    let r = c.get("/resources/not-a-uuid.json");
    assert_eq!(
        (r.status, r.message()),
        (400, "The resource identifier should be a valid UUID.")
    );
}

/// Creates a shared v5 resource as ada; returns its id and the cleartexts.
fn create_shared_v5(c: &mut Client) -> (String, Value, String) {
    let ada = person("ada");
    import_metadata_public(c);
    let (meta_id, meta_fpr) = metadata_key();
    let metadata = json!({"object_type": "PASSBOLT_RESOURCE_METADATA", "resource_type_id": V5_DEFAULT, "name": "Created in a test",
                          "username": "tester", "uris": ["https://created.passbolt.test"], "description": null});
    let secret = json!({"object_type": "PASSBOLT_SECRET_DATA", "password": "created-secret", "description": "new"}).to_string();
    let body = json!({
        "resource_type_id": V5_DEFAULT,
        "metadata": encrypt(&metadata.to_string(), &meta_fpr, Some(&ada)),
        "metadata_key_id": meta_id,
        "metadata_key_type": "shared_key",
        "folder_parent_id": null,
        "expired": null,
        "secrets": [{"data": encrypt(&secret, &ada.fingerprint, Some(&ada))}],
    });
    let r = c.post("/resources.json?api-version=v2", &body);
    assert_eq!(r.status, 200, "{:?}", r.json);
    assert_eq!(r.message(), "The resource has been added successfully.");
    assert_eq!(r.body()["metadata_key_type"], "shared_key");
    assert_eq!(r.body()["created_by"], ada.id.as_str());
    assert_eq!(r.body()["permission"]["type"], 15);
    assert_eq!(r.body()["secrets"].as_array().unwrap().len(), 1);
    (
        r.body()["id"].as_str().unwrap().to_string(),
        metadata,
        secret,
    )
}

#[test]
fn create_a_v5_resource_share_it_and_read_it_as_the_other_user() {
    let server = start();
    let (ada, betty) = (person("ada"), person("betty"));
    let mut a = login(&server, &ada);
    let (id, metadata, secret) = create_shared_v5(&mut a);

    // Simulate, then share with betty (read) with her secret.
    let change = json!([{"aro": "User", "aro_foreign_key": betty.id, "aco": "Resource", "aco_foreign_key": id, "type": 1, "is_new": true}]);
    let sim = a.post(
        &format!("/share/simulate/resource/{id}.json"),
        &json!({"permissions": change}),
    );
    assert_eq!(sim.status, 200, "{:?}", sim.json);
    assert_eq!(
        sim.body(),
        &json!({"changes": {"added": [{"User": {"id": betty.id}}], "removed": []}})
    );
    let mine = a.get(&format!("/secrets/resource/{id}.json"));
    let clear = decrypt_text(mine.body()["data"].as_str().unwrap(), &ada);
    assert_eq!(clear, secret);
    let for_betty = encrypt(&clear, &betty.fingerprint, Some(&ada));
    let r = a.put(&format!("/share/resource/{id}.json"), &json!({"permissions": change, "secrets": [{"resource_id": id, "user_id": betty.id, "data": for_betty}]}));
    assert_eq!(r.status, 200, "{:?}", r.json);

    // Betty reads it: metadata with the shared key she gets from her private copy, secret with hers.
    let mut b = login(&server, &betty);
    let fpr = import_metadata_key_from(&mut b, &betty);
    assert_eq!(fpr, metadata_key().1);
    let res = b.get(&format!("/resources/{id}.json?contain[permission]=1"));
    assert_eq!(res.status, 200);
    assert_eq!(res.body()["permission"]["type"], 1);
    let meta: Value = serde_json::from_str(&decrypt_text(
        res.body()["metadata"].as_str().unwrap(),
        &betty,
    ))
    .unwrap();
    assert_eq!(meta, metadata);
    let s = b.get(&format!("/secrets/resource/{id}.json"));
    let clear = decrypt(s.body()["data"].as_str().unwrap(), &betty);
    assert_eq!(String::from_utf8(clear.plaintext).unwrap(), secret);
    assert_eq!(clear.signers, vec![ada.fingerprint.clone()]);

    // Permissions view lists both; removing betty takes her secret away.
    let perms = a.get(&format!(
        "/permissions/resource/{id}.json?contain[user.profile]=1"
    ));
    assert_eq!(perms.body().as_array().unwrap().len(), 2);
    let betty_perm = perms
        .body()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["aro_foreign_key"] == betty.id.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let remove = json!({"permissions": [{"id": betty_perm, "delete": true}]});
    let sim = a.post(&format!("/share/simulate/resource/{id}.json"), &remove);
    assert_eq!(
        sim.body()["changes"]["removed"],
        json!([{"User": {"id": betty.id}}])
    );
    assert_eq!(
        a.put(&format!("/share/resource/{id}.json"), &remove).status,
        200
    );
    assert_eq!(b.get(&format!("/secrets/resource/{id}.json")).status, 404);
}

#[test]
fn sharing_with_a_group_needs_a_secret_per_member() {
    let server = start();
    let (carol, ada, betty) = (person("carol"), person("ada"), person("betty"));
    let mut c = login(&server, &carol);
    let id = contents()["shared-v5-default-with-totp"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let group = passbolt_test_server::ids::uuid5("group.id.accounting");
    let change = json!([{"aro": "Group", "aro_foreign_key": group, "type": 1}]);
    let sim = c.post(
        &format!("/share/simulate/resource/{id}.json"),
        &json!({"permissions": change}),
    );
    // Betty already has access: only ada is added.
    assert_eq!(
        sim.body()["changes"]["added"],
        json!([{"User": {"id": ada.id}}])
    );
    let missing = c.put(
        &format!("/share/resource/{id}.json"),
        &json!({"permissions": change, "secrets": []}),
    );
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.body(),
        &json!({"secrets": {"secrets_provided": "The secrets of all the users gaining access to the resource are required."}})
    );
    let secret = contents()["shared-v5-default-with-totp"]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let data = encrypt(&secret, &ada.fingerprint, Some(&carol));
    let ok = c.put(&format!("/share/resource/{id}.json"), &json!({"permissions": change, "secrets": [{"resource_id": id, "user_id": ada.id, "data": data}]}));
    assert_eq!(ok.status, 200, "{:?}", ok.json);
    let mut a = login(&server, &ada);
    assert_eq!(
        decrypt_text(
            a.get(&format!("/secrets/resource/{id}.json")).body()["data"]
                .as_str()
                .unwrap(),
            &ada
        ),
        secret
    );
    let _ = betty;
}

#[test]
fn create_v4_and_personal_v5_resources() {
    let server = start();
    let ada = person("ada");
    let mut c = login(&server, &ada);
    let secret = encrypt(
        r#"{"password":"v4","description":"d"}"#,
        &ada.fingerprint,
        Some(&ada),
    );
    let r = c.post("/resources.json", &json!({"resource_type_id": V4_PASSWORD_AND_DESCRIPTION, "name": "v4 created", "username": "u", "uri": "https://v4.test", "description": null, "secrets": [{"data": secret}]}));
    assert_eq!(r.status, 200, "{:?}", r.json);
    assert_eq!(
        (r.body()["name"].as_str(), r.body()["personal"].as_bool()),
        (Some("v4 created"), Some(true))
    );
    // Personal v5: metadata_key_id null is filled with the caller's gpgkey id.
    let metadata = encrypt(
        r#"{"object_type":"PASSBOLT_RESOURCE_METADATA","name":"mine"}"#,
        &ada.fingerprint,
        Some(&ada),
    );
    let r = c.post("/resources.json", &json!({"resource_type_id": V5_DEFAULT, "metadata": metadata, "metadata_key_id": null, "metadata_key_type": "user_key", "secrets": [{"data": secret}]}));
    assert_eq!(r.status, 200, "{:?}", r.json);
    assert_eq!(
        r.body()["metadata_key_id"],
        passbolt_test_server::ids::uuid5("gpgkey.id.ada").as_str()
    );
    // A personal resource cannot be shared.
    let id = r.body()["id"].as_str().unwrap();
    let share = c.put(&format!("/share/resource/{id}.json"), &json!({"permissions": [{"aro": "User", "aro_foreign_key": person("betty").id, "type": 1}]}));
    assert_eq!(
        (share.status, share.message()),
        (400, "Resource metadata key type is invalid.")
    );
}

#[test]
fn update_requires_the_secrets_of_every_user_with_access() {
    let server = start();
    let (ada, betty, carol) = (person("ada"), person("betty"), person("carol"));
    let mut c = login(&server, &ada);
    let item = &contents()["shared-v5-default"];
    let id = item["id"].as_str().unwrap();
    import_metadata_public(&mut c);
    let (meta_id, meta_fpr) = metadata_key();
    let mut metadata = item["metadata"].clone();
    metadata["name"] = json!("Renamed");
    let new_meta = encrypt(&metadata.to_string(), &meta_fpr, Some(&ada));
    // Only two of the three readers' secrets.
    let partial: Vec<Value> = [&ada, &betty]
        .iter()
        .map(|p| json!({"user_id": p.id, "data": encrypt("s2", &p.fingerprint, Some(&ada))}))
        .collect();
    let r = c.put(&format!("/resources/{id}.json"), &json!({"metadata": new_meta, "metadata_key_id": meta_id, "metadata_key_type": "shared_key", "secrets": partial}));
    assert_eq!(
        (r.status, r.message()),
        (400, "Could not validate resource data.")
    );
    assert_eq!(
        r.body(),
        &json!({"secrets": {"secrets_provided": "The secrets should contain the secrets of all the users having access to the resource."}})
    );
    let all: Vec<Value> = [&ada, &betty, &carol]
        .iter()
        .map(|p| json!({"user_id": p.id, "data": encrypt("s2", &p.fingerprint, Some(&ada))}))
        .collect();
    let r = c.put(&format!("/resources/{id}.json"), &json!({"metadata": new_meta, "metadata_key_id": meta_id, "metadata_key_type": "shared_key", "secrets": all}));
    assert_eq!(r.status, 200, "{:?}", r.json);
    let mut k = login(&server, &carol);
    assert_eq!(
        decrypt_text(
            k.get(&format!("/secrets/resource/{id}.json")).body()["data"]
                .as_str()
                .unwrap(),
            &carol
        ),
        "s2"
    );
    // Readers cannot update.
    let r = k.put(
        &format!("/resources/{id}.json"),
        &json!({"metadata": new_meta}),
    );
    assert_eq!(
        (r.status, r.message()),
        (403, "You are not allowed to update this resource.")
    );
}

#[test]
fn delete_removes_the_resource_for_everyone() {
    let server = start();
    let mut a = login(&server, &person("ada"));
    let id = contents()["legacy-password-and-description"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut b = login(&server, &person("betty"));
    let r = b.delete(&format!("/resources/{id}.json"));
    assert_eq!(
        (r.status, r.message()),
        (
            403,
            "You do not have the permission to delete this resource."
        )
    );
    let r = a.delete(&format!("/resources/{id}.json"));
    assert_eq!(
        (r.status, r.message()),
        (200, "The resource has been deleted successfully.")
    );
    assert_eq!(b.get(&format!("/resources/{id}.json")).status, 404);
    assert_eq!(a.get(&format!("/secrets/resource/{id}.json")).status, 404);
}

#[test]
fn resource_types_are_the_real_servers() {
    let server = start();
    let mut c = login(&server, &person("betty"));
    let r = c.get("/resource-types.json");
    let list = r.body().as_array().unwrap();
    assert_eq!(list.len(), 11);
    for t in list {
        let expected = passbolt_test_server::ids::uuid5(&format!(
            "resource-types.id.{}",
            t["slug"].as_str().unwrap()
        ));
        assert_eq!(t["id"], expected.as_str());
    }
    let one = c.get(&format!("/resource-types/{V5_DEFAULT}.json"));
    assert_eq!(one.body()["slug"], "v5-default");
    assert_eq!(
        c.get("/resource-types.json?filter[is-deleted]=1").body(),
        &json!([])
    );
}
