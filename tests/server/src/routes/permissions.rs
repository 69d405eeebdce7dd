//! `/permissions/resource/{id}.json`.

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::is_uuid;
use crate::render;
use serde_json::Value;

/// `GET /permissions/resource/{id}.json` (`contain[user]`, `contain[user.profile]`, `contain[group]`).
pub fn view(ctx: &mut Ctx, id: &str) -> Reply {
    let me = ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The identifier should be a valid UUID.",
        ));
    }
    let with_aro = ctx.contain("user") || ctx.contain("group") || ctx.contain("user.profile");
    let state = ctx.app.state();
    state
        .readable_resource(&me, id)
        .ok_or_else(|| ApiError::not_found("The resource does not exist."))?;
    let items: Vec<Value> = state
        .permissions_on(id)
        .into_iter()
        .map(|p| render::permission(&state, p, with_aro))
        .collect();
    drop(state);
    ctx.ok(Value::Array(items))
}
