//! A shorter road through the common message shape: ESK packets, then one SEIPDv1 packet of
//! definite length encrypted with AES. The outer packets are split here, the data is
//! decrypted in one pass (AES-CFB, zero IV) and its MDC checked (constant time, as rPGP
//! does), and rPGP parses only the inner message (literal, signed or compressed).
//!
//! It only ever answers successes: any other shape, any failure (a bad MDC, an inner
//! message rPGP refuses, a missing signature) goes back to the usual path with the session
//! key already found, which gives the canonical result or error. Measured: about 40% of a
//! session-key decryption was rPGP moving its message readers around.

use pgp::composed::{Esk, Message, PlainSessionKey};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::packet::PacketParser;
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::decrypt::{DecryptOptions, Decrypted};
use super::layers::decompressed;
use super::session_key::SessionKey;
use super::signature_check::{check_signatures, read_limited};
use super::PgpError;

/// The modification detection code: tag `0xD3`, length 20, SHA-1.
const MDC_LEN: usize = 22;
const TAG_PKESK: u8 = 1;
const TAG_SKESK: u8 = 3;
const TAG_SEIPD: u8 = 18;

/// The message `data` split: its ESK packets (parsed by rPGP) and the body of its SEIPDv1
/// packet after the version byte. `None` for any other shape.
pub(crate) fn split(data: &[u8]) -> Option<(Vec<Esk>, &[u8])> {
    let mut rest = data;
    let mut esk_end = 0;
    loop {
        let (tag, header_len, body_len) = header(rest)?;
        let body = rest.get(header_len..header_len.checked_add(body_len)?)?;
        match tag {
            TAG_PKESK | TAG_SKESK => {
                esk_end += header_len + body_len;
                rest = &rest[header_len + body_len..];
            }
            TAG_SEIPD if header_len + body_len == rest.len() => {
                let (&version, encrypted) = body.split_first()?;
                if version != 1 {
                    return None;
                }
                let esks = PacketParser::new(&data[..esk_end])
                    .map(|packet| packet.ok().and_then(|p| Esk::try_from(p).ok()))
                    .collect::<Option<Vec<Esk>>>()?;
                return Some((esks, encrypted));
            }
            _ => return None,
        }
    }
}

/// `(tag, header length, body length)` of the packet at the start of `data`, for a
/// definite length only (no partial bodies, no old-format indeterminate length).
fn header(data: &[u8]) -> Option<(u8, usize, usize)> {
    let first = *data.first()?;
    if first & 0x80 == 0 {
        return None;
    }
    if first & 0x40 != 0 {
        // New format.
        let tag = first & 0x3f;
        let o1 = usize::from(*data.get(1)?);
        match o1 {
            0..=191 => Some((tag, 2, o1)),
            192..=223 => {
                let o2 = usize::from(*data.get(2)?);
                Some((tag, 3, ((o1 - 192) << 8) + o2 + 192))
            }
            255 => {
                let b = data.get(2..6)?;
                let len = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
                Some((tag, 6, usize::try_from(len).ok()?))
            }
            _ => None,
        }
    } else {
        // Old format.
        let tag = (first >> 2) & 0x0f;
        match first & 0x03 {
            0 => Some((tag, 2, usize::from(*data.get(1)?))),
            1 => {
                let b = data.get(1..3)?;
                Some((tag, 3, usize::from(u16::from_be_bytes([b[0], b[1]]))))
            }
            2 => {
                let b = data.get(1..5)?;
                let len = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
                Some((tag, 5, usize::try_from(len).ok()?))
            }
            _ => None,
        }
    }
}

/// Decrypts the SEIPDv1 body `encrypted` with `plain` and reads the inner message as the
/// usual path does; `None` unless all of it succeeds.
pub(crate) fn decrypt(
    encrypted: &[u8],
    plain: &PlainSessionKey,
    options: &DecryptOptions<'_>,
) -> Option<Decrypted> {
    let PlainSessionKey::V3_4 { key, sym_alg } = plain else {
        return None;
    };
    // The random prefix (a block and two repeated bytes) and the MDC at least.
    if encrypted.len() < 16 + 2 + MDC_LEN {
        return None;
    }
    let mut plaintext = Zeroizing::new(encrypted.to_vec());
    cfb_decrypt(*sym_alg, key.as_ref(), &mut plaintext)?;
    let (covered, mdc) = plaintext.split_at(plaintext.len() - MDC_LEN);
    let hash: [u8; 20] = Sha1::new()
        .chain_update(covered)
        .chain_update(&mdc[..2])
        .finalize()
        .into();
    let mdc_ok = mdc[0].ct_eq(&0xD3) & mdc[1].ct_eq(&0x14) & mdc[2..].ct_eq(&hash);
    if !bool::from(mdc_ok) {
        return None;
    }
    let inner = &covered[16 + 2..];
    let message = Message::from_bytes(inner).ok()?;
    let mut message = decompressed(message).ok()?;
    let data = read_limited(&mut message, PgpError::DecryptionFailed).ok()?;
    let signatures = check_signatures(&message, options.verification_keys);
    if options.require_signature && !signatures.iter().any(|s| s.verified) {
        return None;
    }
    Some(Decrypted {
        data,
        session_key: SessionKey::from_plain(plain, None)?,
        signatures,
    })
}

/// AES-CFB decryption in place with the zero IV of SEIPDv1 (OpenPGP's CFB: `P_i = C_i xor
/// E(C_(i-1))`, the last block possibly short). None for a cipher other than AES or a key
/// of the wrong length. In wasm the AES is `aes-swizzle`'s: one block per SIMD register,
/// where the `aes` crate's fixslice code costs about 3.5x more per block.
#[cfg(target_arch = "wasm32")]
fn cfb_decrypt(sym_alg: SymmetricKeyAlgorithm, key: &[u8], data: &mut [u8]) -> Option<()> {
    if !matches!(
        sym_alg,
        SymmetricKeyAlgorithm::AES128
            | SymmetricKeyAlgorithm::AES192
            | SymmetricKeyAlgorithm::AES256
    ) || key.len() != sym_alg.key_size()
    {
        return None;
    }
    aes_swizzle::cfb_decrypt(key, &[0; 16], data)
}

/// As the wasm version: the `aes` crate through `cfb-mode` (AES-NI natively).
#[cfg(not(target_arch = "wasm32"))]
fn cfb_decrypt(sym_alg: SymmetricKeyAlgorithm, key: &[u8], data: &mut [u8]) -> Option<()> {
    use aes::{Aes128, Aes192, Aes256};
    use cfb_mode::cipher::{AsyncStreamCipher, KeyIvInit};
    let iv = [0u8; 16];
    match sym_alg {
        SymmetricKeyAlgorithm::AES128 => cfb_mode::Decryptor::<Aes128>::new_from_slices(key, &iv)
            .ok()?
            .decrypt(data),
        SymmetricKeyAlgorithm::AES192 => cfb_mode::Decryptor::<Aes192>::new_from_slices(key, &iv)
            .ok()?
            .decrypt(data),
        SymmetricKeyAlgorithm::AES256 => cfb_mode::Decryptor::<Aes256>::new_from_slices(key, &iv)
            .ok()?
            .decrypt(data),
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    //! The short road against rPGP's reader: the same result or error for every key and
    //! message of the vectors, and for tampered copies of them.
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::super::decrypt::{
        decrypt_data, decrypt_message, read_message_data, session_key, DecryptWith,
    };
    use super::super::{PublicKey, UnlockedKey};
    use super::*;

    fn vectors() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
    }

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("a directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                files(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) if s.contains("BEGIN PGP MESSAGE") => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }

    fn messages() -> Vec<String> {
        let mut paths = Vec::new();
        files(&vectors(), &mut paths);
        paths.sort();
        let mut out = Vec::new();
        for path in paths {
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            if text.contains("-----BEGIN PGP MESSAGE-----") && !text.trim_start().starts_with('{') {
                out.push(text);
            } else if let Ok(value) = serde_json::from_str(&text) {
                strings(&value, &mut out);
            }
        }
        out
    }

    fn keys() -> Vec<UnlockedKey> {
        let v = vectors();
        let mut list: Vec<(PathBuf, String)> = vec![
            (
                v.join("fixtures/keys/ada_private.asc"),
                "ada-fixture-passphrase".into(),
            ),
            (
                v.join("fixtures/keys/betty_private.asc"),
                "betty-fixture-passphrase".into(),
            ),
            (v.join("fixtures/keys/metadata_private.asc"), String::new()),
            (v.join("keys/gnupg/ed25519.sec.asc"), String::new()),
            (
                v.join("keys/openpgpjs/curve25519.sec.asc"),
                "passbolt-test-passphrase".into(),
            ),
        ];
        for producer in ["gnupg", "openpgpjs"] {
            let dir = v.join("messages").join(producer).join("keys");
            let json: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(dir.join("keys.json")).unwrap()).unwrap();
            for k in json.as_array().unwrap() {
                let file = k["file"].as_str().unwrap().trim_start_matches("keys/");
                let pass = k["passphrase"].as_str().unwrap_or("").to_string();
                list.push((dir.join(file), pass));
            }
        }
        list.into_iter()
            .filter_map(|(path, pass)| {
                UnlockedKey::unlock(&fs::read_to_string(path).ok()?, &pass).ok()
            })
            .collect()
    }

    fn same(a: &Result<Decrypted, PgpError>, b: &Result<Decrypted, PgpError>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => {
                a.data == b.data && a.session_key == b.session_key && a.signatures == b.signatures
            }
            (Err(a), Err(b)) => a == b,
            _ => false,
        }
    }

    #[test]
    fn the_short_road_gives_what_rpgps_reader_gives() {
        let keys = keys();
        assert!(keys.len() >= 12, "keys: {}", keys.len());
        let publics: Vec<PublicKey> = keys.iter().map(|k| k.public_key().clone()).collect();
        let refs: Vec<&PublicKey> = publics.iter().collect();
        let (mut opened, mut short, mut compared) = (0, 0, 0);
        for message in messages() {
            let Ok(data) = read_message_data(&message) else {
                continue;
            };
            for key in &keys {
                for require_signature in [false, true] {
                    let options = DecryptOptions {
                        verification_keys: &refs,
                        require_signature,
                    };
                    let with = |esk: &[Esk], v2| session_key(esk, DecryptWith::Key(key), v2);
                    let fast = decrypt_data(&data, with, &options);
                    let slow = decrypt_message(&data, with, &options);
                    assert!(same(&fast, &slow), "{fast:?} != {slow:?}");
                    compared += 1;
                    if fast.is_err() || require_signature {
                        continue;
                    }
                    opened += 1;
                    short += usize::from(split(&data).is_some());
                    // Tampered copies: the same error (or result) both ways.
                    for at in [
                        5,
                        data.len() / 2,
                        data.len() - 30,
                        data.len() - 10,
                        data.len() - 1,
                    ] {
                        let mut bad = data.clone();
                        if let Some(byte) = bad.get_mut(at) {
                            *byte ^= 0x41;
                        }
                        let fast = decrypt_data(&bad, with, &options);
                        let slow = decrypt_message(&bad, with, &options);
                        assert!(same(&fast, &slow), "at {at}: {fast:?} != {slow:?}");
                    }
                }
            }
        }
        assert!(opened >= 80, "opened {opened} of {compared}");
        assert!(short >= 60, "on the short road: {short} of {opened}");
    }

    #[test]
    fn other_shapes_are_left_to_rpgp() {
        // A partial-length SEIPD packet, an old-format indeterminate length, a SEIPDv2.
        assert!(split(&[0xd2, 0xe0, 1, 2, 3]).is_none());
        assert!(split(&[0xa7, 1, 2, 3]).is_none());
        assert!(split(&[0xd2, 0x03, 2, 0, 0]).is_none());
        assert!(split(&[0xd2, 0x03, 1, 0]).is_none());
        assert_eq!(header(&[0xd2, 0xc0, 0x00]), Some((18, 3, 192)));
        assert_eq!(header(&[0x85, 0x01, 0x00]), Some((1, 3, 256)));
    }
}
