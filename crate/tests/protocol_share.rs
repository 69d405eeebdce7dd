//! Sharing a resource and adding a member to a group: the simulation, one secret per added
//! user (decrypted by that user to prove it), and the group dry run's `SecretsNeeded`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::protocol_fixtures::*;
use passbolt_core::envelope::EnvelopeError;
use passbolt_core::protocol::api_error::ApiError;
use passbolt_core::protocol::groups::{GroupUpdate, GroupUserChange};
use passbolt_core::protocol::http::Request;
use passbolt_core::protocol::resource_types::ResourceType;
use passbolt_core::protocol::secrets::{self, EncryptedSecret};
use passbolt_core::protocol::share::{
    self, Aro, PermissionChange, PermissionType, SecretNeeded, ShareSimulation,
};
use serde_json::{json, Value};

const GROUP: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a41";
const OTHER_RESOURCE: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a34";

fn body_of(request: &Request) -> Value {
    serde_json::from_str(request.body.as_deref().expect("body")).expect("JSON body")
}

fn grant_betty() -> PermissionChange {
    PermissionChange::grant(SHARED_RESOURCE, Aro::User, BETTY, PermissionType::Read)
}

#[test]
fn the_simulation_request_and_its_added_users() {
    let request = share::simulate_request(SHARED_RESOURCE, &[grant_betty()]).unwrap();
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(
        request.path,
        format!("/share/simulate/resource/{SHARED_RESOURCE}.json")
    );
    assert_eq!(
        body_of(&request),
        json!({"permissions": api_json("share_request_body.json")["permissions"]})
    );
    let simulation = share::parse_simulate(&api_response("share_simulate.json")).unwrap();
    assert_eq!(
        simulation,
        ShareSimulation {
            added: vec![BETTY.into()],
            removed: Vec::new()
        }
    );
}

#[test]
fn a_broken_simulation_is_a_typed_error() {
    let mut answer = api_json("share_simulate.json");
    answer["body"]["changes"]["added"][0]["User"] = json!({"id": 7});
    assert_eq!(
        share::parse_simulate(&response_of(&answer)).unwrap_err(),
        ApiError::Malformed {
            path: "body.changes.added.0.User.id".into(),
            expected: "a UUID"
        }
    );
    let mut answer = api_json("share_simulate.json");
    answer["body"] = json!("");
    assert_eq!(
        share::parse_simulate(&response_of(&answer)).unwrap_err(),
        ApiError::Malformed {
            path: "body".into(),
            expected: "an object"
        }
    );
    assert_eq!(
        share::parse_simulate(&raw_response(502, "<html>Bad Gateway</html>")).unwrap_err(),
        ApiError::Envelope(EnvelopeError::Html { http_status: 502 })
    );
}

/// Ada decrypts her secret, encrypts it for each added user signed by herself; the body has
/// one secret per added user, and each decrypts with that user's key.
#[test]
fn the_share_body_has_one_secret_per_added_user_that_each_user_decrypts() {
    let ada = unlocked("ada");
    let secret =
        secrets::parse_view(&api_response("secret_view_shared.json"), SHARED_RESOURCE).unwrap();
    let plaintext = secrets::decrypt_secret_text(&secret.data, &ada, &[]).unwrap();
    let simulation = share::parse_simulate(&api_response("share_simulate.json")).unwrap();
    let betty_key = public("betty");
    let recipients: Vec<(&str, &passbolt_core::pgp::PublicKey)> = simulation
        .added
        .iter()
        .map(|user| {
            assert_eq!(user, BETTY, "the fixture adds betty only");
            (user.as_str(), &betty_key)
        })
        .collect();
    let new_secrets =
        secrets::encrypt_for_users(SHARED_RESOURCE, &plaintext, &recipients, &ada).unwrap();
    let request =
        share::share_request(SHARED_RESOURCE, &[grant_betty()], &simulation, &new_secrets).unwrap();
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(
        request.path,
        format!("/share/resource/{SHARED_RESOURCE}.json")
    );

    let body = body_of(&request);
    let expected = api_json("share_request_body.json");
    assert_eq!(body["permissions"], expected["permissions"]);
    let sent = body["secrets"].as_array().unwrap();
    assert_eq!(sent.len(), simulation.added.len());
    for (item, expected) in sent.iter().zip(expected["secrets"].as_array().unwrap()) {
        assert_eq!(item["resource_id"], expected["resource_id"]);
        assert_eq!(item["user_id"], expected["user_id"]);
        let data = secrets::decrypt_secret(
            item["data"].as_str().unwrap(),
            &unlocked("betty"),
            ResourceType::V5Default,
            &[&public("ada")],
        )
        .expect("betty decrypts her copy, signed by ada");
        assert_eq!(data.password.as_deref(), Some("S3cr3t-shared-P@ss"));
    }
}

#[test]
fn the_share_body_with_the_fixtures_secret_is_the_fixture() {
    let expected = api_json("share_request_body.json");
    let secret = EncryptedSecret {
        resource_id: SHARED_RESOURCE.into(),
        user_id: BETTY.into(),
        data: expected["secrets"][0]["data"].as_str().unwrap().into(),
    };
    let simulation = share::parse_simulate(&api_response("share_simulate.json")).unwrap();
    let request =
        share::share_request(SHARED_RESOURCE, &[grant_betty()], &simulation, &[secret]).unwrap();
    assert_eq!(body_of(&request), expected);
}

#[test]
fn a_share_with_missing_extra_or_foreign_secrets_is_refused() {
    let simulation = share::parse_simulate(&api_response("share_simulate.json")).unwrap();
    let armored = api_json("share_request_body.json")["secrets"][0]["data"].clone();
    let secret_for = |resource: &str, user: &str| EncryptedSecret {
        resource_id: resource.into(),
        user_id: user.into(),
        data: armored.as_str().unwrap().into(),
    };
    let share = |secrets: &[EncryptedSecret]| {
        share::share_request(SHARED_RESOURCE, &[grant_betty()], &simulation, secrets).unwrap_err()
    };
    assert_eq!(
        share(&[]),
        ApiError::SecretsMismatch {
            missing: vec![BETTY.into()],
            unexpected: Vec::new()
        }
    );
    assert_eq!(
        share(&[
            secret_for(SHARED_RESOURCE, BETTY),
            secret_for(SHARED_RESOURCE, ADA)
        ]),
        ApiError::SecretsMismatch {
            missing: Vec::new(),
            unexpected: vec![ADA.into()]
        }
    );
    assert_eq!(
        share(&[
            secret_for(SHARED_RESOURCE, BETTY),
            secret_for(SHARED_RESOURCE, BETTY)
        ]),
        ApiError::SecretsMismatch {
            missing: Vec::new(),
            unexpected: vec![BETTY.into()]
        }
    );
    let err = share(&[secret_for(OTHER_RESOURCE, BETTY)]);
    assert_eq!(
        err,
        ApiError::SecretsMismatch {
            missing: Vec::new(),
            unexpected: vec![format!("{OTHER_RESOURCE}/{BETTY}")]
        }
    );
    assert_eq!(err.code(), "SECRETS_MISMATCH");
}

#[test]
fn changing_and_revoking_a_permission() {
    let index = api_json("resources_index.json");
    let list = passbolt_core::protocol::resources::parse_list(&response_of(&index)).unwrap();
    let owner = list[0].permission.clone().unwrap();
    let change = PermissionChange::change(&owner, PermissionType::Update);
    let revoke = PermissionChange::revoke(&owner);
    let request = share::simulate_request(SHARED_RESOURCE, &[change, revoke]).unwrap();
    let body = body_of(&request);
    assert_eq!(body["permissions"][0]["id"], owner.id.as_str());
    assert_eq!(body["permissions"][0]["type"], 7);
    assert!(body["permissions"][0].get("delete").is_none());
    assert_eq!(body["permissions"][1]["delete"], true);
    assert_eq!(body["permissions"][1]["type"], 15);
}

#[test]
fn permissions_of_a_resource() {
    let index = api_json("resources_index.json");
    let permission = index["body"][0]["permission"].clone();
    let request = share::permissions_request(SHARED_RESOURCE);
    assert_eq!(
        request.path_and_query(),
        format!(
            "/permissions/resource/{SHARED_RESOURCE}.json?contain%5Buser.profile%5D=1&contain%5Bgroup%5D=1&api-version=v2"
        )
    );
    let answer = success("/permissions", 1, json!([permission]));
    let list = share::parse_permissions(&answer, SHARED_RESOURCE).unwrap();
    assert_eq!(list[0].permission_type, PermissionType::Owner);
    assert_eq!(
        share::parse_permissions(&answer, OTHER_RESOURCE)
            .unwrap_err()
            .code(),
        "UNEXPECTED_ID"
    );
}

// ---------------------------------------------------------------------------------------------
// Group update: adding betty to a group that has the shared resource

fn add_betty() -> GroupUpdate {
    GroupUpdate {
        name: None,
        changes: vec![GroupUserChange::Add {
            user_id: BETTY.into(),
            is_admin: false,
        }],
    }
}

/// The server's dry-run answer (`GroupsUpdateController::_formatDryRunResult`): `Secret` of
/// `Secrets` is a one-item list, a legacy of API v1.
fn dry_run_answer() -> Value {
    let ada_secret = api_json("secret_view_shared.json")["body"].clone();
    json!({
        "dry-run": {
            "SecretsNeeded": [{"Secret": {"resource_id": SHARED_RESOURCE, "user_id": BETTY}}],
            "Secrets": [{"Secret": [ada_secret]}]
        }
    })
}

#[test]
fn the_group_dry_run_lists_the_secrets_needed_and_the_callers_secrets() {
    let request = share::group_dry_run_request(GROUP, &add_betty()).unwrap();
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.path, format!("/groups/{GROUP}/dry-run.json"));
    assert_eq!(
        body_of(&request),
        json!({"groups_users": [{"user_id": BETTY, "is_admin": false}]})
    );
    let dry_run =
        share::parse_group_dry_run(&success("/groups/dry-run", 1, dry_run_answer())).unwrap();
    assert_eq!(
        dry_run.secrets_needed,
        vec![SecretNeeded {
            resource_id: SHARED_RESOURCE.into(),
            user_id: BETTY.into()
        }]
    );
    assert_eq!(dry_run.secret_of(SHARED_RESOURCE).unwrap().user_id, ADA);
    // Nothing needed: empty lists.
    let none = json!({"dry-run": {"SecretsNeeded": [], "Secrets": []}});
    let dry_run = share::parse_group_dry_run(&success("/x", 1, none)).unwrap();
    assert!(dry_run.secrets_needed.is_empty() && dry_run.secrets.is_empty());
}

#[test]
fn the_group_update_carries_one_secret_per_needed_pair_that_the_new_member_decrypts() {
    let dry_run =
        share::parse_group_dry_run(&success("/groups/dry-run", 1, dry_run_answer())).unwrap();
    let ada = unlocked("ada");
    let betty_key = public("betty");
    let mut new_secrets = Vec::new();
    for needed in &dry_run.secrets_needed {
        let mine = dry_run.secret_of(&needed.resource_id).unwrap();
        let plaintext = secrets::decrypt_secret_text(&mine.data, &ada, &[]).unwrap();
        new_secrets.extend(
            secrets::encrypt_for_users(
                &needed.resource_id,
                &plaintext,
                &[(needed.user_id.as_str(), &betty_key)],
                &ada,
            )
            .unwrap(),
        );
    }
    let request = share::group_update_request(GROUP, &add_betty(), &dry_run, &new_secrets).unwrap();
    assert_eq!(request.path, format!("/groups/{GROUP}.json"));
    let body = body_of(&request);
    assert_eq!(
        body["groups_users"],
        json!([{"user_id": BETTY, "is_admin": false}])
    );
    assert_eq!(body["secrets"][0]["resource_id"], SHARED_RESOURCE);
    assert_eq!(body["secrets"][0]["user_id"], BETTY);
    let data = secrets::decrypt_secret(
        body["secrets"][0]["data"].as_str().unwrap(),
        &unlocked("betty"),
        ResourceType::V5Default,
        &[&public("ada")],
    )
    .unwrap();
    assert_eq!(data.password.as_deref(), Some("S3cr3t-shared-P@ss"));

    let err = share::group_update_request(GROUP, &add_betty(), &dry_run, &[]).unwrap_err();
    assert_eq!(
        err,
        ApiError::SecretsMismatch {
            missing: vec![format!("{SHARED_RESOURCE}/{BETTY}")],
            unexpected: Vec::new()
        }
    );
}

#[test]
fn a_dry_run_without_the_callers_secret_or_with_a_stray_one_is_refused() {
    let mut answer = dry_run_answer();
    answer["dry-run"]["Secrets"] = json!([]);
    assert_eq!(
        share::parse_group_dry_run(&success("/x", 1, answer)).unwrap_err(),
        ApiError::Malformed {
            path: "body.dry-run.SecretsNeeded.0".into(),
            expected: "a resource of which the Secrets list holds the caller's secret"
        }
    );
    let mut answer = dry_run_answer();
    answer["dry-run"]["SecretsNeeded"] = json!([]);
    assert_eq!(
        share::parse_group_dry_run(&success("/x", 1, answer)).unwrap_err(),
        ApiError::Malformed {
            path: "body.dry-run.Secrets.0".into(),
            expected: "a secret of a resource listed in SecretsNeeded"
        }
    );
    let mut answer = dry_run_answer();
    answer["dry-run"]["SecretsNeeded"][0]["Secret"]["user_id"] = json!(null);
    assert_eq!(
        share::parse_group_dry_run(&success("/x", 1, answer)).unwrap_err(),
        ApiError::Malformed {
            path: "body.dry-run.SecretsNeeded.0.Secret.user_id".into(),
            expected: "a UUID"
        }
    );
    assert_eq!(
        share::parse_group_dry_run(&api_response("error_404.json"))
            .unwrap_err()
            .code(),
        "NOT_FOUND"
    );
}

#[test]
fn personal_v5_metadata_must_move_to_the_shared_key_before_sharing() {
    let list =
        passbolt_core::protocol::resources::parse_list(&api_response("resources_index.json"))
            .unwrap();
    assert_eq!(share::ensure_shareable(&list[0]), Ok(()));
    assert_eq!(share::ensure_shareable(&list[2]), Ok(()));
    let ApiError::InvalidInput { violations } = share::ensure_shareable(&list[1]).unwrap_err()
    else {
        panic!("InvalidInput expected")
    };
    assert_eq!(
        (violations[0].path.as_str(), violations[0].rule),
        ("metadata_key_type", "isSharedKeyMetadata")
    );
}
