//! The split decryptions give exactly what the usual decryption gives, over every Curve25519
//! and RSA key and every message of the vectors: Curve25519 (ephemeral point out, shared
//! secret in) and RSA (ciphertext out, raw decryption in).

use std::fs;
use std::path::{Path, PathBuf};

use passbolt_core::pgp::{
    curve25519_pkcs8, decrypt, decrypt_or_prepare, rsa_pkcs1_der, BatchItem, DecryptOptions,
    DecryptWith, Decrypted, PgpError, PublicKey, RsaPending, SessionKey, Step, UnlockedKey,
};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey};
use serde_json::Value;
use x25519_dalek::{PublicKey as XPublic, StaticSecret};

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .expect("a directory")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn armored_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.contains("-----BEGIN PGP MESSAGE-----") => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| armored_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| armored_strings(v, out)),
        _ => {}
    }
}

/// Every armored message of the vectors (files and JSON fixtures), with its origin.
fn messages() -> Vec<(String, String)> {
    let mut files = Vec::new();
    walk(&vectors(), &mut files);
    let mut out = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        match path.extension().and_then(|e| e.to_str()) {
            Some("asc") if text.contains("-----BEGIN PGP MESSAGE-----") => out.push((name, text)),
            Some("json") => {
                if let Ok(value) = serde_json::from_str::<Value>(&text) {
                    let mut found = Vec::new();
                    armored_strings(&value, &mut found);
                    for (i, m) in found.into_iter().enumerate() {
                        out.push((format!("{name}#{i}"), m));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Every vector private key with a Curve25519 ECDH packet, unlocked.
fn curve25519_keys() -> Vec<(String, UnlockedKey)> {
    split_keys()
        .into_iter()
        .filter(|(_, key)| (0..8).any(|i| curve25519_pkcs8(key, i).is_some()))
        .collect()
}

/// Every vector private key with a Curve25519 ECDH or an RSA packet, unlocked.
fn split_keys() -> Vec<(String, UnlockedKey)> {
    let v = vectors();
    let mut candidates: Vec<(PathBuf, String)> = Vec::new();
    for producer in ["gnupg", "openpgpjs"] {
        let mut files = Vec::new();
        walk(&v.join("keys").join(producer), &mut files);
        for f in files {
            // GnuPG's keys there are unprotected, OpenPGP.js's have one passphrase.
            if f.to_string_lossy().ends_with(".sec.asc") {
                let pass = if producer == "gnupg" {
                    ""
                } else {
                    "passbolt-test-passphrase"
                };
                candidates.push((f, pass.to_string()));
            }
        }
        let dir = v.join("messages").join(producer).join("keys");
        let list: Value =
            serde_json::from_str(&fs::read_to_string(dir.join("keys.json")).unwrap()).unwrap();
        for k in list.as_array().unwrap() {
            let file = k["file"].as_str().unwrap().trim_start_matches("keys/");
            let pass = k["passphrase"].as_str().unwrap_or("").to_string();
            candidates.push((dir.join(file), pass));
        }
    }
    let dir = v.join("fixtures").join("keys");
    let list: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("keys.json")).unwrap()).unwrap();
    for k in list.as_object().unwrap().values() {
        if let (Some(file), Some(pass)) = (k["private"].as_str(), k["passphrase"].as_str()) {
            candidates.push((dir.join(file), pass.to_string()));
        }
    }
    let mut out = Vec::new();
    for (file, pass) in candidates {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let key =
            UnlockedKey::unlock(&text, &pass).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if (0..8).any(|i| curve25519_pkcs8(&key, i).is_some() || rsa_pkcs1_der(&key, i).is_some()) {
            out.push((file.display().to_string(), key));
        }
    }
    out
}

fn scalar(key: &UnlockedKey, packet: usize) -> StaticSecret {
    let pkcs8 = curve25519_pkcs8(key, packet).expect("a Curve25519 packet");
    assert_eq!(pkcs8.len(), 48);
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(&pkcs8[16..]);
    StaticSecret::from(bytes)
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

/// The raw RSA decryption `c^d mod n` of `pending`'s ciphertext, by the key that
/// `rsa_pkcs1_der` exports (read back with the `rsa` crate), as many bytes as the modulus.
fn raw_rsa(key: &UnlockedKey, pending: &RsaPending) -> Vec<u8> {
    let der = rsa_pkcs1_der(key, pending.packet()).expect("an RSA packet");
    let private = RsaPrivateKey::from_pkcs1_der(&der).expect("a PKCS#1 key");
    private.validate().expect("a consistent key");
    let size = private.size();
    assert_eq!(pending.ciphertext().len(), size);
    let m = BigUint::from_bytes_be(pending.ciphertext())
        .modpow(private.d(), private.n())
        .to_bytes_be();
    let mut out = vec![0u8; size - m.len()];
    out.extend_from_slice(&m);
    out
}

#[test]
fn split_decryption_gives_what_decrypt_gives() {
    let keys = split_keys();
    let names: Vec<&str> = keys.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        keys.len() >= 10,
        "Curve25519 and RSA vector keys: {names:?}"
    );
    let publics: Vec<PublicKey> = keys.iter().map(|(_, k)| k.public_key().clone()).collect();
    let refs: Vec<&PublicKey> = publics.iter().collect();
    let options = DecryptOptions {
        verification_keys: &refs,
        require_signature: false,
    };
    let messages = messages();
    let mut split = 0;
    let mut rsa_split = 0;
    let mut decrypted = 0;
    for (key_name, key) in &keys {
        for (name, message) in &messages {
            let expected = decrypt(message, DecryptWith::Key(key), &options);
            let item = BatchItem {
                message,
                session_key: None,
            };
            let got = match decrypt_or_prepare(&item, key, &options) {
                Step::Done(done) => done,
                Step::NeedsSharedSecret(pending) => {
                    split += 1;
                    let secret = scalar(key, pending.packet());
                    let shared = secret.diffie_hellman(&XPublic::from(*pending.ephemeral()));
                    // A wrong shared secret is a typed failure.
                    let mut wrong = shared.to_bytes();
                    wrong[0] ^= 1;
                    assert_eq!(
                        pending.finish(&wrong, &options).unwrap_err(),
                        PgpError::DecryptionFailed,
                        "{key_name} / {name}"
                    );
                    assert_eq!(
                        pending.finish(&[0; 32], &options).unwrap_err(),
                        PgpError::DecryptionFailed
                    );
                    assert!(same(&pending.finish_with_key(key, &options), &expected));
                    pending.finish(shared.as_bytes(), &options)
                }
                Step::NeedsRsa(pending) => {
                    rsa_split += 1;
                    let raw = raw_rsa(key, &pending);
                    // A wrong or short decryption is a typed failure.
                    let mut wrong = raw.clone();
                    wrong[1] ^= 1;
                    assert_eq!(
                        pending.finish(&wrong, &options).unwrap_err(),
                        PgpError::DecryptionFailed,
                        "{key_name} / {name}"
                    );
                    assert_eq!(
                        pending.finish(&raw[1..], &options).unwrap_err(),
                        PgpError::DecryptionFailed
                    );
                    assert!(same(&pending.finish_with_key(key, &options), &expected));
                    pending.finish(&raw, &options)
                }
            };
            assert!(
                same(&got, &expected),
                "{key_name} / {name}: {got:?} != {expected:?}"
            );
            decrypted += usize::from(expected.is_ok());
        }
    }
    assert!(split >= 20, "split Curve25519 decryptions: {split}");
    assert!(rsa_split >= 10, "split RSA decryptions: {rsa_split}");
    assert!(decrypted >= 60, "decrypted: {decrypted}");
}

#[test]
fn the_exported_scalar_is_the_little_endian_one_of_the_public_point() {
    for (name, key) in curve25519_keys() {
        let mut checked = 0;
        for packet in 0..8 {
            if curve25519_pkcs8(&key, packet).is_none() {
                continue;
            }
            let public = XPublic::from(&scalar(&key, packet));
            // The scalar makes one of the key's public points (the `u` after the 0x40).
            let found = key_points(&key).contains(public.as_bytes());
            assert!(found, "{name}: packet {packet}");
            checked += 1;
        }
        assert!(checked > 0);
    }
}

/// The public points of the key's Curve25519 ECDH packets, read back with rPGP.
fn key_points(key: &UnlockedKey) -> Vec<[u8; 32]> {
    use pgp::composed::{Deserializable, SignedPublicKey};
    use pgp::types::{EcdhPublicParams, KeyDetails, PublicParams};
    let armored = key.public_key().to_armored().unwrap();
    let (public, _) = SignedPublicKey::from_string(&armored).unwrap();
    std::iter::once(public.primary_key.public_params().clone())
        .chain(
            public
                .public_subkeys
                .iter()
                .map(|s| s.key.public_params().clone()),
        )
        .filter_map(|p| match p {
            PublicParams::ECDH(EcdhPublicParams::Curve25519Legacy { p, .. }) => Some(*p.as_bytes()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_session_key_that_opens_the_message_needs_no_shared_secret() {
    let (_, key) = curve25519_keys().into_iter().next().unwrap();
    let message = passbolt_core::pgp::encrypt(b"hello", &[key.public_key()], None).unwrap();
    let options = DecryptOptions::default();
    let done = decrypt(&message, DecryptWith::Key(&key), &options).unwrap();
    let item = BatchItem {
        message: &message,
        session_key: Some(&done.session_key),
    };
    assert!(matches!(
        decrypt_or_prepare(&item, &key, &options),
        Step::Done(Ok(_))
    ));
    let stale = SessionKey::parse(&format!("9:{}", "00".repeat(32))).unwrap();
    let item = BatchItem {
        message: &message,
        session_key: Some(&stale),
    };
    assert!(matches!(
        decrypt_or_prepare(&item, &key, &options),
        Step::NeedsSharedSecret(_)
    ));
}

#[test]
fn paired_batches_give_what_decrypt_many_gives() {
    use passbolt_core::pgp::{decrypt_many, decrypt_many_paired, encrypt};
    let keys = curve25519_keys();
    let publics: Vec<PublicKey> = keys.iter().map(|(_, k)| k.public_key().clone()).collect();
    let refs: Vec<&PublicKey> = publics.iter().collect();
    let options = DecryptOptions {
        verification_keys: &refs,
        require_signature: false,
    };
    let vectors = messages();
    let stale = SessionKey::parse(&format!("9:{}", "00".repeat(32))).unwrap();
    let mut paired_items = 0;
    for (turn, (key_name, key)) in keys.iter().enumerate() {
        // The vectors, then (for a key that can be encrypted to) three fresh messages to it,
        // the first with a stale session key and the third with its right one; a broken
        // message between them.
        let mut texts: Vec<String> = vectors.iter().map(|(_, m)| m.clone()).collect();
        let fresh = texts.len();
        for body in [&b"one"[..], b"two", b"three"] {
            texts.extend(encrypt(body, &[key.public_key()], None).ok());
        }
        texts.insert(
            texts.len().min(fresh + 1),
            "-----BEGIN PGP MESSAGE-----\n\nnot one\n".into(),
        );
        let right = texts
            .last()
            .and_then(|m| decrypt(m, DecryptWith::Key(key), &options).ok())
            .map(|d| d.session_key);
        let mut items: Vec<BatchItem<'_>> = texts
            .iter()
            .map(|message| BatchItem {
                message,
                session_key: None,
            })
            .collect();
        if texts.len() == fresh + 4 {
            items[fresh].session_key = Some(&stale);
            items[fresh + 3].session_key = right.as_ref();
        }
        paired_items += items
            .iter()
            .filter(|item| {
                let probe = BatchItem {
                    message: item.message,
                    session_key: item.session_key,
                };
                matches!(
                    decrypt_or_prepare(&probe, key, &options),
                    Step::NeedsSharedSecret(_)
                )
            })
            .count();
        // Odd and even batch sizes in turn: the last item of an odd one has no partner.
        {
            let len = items.len() - turn % 2;
            let expected = decrypt_many(&items[..len], Some(key), &options);
            let got = decrypt_many_paired(&items[..len], key, &options);
            assert_eq!(got.len(), expected.len());
            for (i, (got, expected)) in got.iter().zip(&expected).enumerate() {
                assert!(
                    same(got, expected),
                    "{key_name} / item {i}: {got:?} != {expected:?}"
                );
            }
        }
    }
    assert!(paired_items >= 30, "items with an X25519: {paired_items}");
}
