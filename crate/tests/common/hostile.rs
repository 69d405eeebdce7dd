//! The hostile-message table of `tests/vectors/hostile` (see its README), run through the
//! public `pgp` API: the same code natively (`hostile_messages.rs`) and in wasm
//! (`wasm_suite.rs`).

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use passbolt_core::pgp::{
    decrypt, decrypt_many, verify_cleartext, verify_detached, verify_inline, BatchItem,
    DecryptOptions, DecryptWith, PgpError, PublicKey, SessionKey, SignatureCheck, UnlockedKey,
};

use super::hostile_rows::CONTROL;

/// Where a case's input comes from.
pub enum Input {
    /// A file of the table (ASCII armor).
    File(&'static [u8]),
    /// `bytes` xorshift32 octets (the first one 0xC1), armored as `-----BEGIN PGP {armor}-----`.
    ArmoredRandom {
        bytes: usize,
        seed: u32,
        armor: &'static str,
    },
}

/// What is done with the input; keys are the armored key files.
pub enum Operation {
    DecryptKey {
        key: &'static str,
        passphrase: &'static str,
    },
    DecryptSessionKey {
        session_key: &'static str,
    },
    DecryptPassword {
        password: &'static str,
    },
    VerifyDetached {
        key: &'static str,
        data: &'static [u8],
    },
    VerifyInline {
        key: &'static str,
    },
    VerifyCleartext {
        key: &'static str,
    },
    /// `decrypt_many` over [the input with `session_key`, the control message], with `key`.
    DecryptMany {
        key: &'static str,
        passphrase: &'static str,
        session_key: &'static str,
    },
}

/// The outcome a case must have.
pub enum Expect {
    /// This error code (`PgpError::code`).
    Error(&'static str),
    /// The signature operation succeeds and reports signatures, none of them verified.
    Unverified,
    /// The signature operation succeeds and a signature verifies (the controls that show a
    /// case's signature is good but for what the case changes).
    Verified,
}

/// One case of the table.
pub struct Row {
    pub id: &'static str,
    pub input: Input,
    pub operation: Operation,
    pub expect: Expect,
}

/// The valid message the batch cases decrypt beside their hostile item.
pub struct Control {
    pub message: &'static str,
    pub plaintext: &'static str,
}

impl Row {
    /// The input text of the case.
    pub fn input(&self) -> String {
        match self.input {
            Input::File(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Input::ArmoredRandom { bytes, seed, armor } => armored_random(bytes, seed, armor),
        }
    }
}

/// Keys unlocked or read once for the whole table.
#[derive(Default)]
pub struct Keys {
    unlocked: HashMap<(&'static str, &'static str), UnlockedKey>,
    public: HashMap<&'static str, PublicKey>,
}

impl Keys {
    fn unlocked(
        &mut self,
        armored: &'static str,
        passphrase: &'static str,
    ) -> Result<&UnlockedKey, String> {
        Ok(match self.unlocked.entry((armored, passphrase)) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(
                UnlockedKey::unlock(armored, passphrase)
                    .map_err(|e| format!("the case's key does not unlock: {e}"))?,
            ),
        })
    }

    fn public(&mut self, armored: &'static str) -> Result<&PublicKey, String> {
        Ok(match self.public.entry(armored) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(
                PublicKey::read(armored)
                    .map_err(|e| format!("the case's key cannot be read: {e}"))?,
            ),
        })
    }
}

/// Runs one case; `Err` says how its outcome differs from the expected one.
pub fn run(row: &Row, keys: &mut Keys) -> Result<(), String> {
    let input = row.input();
    let none = DecryptOptions::default();
    let outcome: Result<Vec<SignatureCheck>, PgpError> = match row.operation {
        Operation::DecryptKey { key, passphrase } => {
            let key = keys.unlocked(key, passphrase)?;
            decrypt(&input, DecryptWith::Key(key), &none).map(|_| Vec::new())
        }
        Operation::DecryptSessionKey { session_key } => {
            let session_key = SessionKey::parse(session_key).map_err(|e| e.to_string())?;
            decrypt(&input, DecryptWith::SessionKey(&session_key), &none).map(|_| Vec::new())
        }
        Operation::DecryptPassword { password } => {
            decrypt(&input, DecryptWith::Password(password), &none).map(|_| Vec::new())
        }
        Operation::VerifyDetached { key, data } => {
            let key = keys.public(key)?;
            verify_detached(data, &input, &[key])
        }
        Operation::VerifyInline { key } => {
            let key = keys.public(key)?;
            verify_inline(&input, &[key]).map(|v| v.signatures)
        }
        Operation::VerifyCleartext { key } => {
            let key = keys.public(key)?;
            verify_cleartext(&input, &[key]).map(|v| v.signatures)
        }
        Operation::DecryptMany {
            key,
            passphrase,
            session_key,
        } => {
            let session_key = SessionKey::parse(session_key).map_err(|e| e.to_string())?;
            let key = keys.unlocked(key, passphrase)?;
            let items = [
                BatchItem {
                    message: &input,
                    session_key: Some(&session_key),
                },
                BatchItem {
                    message: CONTROL.message,
                    session_key: None,
                },
            ];
            let mut results = decrypt_many(&items, Some(key), &none).into_iter();
            let (item, control) = (results.next(), results.next());
            match control {
                Some(Ok(out)) if out.data.as_slice() == CONTROL.plaintext.as_bytes() => {}
                other => return Err(format!("the control item of the batch failed: {other:?}")),
            }
            item.ok_or("no result for the item")?.map(|_| Vec::new())
        }
    };
    check(&row.expect, outcome)
}

fn check(expect: &Expect, outcome: Result<Vec<SignatureCheck>, PgpError>) -> Result<(), String> {
    match (expect, outcome) {
        (Expect::Error(code), Err(e)) if e.code() == *code => {
            if e.to_string().len() < 10 {
                return Err(format!("{code}: the message {e:?} says too little"));
            }
            Ok(())
        }
        (Expect::Error(code), Err(e)) => Err(format!("expected {code}, got {} ({e})", e.code())),
        (Expect::Error(code), Ok(checks)) => {
            Err(format!("expected {code}, got success ({checks:?})"))
        }
        (Expect::Unverified, Ok(checks)) if checks.is_empty() => {
            Err("expected an unverified signature, found no signature".into())
        }
        (Expect::Unverified, Ok(checks)) if checks.iter().any(|c| c.verified) => {
            Err(format!("expected verified=false, got {checks:?}"))
        }
        (Expect::Unverified, Ok(_)) => Ok(()),
        (Expect::Verified, Ok(checks)) if checks.iter().any(|c| c.verified) => Ok(()),
        (Expect::Verified, Ok(checks)) => {
            Err(format!("expected a verified signature, got {checks:?}"))
        }
        (Expect::Verified, Err(e)) => Err(format!(
            "expected a verified signature, got the error {} ({e})",
            e.code()
        )),
        (Expect::Unverified, Err(e)) => Err(format!(
            "expected verified=false, got the error {} ({e})",
            e.code()
        )),
    }
}

/// See `Input::ArmoredRandom` and the README's generator section. Written as plain loops:
/// the test suites run unoptimised, and this builds 14 MB of text.
fn armored_random(bytes: usize, seed: u32, armor: &str) -> String {
    let mut data = vec![0u8; bytes];
    let mut state = seed;
    for octet in data.iter_mut() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *octet = state as u8;
    }
    if let Some(first) = data.first_mut() {
        *first = 0xc1;
    }
    let mut text = format!("-----BEGIN PGP {armor}-----\n\n").into_bytes();
    text.reserve(bytes / 48 * 65 + 100);
    // 48 octets make one 64-character line.
    for line in data.chunks(48) {
        push_base64(&mut text, line);
        text.push(b'\n');
    }
    text.extend_from_slice(format!("-----END PGP {armor}-----\n").as_bytes());
    String::from_utf8(text).expect("armor is ASCII")
}

/// Appends the standard base64 of `data`, with padding (RFC 4648 §4).
fn push_base64(out: &mut Vec<u8>, data: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in data.chunks(3) {
        let at = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = at(0) << 16 | at(1) << 8 | at(2);
        out.push(ALPHABET[(n >> 18) as usize & 63]);
        out.push(ALPHABET[(n >> 12) as usize & 63]);
        out.push(if chunk.len() > 1 {
            ALPHABET[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            ALPHABET[n as usize & 63]
        } else {
            b'='
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = Vec::new();
            super::push_base64(&mut out, plain.as_bytes());
            assert_eq!(out, encoded.as_bytes());
        }
    }
}
