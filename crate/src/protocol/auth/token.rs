//! The GPGAuth token: `gpgauthv1.3.0|36|<uuid>|gpgauthv1.3.0` (protocol.md §2.2).

use std::fmt;

use rand::{CryptoRng, RngCore};
use zeroize::Zeroizing;

use super::error::AuthError;
use crate::protocol::uuid::{is_uuid, new_v4};

/// The version string that opens and closes every token.
pub const TOKEN_VERSION: &str = "gpgauthv1.3.0";

/// What is wrong with a GPGAuth token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenDefect {
    /// The decrypted bytes are not UTF-8 text.
    NotText,
    /// It does not have exactly four `|`-separated parts.
    PartCount,
    /// The first or last part is not `gpgauthv1.3.0`.
    Version,
    /// The second part is not `36`, the length of a UUID.
    Length,
    /// The third part is not a UUID.
    Uuid,
}

impl TokenDefect {
    /// A stable machine-readable name: `NOT_TEXT`, `PART_COUNT`, `VERSION`, `LENGTH`, `UUID`
    /// (the `defect` property of the JS error).
    pub fn code(self) -> &'static str {
        match self {
            TokenDefect::NotText => "NOT_TEXT",
            TokenDefect::PartCount => "PART_COUNT",
            TokenDefect::Version => "VERSION",
            TokenDefect::Length => "LENGTH",
            TokenDefect::Uuid => "UUID",
        }
    }

    /// A short description for messages.
    pub fn describe(self) -> &'static str {
        match self {
            TokenDefect::NotText => "it is not text",
            TokenDefect::PartCount => "it does not have four |-separated parts",
            TokenDefect::Version => "its version parts are not gpgauthv1.3.0",
            TokenDefect::Length => "its length part is not 36",
            TokenDefect::Uuid => "its nonce is not a UUID",
        }
    }
}

/// A GPGAuth token, validated. It is a login secret: zeroized on drop, never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct GpgAuthToken(Zeroizing<String>);

impl GpgAuthToken {
    /// A fresh token around a random UUIDv4 from `rng`.
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
        let nonce = Zeroizing::new(new_v4(rng));
        GpgAuthToken(Zeroizing::new(format!(
            "{TOKEN_VERSION}|36|{}|{TOKEN_VERSION}",
            nonce.as_str()
        )))
    }

    /// Checks the format strictly (four parts, both versions `gpgauthv1.3.0`, length `36`, a
    /// UUID of either case), as the server's `_checkNonce` and the extension's
    /// `GpgAuthToken.validate` do.
    ///
    /// Errors: [`AuthError::InvalidToken`] naming the [`TokenDefect`].
    pub fn parse(text: &str) -> Result<Self, AuthError> {
        let invalid = |defect| AuthError::InvalidToken { defect };
        let parts: Vec<&str> = text.split('|').collect();
        let [version, length, nonce, closing] = parts[..] else {
            return Err(invalid(TokenDefect::PartCount));
        };
        if version != TOKEN_VERSION || closing != TOKEN_VERSION {
            return Err(invalid(TokenDefect::Version));
        }
        if length != "36" {
            return Err(invalid(TokenDefect::Length));
        }
        if !is_uuid(nonce) {
            return Err(invalid(TokenDefect::Uuid));
        }
        Ok(GpgAuthToken(Zeroizing::new(text.to_owned())))
    }

    /// Checks decrypted bytes: UTF-8 first, then [`GpgAuthToken::parse`].
    pub fn parse_bytes(bytes: &[u8]) -> Result<Self, AuthError> {
        let text = std::str::from_utf8(bytes).map_err(|_| AuthError::InvalidToken {
            defect: TokenDefect::NotText,
        })?;
        Self::parse(text)
    }

    /// The whole token, as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The UUID nonce in the middle.
    pub fn nonce(&self) -> &str {
        self.0.split('|').nth(2).unwrap_or_default()
    }
}

impl fmt::Debug for GpgAuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GpgAuthToken(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    const FIXTURE: &str = "gpgauthv1.3.0|36|20bea022-d302-4e08-999a-c8258d68c1c0|gpgauthv1.3.0";

    fn defect(text: &str) -> TokenDefect {
        match GpgAuthToken::parse(text) {
            Err(AuthError::InvalidToken { defect }) => defect,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn generated_token_has_the_gpgauth_format() {
        let token = GpgAuthToken::generate(&mut StdRng::seed_from_u64(3));
        let parsed = GpgAuthToken::parse(token.as_str()).unwrap();
        assert_eq!(parsed, token);
        assert!(token.as_str().starts_with("gpgauthv1.3.0|36|"));
        assert!(token.as_str().ends_with("|gpgauthv1.3.0"));
        assert_eq!(token.nonce().len(), 36);
        assert_eq!(token.as_str().len(), 13 + 4 + 36 + 1 + 13);
    }

    #[test]
    fn fixture_token_parses_and_yields_its_nonce() {
        let token = GpgAuthToken::parse(FIXTURE).unwrap();
        assert_eq!(token.nonce(), "20bea022-d302-4e08-999a-c8258d68c1c0");
        let upper = FIXTURE.replace(
            "20bea022-d302-4e08-999a-c8258d68c1c0",
            "20BEA022-D302-4E08-999A-C8258D68C1C0",
        );
        assert!(GpgAuthToken::parse(&upper).is_ok());
    }

    #[test]
    fn bad_token_formats_name_their_defect() {
        let uuid = "20bea022-d302-4e08-999a-c8258d68c1c0";
        assert_eq!(defect(""), TokenDefect::PartCount);
        assert_eq!(
            defect(&format!("gpgauthv1.3.0|36|{uuid}")),
            TokenDefect::PartCount
        );
        assert_eq!(defect(&format!("{FIXTURE}|x")), TokenDefect::PartCount);
        assert_eq!(
            defect(&format!("gpgauthv1.2.0|36|{uuid}|gpgauthv1.3.0")),
            TokenDefect::Version
        );
        assert_eq!(
            defect(&format!("gpgauthv1.3.0|36|{uuid}|gpgauthv1.2.0")),
            TokenDefect::Version
        );
        assert_eq!(
            defect(&format!("gpgauthv1.3.0|35|{uuid}|gpgauthv1.3.0")),
            TokenDefect::Length
        );
        assert_eq!(
            defect(&format!("gpgauthv1.3.0| 36|{uuid}|gpgauthv1.3.0")),
            TokenDefect::Length
        );
        assert_eq!(
            defect("gpgauthv1.3.0|36|not-a-uuid|gpgauthv1.3.0"),
            TokenDefect::Uuid
        );
        assert_eq!(defect(&format!("{FIXTURE}\n")), TokenDefect::Version);
        assert_eq!(
            GpgAuthToken::parse_bytes(&[0xff, 0xfe]).unwrap_err(),
            AuthError::InvalidToken {
                defect: TokenDefect::NotText
            }
        );
    }

    #[test]
    fn debug_and_errors_do_not_show_the_token() {
        let token = GpgAuthToken::parse(FIXTURE).unwrap();
        assert_eq!(format!("{token:?}"), "GpgAuthToken(<redacted>)");
        let err = GpgAuthToken::parse("gpgauthv1.3.0|36|secret-nonce|gpgauthv1.3.0").unwrap_err();
        assert!(!format!("{err} {err:?}").contains("secret-nonce"));
    }
}
