//! Users (`../shared/protocol.md` §6.1): `GET /users.json`, `GET /users/{id|me}.json`, with
//! profile, role and public key.

use super::api_error::{success_body, ApiError};
use super::gpgkeys::{parse_gpgkey, Gpgkey};
use super::groups::{parse_group_user, GroupUser};
use super::http::{Method, Request, Response};
use super::json_read::{items, Obj};
use super::query::{path_id, QueryOptions};
use super::secrets::expect_id;

/// A user's avatar addresses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Avatar {
    /// `avatar.url.medium`.
    pub medium: Option<String>,
    /// `avatar.url.small`.
    pub small: Option<String>,
}

/// A user's profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Profile {
    /// The profile's id.
    pub id: Option<String>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The avatar, when sent.
    pub avatar: Option<Avatar>,
}

/// A user's role.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Role {
    /// The role's id.
    pub id: String,
    /// `admin`, `user`, `guest` or a custom role name.
    pub name: String,
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    /// The user's id.
    pub id: String,
    /// The role's id.
    pub role_id: Option<String>,
    /// The username (an email address).
    pub username: String,
    /// True once the account is set up.
    pub active: bool,
    /// True for a deleted user.
    pub deleted: bool,
    /// Creation date.
    pub created: Option<String>,
    /// Modification date.
    pub modified: Option<String>,
    /// Last login date (`contain[last_logged_in]`).
    pub last_logged_in: Option<String>,
    /// `contain[is_mfa_enabled]`.
    pub is_mfa_enabled: Option<bool>,
    /// `contain[profile]`.
    pub profile: Option<Profile>,
    /// `contain[role]`.
    pub role: Option<Role>,
    /// `contain[gpgkey]`.
    pub gpgkey: Option<Gpgkey>,
    /// `contain[groups_users]`.
    pub groups_users: Option<Vec<GroupUser>>,
}

/// Reads one user object.
pub(crate) fn parse_user(obj: &Obj<'_>) -> Result<User, ApiError> {
    let profile = match obj.opt_obj("profile")? {
        None => None,
        Some(p) => Some(Profile {
            id: p.opt_uuid("id")?,
            first_name: p.string("first_name")?,
            last_name: p.string("last_name")?,
            avatar: match p.opt_obj("avatar")? {
                None => None,
                Some(a) => a
                    .opt_obj("url")?
                    .map(|url| {
                        Ok::<_, ApiError>(Avatar {
                            medium: url.opt_string("medium")?,
                            small: url.opt_string("small")?,
                        })
                    })
                    .transpose()?,
            },
        }),
    };
    let role = match obj.opt_obj("role")? {
        None => None,
        Some(r) => Some(Role {
            id: r.uuid("id")?,
            name: r.string("name")?,
        }),
    };
    let gpgkey = match obj.opt_obj("gpgkey")? {
        None => None,
        Some(k) => {
            let key = parse_gpgkey(&k)?;
            let user_id = obj.uuid("id")?;
            expect_id(&k.field_path("user_id"), &user_id, &key.user_id)?;
            Some(key)
        }
    };
    let groups_users = match obj.opt_items("groups_users")? {
        None => None,
        Some(list) => Some(
            list.iter()
                .map(|item| parse_group_user(&item.obj()?))
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(User {
        id: obj.uuid("id")?,
        role_id: obj.opt_uuid("role_id")?,
        username: obj.string("username")?,
        active: obj.opt_bool("active")?.unwrap_or(false),
        deleted: obj.opt_bool("deleted")?.unwrap_or(false),
        created: obj.opt_string("created")?,
        modified: obj.opt_string("modified")?,
        last_logged_in: obj.opt_string("last_logged_in")?,
        is_mfa_enabled: obj.opt_bool("is_mfa_enabled")?,
        profile,
        role,
        gpgkey,
        groups_users,
    })
}

/// What `GET /users.json` can include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserContain {
    /// `contain[profile]`
    Profile,
    /// `contain[role]`
    Role,
    /// `contain[gpgkey]`
    Gpgkey,
    /// `contain[groups_users]`
    GroupsUsers,
    /// `contain[last_logged_in]`
    LastLoggedIn,
    /// `contain[is_mfa_enabled]`
    IsMfaEnabled,
}

impl UserContain {
    /// The option's name.
    pub fn as_str(self) -> &'static str {
        match self {
            UserContain::Profile => "profile",
            UserContain::Role => "role",
            UserContain::Gpgkey => "gpgkey",
            UserContain::GroupsUsers => "groups_users",
            UserContain::LastLoggedIn => "last_logged_in",
            UserContain::IsMfaEnabled => "is_mfa_enabled",
        }
    }
}

/// Filters of `GET /users.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFilter {
    /// `filter[search]`.
    pub search: Option<String>,
    /// `filter[has-groups][]`.
    pub has_groups: Vec<String>,
    /// `filter[has-access][]`: users with access to this resource.
    pub has_access: Vec<String>,
    /// `filter[is-admin]`.
    pub is_admin: Option<bool>,
    /// `filter[is-active]` (administrators only).
    pub is_active: Option<bool>,
}

/// `GET /users.json` options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUsers {
    /// What to include.
    pub contain: Vec<UserContain>,
    /// Filters.
    pub filter: UserFilter,
}

impl ListUsers {
    /// The request.
    pub fn request(&self) -> Request {
        let mut q = contains(&self.contain);
        let f = &self.filter;
        if let Some(search) = &f.search {
            q = q.filter("search", search.clone());
        }
        q = q
            .filter_list("has-groups", &f.has_groups)
            .filter_list("has-access", &f.has_access);
        if let Some(admin) = f.is_admin {
            q = q.filter_bool("is-admin", admin);
        }
        if let Some(active) = f.is_active {
            q = q.filter_bool("is-active", active);
        }
        q.apply(Request::new(Method::Get, "/users.json"))
    }
}

fn contains(list: &[UserContain]) -> QueryOptions {
    list.iter()
        .fold(QueryOptions::new(), |q, c| q.contain(c.as_str(), true))
}

/// Parses `/users.json`.
///
/// Errors: the envelope errors; [`ApiError::Malformed`]; [`ApiError::UnexpectedId`] for a
/// key attached to another user.
pub fn parse_list(response: &Response) -> Result<Vec<User>, ApiError> {
    let (_, body) = success_body(response)?;
    items(&body, "body")?
        .iter()
        .map(|item| parse_user(&item.obj()?))
        .collect()
}

/// `GET /users/{id}.json` (`"me"` for the caller).
pub fn view_request(id: &str, contain: &[UserContain]) -> Request {
    contains(contain).apply(Request::new(
        Method::Get,
        format!("/users/{}.json", path_id(id)),
    ))
}

/// Parses a user view; `id` is checked unless it is `"me"`.
///
/// Errors: as [`parse_list`].
pub fn parse_view(response: &Response, id: &str) -> Result<User, ApiError> {
    let (_, body) = success_body(response)?;
    let user = parse_user(&Obj::of(&body, "body")?)?;
    if id != "me" {
        expect_id("body.id", id, &user.id)?;
    }
    Ok(user)
}
