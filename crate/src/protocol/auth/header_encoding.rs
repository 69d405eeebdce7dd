//! The encoding of `X-GPGAuth-User-Auth-Token` (protocol.md §2.5).
//!
//! The server sends `quotemeta(urlencode($armored))`; the extension reads it with the vendored
//! locutus ports as `stripslashes(urldecode(value))`. Both directions are here with exactly
//! those semantics: url-decoding first, then stripping backslashes.

use zeroize::Zeroizing;

use super::error::AuthError;

/// Decodes the header value: locutus `urldecode` (`+` is a space, a `%` not followed by two
/// hex digits stays literal, escapes must form UTF-8 as `decodeURIComponent` requires), then
/// locutus `stripslashes`.
///
/// Errors: [`AuthError::HeaderEncoding`] when the escapes do not form UTF-8.
pub fn decode_user_auth_token(value: &str) -> Result<Zeroizing<String>, AuthError> {
    let decoded = urldecode(value)?;
    Ok(stripslashes(&decoded))
}

/// Encodes like the server: PHP `urlencode` then `quotemeta` (for test servers and fakes).
pub fn encode_user_auth_token(armored: &str) -> String {
    quotemeta(&php_urlencode(armored))
}

/// locutus `urldecode`: `%(?![0-9a-f]{2})` → `%25`, `+` → `%20`, then `decodeURIComponent`.
fn urldecode(value: &str) -> Result<Zeroizing<String>, AuthError> {
    let bytes = value.as_bytes();
    let mut out = Zeroizing::new(Vec::with_capacity(bytes.len()));
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (hex_value(bytes.get(i + 1)), hex_value(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    // Literal characters are whole UTF-8 sequences, so the bytes are UTF-8 exactly when every
    // escaped sequence is, as decodeURIComponent demands.
    let text = String::from_utf8(std::mem::take(&mut *out)).map_err(|e| {
        // Wipe the rejected copy too.
        drop(Zeroizing::new(e.into_bytes()));
        AuthError::HeaderEncoding
    })?;
    Ok(Zeroizing::new(text))
}

fn hex_value(byte: Option<&u8>) -> Option<u8> {
    let c = *byte?;
    (c as char).to_digit(16).map(|d| d as u8)
}

/// locutus `stripslashes`: `\\(.?)` → `\` for `\\`, NUL for `\0`, the character itself
/// otherwise; JavaScript's `.` matches no line terminator, so a backslash before one (or at
/// the end) is dropped and the terminator kept.
fn stripslashes(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            None | Some('\n' | '\r' | '\u{2028}' | '\u{2029}') => {}
            Some('0') => {
                out.push('\0');
                chars.next();
            }
            Some(&next) => {
                out.push(next);
                chars.next();
            }
        }
    }
    out
}

/// PHP `urlencode`: space → `+`, `A-Z a-z 0-9 - _ .` kept, every other byte `%XX` upper-case.
fn php_urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(byte as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// PHP `quotemeta`: a backslash before each of `. \ + * ? [ ^ ] $ ( )`.
fn quotemeta(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if matches!(
            c,
            '.' | '\\' | '+' | '*' | '?' | '[' | '^' | ']' | '$' | '(' | ')'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(value: &str) -> String {
        decode_user_auth_token(value).unwrap().to_string()
    }

    #[test]
    fn armor_header_line_decodes() {
        assert_eq!(
            decode("-----BEGIN\\+PGP\\+MESSAGE-----%0A%0AhF4D%2B%2F%3D"),
            "-----BEGIN PGP MESSAGE-----\n\nhF4D+/="
        );
    }

    #[test]
    fn urldecode_follows_locutus() {
        assert_eq!(decode("a+b%20c"), "a b c");
        // A stray percent stays literal.
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%41%4a%4A"), "AJJ");
        // Multi-byte UTF-8, escaped and literal.
        assert_eq!(decode("%C3%A9é"), "éé");
    }

    #[test]
    fn escapes_that_are_not_utf8_are_an_error() {
        for bad in ["%FF", "%C3", "%C3A", "%ED%A0%80", "%C0%AF"] {
            assert_eq!(
                decode_user_auth_token(bad).unwrap_err(),
                AuthError::HeaderEncoding,
                "{bad}"
            );
        }
    }

    #[test]
    fn stripslashes_follows_locutus() {
        assert_eq!(decode("a\\.b"), "a.b");
        assert_eq!(decode("a\\\\b"), "a\\b");
        assert_eq!(decode("a\\0b"), "a\0b");
        assert_eq!(decode("end\\"), "end");
        assert_eq!(decode("line\\%0Anext"), "line\nnext");
        // Url-decoding comes first: an escaped backslash is stripped too.
        assert_eq!(decode("%5C%2B"), "+");
        assert_eq!(decode("%5C%5C"), "\\");
    }

    #[test]
    fn php_encoding_round_trips() {
        let armored =
            "-----BEGIN PGP MESSAGE-----\n\nwcDMA+x/y=\n=abcd\n-----END PGP MESSAGE-----\n";
        let encoded = encode_user_auth_token(armored);
        assert!(
            encoded.starts_with("-----BEGIN\\+PGP\\+MESSAGE-----%0A%0AwcDMA%2Bx%2Fy%3D"),
            "{encoded}"
        );
        assert_eq!(decode(&encoded), armored);
        let odd = "a.b+c*d?e[f^g]h$i(j)k é ~";
        assert_eq!(decode(&encode_user_auth_token(odd)), odd);
        // urlencode hides a backslash from quotemeta, so stripslashes eats it: the scheme is
        // lossy for backslashes, which armor never contains.
        assert_eq!(decode(&encode_user_auth_token("a\\b")), "ab");
    }
}
