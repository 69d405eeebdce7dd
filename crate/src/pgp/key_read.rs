//! Reading exactly one OpenPGP key (public or private) from armored text.

use pgp::composed::{Deserializable, SignedPublicKey, SignedSecretKey};
use pgp::packet::{Packet, PacketParser};

use super::armor::{block_kinds, dearmor_single};
use super::error::{BlockKind, PgpError};

/// The largest armored key accepted: far above any real key (a 4096-bit key with many
/// certifications is a few tens of KB) but bounded, so hostile input cannot exhaust memory.
pub const MAX_KEY_ARMOR_BYTES: usize = 16 * 1024 * 1024;

/// One parsed key: its public part, and whether the block held secret material.
pub(crate) struct ReadKey {
    pub public: SignedPublicKey,
    pub is_private: bool,
}

/// Reads the one key of an armored public or private key block.
pub(crate) fn read_single_key(armored: &str) -> Result<ReadKey, PgpError> {
    if armored.len() > MAX_KEY_ARMOR_BYTES {
        return Err(PgpError::InputTooLarge {
            size: armored.len(),
            limit: MAX_KEY_ARMOR_BYTES,
        });
    }
    let kinds = block_kinds(armored);
    let is_key = |k: &BlockKind| matches!(k, BlockKind::PublicKey | BlockKind::PrivateKey);
    match kinds.as_slice() {
        // A cleartext-signed message is one item made of two blocks.
        [BlockKind::SignedMessage, ..] => {
            return Err(PgpError::NotAKey {
                found: BlockKind::SignedMessage,
            })
        }
        [_, _, ..] if kinds.iter().all(is_key) => {
            return Err(PgpError::MultipleKeys { count: kinds.len() })
        }
        _ => {}
    }
    if kinds.is_empty() && is_non_openpgp_key(armored) {
        return Err(PgpError::NotAKey {
            found: BlockKind::NonOpenPgpKey,
        });
    }
    let block = dearmor_single(armored)?;
    if !matches!(block.kind, BlockKind::PublicKey | BlockKind::PrivateKey) {
        return Err(PgpError::NotAKey { found: block.kind });
    }
    let is_private = match first_packet(&block.data)? {
        Packet::PublicKey(_) => false,
        Packet::SecretKey(_) => true,
        _ => {
            return Err(PgpError::MalformedKey {
                reason: "the first packet is not a primary key packet",
            })
        }
    };
    let public = if is_private {
        let mut keys = SignedSecretKey::from_bytes_many(&block.data[..]).map_err(malformed)?;
        let key = single(&mut keys)?;
        key.to_public_key()
    } else {
        let mut keys = SignedPublicKey::from_bytes_many(&block.data[..]).map_err(malformed)?;
        single(&mut keys)?
    };
    Ok(ReadKey { public, is_private })
}

/// A PEM block (`-----BEGIN PUBLIC KEY-----`, `RSA PRIVATE KEY`, `OPENSSH PRIVATE KEY`) or
/// an OpenSSH public key line: keys, but not OpenPGP keys, which users do paste by mistake.
fn is_non_openpgp_key(text: &str) -> bool {
    text.lines().map(str::trim).any(|line| {
        (line.starts_with("-----BEGIN ") && line.ends_with("KEY-----"))
            || ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-"]
                .iter()
                .any(|prefix| line.starts_with(prefix))
    })
}

fn first_packet(data: &[u8]) -> Result<Packet, PgpError> {
    match PacketParser::new(data).next() {
        Some(Ok(packet)) => Ok(packet),
        Some(Err(_)) => Err(PgpError::MalformedKey {
            reason: "the first packet cannot be parsed",
        }),
        None => Err(PgpError::MalformedKey {
            reason: "the block holds no packets",
        }),
    }
}

fn single<T>(keys: &mut dyn Iterator<Item = pgp::errors::Result<T>>) -> Result<T, PgpError> {
    let first = keys
        .next()
        .ok_or(PgpError::MalformedKey {
            reason: "no complete key was found in the packets",
        })?
        .map_err(malformed)?;
    let (mut more, mut broken) = (0, false);
    for rest in keys {
        match rest {
            Ok(_) => more += 1,
            Err(_) => broken = true,
        }
    }
    if more > 0 {
        return Err(PgpError::MultipleKeys { count: more + 1 });
    }
    if broken {
        return Err(PgpError::MalformedKey {
            reason: "packets after the key cannot be parsed",
        });
    }
    Ok(first)
}

/// rPGP's own error text can quote input bytes (of a private key, too), so it is not passed on.
fn malformed(_: pgp::errors::Error) -> PgpError {
    PgpError::MalformedKey {
        reason: "its packets cannot be parsed as a key (truncated or damaged data?)",
    }
}
