//! `/secrets/resource/{id}.json`: the caller's copy of a resource secret.

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::is_uuid;
use crate::render;

/// `GET /secrets/resource/{resourceId}.json`.
pub fn view(ctx: &mut Ctx, resource_id: &str) -> Reply {
    let me = ctx.user_id()?;
    if !is_uuid(resource_id) {
        return Err(ApiError::bad_request(
            "The resource identifier should be a valid UUID.",
        ));
    }
    let state = ctx.app.state();
    let secret = state
        .readable_resource(&me, resource_id)
        .and_then(|r| {
            state
                .db
                .secrets
                .iter()
                .find(|s| s.resource_id == r.id && s.user_id == me)
        })
        .map(render::secret);
    drop(state);
    ctx.ok(secret.ok_or_else(|| ApiError::not_found("The secret does not exist."))?)
}
