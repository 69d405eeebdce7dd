//! The structure of an armored OpenPGP message, read without any cryptography: what the
//! server's `IsParsableMessageValidationRule` and `MessageRecipientValidationService` look at
//! (parsable armor and packets; the recipients' key ids).

use base64::Engine;

/// What an armored message is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageInfo {
    /// Packet tags in order.
    pub tags: Vec<u8>,
    /// Key ids (16 upper-case hex) of the public-key encrypted session key packets.
    pub recipients: Vec<String>,
}

impl MessageInfo {
    /// Encrypted to public keys only (no password packet), with an encrypted data packet.
    pub fn is_asymmetric(&self) -> bool {
        self.tags.contains(&1)
            && !self.tags.contains(&3)
            && self.tags.iter().any(|t| matches!(t, 9 | 18 | 20))
    }

    /// Asymmetric, for exactly one recipient, and that recipient is one of `key_ids`.
    pub fn is_for_one_of(&self, key_ids: &[String]) -> bool {
        self.is_asymmetric()
            && self.recipients.len() == 1
            && key_ids
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&self.recipients[0]))
    }
}

/// Reads an ASCII-armored `PGP MESSAGE`; `None` when it is not one.
pub fn parse(armored: &str) -> Option<MessageInfo> {
    let bytes = dearmor(armored, "PGP MESSAGE")?;
    let packets = packets(&bytes)?;
    let mut info = MessageInfo {
        tags: Vec::new(),
        recipients: Vec::new(),
    };
    for (tag, body) in packets {
        info.tags.push(tag);
        if tag == 1 {
            // v3 PKESK: version, 8-byte key id, algorithm, ...
            if body.len() >= 10 && body[0] == 3 {
                info.recipients
                    .push(body[1..9].iter().map(|b| format!("{b:02X}")).collect());
            } else {
                info.recipients.push(String::new());
            }
        }
    }
    (!info.tags.is_empty()).then_some(info)
}

/// The binary content of an armored block of type `kind` (e.g. `PGP MESSAGE`).
pub fn dearmor(armored: &str, kind: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {kind}-----");
    let end = format!("-----END {kind}-----");
    let mut lines = armored.trim().lines().map(str::trim_end);
    if lines.next()? != begin {
        return None;
    }
    // Armor headers ("Key: value") until the blank line.
    let mut body = String::new();
    let mut in_headers = true;
    let mut ended = false;
    for line in lines {
        if in_headers {
            if line.is_empty() {
                in_headers = false;
            } else if !line.contains(": ") {
                return None;
            }
            continue;
        }
        if line == end {
            ended = true;
            break;
        }
        if line.starts_with('=') && line.len() == 5 {
            continue; // CRC-24 checksum
        }
        body.push_str(line);
    }
    if !ended || body.is_empty() {
        return None;
    }
    base64::engine::general_purpose::STANDARD.decode(body).ok()
}

/// Splits binary OpenPGP data into (tag, body) packets; `None` when a header or length is broken.
fn packets(data: &[u8]) -> Option<Vec<(u8, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let head = data[i];
        if head & 0x80 == 0 {
            return None;
        }
        i += 1;
        if head & 0x40 != 0 {
            let tag = head & 0x3f;
            let mut body = Vec::new();
            loop {
                let (len, partial) = new_length(data, &mut i)?;
                body.extend_from_slice(data.get(i..i.checked_add(len)?)?);
                i += len;
                if !partial {
                    break;
                }
            }
            out.push((tag, body));
        } else {
            let tag = (head >> 2) & 0x0f;
            let len = match head & 3 {
                0 => take(data, &mut i, 1)?,
                1 => take(data, &mut i, 2)?,
                2 => take(data, &mut i, 4)?,
                _ => data.len() - i,
            };
            out.push((tag, data.get(i..i.checked_add(len)?)?.to_vec()));
            i += len;
        }
    }
    Some(out)
}

fn take(data: &[u8], i: &mut usize, n: usize) -> Option<usize> {
    let bytes = data.get(*i..*i + n)?;
    *i += n;
    Some(bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize))
}

fn new_length(data: &[u8], i: &mut usize) -> Option<(usize, bool)> {
    let o1 = *data.get(*i)? as usize;
    *i += 1;
    match o1 {
        0..=191 => Some((o1, false)),
        192..=223 => {
            let o2 = *data.get(*i)? as usize;
            *i += 1;
            Some((((o1 - 192) << 8) + o2 + 192, false))
        }
        255 => Some((take(data, i, 4)?, false)),
        _ => Some((1 << (o1 & 0x1f), true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_a_message() {
        assert_eq!(parse("INVALID GPG MESSAGE"), None);
        assert_eq!(parse("-----BEGIN PGP MESSAGE-----"), None);
        assert_eq!(
            parse("-----BEGIN PGP MESSAGE-----\n\n!!!!\n-----END PGP MESSAGE-----"),
            None
        );
    }

    #[test]
    fn reads_the_recipient_of_a_one_recipient_message() {
        // A v3 PKESK to key id 0102030405060708 (algo 1), then an empty SEIPD packet.
        let bin = [0xc1, 0x0a, 3, 1, 2, 3, 4, 5, 6, 7, 8, 1, 0xd2, 0x01, 0x01];
        let b64 = base64::engine::general_purpose::STANDARD.encode(bin);
        let armored =
            format!("-----BEGIN PGP MESSAGE-----\n\n{b64}\n=abcd\n-----END PGP MESSAGE-----\n");
        let info = parse(&armored).expect("parsable");
        assert_eq!(info.tags, vec![1, 18]);
        assert!(info.is_for_one_of(&["0102030405060708".to_string()]));
        assert!(!info.is_for_one_of(&["0102030405060709".to_string()]));
    }
}
