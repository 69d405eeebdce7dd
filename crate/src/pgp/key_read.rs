//! Reading exactly one OpenPGP key (public or private) from armored text.

use pgp::composed::{Deserializable, SignedPublicKey, SignedSecretKey};
use pgp::packet::PacketHeader;
use pgp::types::Tag;

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

/// The first key of an armored block, and how many keys the input holds in all.
pub(crate) struct ReadKeys {
    pub first: ReadKey,
    pub count: usize,
}

/// Reads the one key of an armored public or private key block.
pub(crate) fn read_single_key(armored: &str) -> Result<ReadKey, PgpError> {
    let keys = read_keys(armored)?;
    if keys.count > 1 {
        return Err(PgpError::MultipleKeys { count: keys.count });
    }
    Ok(keys.first)
}

/// Reads the first key of an armored key block and counts the keys of the input (several
/// keys in one block, or several key blocks).
pub(crate) fn read_keys(armored: &str) -> Result<ReadKeys, PgpError> {
    if armored.len() > MAX_KEY_ARMOR_BYTES {
        return Err(PgpError::InputTooLarge {
            size: armored.len(),
            limit: MAX_KEY_ARMOR_BYTES,
        });
    }
    let kinds = block_kinds(armored);
    let is_key = |k: &BlockKind| matches!(k, BlockKind::PublicKey | BlockKind::PrivateKey);
    // A cleartext-signed message is one item made of two blocks.
    if kinds.first() == Some(&BlockKind::SignedMessage) {
        return Err(PgpError::NotAKey {
            found: BlockKind::SignedMessage,
        });
    }
    if kinds.is_empty() && is_non_openpgp_key(armored) {
        return Err(PgpError::NotAKey {
            found: BlockKind::NonOpenPgpKey,
        });
    }
    let key_blocks = kinds.len();
    let text = if key_blocks > 1 && kinds.iter().all(is_key) {
        first_block(armored)
    } else {
        armored
    };
    let block = dearmor_single(text)?;
    if !is_key(&block.kind) {
        return Err(PgpError::NotAKey { found: block.kind });
    }
    let is_private = match first_packet_tag(&block.data)? {
        Tag::PublicKey => false,
        Tag::SecretKey => true,
        _ => {
            return Err(PgpError::MalformedKey {
                reason: "the first packet is not a primary key packet",
            })
        }
    };
    let (public, count) = if is_private {
        let mut keys = SignedSecretKey::from_bytes_many(&block.data[..]).map_err(malformed)?;
        let (key, count) = first_and_count(&mut keys)?;
        (key.to_public_key(), count)
    } else {
        let mut keys = SignedPublicKey::from_bytes_many(&block.data[..]).map_err(malformed)?;
        first_and_count(&mut keys)?
    };
    Ok(ReadKeys {
        first: ReadKey { public, is_private },
        count: count + key_blocks.max(1) - 1,
    })
}

/// The text up to the end of the first armor END line.
fn first_block(text: &str) -> &str {
    let Some(end) = text.find("-----END PGP ") else {
        return text;
    };
    match text[end..].find('\n') {
        Some(eol) => &text[..end + eol + 1],
        None => text,
    }
}

/// Reads the one key of an armored private key block, keeping its secret packets.
pub(crate) fn read_single_key_secret(armored: &str) -> Result<SignedSecretKey, PgpError> {
    let read = read_single_key(armored)?;
    if !read.is_private {
        return Err(PgpError::NotAPrivateKey);
    }
    let block = dearmor_single(armored)?;
    let mut keys = SignedSecretKey::from_bytes_many(&block.data[..]).map_err(malformed)?;
    Ok(first_and_count(&mut keys)?.0)
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

/// The type of the first packet, from its header alone: the packet itself is parsed once,
/// with the rest of the key (parsing it here too validated an Ed25519 point twice).
fn first_packet_tag(data: &[u8]) -> Result<Tag, PgpError> {
    PacketHeader::try_from_reader(data)
        .map(|header| header.tag())
        .map_err(|_| PgpError::MalformedKey {
            reason: "the first packet header cannot be parsed",
        })
}

fn first_and_count<T>(
    keys: &mut dyn Iterator<Item = pgp::errors::Result<T>>,
) -> Result<(T, usize), PgpError> {
    let first = keys
        .next()
        .ok_or(PgpError::MalformedKey {
            reason: "no complete key was found in the packets",
        })?
        .map_err(malformed)?;
    let (mut count, mut broken) = (1, false);
    for rest in keys {
        match rest {
            Ok(_) => count += 1,
            Err(_) => broken = true,
        }
    }
    if broken && count == 1 {
        return Err(PgpError::MalformedKey {
            reason: "packets after the key cannot be parsed",
        });
    }
    Ok((first, count))
}

/// rPGP's own error text can quote input bytes (of a private key, too), so it is not passed on.
fn malformed(_: pgp::errors::Error) -> PgpError {
    PgpError::MalformedKey {
        reason: "its packets cannot be parsed as a key (truncated or damaged data?)",
    }
}
