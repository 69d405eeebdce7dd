//! Unwrapping the compression layers of a (decrypted or plain) message, at most
//! [`MAX_COMPRESSION_LAYERS`] deep, so that what is left can be read as literal data.
//!
//! rPGP parses lazily: a compressed packet is only looked into when it is decompressed, and
//! every layer adds a reader (and stack frames on every read) to the chain. Counting the
//! layers here, before each one is unwrapped, keeps a message of a thousand nested packets
//! from ever building that chain (in wasm a stack overflow cannot be caught).

use pgp::composed::Message;

/// The most compression layers a message may have. GnuPG and OpenPGP.js write one; RFC 9580
/// allows nesting, so a few are read (GnuPG stops at 32 nested packets of any kind).
pub const MAX_COMPRESSION_LAYERS: usize = 8;

/// Why the layers could not be unwrapped.
pub(crate) enum Refused {
    /// A compressed packet's header or algorithm cannot be read.
    Corrupt,
    /// More than [`MAX_COMPRESSION_LAYERS`] layers.
    TooDeep,
    /// Under the layers is another encrypted message (it would be read as ciphertext).
    Encrypted,
}

/// What is under any signature layers of a message.
enum Core {
    Compressed,
    Encrypted,
    Literal,
}

/// Decompresses every compression layer (also those under signatures), or refuses.
pub(crate) fn decompressed(mut message: Message<'_>) -> Result<Message<'_>, Refused> {
    let mut layers = 0;
    loop {
        match core(&message) {
            Core::Literal => return Ok(message),
            Core::Encrypted => return Err(Refused::Encrypted),
            Core::Compressed if layers == MAX_COMPRESSION_LAYERS => return Err(Refused::TooDeep),
            Core::Compressed => {
                message = message.decompress().map_err(|_| Refused::Corrupt)?;
                layers += 1;
            }
        }
    }
}

/// Looks through signature layers (a loop: each one is a reader around the next).
fn core(mut message: &Message<'_>) -> Core {
    loop {
        match message {
            Message::Signed { reader, .. } => message = reader.get_ref(),
            Message::Compressed { .. } => return Core::Compressed,
            Message::Encrypted { .. } => return Core::Encrypted,
            Message::Literal { .. } => return Core::Literal,
        }
    }
}
