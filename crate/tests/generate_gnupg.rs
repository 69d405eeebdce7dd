//! Generated keys are what the Passbolt server accepts (its strict rules, no expiry, CRC line)
//! and GnuPG 2.2 imports them, encrypts to them (with AES-256, from their preferences),
//! decrypts what we encrypt to them and verifies their signatures.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::gpg::GnuPg;
use passbolt_core::pgp::{
    decrypt, encrypt, generate_key, key_info, sign_detached, validate_user_key, DecryptOptions,
    DecryptWith, KeyAlgorithm, PgpError, PublicKey, ServerKeyType, UnlockedKey,
};

const PASSPHRASE: &str = "generated key passphrase";

#[test]
fn generated_keys_pass_the_server_rules_and_work_with_gnupg() {
    for (algorithm, key_type, bits) in [
        (KeyAlgorithm::Curve25519, ServerKeyType::EdDsa, 256),
        (KeyAlgorithm::Rsa3072, ServerKeyType::Rsa, 3072),
        (KeyAlgorithm::Rsa4096, ServerKeyType::Rsa, 4096),
    ] {
        let generated = generate_key(algorithm, "Gen Erated", "gen@example.test", PASSPHRASE)
            .expect("generate");
        assert_eq!(
            validate_user_key(&generated.public_armored),
            vec![],
            "{algorithm:?}"
        );
        let info = key_info(&generated.public_armored).unwrap();
        assert_eq!((info.key_type, info.bits), (key_type, bits));
        assert_eq!(info.uid, "Gen Erated <gen@example.test>");
        assert_eq!((info.expires, info.version), (None, 4));
        assert_eq!(info.fingerprint, generated.fingerprint);
        assert_eq!(
            UnlockedKey::unlock(&generated.private_armored, "wrong").unwrap_err(),
            PgpError::WrongPassphrase
        );
        let ours = UnlockedKey::unlock(&generated.private_armored, PASSPHRASE).unwrap();

        let gpg = GnuPg::new();
        gpg.import(&generated.private_armored);
        let listing = gpg.run(&["--list-packets"], generated.private_armored.as_bytes());
        assert!(
            String::from_utf8_lossy(&listing.stdout).contains("iter+salt S2K"),
            "{algorithm:?}: the private key is locked with iterated+salted S2K"
        );
        // GnuPG encrypts to the generated key; we decrypt, and its preferences gave AES-256.
        let out = gpg.run(
            &[
                "--trust-model",
                "always",
                "--armor",
                "--recipient",
                &generated.fingerprint,
                "--encrypt",
            ],
            b"from gnupg",
        );
        assert!(out.success, "{}", out.status);
        let message = String::from_utf8(out.stdout).unwrap();
        let plain = decrypt(
            &message,
            DecryptWith::Key(&ours),
            &DecryptOptions::default(),
        )
        .unwrap();
        assert_eq!(plain.data.as_slice(), b"from gnupg");
        assert!(
            plain.session_key.to_passbolt_string().starts_with("9:"),
            "{algorithm:?}"
        );
        // We encrypt to it and sign with it; GnuPG decrypts with the passphrase and verifies.
        let public = PublicKey::read(&generated.public_armored).unwrap();
        let armored = encrypt(b"from us", &[&public], Some(&ours)).unwrap();
        let out = gpg.run(
            &["--passphrase", PASSPHRASE, "--decrypt"],
            armored.as_bytes(),
        );
        assert!(out.success, "{}", out.status);
        assert_eq!(out.stdout, b"from us");
        let validsig = format!("[GNUPG:] VALIDSIG {}", generated.fingerprint);
        assert!(out.status.contains(&validsig), "{}", out.status);
        let sig_path = gpg.home().join("data.sig");
        let data_path = gpg.home().join("data");
        std::fs::write(&data_path, b"signed").unwrap();
        std::fs::write(&sig_path, sign_detached(b"signed", &ours).unwrap()).unwrap();
        let out = gpg.run(
            &[
                "--verify",
                sig_path.to_str().unwrap(),
                data_path.to_str().unwrap(),
            ],
            b"",
        );
        assert!(out.status.contains(&validsig), "{}", out.status);
    }
}

#[test]
fn an_empty_passphrase_is_refused() {
    let err = generate_key(KeyAlgorithm::Curve25519, "A", "a@example.test", "").unwrap_err();
    assert_eq!(err, PgpError::WeakPassphrase);
}
