//! What we encrypt and sign, GnuPG 2.2 decrypts and verifies, in the format the Passbolt
//! server accepts (SEIPDv1, AES-256, uncompressed); what GnuPG encrypts and signs, we read.
//! Recipients that must not be used are refused.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::files::vector;
use common::gpg::GnuPg;
use passbolt_core::pgp::{
    decrypt, encrypt, DecryptOptions, DecryptWith, PgpError, PublicKey, UnlockedKey,
};

fn public(path: &str) -> PublicKey {
    PublicKey::read(&vector(path)).expect(path)
}

const SECRET: &str = r#"{"object_type":"PASSBOLT_SECRET_DATA","password":"gnupg-interop-P@ss"}"#;

#[test]
fn gnupg_decrypts_and_verifies_what_we_encrypt_and_sign() {
    let betty = UnlockedKey::unlock(
        &vector("fixtures/keys/betty_private.asc"),
        "betty-fixture-passphrase",
    )
    .unwrap();
    for recipient in ["rsa3072", "ed25519", "nistp256", "rotated-subkeys"] {
        let key = public(&format!("keys/gnupg/{recipient}.pub.asc"));
        let armored = encrypt(SECRET.as_bytes(), &[&key], Some(&betty)).expect(recipient);
        assert!(armored.starts_with("-----BEGIN PGP MESSAGE-----"));
        let gpg = GnuPg::new();
        gpg.import(&vector(&format!("keys/gnupg/{recipient}.sec.asc")));
        gpg.import(&vector("fixtures/keys/betty_public.asc"));
        let out = gpg.run(&["--passphrase", "", "--decrypt"], armored.as_bytes());
        assert!(out.success, "{recipient}: {}", out.status);
        assert_eq!(out.stdout, SECRET.as_bytes(), "{recipient}");
        assert!(
            out.status
                .contains("[GNUPG:] VALIDSIG 4F31619A3354C2065CF8272395C33E4D2EDCCF46"),
            "{recipient}: {}",
            out.status
        );
        // mdc method 2 (SEIPDv1), cipher 9 (AES-256), no AEAD.
        assert!(
            out.status.contains("[GNUPG:] DECRYPTION_INFO 2 9 0"),
            "{}",
            out.status
        );
        let packets = gpg.run(&["--passphrase", "", "--list-packets"], armored.as_bytes());
        let listing = String::from_utf8_lossy(&packets.stdout);
        assert!(!listing.contains("compressed packet"), "{listing}");
        assert_eq!(
            listing.matches(":pubkey enc packet:").count(),
            1,
            "{listing}"
        );
    }
}

#[test]
fn one_message_for_several_recipients_is_read_by_each() {
    let keys: Vec<PublicKey> = ["rsa3072", "ed25519", "nistp521"]
        .iter()
        .map(|k| public(&format!("keys/gnupg/{k}.pub.asc")))
        .collect();
    let armored = encrypt(b"for three", &keys.iter().collect::<Vec<_>>(), None).unwrap();
    for name in ["rsa3072", "ed25519", "nistp521"] {
        let gpg = GnuPg::new();
        gpg.import(&vector(&format!("keys/gnupg/{name}.sec.asc")));
        let out = gpg.run(&["--passphrase", "", "--decrypt"], armored.as_bytes());
        assert!(out.success, "{name}: {}", out.status);
        assert_eq!(out.stdout, b"for three");
    }
}

#[test]
fn we_decrypt_and_verify_what_gnupg_encrypts_and_signs() {
    let gpg = GnuPg::new();
    gpg.import(&vector("keys/gnupg/nistp256.sec.asc"));
    gpg.import(&vector("keys/gnupg/ed25519.pub.asc"));
    let recipient = public("keys/gnupg/ed25519.pub.asc").fingerprint();
    let signer = public("keys/gnupg/nistp256.pub.asc");
    for compression in ["0", "1", "2", "3"] {
        let out = gpg.run(
            &[
                "--passphrase",
                "",
                "--trust-model",
                "always",
                "--armor",
                "--compress-algo",
                compression,
                "--local-user",
                &signer.fingerprint(),
                "--recipient",
                &recipient,
                "--sign",
                "--encrypt",
            ],
            SECRET.as_bytes(),
        );
        assert!(out.success, "{}", out.status);
        let message = String::from_utf8(out.stdout).unwrap();
        let ours = UnlockedKey::unlock(&vector("keys/gnupg/ed25519.sec.asc"), "").unwrap();
        let options = DecryptOptions {
            verification_keys: &[&signer],
            require_signature: true,
        };
        let plain = decrypt(&message, DecryptWith::Key(&ours), &options).expect(compression);
        assert_eq!(
            plain.data.as_slice(),
            SECRET.as_bytes(),
            "compression {compression}"
        );
        assert_eq!(
            plain.signatures[0].signer_fingerprint,
            Some(signer.fingerprint())
        );
    }
}

#[test]
fn expired_revoked_and_subkey_less_recipients_are_refused_by_name() {
    for (name, reason) in [
        ("expired", "the key has expired"),
        ("revoked", "the key is revoked"),
        ("expired-subkey", "it has no valid encryption subkey"),
    ] {
        let key = public(&format!("keys/gnupg/{name}.pub.asc"));
        let err = encrypt(b"x", &[&key], None).unwrap_err();
        assert_eq!(
            err,
            PgpError::UnusableRecipient {
                fingerprint: key.fingerprint(),
                reason
            },
            "{name}"
        );
        assert!(err.to_string().contains(&key.fingerprint()));
    }
}

#[test]
fn we_read_back_what_we_encrypt() {
    let ada_public = PublicKey::read(&vector("fixtures/keys/ada_public.asc")).unwrap();
    let ada = UnlockedKey::unlock(
        &vector("fixtures/keys/ada_private.asc"),
        "ada-fixture-passphrase",
    )
    .unwrap();
    let armored = encrypt(SECRET.as_bytes(), &[&ada_public], Some(&ada)).unwrap();
    let options = DecryptOptions {
        verification_keys: &[&ada_public],
        require_signature: true,
    };
    let out = decrypt(&armored, DecryptWith::Key(&ada), &options).unwrap();
    assert_eq!(out.data.as_slice(), SECRET.as_bytes());
    assert!(out.session_key.to_passbolt_string().starts_with("9:"));
    assert_eq!(out.session_key.to_passbolt_string().len(), 66);
}

#[test]
fn a_certify_only_primary_signs_with_its_signing_subkey_and_gnupg_verifies_it() {
    let signer = UnlockedKey::unlock(&vector("keys/gnupg/rotated-subkeys.sec.asc"), "").unwrap();
    let recipient = public("keys/gnupg/ed25519.pub.asc");
    let armored = encrypt(SECRET.as_bytes(), &[&recipient], Some(&signer)).unwrap();
    let gpg = GnuPg::new();
    gpg.import(&vector("keys/gnupg/ed25519.sec.asc"));
    gpg.import(&vector("keys/gnupg/rotated-subkeys.pub.asc"));
    let out = gpg.run(&["--passphrase", "", "--decrypt"], armored.as_bytes());
    assert!(out.success, "{}", out.status);
    // VALIDSIG <signing key fpr> ... <primary key fpr>: a subkey signed for the primary.
    let validsig = out
        .status
        .lines()
        .find(|l| l.starts_with("[GNUPG:] VALIDSIG "))
        .expect("a valid signature");
    let fields: Vec<&str> = validsig.split_whitespace().collect();
    assert_eq!(
        fields.last(),
        Some(&signer.fingerprint().as_str()),
        "{validsig}"
    );
    assert_ne!(
        fields[2],
        signer.fingerprint(),
        "signed by the subkey, not the primary"
    );
}

#[test]
fn gnupg_verifies_our_detached_cleartext_and_inline_signatures() {
    use passbolt_core::pgp::{sign_cleartext, sign_detached, sign_inline};
    let betty = UnlockedKey::unlock(
        &vector("fixtures/keys/betty_private.asc"),
        "betty-fixture-passphrase",
    )
    .unwrap();
    let gpg = GnuPg::new();
    gpg.import(&vector("fixtures/keys/betty_public.asc"));
    let betty_fpr = "[GNUPG:] VALIDSIG 4F31619A3354C2065CF8272395C33E4D2EDCCF46";
    let text = "Passbolt signed text\n- a dash line\nFrom here\n";

    let data_path = gpg.home().join("data.txt");
    let sig_path = gpg.home().join("data.txt.asc");
    std::fs::write(&data_path, SECRET).unwrap();
    std::fs::write(&sig_path, sign_detached(SECRET.as_bytes(), &betty).unwrap()).unwrap();
    let detached = gpg.run(
        &[
            "--verify",
            sig_path.to_str().unwrap(),
            data_path.to_str().unwrap(),
        ],
        b"",
    );
    assert!(
        detached.success && detached.status.contains(betty_fpr),
        "{}",
        detached.status
    );

    let cleartext = sign_cleartext(text, &betty).unwrap();
    assert!(cleartext.starts_with("-----BEGIN PGP SIGNED MESSAGE-----"));
    let out = gpg.run(&["--decrypt"], cleartext.as_bytes());
    assert!(
        out.success && out.status.contains(betty_fpr),
        "{}",
        out.status
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        text.trim_end()
    );

    let inline = sign_inline(SECRET.as_bytes(), &betty).unwrap();
    let out = gpg.run(&["--decrypt"], inline.as_bytes());
    assert!(
        out.success && out.status.contains(betty_fpr),
        "{}",
        out.status
    );
    assert_eq!(out.stdout, SECRET.as_bytes());
}

#[test]
fn we_verify_our_own_signatures_and_refuse_tampered_data() {
    use passbolt_core::pgp::{sign_cleartext, sign_detached, verify_cleartext, verify_detached};
    let ada_public = public("fixtures/keys/ada_public.asc");
    let ada = UnlockedKey::unlock(
        &vector("fixtures/keys/ada_private.asc"),
        "ada-fixture-passphrase",
    )
    .unwrap();
    let signature = sign_detached(b"data", &ada).unwrap();
    let good = verify_detached(b"data", &signature, &[&ada_public]).unwrap();
    assert_eq!(good[0].signer_fingerprint, Some(ada_public.fingerprint()));
    let bad = verify_detached(b"DATA", &signature, &[&ada_public]).unwrap();
    assert!(!bad[0].verified && bad[0].issuer_fingerprint.is_some());
    let tampered = sign_cleartext("amount: 10", &ada)
        .unwrap()
        .replace("amount: 10", "amount: 99");
    let out = verify_cleartext(&tampered, &[&ada_public]).unwrap();
    assert!(!out.signatures[0].verified);
    let err = verify_detached(
        b"data",
        &vector("fixtures/keys/ada_public.asc"),
        &[&ada_public],
    );
    assert_eq!(err.unwrap_err().code(), "NOT_A_SIGNATURE");
}
