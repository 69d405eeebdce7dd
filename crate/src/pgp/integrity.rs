//! Telling apart, in rPGP's errors, a failed integrity check (MDC or AEAD tag: the data was
//! changed or the key is wrong) from a packet stream that is cut short or badly framed.

use std::error::Error;
use std::io;

use pgp::crypto::aead::Error as AeadError;
use pgp::errors::Error as RpgpError;

/// How far an error chain is followed (rPGP nests a few `io::Error`s and its own errors).
const MAX_CHAIN: usize = 32;

/// True when the error, or one it wraps, is a failed MDC or AEAD check.
pub(crate) fn is_integrity_failure(error: &(dyn Error + 'static)) -> bool {
    chain(error).any(|e| {
        matches!(
            e.downcast_ref::<RpgpError>(),
            Some(RpgpError::MdcError | RpgpError::Aead { .. })
        ) || matches!(
            e.downcast_ref::<AeadError>(),
            Some(AeadError::Decrypt { .. })
        )
    })
}

/// True when the error, or one it wraps, is an `io::Error`: rPGP reports packets that end
/// early, bad partial lengths and trailing packets that way.
pub(crate) fn is_stream_failure(error: &(dyn Error + 'static)) -> bool {
    chain(error).any(|e| e.is::<io::Error>())
}

/// The error and the ones it wraps. `io::Error::source` skips the error an `io::Error`
/// carries, so that one is taken with `get_ref`.
fn chain<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(error), |&e| next(e)).take(MAX_CHAIN)
}

fn next<'a>(error: &'a (dyn Error + 'static)) -> Option<&'a (dyn Error + 'static)> {
    match error.downcast_ref::<io::Error>() {
        Some(io) => io.get_ref().map(|inner| inner as &(dyn Error + 'static)),
        None => error.source(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_mdc_error_inside_io_errors_is_an_integrity_failure() {
        let wrapped = io::Error::other(RpgpError::MdcError);
        let outer = RpgpError::from(wrapped);
        assert!(is_integrity_failure(&outer));
        assert!(is_stream_failure(&outer));
    }

    #[test]
    fn a_short_read_is_a_stream_failure_only() {
        let short = io::Error::new(io::ErrorKind::UnexpectedEof, "no more data available");
        assert!(!is_integrity_failure(&short));
        assert!(is_stream_failure(&short));
    }

    #[test]
    fn an_unrelated_error_is_neither() {
        let other = RpgpError::InvalidKeyLength;
        assert!(!is_integrity_failure(&other));
        assert!(!is_stream_failure(&other));
    }
}
