//! Certifications of user ids (the extension certifies the metadata key with the admin's key),
//! checked both ways against GnuPG 2.2 and against the fixture metadata key that OpenPGP.js
//! certified with ada's key.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::files::vector;
use common::gpg::GnuPg;
use passbolt_core::pgp::{certify_user_ids, verify_certifications, PublicKey, UnlockedKey};

fn key_id(fingerprint: &str) -> &str {
    &fingerprint[fingerprint.len() - 16..]
}

/// `gpg --check-sigs` lines for `target`: (validity mark, issuer key id, class) per `sig` row.
fn gpg_signatures(gpg: &GnuPg, target: &str) -> Vec<(String, String, String)> {
    let out = gpg.run(&["--with-colons", "--check-sigs", target], b"");
    assert!(out.success, "{}", out.status);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|line| line.starts_with("sig:") || line.starts_with("rev:"))
        .map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            (f[1].to_string(), f[4].to_string(), f[10].to_string())
        })
        .collect()
}

#[test]
fn the_fixture_metadata_key_carries_adas_certification() {
    let metadata = PublicKey::read(&vector("fixtures/keys/metadata_public.asc")).unwrap();
    let ada = PublicKey::read(&vector("fixtures/keys/ada_public.asc")).unwrap();
    let betty = PublicKey::read(&vector("fixtures/keys/betty_public.asc")).unwrap();
    let found = verify_certifications(&metadata, &[&betty, &ada]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].signature.verified);
    assert_eq!(
        found[0].signature.signer_fingerprint.as_deref(),
        Some("A666D519FB17EDA844AF7F1B09D7E972478529D7")
    );
    assert!(found[0].user_id.starts_with("Passbolt Metadata Key"));
    let by_betty = verify_certifications(&metadata, &[&betty]);
    assert!(!by_betty[0].signature.verified);
    assert_eq!(by_betty[0].signature.signer_fingerprint, None);
}

#[test]
fn gnupg_accepts_our_certifications_by_eddsa_and_rsa_keys() {
    let target_armor = vector("fixtures/keys/metadata_public.asc");
    let target = PublicKey::read(&target_armor).unwrap();
    for certifier_name in ["ed25519", "rsa3072"] {
        let certifier_armor = vector(&format!("keys/gnupg/{certifier_name}.sec.asc"));
        let certifier = UnlockedKey::unlock(&certifier_armor, "").unwrap();
        let certified = certify_user_ids(&target, &certifier).unwrap();

        let gpg = GnuPg::new();
        gpg.import(&vector(&format!("keys/gnupg/{certifier_name}.pub.asc")));
        gpg.import(&certified);
        let sigs = gpg_signatures(&gpg, &target.fingerprint());
        let ours: Vec<_> = sigs
            .iter()
            .filter(|(_, issuer, _)| issuer == key_id(&certifier.fingerprint()))
            .collect();
        assert_eq!(ours.len(), 1, "{certifier_name}: {sigs:?}");
        assert_eq!(ours[0].0, "!", "{certifier_name}: GnuPG checks it as good");
        assert_eq!(
            ours[0].2, "10x",
            "{certifier_name}: a generic certification"
        );
    }
}

#[test]
fn gnupg_certifications_and_their_revocation_are_read() {
    let gpg = GnuPg::new();
    gpg.import(&vector("keys/gnupg/ed25519.sec.asc"));
    let target = PublicKey::read(&vector("keys/gnupg/two-uids.pub.asc")).unwrap();
    gpg.import(&vector("keys/gnupg/two-uids.pub.asc"));
    let certifier = PublicKey::read(&vector("keys/gnupg/ed25519.pub.asc")).unwrap();
    let other = PublicKey::read(&vector("keys/gnupg/rsa3072.pub.asc")).unwrap();
    let signed = gpg.run(
        &[
            "--default-key",
            &certifier.fingerprint(),
            "--quick-sign-key",
            &target.fingerprint(),
        ],
        b"",
    );
    assert!(signed.success, "{}", signed.status);
    let exported = gpg.run(&["--armor", "--export", &target.fingerprint()], b"");
    let certified = PublicKey::read(&String::from_utf8(exported.stdout).unwrap()).unwrap();

    let found = verify_certifications(&certified, &[&other, &certifier]);
    let mut uids: Vec<&str> = found.iter().map(|c| c.user_id.as_str()).collect();
    uids.sort();
    assert_eq!(
        uids,
        [
            "Second Identity (role: primary) <second@keys.example>",
            "Zoë First (original) <first@keys.example>"
        ]
    );
    assert!(found.iter().all(|c| c.signature.verified && !c.revoked));
    assert!(found
        .iter()
        .all(|c| c.signature.signer_fingerprint == Some(certifier.fingerprint())));

    // A certification revocation (0x30) by the same certifier withdraws it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let revoked = gpg.run(
        &[
            "--quick-revoke-sig",
            &target.fingerprint(),
            &certifier.fingerprint(),
            "Zoë First (original) <first@keys.example>",
        ],
        b"",
    );
    assert!(revoked.success, "{}", revoked.status);
    let exported = gpg.run(&["--armor", "--export", &target.fingerprint()], b"");
    let after = PublicKey::read(&String::from_utf8(exported.stdout).unwrap()).unwrap();
    let found = verify_certifications(&after, &[&certifier]);
    let revoked: Vec<(&str, bool)> = found
        .iter()
        .map(|c| (c.user_id.as_str(), c.revoked))
        .collect();
    assert!(
        revoked.contains(&("Zoë First (original) <first@keys.example>", true))
            && revoked.contains(&(
                "Second Identity (role: primary) <second@keys.example>",
                false
            )),
        "{revoked:?}"
    );
}
