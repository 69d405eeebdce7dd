//! A strict, fast reader for the common shape of an armored block: a BEGIN line, optional
//! `Key: Value` headers, a blank line, base64 lines, an optional `=CRC` line, the matching END
//! line. It decodes the body in one call instead of through rPGP's streaming reader (which
//! was a third of a session-key decryption). Anything else, including a checksum mismatch,
//! is `None`, and the caller reads the block with rPGP's reader, which gives the error.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::error::BlockKind;

/// The kind and the decoded bytes of `text` (already trimmed, holding one BEGIN line), or
/// `None` when it is not in the common shape or its checksum does not match.
pub(crate) fn dearmor_common(text: &str) -> Option<(BlockKind, Vec<u8>)> {
    let mut lines = text
        .split('\n')
        .map(|line| line.trim_end_matches([' ', '\t', '\r']));
    let label = lines
        .next()?
        .strip_prefix("-----BEGIN PGP ")?
        .strip_suffix("-----")?;
    let kind = match label {
        "MESSAGE" => BlockKind::Message,
        "PUBLIC KEY BLOCK" => BlockKind::PublicKey,
        "PRIVATE KEY BLOCK" => BlockKind::PrivateKey,
        "SIGNATURE" => BlockKind::Signature,
        _ => return None,
    };
    // Headers up to the blank line.
    for line in lines.by_ref() {
        if line.is_empty() {
            break;
        }
        let (key, _) = line.split_once(": ")?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
    }
    let mut body = String::with_capacity(text.len());
    let mut checksum = None;
    let mut end = None;
    for line in lines.by_ref() {
        if let Some(rest) = line.strip_prefix("-----END PGP ") {
            end = Some(rest);
            break;
        }
        if checksum.is_some() {
            return None;
        }
        match line.strip_prefix('=') {
            Some(crc) if crc.len() == 4 => checksum = Some(crc),
            Some(_) => return None,
            None => body.push_str(line),
        }
    }
    if end?.strip_suffix("-----")? != label || lines.next().is_some() {
        return None;
    }
    let data = STANDARD.decode(&body).ok()?;
    if data.is_empty() {
        return None;
    }
    if let Some(crc) = checksum {
        let crc = STANDARD.decode(crc).ok()?;
        let expected = u32::from_be_bytes([0, *crc.first()?, *crc.get(1)?, *crc.get(2)?]);
        if super::armor::crc24(&data) != expected {
            return None;
        }
    }
    Some((kind, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &str = "-----BEGIN PGP MESSAGE-----\n\nwV4DEoMbxUPtyz0SAQdAPw5d3J8Ob4xd7Mveb0IHG306UESEhNLokHV6ybHq\ndyEwcz4fajZg7pRBigBxB9ZaBKKU6Uw6/yY+uzL/0l0OXeoBeseYQrCwih3u\nFzdAKsp50pUBpO4LYpsGC9L6niRlh3HmuPNGt0h6AWoITP7gvWyGJRy+Zlsa\nUyiiKeAkdGNBtxf/nH+qWpKHKMYRHvsBkxpf3HxQWrIA/iP2asXvkx/65Lbz\nl5sg35uuX2eVxWzqYOWAZztUoMxCFlvmAzhix9PO9pCKqZF33G1qYQzpUdH9\nuAzXLI7LemSG2QnElIyOph3rkayMYA==\n=ieFA\n-----END PGP MESSAGE-----";

    #[test]
    fn an_openpgp_js_message_is_read() {
        let (kind, data) = dearmor_common(MESSAGE).expect("common shape");
        assert_eq!(kind, BlockKind::Message);
        // A PKESK (tag 1, 94 octets) then a SEIPD packet (tag 18, 149 octets).
        assert_eq!(
            (data[0], data[1], data[96], data[97]),
            (0xc1, 94, 0xd2, 149)
        );
        assert_eq!(data.len(), 96 + 2 + 149);
    }

    #[test]
    fn anything_unusual_is_left_to_rpgp() {
        let cases = [
            MESSAGE.replace("=ieFA", "=ieFB"),
            MESSAGE.replace("-----END PGP MESSAGE-----", "-----END PGP SIGNATURE-----"),
            MESSAGE.replace("\n\n", "\nnot a header\n\n"),
            MESSAGE.replace("\n\n", "\n"),
            MESSAGE.replace("wV4D", "wV4*"),
            MESSAGE.replace("=ieFA\n", "=ieFA\nx\n"),
            format!("{MESSAGE}\ntrailing"),
            MESSAGE.replace("MESSAGE-----", "MESSAGE, PART 1/2-----"),
            "-----BEGIN PGP MESSAGE-----\n\n=ieFA\n-----END PGP MESSAGE-----".to_owned(),
        ];
        for case in cases {
            assert_eq!(dearmor_common(&case), None, "{case}");
        }
    }

    #[test]
    fn headers_crlf_and_a_missing_checksum_are_read() {
        let with_headers = MESSAGE.replace("\n\n", "\nVersion: GnuPG v2\nComment: x: y\n\n");
        let crlf = MESSAGE.replace('\n', "\r\n");
        let no_crc = MESSAGE.replace("=ieFA\n", "");
        let plain = dearmor_common(MESSAGE).expect("plain");
        for case in [with_headers, crlf, no_crc] {
            assert_eq!(dearmor_common(&case), Some(plain.clone()), "{case}");
        }
    }
}
