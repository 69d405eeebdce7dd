//! Bounds on the work a message's password-based key derivations (S2K) may ask for.
//!
//! rPGP accepts Argon2 with up to 2 GiB of memory and 32 passes, and tries every SKESK of a
//! message: one hostile message would otherwise take minutes or exhaust wasm memory before
//! the password is even checked. The cost is known from the packet, so it is judged first.

use pgp::types::StringToKey;

use super::error::PgpError;

/// The most memory one Argon2 derivation may use, in KiB (256 MiB). OpenPGP.js writes
/// 64 MiB; RFC 9106's first recommendation (2 GiB) is refused.
pub const MAX_ARGON2_MEMORY_KIB: u64 = 256 * 1024;

/// The most work the derivations tried for one message may add up to, in KiB hashed
/// (iterated S2K) or KiB of Argon2 memory times passes: 256 MiB, e.g. OpenPGP.js's Argon2
/// (3 passes over 64 MiB), or four SKESKs with the largest iteration count (62 MiB each,
/// which GnuPG picks on a fast machine).
pub const MAX_S2K_WORK_KIB: u64 = 256 * 1024;

/// The work left for one message's derivations.
pub(crate) struct S2kBudget {
    left_kib: u64,
}

impl S2kBudget {
    pub(crate) fn new() -> Self {
        S2kBudget {
            left_kib: MAX_S2K_WORK_KIB,
        }
    }

    /// Takes the cost of deriving a key with `s2k` from the budget, or refuses it (leaving
    /// the budget as it was) when it is over a limit or over what is left.
    pub(crate) fn spend(&mut self, s2k: &StringToKey) -> Result<(), PgpError> {
        let cost = work_kib(s2k).ok_or(PgpError::S2kTooExpensive)?;
        self.left_kib = self
            .left_kib
            .checked_sub(cost)
            .ok_or(PgpError::S2kTooExpensive)?;
        Ok(())
    }
}

/// The work of one derivation in KiB, or `None` when it is over the Argon2 memory limit.
fn work_kib(s2k: &StringToKey) -> Option<u64> {
    match s2k {
        StringToKey::IteratedAndSalted { count, .. } => {
            // RFC 9580 §3.7.1.3: (16 + (c & 15)) << ((c >> 4) + 6) octets, at most 62 MiB.
            let octets = (16 + u64::from(count & 15)) << (u64::from(count >> 4) + 6);
            Some(octets.div_ceil(1024))
        }
        StringToKey::Argon2 { t, m_enc, .. } => {
            let memory_kib = 1u64.checked_shl(u32::from(*m_enc))?;
            if memory_kib > MAX_ARGON2_MEMORY_KIB {
                return None;
            }
            memory_kib.checked_mul(u64::from(*t))
        }
        // Simple and salted S2K hash the password once; other kinds fail in rPGP unhashed.
        _ => Some(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgp::crypto::hash::HashAlgorithm;

    fn iterated(count: u8) -> StringToKey {
        StringToKey::IteratedAndSalted {
            hash_alg: HashAlgorithm::Sha256,
            salt: [0; 8],
            count,
        }
    }

    fn argon2(t: u8, m_enc: u8) -> StringToKey {
        StringToKey::Argon2 {
            salt: [0; 16],
            t,
            p: 4,
            m_enc,
        }
    }

    #[test]
    fn the_largest_iteration_count_is_62_mib() {
        assert_eq!(work_kib(&iterated(255)), Some(65_011_712 / 1024));
        assert_eq!(work_kib(&iterated(0)), Some(1));
    }

    #[test]
    fn openpgp_js_argon2_and_gnupg_counts_fit_the_budget() {
        let mut budget = S2kBudget::new();
        assert_eq!(budget.spend(&argon2(3, 16)), Ok(()));
        assert_eq!(budget.spend(&iterated(224)), Ok(()));
        let mut budget = S2kBudget::new();
        for _ in 0..4 {
            assert_eq!(budget.spend(&iterated(255)), Ok(()));
        }
        assert_eq!(budget.spend(&iterated(255)), Err(PgpError::S2kTooExpensive));
        assert_eq!(
            budget.spend(&iterated(96)),
            Ok(()),
            "a cheap one still fits"
        );
    }

    #[test]
    fn argon2_over_256_mib_or_too_many_passes_is_refused() {
        for s2k in [argon2(1, 19), argon2(1, 31), argon2(255, 16), argon2(2, 18)] {
            assert_eq!(
                S2kBudget::new().spend(&s2k),
                Err(PgpError::S2kTooExpensive),
                "{s2k:?}"
            );
        }
        assert_eq!(S2kBudget::new().spend(&argon2(1, 18)), Ok(()));
        assert_eq!(S2kBudget::new().spend(&argon2(4, 16)), Ok(()));
    }
}
