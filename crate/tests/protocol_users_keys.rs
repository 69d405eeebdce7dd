//! Users, groups and `/gpgkeys.json` with the keyring sync cursor.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::protocol_fixtures::*;
use passbolt_core::protocol::api_error::ApiError;
use passbolt_core::protocol::gpgkeys::{self, KeyringSync, ListGpgkeys, SyncChanges};
use passbolt_core::protocol::groups::{self, GroupContain, ListGroups};
use passbolt_core::protocol::users::{self, ListUsers, UserContain, UserFilter};
use serde_json::{json, Value};

const SERVERTIME: i64 = 1795342586;
const GROUP: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a41";

fn gpgkey(index: usize) -> Value {
    api_json("gpgkeys_index.json")["body"][index].clone()
}

// ---------------------------------------------------------------------------------------------
// gpgkeys

#[test]
fn the_gpgkeys_request_filters_by_time_and_deletion() {
    let request = ListGpgkeys {
        modified_after: Some(1794737786),
        is_deleted: Some(false),
        has_users: vec![ADA.into()],
    }
    .request();
    assert_eq!(
        request.path_and_query(),
        format!(
            "/gpgkeys.json?filter%5Bmodified-after%5D=1794737786&filter%5Bis-deleted%5D=0&filter%5Bhas-users%5D%5B%5D={ADA}&api-version=v2"
        )
    );
}

#[test]
fn the_gpgkeys_index_gives_keys_whose_fingerprints_match_their_armor() {
    let list = gpgkeys::parse_list(&api_response("gpgkeys_index.json")).unwrap();
    assert_eq!(list.servertime, SERVERTIME);
    assert_eq!(list.keys.len(), 2);
    for key in &list.keys {
        let public = key.public_key().unwrap();
        assert_eq!(public.fingerprint(), key.fingerprint);
    }
    assert_eq!(list.keys[1].key_type.as_deref(), Some("RSA"));
    assert_eq!(list.keys[1].bits, Some(3072));
}

#[test]
fn a_key_passed_off_as_another_users_is_refused() {
    let mut betty = gpgkey(1);
    betty["armored_key"] = gpgkey(0)["armored_key"].clone();
    let list = gpgkeys::parse_list(&success("/gpgkeys.json", 1, json!([betty]))).unwrap();
    assert_eq!(
        list.keys[0].public_key().unwrap_err(),
        ApiError::UnexpectedId {
            path: "armored_key".into(),
            expected: "4F31619A3354C2065CF8272395C33E4D2EDCCF46".into(),
            found: "A666D519FB17EDA844AF7F1B09D7E972478529D7".into(),
        }
    );
}

#[test]
fn a_keyring_sync_keeps_the_servertime_cursor() {
    let mut keyring = KeyringSync::new();
    assert_eq!(keyring.cursor(), None);
    let changes = keyring
        .apply(&[api_response("gpgkeys_index.json")])
        .unwrap();
    assert_eq!(
        changes,
        SyncChanges {
            updated: vec![ADA.into(), BETTY.into()],
            removed: Vec::new()
        }
    );
    assert_eq!(keyring.cursor(), Some(SERVERTIME));
    assert_eq!(keyring.len(), 2);
    let ada_key = keyring.public_key(ADA).unwrap().unwrap();
    assert_eq!(
        ada_key.fingerprint(),
        "A666D519FB17EDA844AF7F1B09D7E972478529D7"
    );

    // The next sync asks for what changed since the cursor, deleted keys included.
    let requests = keyring.sync_requests();
    assert_eq!(
        requests[0].path_and_query(),
        format!("/gpgkeys.json?filter%5Bmodified-after%5D={SERVERTIME}&api-version=v2")
    );
    assert_eq!(
        requests[1].path_and_query(),
        format!(
            "/gpgkeys.json?filter%5Bmodified-after%5D={SERVERTIME}&filter%5Bis-deleted%5D=1&api-version=v2"
        )
    );

    // Betty's key is deleted; the cursor becomes the earlier of the two answers' times.
    let mut deleted = gpgkey(1);
    deleted["deleted"] = json!(true);
    let changes = keyring
        .apply(&[
            success("/gpgkeys.json", SERVERTIME + 60, json!([])),
            success("/gpgkeys.json", SERVERTIME + 59, json!([deleted])),
        ])
        .unwrap();
    assert_eq!(
        changes,
        SyncChanges {
            updated: Vec::new(),
            removed: vec![BETTY.into()]
        }
    );
    assert_eq!(keyring.cursor(), Some(SERVERTIME + 59));
    assert!(keyring.get(BETTY).is_none() && keyring.get(ADA).is_some());
}

#[test]
fn a_failed_sync_changes_neither_keys_nor_cursor() {
    let mut keyring = KeyringSync::new();
    keyring
        .apply(&[api_response("gpgkeys_index.json")])
        .unwrap();
    let mut broken = gpgkey(0);
    broken["fingerprint"] = json!("not hex");
    let err = keyring
        .apply(&[
            success("/gpgkeys.json", SERVERTIME + 60, json!([gpgkey(1)])),
            success("/gpgkeys.json", SERVERTIME + 60, json!([broken])),
        ])
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::Malformed {
            path: "body.0.fingerprint".into(),
            expected: "40 hexadecimal digits"
        }
    );
    let err = keyring
        .apply(&[raw_response(503, "<html>Service Unavailable</html>")])
        .unwrap_err();
    assert_eq!(err.code(), "HTML_BODY");
    assert_eq!(keyring.cursor(), Some(SERVERTIME));
    assert_eq!(keyring.len(), 2);

    let mut no_user = gpgkey(0);
    no_user.as_object_mut().unwrap().remove("user_id");
    assert_eq!(
        gpgkeys::parse_list(&success("/gpgkeys.json", 1, json!([no_user]))).unwrap_err(),
        ApiError::Malformed {
            path: "body.0.user_id".into(),
            expected: "a UUID"
        }
    );
    assert_eq!(
        gpgkeys::parse_view(
            &success("/gpgkeys/x.json", 1, gpgkey(0)),
            "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a12"
        )
        .unwrap_err()
        .code(),
        "UNEXPECTED_ID"
    );
}

// ---------------------------------------------------------------------------------------------
// users

fn user(id: &str, username: &str, first: &str, key: Value) -> Value {
    json!({
        "id": id,
        "role_id": "a58de6d3-f52c-5080-b79b-a601a647ac85",
        "username": username,
        "active": true,
        "deleted": false,
        "created": "2026-01-15T10:00:00+00:00",
        "modified": "2026-01-15T10:00:00+00:00",
        "last_logged_in": null,
        "is_mfa_enabled": false,
        "profile": {
            "id": "c1f6f7a2-0000-4000-8000-000000000001",
            "user_id": id,
            "first_name": first,
            "last_name": "Fixture",
            "created": "2026-01-15T10:00:00+00:00",
            "modified": "2026-01-15T10:00:00+00:00",
            "avatar": {"url": {"medium": "img/avatar/user_medium.png", "small": "img/avatar/user.png"}}
        },
        "role": {"id": "a58de6d3-f52c-5080-b79b-a601a647ac85", "name": "user"},
        "gpgkey": key
    })
}

fn users_body() -> Value {
    json!([
        user(ADA, "ada@fixture.test", "Ada", gpgkey(0)),
        user(BETTY, "betty@fixture.test", "Betty", gpgkey(1)),
    ])
}

#[test]
fn users_come_with_profile_role_and_key() {
    let request = ListUsers {
        contain: vec![UserContain::Profile, UserContain::Role, UserContain::Gpgkey],
        filter: UserFilter {
            has_access: vec![SHARED_RESOURCE.into()],
            is_active: Some(true),
            ..UserFilter::default()
        },
    }
    .request();
    assert_eq!(
        request.path_and_query(),
        format!(
            "/users.json?contain%5Bprofile%5D=1&contain%5Brole%5D=1&contain%5Bgpgkey%5D=1\
             &filter%5Bhas-access%5D%5B%5D={SHARED_RESOURCE}&filter%5Bis-active%5D=1&api-version=v2"
        )
    );
    let list = users::parse_list(&success("/users.json", 1, users_body())).unwrap();
    assert_eq!(list.len(), 2);
    let betty = &list[1];
    assert_eq!(betty.username, "betty@fixture.test");
    assert_eq!(betty.profile.as_ref().unwrap().first_name, "Betty");
    assert_eq!(
        betty
            .profile
            .as_ref()
            .unwrap()
            .avatar
            .as_ref()
            .unwrap()
            .small
            .as_deref(),
        Some("img/avatar/user.png")
    );
    assert_eq!(betty.role.as_ref().unwrap().name, "user");
    let key = betty.gpgkey.as_ref().unwrap();
    assert_eq!(key.public_key().unwrap().fingerprint(), key.fingerprint);

    let me =
        users::parse_view(&success("/users/me.json", 1, users_body()[0].clone()), "me").unwrap();
    assert_eq!(me.id, ADA);
    assert_eq!(
        users::view_request("me", &[UserContain::Profile]).path_and_query(),
        "/users/me.json?contain%5Bprofile%5D=1&api-version=v2"
    );
}

#[test]
fn broken_or_mismatched_users_are_refused() {
    let mut body = users_body();
    body[1]["gpgkey"]["user_id"] = json!(ADA);
    assert_eq!(
        users::parse_list(&success("/users.json", 1, body)).unwrap_err(),
        ApiError::UnexpectedId {
            path: "body.1.gpgkey.user_id".into(),
            expected: BETTY.into(),
            found: ADA.into(),
        }
    );
    let mut body = users_body();
    body[0].as_object_mut().unwrap().remove("username");
    assert_eq!(
        users::parse_list(&success("/users.json", 1, body)).unwrap_err(),
        ApiError::Malformed {
            path: "body.0.username".into(),
            expected: "a string"
        }
    );
    let mut body = users_body();
    body[0]["profile"]["first_name"] = json!(["Ada"]);
    assert_eq!(
        users::parse_list(&success("/users.json", 1, body)).unwrap_err(),
        ApiError::Malformed {
            path: "body.0.profile.first_name".into(),
            expected: "a string"
        }
    );
    assert_eq!(
        users::parse_view(&success("/users/x.json", 1, users_body()[0].clone()), BETTY)
            .unwrap_err()
            .code(),
        "UNEXPECTED_ID"
    );
    assert_eq!(
        users::parse_list(&api_response("error_403_not_logged_in.json")).unwrap_err(),
        ApiError::Rejected {
            http_status: 403,
            message: "You need to login to access this location.".into()
        }
    );
}

// ---------------------------------------------------------------------------------------------
// groups

fn group_body() -> Value {
    json!({
        "id": GROUP,
        "name": "Fixture group",
        "deleted": false,
        "created": "2026-01-15T10:00:00+00:00",
        "modified": "2026-01-15T10:00:00+00:00",
        "created_by": ADA,
        "modified_by": ADA,
        "groups_users": [
            {"id": "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a51", "group_id": GROUP, "user_id": ADA, "is_admin": true,
             "created": "2026-01-15T10:00:00+00:00",
             "user": user(ADA, "ada@fixture.test", "Ada", gpgkey(0))},
            {"id": "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a52", "group_id": GROUP, "user_id": BETTY, "is_admin": false,
             "created": "2026-01-15T10:00:00+00:00"}
        ]
    })
}

#[test]
fn groups_come_with_their_members() {
    let request = ListGroups {
        contain: vec![
            GroupContain::GroupsUsersUserProfile,
            GroupContain::MyGroupUser,
        ],
        has_managers: vec![ADA.into()],
        ..ListGroups::default()
    }
    .request();
    assert_eq!(
        request.path_and_query(),
        format!(
            "/groups.json?contain%5Bgroups_users.user.profile%5D=1&contain%5Bmy_group_user%5D=1\
             &filter%5Bhas-managers%5D%5B%5D={ADA}&api-version=v2"
        )
    );
    let list = groups::parse_list(&success("/groups.json", 1, json!([group_body()]))).unwrap();
    let members = list[0].groups_users.as_ref().unwrap();
    assert_eq!(members.len(), 2);
    assert!(members[0].is_admin && !members[1].is_admin);
    assert_eq!(
        members[0].user.as_ref().unwrap().username,
        "ada@fixture.test"
    );
    let group = groups::parse_view(&success("/groups/x.json", 1, group_body()), GROUP).unwrap();
    assert_eq!(group.name, "Fixture group");
}

#[test]
fn a_member_of_another_group_or_a_mismatched_user_is_refused() {
    let mut body = group_body();
    body["groups_users"][1]["group_id"] = json!("8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a42");
    assert_eq!(
        groups::parse_list(&success("/groups.json", 1, json!([body]))).unwrap_err(),
        ApiError::UnexpectedId {
            path: "body.0.groups_users.1.group_id".into(),
            expected: GROUP.into(),
            found: "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a42".into(),
        }
    );
    let mut body = group_body();
    body["groups_users"][0]["user_id"] = json!(BETTY);
    assert_eq!(
        groups::parse_list(&success("/groups.json", 1, json!([body]))).unwrap_err(),
        ApiError::UnexpectedId {
            path: "body.0.groups_users.0.user.id".into(),
            expected: BETTY.into(),
            found: ADA.into(),
        }
    );
    let mut body = group_body();
    body["groups_users"][0]["is_admin"] = json!("yes");
    assert_eq!(
        groups::parse_list(&success("/groups.json", 1, json!([body]))).unwrap_err(),
        ApiError::Malformed {
            path: "body.0.groups_users.0.is_admin".into(),
            expected: "true or false"
        }
    );
    assert_eq!(
        groups::parse_delete(&api_response("error_404.json"))
            .unwrap_err()
            .code(),
        "NOT_FOUND"
    );
}

#[test]
fn creating_and_deleting_a_group() {
    let request = groups::create_request(
        "Fixture group",
        &[(ADA.into(), true), (BETTY.into(), false)],
    )
    .unwrap();
    assert_eq!(request.path, "/groups.json");
    let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"name": "Fixture group", "groups_users": [
            {"user_id": ADA, "is_admin": true}, {"user_id": BETTY, "is_admin": false}]})
    );
    let delete = groups::delete_request(GROUP);
    assert_eq!(delete.method.as_str(), "DELETE");
    assert_eq!(delete.path, format!("/groups/{GROUP}.json"));
}
