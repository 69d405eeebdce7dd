//! Exports of the protocol's codecs: the `X-GPGAuth-User-Auth-Token` header value, the
//! GPGAuth token format, and list queries. Conversion and error mapping only.

use wasm_bindgen::prelude::*;

use crate::protocol::auth::header_encoding;
use crate::protocol::auth::GpgAuthToken;
use crate::protocol::query::ListQuery;

/// Decodes an `X-GPGAuth-User-Auth-Token` header value as the extension does: URL-decoding
/// (`+` is a space) first, then PHP `stripslashes`, which undoes the server's
/// `quotemeta(urlencode($armored))`. Returns the armored message.
///
/// Throws an `AuthError` with `code` `HEADER_ENCODING` when the escapes do not form UTF-8.
#[wasm_bindgen(js_name = decodeUserAuthToken)]
pub fn decode_user_auth_token(
    #[wasm_bindgen(js_name = headerValue)] header_value: &str,
) -> Result<String, JsValue> {
    Ok(header_encoding::decode_user_auth_token(header_value)?
        .as_str()
        .to_owned())
}

/// Encodes an armored message as the server writes the header: PHP `urlencode`, then
/// `quotemeta` (for test servers and fakes). Backslashes do not survive the round trip (the
/// scheme's own limit; armor never has one).
#[wasm_bindgen(js_name = encodeUserAuthToken)]
pub fn encode_user_auth_token(armored: &str) -> String {
    header_encoding::encode_user_auth_token(armored)
}

/// Checks the GPGAuth token format strictly (`gpgauthv1.3.0|36|<uuid>|gpgauthv1.3.0`, the
/// UUID of either case) and returns its UUID nonce.
///
/// Throws an `AuthError` with `code` `INVALID_TOKEN` and a `defect`: `PART_COUNT`,
/// `VERSION`, `LENGTH` or `UUID`. The message never quotes the token.
#[wasm_bindgen(js_name = checkGpgAuthToken)]
pub fn check_gpgauth_token(token: &str) -> Result<String, JsValue> {
    Ok(GpgAuthToken::parse(token)?.nonce().to_owned())
}

/// Builds `path?query` for a list endpoint: `contain[<name>]=1` for each name of
/// `query.contain`, then each filter in the object's order (`true`/`false` as `1`/`0`,
/// numbers and strings as they are, a list as repeated `filter[<name>][]`), then
/// `api-version=v2`; everything percent-encoded. `path` is below the base URL, e.g.
/// `/resources.json`.
///
/// Throws an `ApiError` with `code` `INVALID_INPUT` and `violations` for an empty name or one
/// with `[` or `]`, or a path that does not start with `/`; a `TypeError` when `query` is not
/// of the `ListQuery` shape.
#[wasm_bindgen(js_name = buildListQuery)]
pub fn build_list_query(
    path: &str,
    #[wasm_bindgen(unchecked_param_type = "ListQuery")] query: JsValue,
) -> Result<String, JsValue> {
    let query: ListQuery = serde_wasm_bindgen::from_value(query)
        .map_err(|e| js_sys::TypeError::new(&format!("query: {e}")))?;
    Ok(query.path_and_query(path)?)
}
