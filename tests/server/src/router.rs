//! Method + path to route. Paths are matched without their `.json` suffix; anything unknown gets
//! the server's 404 envelope.

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::routes::*;

/// Dispatches a request to its route.
pub fn route(ctx: &mut Ctx) -> Reply {
    let path = ctx.req.path.trim_end_matches('/');
    let path = path.strip_suffix(".json").unwrap_or(path).to_string();
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let method = ctx.req.method.clone();
    macro_rules! go {
        ($action:expr, $call:expr) => {{
            ctx.action = $action;
            $call
        }};
    }
    match (method.as_str(), segs.as_slice()) {
        // GPGAuth and session.
        ("GET", ["auth", "verify"]) => go!("AuthVerify.verifyGet", auth::verify_get(ctx)),
        ("POST", ["auth", "verify"]) | ("POST", ["auth", "login"]) => {
            go!("AuthLogin.loginPost", auth::login_post(ctx))
        }
        ("GET", ["auth", "is-authenticated"]) => go!(
            "AuthIsAuthenticated.isAuthenticated",
            auth::is_authenticated(ctx)
        ),
        ("POST", ["auth", "logout"]) => go!("AuthLogout.logout", auth::logout(ctx)),
        ("GET", ["users", "csrf-token"]) => go!("GetCsrfToken.get", auth::csrf_token(ctx)),
        // JWT.
        ("POST", ["auth", "jwt", "login"]) => go!("JwtLogin.loginPost", jwt::login(ctx)),
        ("POST", ["auth", "jwt", "refresh"]) => go!("RefreshToken.refreshPost", jwt::refresh(ctx)),
        ("POST", ["auth", "jwt", "logout"]) => go!("JwtLogout.logout", jwt::logout(ctx)),
        ("GET", ["auth", "jwt", "rsa"]) => go!("JwtKeys.rsa", jwt::rsa(ctx)),
        ("GET", ["auth", "jwt", "jwks"]) | ("GET", [".well-known", "jwks"]) => {
            go!("JwtKeys.jwks", jwt::jwks(ctx))
        }
        // MFA.
        ("GET", ["mfa", "verify", "error"]) => {
            go!("MfaVerifyAjaxError.get", mfa::verify_error(ctx))
        }
        ("GET", ["mfa", "verify", "totp"]) => go!("TotpVerifyGet.get", mfa::totp_get(ctx)),
        ("POST", ["mfa", "verify", "totp"]) => go!("TotpVerifyPost.post", mfa::totp_post(ctx)),
        // Settings.
        ("GET", ["settings"]) => go!("SettingsIndex.index", settings::index(ctx)),
        // Users, groups, keys.
        ("GET", ["users"]) => go!("UsersIndex.index", users::index(ctx)),
        ("GET", ["users", id]) => go!("UsersView.view", users::view(ctx, id)),
        ("GET", ["groups"]) => go!("GroupsIndex.index", groups::index(ctx)),
        ("GET", ["groups", id]) => go!("GroupsView.view", groups::view(ctx, id)),
        ("PUT", ["groups", id, "dry-run"]) => {
            go!("GroupsUpdate.dryRun", groups::update(ctx, id, true))
        }
        ("PUT", ["groups", id]) | ("POST", ["groups", id]) => {
            go!("GroupsUpdate.update", groups::update(ctx, id, false))
        }
        ("GET", ["gpgkeys"]) => go!("GpgkeysIndex.index", gpgkeys::index(ctx)),
        ("GET", ["gpgkeys", id]) => go!("GpgkeysView.view", gpgkeys::view(ctx, id)),
        // Resources, secrets, sharing.
        ("GET", ["resource-types"]) => go!("ResourceTypesIndex.index", resource_types::index(ctx)),
        ("GET", ["resource-types", id]) => {
            go!("ResourceTypesView.view", resource_types::view(ctx, id))
        }
        ("GET", ["resources"]) => go!("ResourcesIndex.index", resources::index(ctx)),
        ("POST", ["resources"]) => go!("ResourcesAdd.add", resources::create(ctx)),
        ("GET", ["resources", id]) => go!("ResourcesView.view", resources::view(ctx, id)),
        ("PUT", ["resources", id]) | ("POST", ["resources", id]) => {
            go!("ResourcesUpdate.update", resources::update(ctx, id))
        }
        ("DELETE", ["resources", id]) => go!("ResourcesDelete.delete", resources::delete(ctx, id)),
        ("GET", ["secrets", "resource", id]) => go!("SecretsView.view", secrets::view(ctx, id)),
        ("GET", ["permissions", "resource", id]) => go!(
            "PermissionsView.viewAcoPermissions",
            permissions::view(ctx, id)
        ),
        ("POST", ["share", "simulate", "resource", id]) => {
            go!("Share.dryRun", share::simulate(ctx, id))
        }
        ("PUT", ["share", "resource", id]) | ("POST", ["share", "resource", id]) => {
            go!("Share.share", share::share(ctx, id))
        }
        // Folders.
        ("GET", ["folders"]) => go!("FoldersIndex.index", folders::index(ctx)),
        ("POST", ["folders"]) => go!("FoldersCreate.create", folders::create(ctx)),
        ("PUT", ["move", model, id]) => go!("Move.move", folders::move_item(ctx, model, id)),
        // Metadata.
        ("GET", ["metadata", "types", "settings"]) => go!(
            "MetadataTypesSettingsGet.get",
            metadata::types_settings(ctx)
        ),
        ("GET", ["metadata", "keys", "settings"]) => {
            go!("MetadataKeysSettingsGet.get", metadata::keys_settings(ctx))
        }
        ("GET", ["metadata", "keys"]) => go!("MetadataKeysIndex.index", metadata::keys_index(ctx)),
        ("PUT", ["metadata", "keys", "private", id]) => go!(
            "MetadataPrivateKeysUpdate.update",
            metadata::private_key_update(ctx, id)
        ),
        ("GET", ["metadata", "session-keys"]) => go!(
            "MetadataSessionKeysIndex.index",
            metadata::session_keys_index(ctx)
        ),
        ("POST", ["metadata", "session-keys"]) => go!(
            "MetadataSessionKeysCreate.create",
            metadata::session_keys_create(ctx)
        ),
        ("PUT", ["metadata", "session-keys", id]) | ("POST", ["metadata", "session-keys", id]) => {
            go!(
                "MetadataSessionKeyUpdate.update",
                metadata::session_keys_update(ctx, id)
            )
        }
        ("DELETE", ["metadata", "session-keys", id]) => go!(
            "MetadataSessionKeyDelete.delete",
            metadata::session_keys_delete(ctx, id)
        ),
        // Setup (account activation with a user key).
        ("GET", ["setup", "start", user_id, token]) => {
            go!("SetupStart.start", setup::start(ctx, user_id, token))
        }
        ("POST", ["setup", "complete", user_id]) => {
            go!("SetupComplete.complete", setup::complete(ctx, user_id))
        }
        _ => Err(ApiError::not_found(format!(
            "A route matching \"{}\" could not be found.",
            ctx.req.path
        ))),
    }
}
