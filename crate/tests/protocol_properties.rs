//! Property tests of the protocol's codecs: the `X-GPGAuth-User-Auth-Token` header encoding
//! (PHP `quotemeta(urlencode())` on the server, locutus `stripslashes(urldecode())` in the
//! extension, protocol.md §2.5) and the token format; session keys in Passbolt's `ALGO:HEX`
//! form and the mobile apps' bare hex; query strings in the PHP-array conventions.
//!
//! The references are independent of the code under test where one exists: the
//! `form_urlencoded` crate (the WHATWG decoder, which reads `+` as a space like PHP's
//! `urldecode`) for every query and header, and rPGP's algorithm table for key sizes.
//! Case counts are kept small enough for CI on two cores.
#![cfg(not(target_arch = "wasm32"))]

use base64::Engine as _;
use passbolt_core::pgp::SessionKey;
use passbolt_core::protocol::auth::header_encoding::{
    decode_user_auth_token, encode_user_auth_token,
};
use passbolt_core::protocol::auth::{AuthError, GpgAuthToken, TokenDefect};
use passbolt_core::protocol::http::{percent_encode, Method, Request};
use passbolt_core::protocol::query::{ListQuery, QueryOptions};
use passbolt_core::protocol::resources::{
    ListResources, MetadataKeyType, ResourceContain, ResourceFilter,
};
use passbolt_core::protocol::session_keys::{ForeignModel, SessionKeyEntry, SessionKeysBundle};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use proptest::prelude::*;
use serde_json::{json, Value};

/// PHP `quotemeta` escapes these eleven characters.
const QUOTEMETA: [char; 11] = ['.', '\\', '+', '*', '?', '[', '^', ']', '$', '(', ')'];

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The auth-token header

/// ASCII armor as GnuPG (the server's PHP gnupg) and OpenPGP.js write it: any payload, line
/// widths 64 or 76, optional `Version`/`Comment` headers with any printable text but a
/// backslash, LF or CRLF line ends.
fn armored() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("PGP MESSAGE"),
            Just("PGP PUBLIC KEY BLOCK"),
            Just("PGP SIGNATURE")
        ],
        proptest::option::of("[ -\\[\\]-~]{0,60}"),
        proptest::collection::vec(any::<u8>(), 0..700),
        any::<[u8; 3]>(),
        prop_oneof![Just(64usize), Just(76)],
        any::<bool>(),
    )
        .prop_map(|(kind, comment, payload, crc, width, crlf)| {
            let b64 = base64::engine::general_purpose::STANDARD;
            let mut lines = vec![format!("-----BEGIN {kind}-----")];
            if let Some(comment) = comment {
                lines.push("Version: GnuPG v2.2.40 (GNU/Linux)".into());
                lines.push(format!("Comment: {comment}"));
            }
            lines.push(String::new());
            let body = b64.encode(&payload);
            lines.extend(
                body.as_bytes()
                    .chunks(width)
                    .map(|c| String::from_utf8_lossy(c).into_owned()),
            );
            lines.push(format!("={}", b64.encode(crc)));
            lines.push(format!("-----END {kind}-----"));
            let eol = if crlf { "\r\n" } else { "\n" };
            lines.join(eol) + eol
        })
}

/// Any text without a backslash (the one character the scheme cannot carry, see
/// `backslashes_are_read_as_locutus_stripslashes`) that contains each of the other ten
/// `quotemeta` characters, at random places.
fn text_with_every_quotemeta() -> impl Strategy<Value = String> {
    let others: Vec<char> = QUOTEMETA.iter().copied().filter(|&c| c != '\\').collect();
    (
        proptest::collection::vec(any::<String>(), others.len()),
        Just(others).prop_shuffle(),
    )
        .prop_map(|(chunks, specials)| {
            chunks
                .iter()
                .zip(specials)
                .map(|(chunk, special)| format!("{}{special}", chunk.replace('\\', "")))
                .collect()
        })
}

/// PHP `urldecode` of what is left once `quotemeta`'s backslashes are removed. The
/// reference is the WHATWG form decoder, which reads `+` as a space exactly like PHP; `&` and
/// `=` are always escaped here, so the whole value is one key.
fn php_urldecode(encoded: &str) -> String {
    reference_decode(encoded)
}

/// Checks that `encoded` is `quotemeta(urlencode(text))` as PHP writes it: only `[A-Za-z0-9_-]`,
/// `%XX` in upper case, `\.` and `\+`; and that PHP's decoding of it gives `text` back.
fn assert_server_form(text: &str, encoded: &str) -> Result<(), TestCaseError> {
    let bytes = encoded.as_bytes();
    let mut unquoted = String::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let next = bytes.get(i + 1).copied();
                prop_assert!(
                    matches!(next, Some(b'.' | b'+')),
                    "a backslash before {:?} at {i}",
                    next.map(char::from)
                );
                unquoted.push(char::from(bytes[i + 1]));
                i += 2;
                continue;
            }
            b'.' | b'+' => prop_assert!(false, "an unquoted {:?} at {i}", bytes[i] as char),
            b'%' => {
                let hex = encoded.get(i + 1..i + 3).unwrap_or("");
                prop_assert!(
                    hex.len() == 2 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F')),
                    "not an upper-case escape at {i}"
                );
                unquoted.push('%');
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => {
                unquoted.push(char::from(bytes[i]))
            }
            other => prop_assert!(
                false,
                "{:?} is not in PHP's urlencode output",
                other as char
            ),
        }
        i += 1;
    }
    prop_assert_eq!(php_urldecode(&unquoted), text);
    Ok(())
}

/// A looser but valid URL encoding than PHP's, as other encoders write it: safe characters
/// escaped or not, hex in either case, a space as `+` or `%20`, and JavaScript's
/// `encodeURIComponent` set (`!'()*~`) left literal. `quotemeta` is applied after it.
fn loose_encoding(text: &str, choices: &[(bool, bool)]) -> String {
    let mut out = String::new();
    for (i, byte) in text.bytes().enumerate() {
        let (escape, lower) = choices[i % choices.len()];
        match byte {
            b' ' if !escape => out.push('+'),
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'!'
            | b'\''
            | b'('
            | b')'
            | b'*'
                if !escape =>
            {
                out.push(char::from(byte))
            }
            _ if lower => out.push_str(&format!("%{byte:02x}")),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out.chars()
        .flat_map(|c| {
            let quoted = QUOTEMETA.contains(&c);
            quoted.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// locutus `stripslashes` as protocol.md §2.5 states it: `\\` → `\`, `\0` → NUL, `\x` → `x`,
/// and a backslash before a line terminator (which JavaScript's `.` does not match) or at the
/// end is dropped.
fn locutus_stripslashes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            None | Some('\n' | '\r' | '\u{2028}' | '\u{2029}') => {}
            Some('0') => {
                chars.next();
                out.push('\0');
            }
            Some(next) => {
                chars.next();
                out.push(next);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_armored_text_round_trips_through_the_servers_encoding(armor in armored()) {
        let encoded = encode_user_auth_token(&armor);
        assert_server_form(&armor, &encoded)?;
        let decoded = decode_user_auth_token(&encoded).unwrap();
        prop_assert_eq!(decoded.as_str(), armor.as_str());
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn text_with_every_quotemeta_character_round_trips(text in text_with_every_quotemeta()) {
        for c in QUOTEMETA.iter().filter(|&&c| c != '\\') {
            prop_assert!(text.contains(*c));
        }
        let encoded = encode_user_auth_token(&text);
        assert_server_form(&text, &encoded)?;
        let decoded = decode_user_auth_token(&encoded).unwrap();
        prop_assert_eq!(decoded.as_str(), text.as_str());
    }

    #[test]
    fn other_valid_url_encodings_decode_too(
        text in text_with_every_quotemeta(),
        choices in proptest::collection::vec(any::<(bool, bool)>(), 1..8),
    ) {
        let encoded = loose_encoding(&text, &choices);
        let decoded = decode_user_auth_token(&encoded).unwrap();
        prop_assert_eq!(decoded.as_str(), text.as_str());
    }

    /// Backslashes cannot survive: `urlencode` hides them from `quotemeta`, so the
    /// extension's `stripslashes` reads them as escapes, and pairs them with the backslashes
    /// `quotemeta` put before each `.` and each space (`+`). Armor never has one; the decoder
    /// reads them exactly as that chain does.
    #[test]
    fn backslashes_are_read_as_locutus_stripslashes(
        parts in proptest::collection::vec(("\\PC{0,8}", prop_oneof![
            Just("\\"), Just("\\\\"), Just("\\0"), Just("\\\n"), Just("\\."), Just("\\ "), Just("\\+")
        ]), 1..6),
    ) {
        let text: String = parts.iter().map(|(a, b)| format!("{a}{b}")).collect();
        let decoded = decode_user_auth_token(&encode_user_auth_token(&text)).unwrap();
        let url_decoded = text.replace('.', "\\.").replace(' ', "\\ ");
        prop_assert_eq!(decoded.as_str(), locutus_stripslashes(&url_decoded));
    }

    #[test]
    fn any_header_value_decodes_or_is_a_typed_error(
        value in prop_oneof![any::<String>(), "[%+\\\\0-9a-fA-F.\\n ]{0,40}"],
    ) {
        match decode_user_auth_token(&value) {
            Ok(_) => {}
            Err(e) => prop_assert_eq!(e, AuthError::HeaderEncoding),
        }
    }

    #[test]
    fn tokens_with_any_uuid_of_either_case_are_valid(
        hex in "[0-9a-fA-F]{32}",
    ) {
        let uuid = format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]
        );
        let text = format!("gpgauthv1.3.0|36|{uuid}|gpgauthv1.3.0");
        let token = GpgAuthToken::parse(&text).unwrap();
        prop_assert_eq!(token.as_str(), text.as_str());
        prop_assert_eq!(token.nonce(), uuid.as_str());
        prop_assert_eq!(GpgAuthToken::parse_bytes(text.as_bytes()).unwrap(), token);
    }

    /// One character of a valid token replaced: accepted only if the result still has the
    /// exact format; else refused with a defect, never a panic.
    #[test]
    fn altered_tokens_are_refused_unless_still_well_formed(
        position in 0usize..67,
        replacement in any::<char>(),
    ) {
        let valid = "gpgauthv1.3.0|36|20bea022-d302-4e08-999a-c8258d68c1c0|gpgauthv1.3.0";
        let text: String = valid
            .chars()
            .enumerate()
            .map(|(i, c)| if i == position { replacement } else { c })
            .collect();
        match GpgAuthToken::parse(&text) {
            Ok(token) => {
                let parts: Vec<&str> = text.split('|').collect();
                prop_assert_eq!(parts.len(), 4);
                prop_assert_eq!(parts[0], "gpgauthv1.3.0");
                prop_assert_eq!(parts[1], "36");
                prop_assert_eq!(parts[3], "gpgauthv1.3.0");
                let nonce = parts[2].as_bytes();
                prop_assert_eq!(nonce.len(), 36);
                for (i, b) in nonce.iter().enumerate() {
                    if [8, 13, 18, 23].contains(&i) {
                        prop_assert_eq!(*b, b'-');
                    } else {
                        prop_assert!(b.is_ascii_hexdigit());
                    }
                }
                prop_assert_eq!(token.nonce(), parts[2]);
            }
            Err(AuthError::InvalidToken { defect }) => prop_assert!(matches!(
                defect,
                TokenDefect::PartCount | TokenDefect::Version | TokenDefect::Length | TokenDefect::Uuid
            )),
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn any_bytes_are_a_token_or_a_defect(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        match GpgAuthToken::parse_bytes(&bytes) {
            Ok(token) => prop_assert_eq!(token.as_str().as_bytes(), bytes.as_slice()),
            Err(e) => prop_assert!(matches!(e, AuthError::InvalidToken { .. }), "{:?}", e),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Session keys

/// The algorithm ids rPGP gives a key size, with that size.
fn symmetric_ids() -> Vec<(u8, usize)> {
    (0..=u8::MAX)
        .map(|id| (id, SymmetricKeyAlgorithm::from(id).key_size()))
        .filter(|(_, size)| *size > 0)
        .collect()
}

/// An algorithm id and a key of its size.
fn algorithm_and_key() -> impl Strategy<Value = (u8, Vec<u8>)> {
    proptest::sample::select(symmetric_ids())
        .prop_flat_map(|(id, size)| (Just(id), proptest::collection::vec(any::<u8>(), size)))
}

/// `bytes` in hex, each digit's case taken from `cases`.
fn mixed_case_hex(bytes: &[u8], cases: &[bool]) -> String {
    hex::encode(bytes)
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if cases[i % cases.len()] {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

/// True when `text` has the Passbolt form: digits, a colon, hex digits of the key size of
/// the algorithm those digits name (rPGP's table).
fn is_passbolt_form(text: &str) -> bool {
    let Some((algo, hex)) = text.trim().split_once(':') else {
        return false;
    };
    let Ok(id) = algo.parse::<u8>() else {
        return false;
    };
    let size = SymmetricKeyAlgorithm::from(id).key_size();
    (1..=3).contains(&algo.len())
        && algo.bytes().all(|b| b.is_ascii_digit())
        && size > 0
        && hex.len() == 2 * size
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

fn entry_json(session_key: &str, foreign_id: &str, modified: &str) -> Value {
    json!({
        "foreign_model": "Resource",
        "foreign_id": foreign_id,
        "session_key": session_key,
        "modified": modified
    })
}

const RESOURCE: &str = "8b8b4e2a-6a0c-4b39-9d1e-0f5c6f1d2a31";
const MODIFIED: &str = "2026-11-21T10:16:26+00:00";

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn session_keys_round_trip_in_upper_case(
        (id, key) in algorithm_and_key(),
        cases in proptest::collection::vec(any::<bool>(), 1..9),
    ) {
        let text = format!("{id}:{}", mixed_case_hex(&key, &cases));
        let parsed = SessionKey::parse(&text).unwrap();
        let written = parsed.to_passbolt_string();
        prop_assert_eq!(written.as_str(), format!("{id}:{}", hex::encode_upper(&key)));
        prop_assert_eq!(SessionKey::parse(&written).unwrap(), parsed.clone());
        // Debug shows the algorithm, never the key.
        let shown = format!("{parsed:?}");
        prop_assert!(!shown.contains(&hex::encode_upper(&key)) && !shown.contains(&hex::encode(&key)));
    }

    #[test]
    fn keys_of_the_wrong_length_are_refused(
        (id, key) in algorithm_and_key(),
        extra in proptest::collection::vec(any::<u8>(), 1..4),
        shorten in any::<bool>(),
    ) {
        let mut wrong = key.clone();
        if shorten {
            wrong.truncate(key.len() - 1);
        } else {
            wrong.extend(extra);
        }
        let text = format!("{id}:{}", hex::encode(&wrong));
        prop_assert!(SessionKey::parse(&text).is_err(), "wrong length accepted");
        // An odd number of digits is refused too.
        let odd = format!("{id}:{}", &hex::encode(&key)[1..]);
        prop_assert!(SessionKey::parse(&odd).is_err());
    }

    /// Any string: accepted exactly when it has the Passbolt form, and never a panic.
    #[test]
    fn malformed_session_keys_are_refused(
        text in prop_oneof![
            any::<String>(),
            "[+ 0-9]{0,4}:[0-9a-fA-Fx ]{0,70}",
            "(7|8|9|10|13|253):[0-9A-F]{30,66}",
        ],
    ) {
        let parsed = SessionKey::parse(&text);
        prop_assert_eq!(parsed.is_ok(), is_passbolt_form(&text), "{:?}", parsed);
    }

    /// Valid keys with a sign, zeros, spaces or a stray character around the parts.
    #[test]
    fn near_misses_are_refused(
        (id, key) in algorithm_and_key(),
        before in prop_oneof![Just(""), Just("+"), Just("-"), Just(" "), Just("0"), Just("000"), Just("\t")],
        middle in prop_oneof![Just(":"), Just(": "), Just(" :"), Just("::"), Just(";")],
        after in prop_oneof![Just(""), Just(" "), Just("x"), Just("\n"), Just("0")],
    ) {
        let text = format!("{before}{id}{middle}{}{after}", hex::encode_upper(&key));
        let parsed = SessionKey::parse(&text);
        prop_assert_eq!(parsed.is_ok(), is_passbolt_form(&text), "{:?}", parsed);
    }

    /// The mobile apps' bare 64 hex digits are AES-256 and written back with `9:`.
    #[test]
    fn bare_hex_entries_are_read_as_aes_256(key in any::<[u8; 32]>(), cases in proptest::collection::vec(any::<bool>(), 1..9)) {
        let entry = SessionKeyEntry::from_json(&entry_json(&mixed_case_hex(&key, &cases), RESOURCE, MODIFIED)).unwrap();
        let written = entry.session_key.to_passbolt_string();
        prop_assert_eq!(written.as_str(), format!("9:{}", hex::encode_upper(key)));
    }

    /// A bundle entry's `session_key`: `\d{1,2}:` and 64 hex digits (an algorithm with
    /// 32-byte keys), or bare 64 hex digits; anything else is a typed error naming the
    /// field and never quoting it.
    #[test]
    fn bundle_entries_accept_exactly_the_two_forms(
        text in prop_oneof![
            any::<String>(),
            "[0-9]{0,3}:?[0-9a-fA-F]{62,66}",
            "(9|09|10|13|7):[0-9a-f]{64}",
        ],
    ) {
        let hex64 = |h: &str| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit());
        let expected = match text.split_once(':') {
            Some((algo, hex)) => {
                (1..=2).contains(&algo.len())
                    && algo.bytes().all(|b| b.is_ascii_digit())
                    && hex64(hex)
                    && SymmetricKeyAlgorithm::from(algo.parse::<u8>().unwrap_or(0)).key_size() == 32
            }
            None => hex64(&text),
        };
        match SessionKeyEntry::from_json(&entry_json(&text, RESOURCE, MODIFIED)) {
            Ok(_) => prop_assert!(expected, "accepted"),
            Err(e) => {
                prop_assert!(!expected, "refused: {e:?}");
                prop_assert_eq!(e.code(), "INVALID_FIELD");
                if text.len() >= 8 {
                    let shown = format!("{e} {e:?}");
                    prop_assert!(!shown.contains(&text), "the error quotes the key");
                }
            }
        }
    }

    /// A bundle written by us reads back to the same entries.
    #[test]
    fn bundles_round_trip(
        entries in proptest::collection::vec(
            (
                prop_oneof![Just("Resource"), Just("Folder"), Just("Tag")],
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                any::<[u8; 32]>(),
                (2020i32..2040, 1u32..13, 1u32..29, 0u32..24, 0u32..60, -12i32..15),
            ),
            0..12,
        ),
    ) {
        let items: Vec<Value> = entries
            .iter()
            .map(|(model, id, key, (y, mo, d, h, mi, off))| {
                let modified = format!(
                    "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:26{}{:02}:00",
                    if *off < 0 { '-' } else { '+' },
                    off.abs()
                );
                let mut e = entry_json(&format!("9:{}", hex::encode(key)), id, &modified);
                e["foreign_model"] = (*model).into();
                e
            })
            .collect();
        let data = json!({"object_type": "PASSBOLT_SESSION_KEYS", "session_keys": items}).to_string();
        let bundle = SessionKeysBundle::from_json(data.as_bytes()).unwrap();
        prop_assert_eq!(bundle.dropped(), 0);
        let again = SessionKeysBundle::from_json(&bundle.to_json()).unwrap();
        prop_assert_eq!(&again, &bundle);
        for (model, id, _, _) in &entries {
            let model = match *model {
                "Resource" => ForeignModel::Resource,
                "Folder" => ForeignModel::Folder,
                _ => ForeignModel::Tag,
            };
            prop_assert!(again.get(model, id).is_some());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Query strings

/// One step of building a query.
#[derive(Debug, Clone)]
enum Op {
    Contain(String, bool),
    Filter(String, String),
    FilterBool(String, bool),
    FilterList(String, Vec<String>),
    Pair(String, String),
}

fn op() -> impl Strategy<Value = Op> {
    let text = || prop_oneof![any::<String>(), "[a-z.\\-\\[\\]&=#?%+ ]{0,12}"];
    prop_oneof![
        (text(), any::<bool>()).prop_map(|(n, b)| Op::Contain(n, b)),
        (text(), text()).prop_map(|(n, v)| Op::Filter(n, v)),
        (text(), any::<bool>()).prop_map(|(n, b)| Op::FilterBool(n, b)),
        (text(), proptest::collection::vec(text(), 0..4)).prop_map(|(n, v)| Op::FilterList(n, v)),
        (prop_oneof![text(), Just("api-version".to_string())], text())
            .prop_map(|(n, v)| Op::Pair(n, v)),
    ]
}

/// The pairs of a query string, decoded by the reference decoder.
fn decoded_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Splits `path?query`, checks the query has only unreserved characters, upper-case escapes,
/// `=` and `&`, and decodes it.
fn split_query(path_and_query: &str, path: &str) -> Result<Vec<(String, String)>, TestCaseError> {
    let (p, query) = path_and_query
        .split_once('?')
        .ok_or_else(|| TestCaseError::fail("no query"))?;
    prop_assert_eq!(p, path);
    let bytes = query.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ok = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~' | b'=' | b'&')
            || (b == b'%'
                && bytes
                    .get(i + 1..i + 3)
                    .is_some_and(|h| h.iter().all(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F'))));
        prop_assert!(ok, "{:?} at {} of {}", b as char, i, query);
    }
    Ok(decoded_pairs(query))
}

fn with_api_version(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    if !pairs.iter().any(|(k, _)| k == "api-version") {
        pairs.push(("api-version".into(), "v2".into()));
    }
    pairs
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn percent_encoding_decodes_back(text in any::<String>()) {
        let encoded = percent_encode(&text);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        let decoded = reference_decode(&encoded);
        prop_assert_eq!(decoded, text);
    }

    #[test]
    fn any_contains_and_filters_decode_back_to_the_same_pairs(ops in proptest::collection::vec(op(), 0..8)) {
        let mut options = QueryOptions::new();
        let mut expected: Vec<(String, String)> = Vec::new();
        let flag = |b: bool| if b { "1" } else { "0" }.to_string();
        for op in ops {
            options = match op {
                Op::Contain(n, b) => {
                    expected.push((format!("contain[{n}]"), flag(b)));
                    options.contain(&n, b)
                }
                Op::Filter(n, v) => {
                    expected.push((format!("filter[{n}]"), v.clone()));
                    options.filter(&n, v)
                }
                Op::FilterBool(n, b) => {
                    expected.push((format!("filter[{n}]"), flag(b)));
                    options.filter_bool(&n, b)
                }
                Op::FilterList(n, values) => {
                    expected.extend(values.iter().map(|v| (format!("filter[{n}][]"), v.clone())));
                    options.filter_list(&n, &values)
                }
                Op::Pair(n, v) => {
                    expected.push((n.clone(), v.clone()));
                    options.pair(&n, v)
                }
            };
        }
        prop_assert_eq!(options.pairs(), expected.as_slice());
        let request = options.apply(Request::new(Method::Get, "/resources.json"));
        let pairs = split_query(&request.path_and_query(), "/resources.json")?;
        prop_assert_eq!(pairs, with_api_version(expected));
    }

    /// The JS-facing list query (contain names, then filters by kind) decodes back too.
    #[test]
    fn list_queries_decode_back(
        contain in proptest::collection::vec("[a-z._\\-]{1,12}", 0..4),
        filters in proptest::collection::vec(
            ("[a-z_\\-]{1,12}", prop_oneof![
                any::<bool>().prop_map(|b| json!(b)),
                any::<String>().prop_map(|s| json!(s)),
                (0u32..2_000_000_000).prop_map(|n| json!(n)),
                proptest::collection::vec(any::<String>(), 0..4).prop_map(|v| json!(v)),
            ]),
            0..5,
        ),
    ) {
        let mut query = serde_json::Map::new();
        query.insert("contain".into(), json!(contain));
        let mut filter = serde_json::Map::new();
        for (name, value) in &filters {
            filter.insert(name.clone(), value.clone());
        }
        query.insert("filter".into(), Value::Object(filter.clone()));
        let list: ListQuery = serde_json::from_value(Value::Object(query)).unwrap();
        let built = list.path_and_query("/resources.json").unwrap();
        let mut expected: Vec<(String, String)> =
            contain.iter().map(|n| (format!("contain[{n}]"), "1".to_string())).collect();
        // serde_json's map is ordered by name; the built query follows the map's order.
        for (name, value) in &filter {
            match value {
                Value::Bool(b) => expected.push((format!("filter[{name}]"), if *b { "1" } else { "0" }.into())),
                Value::String(s) => expected.push((format!("filter[{name}]"), s.clone())),
                Value::Number(n) => expected.push((format!("filter[{name}]"), n.to_string())),
                Value::Array(items) => expected.extend(
                    items.iter().map(|v| (format!("filter[{name}][]"), v.as_str().unwrap().to_string())),
                ),
                _ => unreachable!(),
            }
        }
        prop_assert_eq!(split_query(&built, "/resources.json")?, with_api_version(expected));
    }

    /// The typed resource list: every filter value reaches the query under its key.
    #[test]
    fn resource_list_filters_decode_back(
        contain in proptest::collection::vec(proptest::sample::select(vec![
            ResourceContain::Creator, ResourceContain::Favorite, ResourceContain::Secret,
            ResourceContain::Permission, ResourceContain::PermissionsUserProfile, ResourceContain::Tag,
        ]), 0..4),
        is_favorite in proptest::option::of(any::<bool>()),
        group in proptest::option::of(any::<String>()),
        has_id in proptest::collection::vec(any::<String>(), 0..5),
        shared_key in proptest::option::of(any::<bool>()),
        tag in proptest::option::of(any::<String>()),
        has_parent in proptest::collection::vec(any::<String>(), 0..3),
    ) {
        let list = ListResources {
            contain: contain.clone(),
            filter: ResourceFilter {
                is_favorite,
                is_shared_with_group: group.clone(),
                has_id: has_id.clone(),
                metadata_key_type: shared_key.map(|s| if s { MetadataKeyType::SharedKey } else { MetadataKeyType::UserKey }),
                has_tag: tag.clone(),
                has_parent: has_parent.clone(),
                ..ResourceFilter::default()
            },
        };
        let pairs = split_query(&list.request().path_and_query(), "/resources.json")?;
        let has = |k: &str, v: &str| pairs.iter().any(|(pk, pv)| pk == k && pv == v);
        for c in &contain {
            let key = format!("contain[{}]", c.as_str());
            prop_assert!(has(&key, "1"), "no {}", key);
        }
        if let Some(f) = is_favorite {
            let flag = if f { "1" } else { "0" };
            prop_assert!(has("filter[is-favorite]", flag), "no is-favorite");
        }
        if let Some(g) = &group {
            prop_assert!(has("filter[is-shared-with-group]", g));
        }
        let ids: Vec<&str> = pairs.iter().filter(|(k, _)| k == "filter[has-id][]").map(|(_, v)| v.as_str()).collect();
        prop_assert_eq!(ids, has_id.iter().map(String::as_str).collect::<Vec<_>>());
        if let Some(t) = &tag {
            prop_assert!(has("filter[has-tag]", t));
        }
        let parents: Vec<&str> = pairs.iter().filter(|(k, _)| k == "filter[has-parent][]").map(|(_, v)| v.as_str()).collect();
        prop_assert_eq!(parents, has_parent.iter().map(String::as_str).collect::<Vec<_>>());
        prop_assert_eq!(pairs.last().map(|(k, v)| (k.as_str(), v.as_str())), Some(("api-version", "v2")));
    }
}

/// Decodes one percent-encoded value with the reference decoder (`+` read as a space: our
/// query encoder never writes one, so that cannot hide a difference).
fn reference_decode(encoded: &str) -> String {
    decoded_pairs(encoded)
        .into_iter()
        .next()
        .map(|(k, _)| k)
        .unwrap_or_default()
}
