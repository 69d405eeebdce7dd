//! Errors of the OpenPGP layer.

use std::fmt;

/// What kind of armored block was found where something else was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockKind {
    /// `PGP PUBLIC KEY BLOCK`
    PublicKey,
    /// `PGP PRIVATE KEY BLOCK`
    PrivateKey,
    /// `PGP MESSAGE`
    Message,
    /// `PGP SIGNATURE`
    Signature,
    /// `PGP SIGNED MESSAGE` (cleartext signature framework)
    SignedMessage,
    /// A PEM or OpenSSH block (PKCS#1, PKCS#8, OpenSSH keys), not OpenPGP.
    NonOpenPgpKey,
    /// Any other armor type.
    Other,
}

impl BlockKind {
    /// A short human description, used in error messages.
    pub fn describe(self) -> &'static str {
        match self {
            BlockKind::PublicKey => "an OpenPGP public key",
            BlockKind::PrivateKey => "an OpenPGP private key",
            BlockKind::Message => "an OpenPGP message",
            BlockKind::Signature => "an OpenPGP signature",
            BlockKind::SignedMessage => "a cleartext-signed message",
            BlockKind::NonOpenPgpKey => "a PEM or SSH key (OpenPGP keys start with \"-----BEGIN PGP PUBLIC KEY BLOCK-----\")",
            BlockKind::Other => "an armored block of another kind",
        }
    }
}

/// An error of the OpenPGP layer. Never carries secret material: messages are built from
/// our own text and from public facts (block kinds, counts, packet tags), not from input bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PgpError {
    /// The input was empty or only white space.
    EmptyInput,
    /// The input is larger than the layer accepts for this kind of object.
    InputTooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// No valid ASCII armor was found (missing or broken BEGIN/END lines, bad base64).
    InvalidArmor {
        /// What was wrong, in our words.
        reason: &'static str,
    },
    /// The armor's CRC-24 checksum does not match its content (a damaged copy/paste).
    ArmorChecksum,
    /// The armored block is not a key.
    NotAKey {
        /// What was found instead.
        found: BlockKind,
    },
    /// The block holds more than one key (the server accepts exactly one).
    MultipleKeys {
        /// How many keys (or armored blocks) were found.
        count: usize,
    },
    /// The key packets could not be parsed.
    MalformedKey {
        /// What was wrong, in our words.
        reason: &'static str,
    },
    /// A user id of the key is not valid UTF-8.
    InvalidUserId,
}

impl PgpError {
    /// A stable machine-readable code, the `code` property of the JS error.
    pub fn code(&self) -> &'static str {
        match self {
            PgpError::EmptyInput => "EMPTY_INPUT",
            PgpError::InputTooLarge { .. } => "INPUT_TOO_LARGE",
            PgpError::InvalidArmor { .. } => "INVALID_ARMOR",
            PgpError::ArmorChecksum => "ARMOR_CHECKSUM",
            PgpError::NotAKey { .. } => "NOT_A_KEY",
            PgpError::MultipleKeys { .. } => "MULTIPLE_KEYS",
            PgpError::MalformedKey { .. } => "MALFORMED_KEY",
            PgpError::InvalidUserId => "INVALID_USER_ID",
        }
    }
}

impl fmt::Display for PgpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PgpError::EmptyInput => {
                f.write_str("The input is empty: paste an armored OpenPGP key.")
            }
            PgpError::InputTooLarge { size, limit } => write!(
                f,
                "The input is {size} bytes, more than the {limit} bytes accepted for a key."
            ),
            PgpError::InvalidArmor { reason } => {
                write!(f, "This is not an ASCII-armored OpenPGP block: {reason}.")
            }
            PgpError::ArmorChecksum => f.write_str(
                "The armor checksum does not match: the block was damaged (copied incompletely?).",
            ),
            PgpError::NotAKey { found } => {
                write!(f, "This is not an OpenPGP key: it is {}.", found.describe())
            }
            PgpError::MultipleKeys { count } => write!(
                f,
                "The block holds {count} keys; exactly one key is expected."
            ),
            PgpError::MalformedKey { reason } => write!(f, "The key is malformed: {reason}."),
            PgpError::InvalidUserId => f.write_str("A user id of the key is not valid UTF-8."),
        }
    }
}

impl std::error::Error for PgpError {}
