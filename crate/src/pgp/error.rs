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
    /// A private key was expected, a public key was given.
    NotAPrivateKey,
    /// The passphrase does not unlock the private key.
    WrongPassphrase,
    /// The armored block is not an OpenPGP message.
    NotAMessage {
        /// What was found instead.
        found: BlockKind,
    },
    /// The message packets could not be parsed.
    MalformedMessage {
        /// What was wrong, in our words.
        reason: &'static str,
    },
    /// The message is not encrypted for the given key (no matching recipient).
    NoMatchingKey,
    /// The given session key or password does not decrypt the message, or the encrypted
    /// data failed its integrity check (tampered or damaged).
    DecryptionFailed,
    /// A session key is not of Passbolt's `ALGO:HEX` form.
    InvalidSessionKey,
    /// The decrypted data is larger than the limit.
    MessageTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A valid signature by one of the given keys was required and none was found.
    SignatureRequired,
    /// The message wraps compressed data in compressed data more often than the limit (a
    /// hostile message; GnuPG and OpenPGP.js write one layer).
    NestingTooDeep {
        /// The most compression layers accepted.
        limit: usize,
    },
    /// The password-based key derivation (S2K) of a message, or of a private key being
    /// unlocked, asks for more memory or hashing work than is accepted, and no derivation
    /// within the limits decrypted it (see [`super::MAX_ARGON2_MEMORY_KIB`] and
    /// [`super::MAX_S2K_WORK_KIB`]).
    S2kTooExpensive,
    /// A recipient key cannot be encrypted to.
    UnusableRecipient {
        /// The recipient's primary key fingerprint.
        fingerprint: String,
        /// Why: revoked, expired, or no valid encryption subkey.
        reason: &'static str,
    },
    /// The private key has no valid signing key.
    UnusableSigner,
    /// A new key must be protected by a passphrase.
    WeakPassphrase,
    /// The armored block is not what a signature operation expects (a detached signature, a
    /// cleartext-signed message or a signed message).
    NotASignature {
        /// What was found instead.
        found: BlockKind,
    },
    /// The signature packets could not be parsed.
    MalformedSignature {
        /// What was wrong, in our words.
        reason: &'static str,
    },
    /// A fingerprint names no key of the keyring.
    UnknownKey {
        /// The fingerprint asked for, as given.
        fingerprint: String,
    },
    /// rPGP refused to build the message or the key.
    Internal {
        /// What was being done.
        operation: &'static str,
    },
}

impl PgpError {
    /// Maps any error of rPGP to [`PgpError::Internal`] naming the `operation`; rPGP's own
    /// text is dropped, as it can quote input (of a private key, too).
    pub(crate) fn internal<E>(operation: &'static str) -> impl Fn(E) -> PgpError {
        move |_| PgpError::Internal { operation }
    }

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
            PgpError::NotAPrivateKey => "NOT_A_PRIVATE_KEY",
            PgpError::WrongPassphrase => "WRONG_PASSPHRASE",
            PgpError::NotAMessage { .. } => "NOT_A_MESSAGE",
            PgpError::MalformedMessage { .. } => "MALFORMED_MESSAGE",
            PgpError::NoMatchingKey => "NO_MATCHING_KEY",
            PgpError::DecryptionFailed => "DECRYPTION_FAILED",
            PgpError::InvalidSessionKey => "INVALID_SESSION_KEY",
            PgpError::MessageTooLarge { .. } => "MESSAGE_TOO_LARGE",
            PgpError::SignatureRequired => "SIGNATURE_REQUIRED",
            PgpError::NestingTooDeep { .. } => "NESTING_TOO_DEEP",
            PgpError::S2kTooExpensive => "S2K_TOO_EXPENSIVE",
            PgpError::UnusableRecipient { .. } => "UNUSABLE_RECIPIENT",
            PgpError::UnusableSigner => "UNUSABLE_SIGNER",
            PgpError::WeakPassphrase => "WEAK_PASSPHRASE",
            PgpError::NotASignature { .. } => "NOT_A_SIGNATURE",
            PgpError::MalformedSignature { .. } => "MALFORMED_SIGNATURE",
            PgpError::UnknownKey { .. } => "UNKNOWN_KEY",
            PgpError::Internal { .. } => "INTERNAL",
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
            PgpError::NotAPrivateKey => {
                f.write_str("This is a public key; a private key is needed here.")
            }
            PgpError::WrongPassphrase => {
                f.write_str("The passphrase is wrong: it does not unlock this private key.")
            }
            PgpError::NotAMessage { found } => {
                write!(f, "This is not an OpenPGP message: it is {}.", found.describe())
            }
            PgpError::MalformedMessage { reason } => {
                write!(f, "The message is malformed: {reason}.")
            }
            PgpError::NoMatchingKey => {
                f.write_str("The message is not encrypted for this key.")
            }
            PgpError::DecryptionFailed => f.write_str(
                "The message could not be decrypted: wrong session key or password, or the data was tampered with.",
            ),
            PgpError::InvalidSessionKey => f.write_str(
                "The session key is not of the form ALGORITHM:HEX (for example 9: and 64 hex digits for AES-256).",
            ),
            PgpError::MessageTooLarge { limit } => {
                write!(f, "The decrypted message is larger than {limit} bytes.")
            }
            PgpError::SignatureRequired => f.write_str(
                "The message carries no valid signature by any of the expected keys.",
            ),
            PgpError::NestingTooDeep { limit } => write!(
                f,
                "The message nests compressed data more than {limit} levels deep."
            ),
            PgpError::S2kTooExpensive => f.write_str(
                "The password protection (S2K) asks for more memory or work than is accepted; it was not tried.",
            ),
            PgpError::UnusableRecipient {
                fingerprint,
                reason,
            } => write!(f, "Cannot encrypt to key {fingerprint}: {reason}."),
            PgpError::UnusableSigner => {
                f.write_str("The private key has no valid key that may sign.")
            }
            PgpError::WeakPassphrase => {
                f.write_str("A new key must be protected by a non-empty passphrase.")
            }
            PgpError::NotASignature { found } => write!(
                f,
                "This is not the signature expected here: it is {}.",
                found.describe()
            ),
            PgpError::MalformedSignature { reason } => {
                write!(f, "The signature is malformed: {reason}.")
            }
            PgpError::UnknownKey { fingerprint } => {
                write!(f, "The keyring holds no key with fingerprint {fingerprint}.")
            }
            PgpError::Internal { operation } => {
                write!(f, "The OpenPGP library failed to {operation}.")
            }
        }
    }
}

impl std::error::Error for PgpError {}
