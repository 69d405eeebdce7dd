//! `/resource-types.json`.

use crate::app::{Ctx, Reply};
use crate::envelope::ApiError;
use crate::ids::is_uuid;

/// `GET /resource-types.json` (`filter[is-deleted]`: none are deleted).
pub fn index(ctx: &mut Ctx) -> Reply {
    ctx.user_id()?;
    let deleted = ctx.bool_filter("is-deleted")?.unwrap_or(false);
    let items = if deleted {
        Vec::new()
    } else {
        crate::resource_types::all()
    };
    ctx.ok(serde_json::Value::Array(items))
}

/// `GET /resource-types/{id}.json`.
pub fn view(ctx: &mut Ctx, id: &str) -> Reply {
    ctx.user_id()?;
    if !is_uuid(id) {
        return Err(ApiError::bad_request(
            "The resource type identifier should be a valid UUID.",
        ));
    }
    let t = crate::resource_types::by_id(id)
        .ok_or_else(|| ApiError::not_found("The resource type does not exist."))?;
    ctx.ok(t)
}
