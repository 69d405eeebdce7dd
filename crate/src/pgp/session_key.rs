//! Session keys in Passbolt's `ALGO:HEX` form (`9:` and 64 hex digits for AES-256).

use std::fmt;

use pgp::composed::PlainSessionKey;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use zeroize::Zeroizing;

use super::error::PgpError;

/// A symmetric session key. Its bytes are zeroized on drop and never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionKey {
    algorithm: SymmetricKeyAlgorithm,
    key: Zeroizing<Vec<u8>>,
}

impl SessionKey {
    /// Parses `ALGO:HEX`: the algorithm id in one to three decimal digits, the key in upper-
    /// or lower-case hex, surrounding whitespace ignored; the key length must fit the
    /// algorithm.
    ///
    /// Errors: [`PgpError::InvalidSessionKey`] (it never quotes the text).
    pub fn parse(text: &str) -> Result<Self, PgpError> {
        let (algo, hex_key) = text
            .trim()
            .split_once(':')
            .ok_or(PgpError::InvalidSessionKey)?;
        // `u8::from_str` alone would also take a sign (`+9`), which no Passbolt client writes.
        if algo.is_empty() || algo.len() > 3 || !algo.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PgpError::InvalidSessionKey);
        }
        let id: u8 = algo.parse().map_err(|_| PgpError::InvalidSessionKey)?;
        let algorithm = SymmetricKeyAlgorithm::from(id);
        let key = Zeroizing::new(hex::decode(hex_key).map_err(|_| PgpError::InvalidSessionKey)?);
        if algorithm.key_size() == 0 || key.len() != algorithm.key_size() {
            return Err(PgpError::InvalidSessionKey);
        }
        Ok(SessionKey { algorithm, key })
    }

    /// Passbolt's form: the algorithm id, a colon, the key in upper-case hex.
    pub fn to_passbolt_string(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "{}:{}",
            u8::from(self.algorithm),
            hex::encode_upper(self.key.as_slice())
        ))
    }

    /// Builds one from what rPGP decrypted; SEIPDv2 keys carry their algorithm in the data
    /// packet, so `v2_algorithm` supplies it.
    pub(crate) fn from_plain(
        plain: &PlainSessionKey,
        v2_algorithm: Option<SymmetricKeyAlgorithm>,
    ) -> Option<Self> {
        let (algorithm, key) = match plain {
            PlainSessionKey::V3_4 { sym_alg, key } => (*sym_alg, key),
            PlainSessionKey::V5 { key } | PlainSessionKey::V6 { key } => (v2_algorithm?, key),
        };
        Some(SessionKey {
            algorithm,
            key: Zeroizing::new(key.as_ref().to_vec()),
        })
    }

    /// The rPGP form, for a SEIPDv1 (`v2 == false`) or SEIPDv2 message.
    pub(crate) fn to_plain(&self, v2: bool) -> PlainSessionKey {
        let key = self.key.to_vec().into();
        if v2 {
            PlainSessionKey::V6 { key }
        } else {
            PlainSessionKey::V3_4 {
                sym_alg: self.algorithm,
                key,
            }
        }
    }
}

impl fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionKey({:?}, <redacted>)", self.algorithm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "9:8C9FCC0359D11EE996CEBC1E98E9801FF5200CE82700E9865EF38DEB27C98FE3";

    #[test]
    fn passbolt_form_round_trips_in_upper_case() {
        let key = SessionKey::parse(&FIXTURE.to_lowercase()).unwrap();
        assert_eq!(key.to_passbolt_string().as_str(), FIXTURE);
    }

    #[test]
    fn malformed_session_keys_are_refused() {
        for bad in [
            "", "9", ":AB", "9:XYZ", "9:8C9F", "x:8C9F", "0:", "300:AA", "7:00",
        ] {
            assert_eq!(
                SessionKey::parse(bad),
                Err(PgpError::InvalidSessionKey),
                "{bad}"
            );
        }
        let hex = &FIXTURE[2..];
        for bad in [
            format!("+9:{hex}"),
            format!("-9:{hex}"),
            format!(" 9:{hex}x"),
            format!("0009:{hex}"),
            format!("9: {hex}"),
        ] {
            assert_eq!(
                SessionKey::parse(&bad),
                Err(PgpError::InvalidSessionKey),
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_key() {
        let shown = format!("{:?}", SessionKey::parse(FIXTURE).unwrap());
        assert!(
            !shown.contains("8C9F") && !shown.to_lowercase().contains("8c9f"),
            "{shown}"
        );
    }
}
