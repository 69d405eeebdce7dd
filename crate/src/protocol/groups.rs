//! Groups (`../shared/protocol.md` §6.1): list, view, create, delete, and the membership
//! changes of an update (the update itself, which needs secrets for new members, is in
//! [`super::share`]).

use serde::Serialize;

use super::api_error::{success_body, ApiError};
use super::http::{Method, Request, Response};
use super::json_read::{items, with_json_body, Obj};
use super::query::{path_id, QueryOptions};
use super::secrets::{expect_id, EncryptedSecret};
use super::users::{parse_user, User};

/// A membership.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupUser {
    /// The membership's id.
    pub id: String,
    /// The group.
    pub group_id: String,
    /// The member.
    pub user_id: String,
    /// True for a group manager.
    pub is_admin: bool,
    /// Creation date.
    pub created: Option<String>,
    /// The member, with `contain[groups_users.user]`.
    pub user: Option<Box<User>>,
}

/// Reads one membership object.
pub(crate) fn parse_group_user(obj: &Obj<'_>) -> Result<GroupUser, ApiError> {
    let user = match obj.opt_obj("user")? {
        None => None,
        Some(u) => Some(Box::new(parse_user(&u)?)),
    };
    let group_user = GroupUser {
        id: obj.uuid("id")?,
        group_id: obj.uuid("group_id")?,
        user_id: obj.uuid("user_id")?,
        is_admin: obj.opt_bool("is_admin")?.unwrap_or(false),
        created: obj.opt_string("created")?,
        user,
    };
    if let Some(user) = &group_user.user {
        expect_id(&obj.field_path("user.id"), &group_user.user_id, &user.id)?;
    }
    Ok(group_user)
}

/// A group.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    /// The group's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// True for a deleted group.
    pub deleted: bool,
    /// Creation date.
    pub created: Option<String>,
    /// Modification date.
    pub modified: Option<String>,
    /// Creator's id.
    pub created_by: Option<String>,
    /// Last modifier's id.
    pub modified_by: Option<String>,
    /// The memberships, with `contain[groups_users]`.
    pub groups_users: Option<Vec<GroupUser>>,
    /// The caller's membership, with `contain[my_group_user]`.
    pub my_group_user: Option<GroupUser>,
}

fn parse_group(obj: &Obj<'_>) -> Result<Group, ApiError> {
    let id = obj.uuid("id")?;
    let groups_users: Option<Vec<GroupUser>> = match obj.opt_items("groups_users")? {
        None => None,
        Some(list) => Some(
            list.iter()
                .map(|item| parse_group_user(&item.obj()?))
                .collect::<Result<_, _>>()?,
        ),
    };
    for (i, member) in groups_users.iter().flatten().enumerate() {
        expect_id(
            &obj.field_path(&format!("groups_users.{i}.group_id")),
            &id,
            &member.group_id,
        )?;
    }
    let my_group_user = match obj.opt_obj("my_group_user")? {
        None => None,
        Some(m) => Some(parse_group_user(&m)?),
    };
    Ok(Group {
        name: obj.string("name")?,
        deleted: obj.opt_bool("deleted")?.unwrap_or(false),
        created: obj.opt_string("created")?,
        modified: obj.opt_string("modified")?,
        created_by: obj.opt_uuid("created_by")?,
        modified_by: obj.opt_uuid("modified_by")?,
        id,
        groups_users,
        my_group_user,
    })
}

/// What `GET /groups.json` can include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupContain {
    /// `contain[my_group_user]`
    MyGroupUser,
    /// `contain[groups_users]`
    GroupsUsers,
    /// `contain[groups_users.user]`
    GroupsUsersUser,
    /// `contain[groups_users.user.profile]`
    GroupsUsersUserProfile,
    /// `contain[groups_users.user.gpgkey]`
    GroupsUsersUserGpgkey,
    /// `contain[modifier]`
    Modifier,
}

impl GroupContain {
    /// The option's name.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupContain::MyGroupUser => "my_group_user",
            GroupContain::GroupsUsers => "groups_users",
            GroupContain::GroupsUsersUser => "groups_users.user",
            GroupContain::GroupsUsersUserProfile => "groups_users.user.profile",
            GroupContain::GroupsUsersUserGpgkey => "groups_users.user.gpgkey",
            GroupContain::Modifier => "modifier",
        }
    }
}

/// `GET /groups.json` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListGroups {
    /// What to include.
    pub contain: Vec<GroupContain>,
    /// `filter[has-users][]`.
    pub has_users: Vec<String>,
    /// `filter[has-managers][]`.
    pub has_managers: Vec<String>,
}

fn contains(list: &[GroupContain]) -> QueryOptions {
    list.iter()
        .fold(QueryOptions::new(), |q, c| q.contain(c.as_str(), true))
}

impl ListGroups {
    /// The request.
    pub fn request(&self) -> Request {
        contains(&self.contain)
            .filter_list("has-users", &self.has_users)
            .filter_list("has-managers", &self.has_managers)
            .apply(Request::new(Method::Get, "/groups.json"))
    }
}

/// Parses `/groups.json`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`]; [`ApiError::UnexpectedId`] for a
/// membership of another group.
pub fn parse_list(response: &Response) -> Result<Vec<Group>, ApiError> {
    let (_, body) = success_body(response)?;
    items(&body, "body")?
        .iter()
        .map(|item| parse_group(&item.obj()?))
        .collect()
}

/// `GET /groups/{id}.json`.
pub fn view_request(id: &str, contain: &[GroupContain]) -> Request {
    contains(contain).apply(Request::new(
        Method::Get,
        format!("/groups/{}.json", path_id(id)),
    ))
}

/// Parses the group `id` (also the answer to a group update).
///
/// Errors: as [`parse_list`], and [`ApiError::UnexpectedId`] for another group.
pub fn parse_view(response: &Response, id: &str) -> Result<Group, ApiError> {
    let (_, body) = success_body(response)?;
    let group = parse_group(&Obj::of(&body, "body")?)?;
    expect_id("body.id", id, &group.id)?;
    Ok(group)
}

/// A change of membership, as the server reads `groups_users` on update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupUserChange {
    /// A new member (`{user_id, is_admin}`).
    Add {
        /// The user.
        user_id: String,
        /// True to make them a manager.
        is_admin: bool,
    },
    /// A member becomes, or stops being, a manager (`{id, is_admin}`).
    SetAdmin {
        /// The membership's id.
        id: String,
        /// The new role.
        is_admin: bool,
    },
    /// A member leaves (`{id, delete: true}`).
    Remove {
        /// The membership's id.
        id: String,
    },
}

#[derive(Serialize)]
struct ChangeWire<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_admin: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete: Option<bool>,
}

impl GroupUserChange {
    fn wire(&self) -> ChangeWire<'_> {
        match self {
            GroupUserChange::Add { user_id, is_admin } => ChangeWire {
                id: None,
                user_id: Some(user_id),
                is_admin: Some(*is_admin),
                delete: None,
            },
            GroupUserChange::SetAdmin { id, is_admin } => ChangeWire {
                id: Some(id),
                user_id: None,
                is_admin: Some(*is_admin),
                delete: None,
            },
            GroupUserChange::Remove { id } => ChangeWire {
                id: Some(id),
                user_id: None,
                is_admin: None,
                delete: Some(true),
            },
        }
    }
}

/// A group update: a new name (administrators) and membership changes (managers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupUpdate {
    /// The new name, if it changes.
    pub name: Option<String>,
    /// The membership changes.
    pub changes: Vec<GroupUserChange>,
}

#[derive(Serialize)]
pub(crate) struct GroupUpdateBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    groups_users: Vec<ChangeWire<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    secrets: &'a [EncryptedSecret],
}

impl GroupUpdate {
    pub(crate) fn body<'a>(&'a self, secrets: &'a [EncryptedSecret]) -> GroupUpdateBody<'a> {
        GroupUpdateBody {
            name: self.name.as_deref(),
            groups_users: self.changes.iter().map(GroupUserChange::wire).collect(),
            secrets,
        }
    }
}

/// `POST /groups.json {name, groups_users: [{user_id, is_admin}]}` (administrators; at least
/// one manager).
///
/// Errors: [`ApiError::InvalidInput`] for an empty or over-long name (255) or no manager.
pub fn create_request(name: &str, members: &[(String, bool)]) -> Result<Request, ApiError> {
    let mut c = super::field_rules::Checker::default();
    if name.trim().is_empty() {
        c.required("name");
    }
    c.length("name", name, 0, 255);
    if !members.iter().any(|(_, admin)| *admin) {
        c.push(
            "groups_users",
            "atLeastOneGroupManager",
            "groups_users must have at least one group manager".into(),
        );
    }
    c.finish()
        .map_err(|violations| ApiError::InvalidInput { violations })?;
    let update = GroupUpdate {
        name: Some(name.to_owned()),
        changes: members
            .iter()
            .map(|(user_id, is_admin)| GroupUserChange::Add {
                user_id: user_id.clone(),
                is_admin: *is_admin,
            })
            .collect(),
    };
    with_json_body(
        Request::new(Method::Post, "/groups.json"),
        &update.body(&[]),
    )
}

/// `DELETE /groups/{id}.json`.
pub fn delete_request(id: &str) -> Request {
    Request::new(Method::Delete, format!("/groups/{}.json", path_id(id)))
}

/// Checks the answer to a delete.
///
/// Errors: the envelope errors (404 for an unknown group, 400 when the group is the sole owner
/// of shared resources).
pub fn parse_delete(response: &Response) -> Result<(), ApiError> {
    success_body(response).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_changes_are_written_as_the_server_reads_them() {
        let update = GroupUpdate {
            name: None,
            changes: vec![
                GroupUserChange::Add {
                    user_id: "u1".into(),
                    is_admin: false,
                },
                GroupUserChange::SetAdmin {
                    id: "m1".into(),
                    is_admin: true,
                },
                GroupUserChange::Remove { id: "m2".into() },
            ],
        };
        assert_eq!(
            serde_json::to_string(&update.body(&[])).unwrap(),
            r#"{"groups_users":[{"user_id":"u1","is_admin":false},{"id":"m1","is_admin":true},{"id":"m2","delete":true}]}"#
        );
    }

    #[test]
    fn a_group_needs_a_name_and_a_manager() {
        let err = create_request(" ", &[("u".into(), false)]).unwrap_err();
        let ApiError::InvalidInput { violations } = err else {
            panic!("{err:?}")
        };
        let rules: Vec<&str> = violations.iter().map(|v| v.rule).collect();
        assert_eq!(rules, vec!["required", "atLeastOneGroupManager"]);
    }
}
