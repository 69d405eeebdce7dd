//! `/settings.json`: organisation settings and enabled plugins.

use crate::app::{Ctx, Reply};
use crate::http::Response;
use serde_json::json;

/// `GET /settings.json` (`contain[header]=0` returns the body alone).
pub fn index(ctx: &mut Ctx) -> Reply {
    let logged_in = ctx.user_id().is_ok();
    let mut body = json!({
        "app": {"url": format!("{}/", ctx.app.options.base_url.trim_end_matches('/')), "locale": "en-UK"},
        "passbolt": {"edition": "ce", "plugins": {"jwtAuthentication": {"enabled": true}, "accountRecoveryRequestHelp": {"enabled": true}}},
    });
    if logged_in {
        body["app"]["version"] = json!({"number": "5.12.0", "name": "test-server"});
        body["passbolt"]["plugins"] = json!({
            "jwtAuthentication": {"enabled": true},
            "multiFactorAuthentication": {"enabled": true},
            "metadata": {"enabled": true},
            "folders": {"enabled": true, "version": "2.0.0"},
            "resourceTypes": {"enabled": true},
            "rememberMe": {"enabled": true, "options": {"300": "5 minutes", "900": "15 minutes", "1800": "30 minutes", "3600": "1 hour", "-1": "until I log out"}},
        });
    }
    let raw = ctx
        .req
        .query
        .get("contain")
        .and_then(|c| c.get("header"))
        .and_then(|h| h.as_str())
        == Some("0");
    if raw {
        return Ok(Response::json(200, &body));
    }
    ctx.ok(body)
}
