//! ASCII armor: find the one armored block in a text, check its checksum and say what it is.

use std::io::Read;

use pgp::armor::{ArmorCrc24Status, BlockType, Dearmor, DearmorOptions};

use super::armor_fast::dearmor_common;
use super::error::{BlockKind, PgpError};

/// A decoded armored block.
pub(crate) struct Armored {
    /// The kind named by the BEGIN line.
    pub kind: BlockKind,
    /// The decoded binary packets.
    pub data: Vec<u8>,
}

const BEGIN: &str = "-----BEGIN PGP ";

/// The kinds of the armored blocks in `text`, from their BEGIN lines, in order.
pub(crate) fn block_kinds(text: &str) -> Vec<BlockKind> {
    text.lines()
        .filter_map(|line| line.trim_end().strip_prefix(BEGIN))
        .map(|rest| match rest.trim_end_matches('-') {
            "PUBLIC KEY BLOCK" => BlockKind::PublicKey,
            "PRIVATE KEY BLOCK" => BlockKind::PrivateKey,
            "SIGNATURE" => BlockKind::Signature,
            "SIGNED MESSAGE" => BlockKind::SignedMessage,
            m if m == "MESSAGE" || m.starts_with("MESSAGE, PART ") => BlockKind::Message,
            _ => BlockKind::Other,
        })
        .collect()
}

/// Decodes the single armored block of `input`; more than one block is
/// [`PgpError::InvalidArmor`] (callers that can say better check [`block_kinds`] first).
pub(crate) fn dearmor_single(input: &str) -> Result<Armored, PgpError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(PgpError::EmptyInput);
    }
    let begins = text.matches(BEGIN).count();
    if begins == 0 {
        return Err(PgpError::InvalidArmor {
            reason: "no \"-----BEGIN PGP ...-----\" line was found",
        });
    }
    if begins == 1 {
        if let Some((kind, data)) = dearmor_common(text) {
            return Ok(Armored { kind, data });
        }
    }
    dearmor_with_rpgp(text, begins)
}

/// Decodes `text` (trimmed, with at least one BEGIN line) with rPGP's armor reader, which
/// takes every shape the standard allows and says what is wrong with the others.
fn dearmor_with_rpgp(text: &str, begins: usize) -> Result<Armored, PgpError> {
    // The footer parser wants the END line terminated.
    let text = format!("{text}\n");
    let mut dearmor = Dearmor::with_options(
        text.as_bytes(),
        // rPGP 0.21's own CRC-24 check updates a copy of its hasher and so fails every
        // block that has a checksum; we check the CRC ourselves below.
        DearmorOptions::new().set_limit(text.len()),
    );
    dearmor.read_header().map_err(|_| PgpError::InvalidArmor {
        reason: "the BEGIN line or the armor headers are not well formed",
    })?;
    let kind = dearmor.typ.map(block_kind).unwrap_or(BlockKind::Other);
    if begins > 1 {
        return Err(PgpError::InvalidArmor {
            reason: "more than one armored block was found",
        });
    }
    let mut data = Vec::with_capacity(text.len() * 3 / 4);
    dearmor
        .read_to_end(&mut data)
        .map_err(|_| PgpError::InvalidArmor {
            reason: "the base64 body or the END line is not well formed",
        })?;
    if let ArmorCrc24Status::Unchecked { footer_crc } = dearmor.crc24_status() {
        if crc24(&data) != footer_crc {
            return Err(PgpError::ArmorChecksum);
        }
    }
    if data.is_empty() {
        return Err(PgpError::InvalidArmor {
            reason: "the armored block is empty",
        });
    }
    Ok(Armored { kind, data })
}

fn block_kind(typ: BlockType) -> BlockKind {
    match typ {
        BlockType::PublicKey => BlockKind::PublicKey,
        BlockType::PrivateKey => BlockKind::PrivateKey,
        BlockType::Message | BlockType::MultiPartMessage(..) => BlockKind::Message,
        BlockType::Signature => BlockKind::Signature,
        BlockType::CleartextMessage => BlockKind::SignedMessage,
        BlockType::PublicKeyPKCS1(_)
        | BlockType::PublicKeyPKCS8
        | BlockType::PublicKeyOpenssh
        | BlockType::PrivateKeyPKCS1(_)
        | BlockType::PrivateKeyPKCS8
        | BlockType::PrivateKeyOpenssh => BlockKind::NonOpenPgpKey,
        _ => BlockKind::Other,
    }
}

/// The armor checksum of RFC 4880 §6.1 (CRC-24, polynomial 0x864CFB, initial 0xB704CE),
/// four bytes at a time through four tables ("slicing by 4"; a byte at a time it was 8% of
/// reading an RSA key, bit by bit a few percent of a small decryption). The register is kept
/// in the top 24 bits of a `u32`.
pub(super) fn crc24(data: &[u8]) -> u32 {
    let mut reg: u32 = 0x00B7_04CE << 8;
    let mut words = data.chunks_exact(4);
    for word in words.by_ref() {
        let x = reg ^ u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        reg = CRC24_TABLES[3][(x >> 24) as usize]
            ^ CRC24_TABLES[2][((x >> 16) & 0xff) as usize]
            ^ CRC24_TABLES[1][((x >> 8) & 0xff) as usize]
            ^ CRC24_TABLES[0][(x & 0xff) as usize];
    }
    for &byte in words.remainder() {
        reg = (reg << 8) ^ CRC24_TABLES[0][((reg >> 24) as u8 ^ byte) as usize];
    }
    reg >> 8
}

/// `CRC24_TABLES[k][i]`: the register (top-aligned) after byte `i` and then `k` zero bytes,
/// from a zero register.
const CRC24_TABLES: [[u32; 256]; 4] = crc24_tables();

const fn crc24_tables() -> [[u32; 256]; 4] {
    let mut tables = [[0u32; 256]; 4];
    let mut i = 0;
    while i < 256 {
        let mut reg = (i as u32) << 24;
        let mut bit = 0;
        while bit < 8 {
            reg = if reg & 0x8000_0000 != 0 {
                (reg << 1) ^ (0x0086_4CFB << 8)
            } else {
                reg << 1
            };
            bit += 1;
        }
        tables[0][i] = reg;
        i += 1;
    }
    let mut k = 1;
    while k < 4 {
        let mut i = 0;
        while i < 256 {
            let prev = tables[k - 1][i];
            tables[k][i] = (prev << 8) ^ tables[0][(prev >> 24) as usize];
            i += 1;
        }
        k += 1;
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every armored file of the vectors reads the same through the fast reader as through
    /// rPGP's, and the files GnuPG and OpenPGP.js wrote take the fast path.
    #[test]
    fn the_fast_reader_agrees_with_rpgp_on_every_vector() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors");
        let mut dirs = vec![std::path::PathBuf::from(root)];
        let (mut files, mut fast) = (0, 0);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("vectors") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let text = text.trim();
                if text.matches(BEGIN).count() != 1 || !text.starts_with(BEGIN) {
                    continue;
                }
                files += 1;
                let Some((kind, data)) = dearmor_common(text) else {
                    continue;
                };
                fast += 1;
                let theirs =
                    dearmor_with_rpgp(text, 1).unwrap_or_else(|e| panic!("{path:?}: {e:?}"));
                assert_eq!((kind, data), (theirs.kind, theirs.data), "{path:?}");
            }
        }
        assert!(
            files > 100 && fast * 10 > files * 9,
            "{fast} of {files} files read fast"
        );
    }

    #[test]
    fn crc24_of_empty_input_is_the_initial_value() {
        assert_eq!(crc24(b""), 0x00B7_04CE);
    }

    #[test]
    fn crc24_matches_the_openpgp_reference_value() {
        // The CRC-24/OPENPGP check value for "123456789".
        assert_eq!(crc24(b"123456789"), 0x0021_CF02);
    }

    #[test]
    fn crc24_matches_the_bitwise_definition() {
        let bitwise = |data: &[u8]| {
            let mut crc: u32 = 0x00B7_04CE;
            for &byte in data {
                crc ^= u32::from(byte) << 16;
                for _ in 0..8 {
                    crc <<= 1;
                    if crc & 0x0100_0000 != 0 {
                        crc ^= 0x0186_4CFB;
                    }
                }
            }
            crc & 0x00FF_FFFF
        };
        let data: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in (0..=40).chain([57, 255, 256, 1023, 4096]) {
            assert_eq!(crc24(&data[..len]), bitwise(&data[..len]), "{len} bytes");
        }
    }
}
