//! Folders (`../shared/protocol.md` §4.4, v4 cleartext folders as extension 5.11 uses them):
//! `GET /folders.json`, `POST /folders.json {name, folder_parent_id}`, and
//! `PUT /move/{Resource|Folder}/{id}.json {folder_parent_id}`.

use serde::Serialize;

use super::api_error::{success_body, ApiError};
use super::field_rules::{is_uuid, FieldViolation};
use super::http::{Method, Request, Response};
use super::json_read::{items, with_json_body, Obj};
use super::query::{path_id, QueryOptions};
use super::secrets::expect_id;
use super::share::{parse_permission, Permission};

/// The longest folder name the server accepts (characters).
pub const MAX_FOLDER_NAME: usize = 256;

/// A folder as the server returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// The folder's id.
    pub id: String,
    /// Its name (cleartext).
    pub name: String,
    /// The parent folder, `None` at the root.
    pub folder_parent_id: Option<String>,
    /// True when only the caller has access.
    pub personal: Option<bool>,
    /// Creation date.
    pub created: Option<String>,
    /// Modification date.
    pub modified: Option<String>,
    /// Creator's id.
    pub created_by: Option<String>,
    /// Last modifier's id.
    pub modified_by: Option<String>,
    /// The caller's permission.
    pub permission: Option<Permission>,
}

fn parse_folder(obj: &Obj<'_>) -> Result<Folder, ApiError> {
    let id = obj.uuid("id")?;
    let permission = match obj.opt_obj("permission")? {
        None => None,
        Some(p) => {
            let permission = parse_permission(&p)?;
            expect_id(
                &p.field_path("aco_foreign_key"),
                &id,
                &permission.aco_foreign_key,
            )?;
            Some(permission)
        }
    };
    Ok(Folder {
        name: obj.string("name")?,
        folder_parent_id: obj.opt_uuid("folder_parent_id")?,
        personal: obj.opt_bool("personal")?,
        created: obj.opt_string("created")?,
        modified: obj.opt_string("modified")?,
        created_by: obj.opt_uuid("created_by")?,
        modified_by: obj.opt_uuid("modified_by")?,
        id,
        permission,
    })
}

/// `GET /folders.json?contain[permission]=1`, optionally only the children of `parent`
/// (`filter[has-parent][]`; `Some(None)` lists the root level).
pub fn list_request(parent: Option<Option<&str>>) -> Request {
    let mut q = QueryOptions::new().contain("permission", true);
    if let Some(parent) = parent {
        q = q.filter_list("has-parent", &[parent.unwrap_or("0")]);
    }
    q.apply(Request::new(Method::Get, "/folders.json"))
}

/// Parses `/folders.json`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`]; [`ApiError::UnexpectedId`] for a
/// permission on another folder.
pub fn parse_list(response: &Response) -> Result<Vec<Folder>, ApiError> {
    let (_, body) = success_body(response)?;
    items(&body, "body")?
        .iter()
        .map(|item| parse_folder(&item.obj()?))
        .collect()
}

#[derive(Serialize)]
struct CreateBody<'a> {
    name: &'a str,
    folder_parent_id: Option<&'a str>,
}

fn check_parent(out: &mut Vec<FieldViolation>, parent: Option<&str>) {
    if parent.is_some_and(|p| !is_uuid(p)) {
        out.push(FieldViolation {
            path: "folder_parent_id".into(),
            rule: "format",
            message: "folder_parent_id must be a UUID".into(),
        });
    }
}

/// `POST /folders.json {name, folder_parent_id}`.
///
/// Errors: [`ApiError::InvalidInput`] for an empty name, a name over [`MAX_FOLDER_NAME`]
/// characters, or a parent that is not a UUID; nothing is sent.
pub fn create_request(name: &str, folder_parent_id: Option<&str>) -> Result<Request, ApiError> {
    let mut out = Vec::new();
    if name.trim().is_empty() {
        out.push(FieldViolation {
            path: "name".into(),
            rule: "required",
            message: "name must not be empty".into(),
        });
    } else if name.chars().count() > MAX_FOLDER_NAME {
        out.push(FieldViolation {
            path: "name".into(),
            rule: "maxLength",
            message: format!("name must be at most {MAX_FOLDER_NAME} characters"),
        });
    }
    check_parent(&mut out, folder_parent_id);
    if !out.is_empty() {
        return Err(ApiError::InvalidInput { violations: out });
    }
    with_json_body(
        Request::new(Method::Post, "/folders.json"),
        &CreateBody {
            name,
            folder_parent_id,
        },
    )
}

/// Parses the answer to a create: the new folder.
///
/// Errors: as [`parse_list`]; [`ApiError::Validation`] with the server's rules.
pub fn parse_create(response: &Response) -> Result<Folder, ApiError> {
    let (_, body) = success_body(response)?;
    parse_folder(&Obj::of(&body, "body")?)
}

/// What a move applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveTarget {
    /// A resource.
    Resource,
    /// A folder.
    Folder,
}

#[derive(Serialize)]
struct MoveBody<'a> {
    folder_parent_id: Option<&'a str>,
}

/// `PUT /move/{Resource|Folder}/{id}.json {folder_parent_id}`; `None` moves to the root.
///
/// Errors: [`ApiError::InvalidInput`] for an id or a parent that is not a UUID.
pub fn move_request(
    target: MoveTarget,
    id: &str,
    folder_parent_id: Option<&str>,
) -> Result<Request, ApiError> {
    let mut out = Vec::new();
    if !is_uuid(id) {
        out.push(FieldViolation {
            path: "id".into(),
            rule: "format",
            message: "id must be a UUID".into(),
        });
    }
    check_parent(&mut out, folder_parent_id);
    if !out.is_empty() {
        return Err(ApiError::InvalidInput { violations: out });
    }
    let model = match target {
        MoveTarget::Resource => "Resource",
        MoveTarget::Folder => "Folder",
    };
    with_json_body(
        Request::new(Method::Put, format!("/move/{model}/{}.json", path_id(id))),
        &MoveBody { folder_parent_id },
    )
}

/// Checks the answer to a move.
///
/// Errors: the envelope errors ([`ApiError::NotFound`], [`ApiError::Validation`]).
pub fn parse_move(response: &Response) -> Result<(), ApiError> {
    success_body(response).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "a6858f2d-3c91-5598-9029-e87eabbba63f";

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
    fn list_asks_for_the_permission_and_filters_by_parent() {
        assert_eq!(
            list_request(None).path_and_query(),
            "/folders.json?contain%5Bpermission%5D=1&api-version=v2"
        );
        let root = list_request(Some(None)).path_and_query();
        assert!(root.contains("filter%5Bhas-parent%5D%5B%5D=0"), "{root}");
        let child = list_request(Some(Some(ID))).path_and_query();
        assert!(child.contains(ID), "{child}");
    }

    #[test]
    fn folders_are_parsed_and_a_foreign_permission_is_refused() {
        let body = format!(
            r#"[{{"id":"{ID}","name":"Shared folder","folder_parent_id":null,"personal":false,
            "permission":{{"id":"0ef5439a-9daa-5bf0-a075-f3e392ddaee8","aco":"Folder","aco_foreign_key":"{ID}",
            "aro":"User","aro_foreign_key":"f848277c-5398-58f8-a82a-72397af2d450","type":15}}}}]"#
        );
        let folders = parse_list(&ok(&body)).unwrap();
        assert_eq!(folders.len(), 1);
        assert_eq!(folders[0].name, "Shared folder");
        assert_eq!(folders[0].folder_parent_id, None);
        assert_eq!(
            folders[0]
                .permission
                .as_ref()
                .unwrap()
                .permission_type
                .code(),
            15
        );
        let foreign = body.replacen(
            &format!(r#""aco_foreign_key":"{ID}""#),
            r#""aco_foreign_key":"3448a1ba-5772-5353-9186-e4174f3462d1""#,
            1,
        );
        assert_eq!(
            parse_list(&ok(&foreign)).unwrap_err().code(),
            "UNEXPECTED_ID"
        );
        assert_eq!(
            parse_list(&ok(r#"[{"id":"x","name":"n"}]"#))
                .unwrap_err()
                .code(),
            "MALFORMED_RESPONSE"
        );
    }

    #[test]
    fn create_checks_the_name_and_parent_before_sending() {
        let request = create_request("Team", Some(ID)).unwrap();
        assert_eq!(request.method, Method::Post);
        let body: serde_json::Value =
            serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["name"], "Team");
        assert_eq!(body["folder_parent_id"], ID);
        let root: serde_json::Value = serde_json::from_str(
            create_request("Team", None)
                .unwrap()
                .body
                .as_deref()
                .unwrap(),
        )
        .unwrap();
        assert!(root["folder_parent_id"].is_null());
        for (name, parent) in [
            ("", None),
            ("  ", None),
            (&*"x".repeat(257), None),
            ("ok", Some("nope")),
        ] {
            assert_eq!(
                create_request(name, parent).unwrap_err().code(),
                "INVALID_INPUT",
                "{name:?} {parent:?}"
            );
        }
        assert!(create_request(&"é".repeat(256), None).is_ok());
    }

    #[test]
    fn move_names_the_model_and_checks_ids() {
        let request = move_request(MoveTarget::Resource, ID, None).unwrap();
        assert_eq!(request.method, Method::Put);
        assert_eq!(request.path, format!("/move/Resource/{ID}.json"));
        assert_eq!(
            request.body.as_deref(),
            Some(r#"{"folder_parent_id":null}"#)
        );
        let folder = move_request(MoveTarget::Folder, ID, Some(ID)).unwrap();
        assert_eq!(folder.path, format!("/move/Folder/{ID}.json"));
        assert_eq!(
            move_request(MoveTarget::Resource, "../x", None)
                .unwrap_err()
                .code(),
            "INVALID_INPUT"
        );
        assert_eq!(
            move_request(MoveTarget::Resource, ID, Some("x"))
                .unwrap_err()
                .code(),
            "INVALID_INPUT"
        );
        assert!(parse_move(&ok("null")).is_ok());
    }
}
