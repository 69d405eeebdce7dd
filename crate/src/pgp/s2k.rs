//! Iterated+salted S2K (RFC 9580 §3.7.1.3, RFC 4880 §3.7.1.3), fed to the hash in big chunks.
//!
//! rPGP hashes the salt and the passphrase as two small updates per repetition through a
//! boxed hasher: for the largest count (62 MiB) that is millions of dynamic calls and partial
//! block copies. Here the repeated `salt || passphrase` is laid out once in a buffer and the
//! hash consumes whole buffers, so its block function runs straight over the input.

use pgp::crypto::hash::HashAlgorithm;
use sha2::Digest;
use sha256_repeat::sha256_of_repetition;
use zeroize::Zeroizing;

/// About how many bytes of repeated `salt || passphrase` are laid out once and hashed per
/// update: large enough that the per-update cost vanishes, small enough to stay in cache.
const CHUNK_BYTES: usize = 16 * 1024;

/// A hash that runs outside wasm (Node's `node:crypto`, native SHA): given to
/// [`super::UnlockedKey::unlock_with`], it takes the iterated S2K's big hashing.
pub trait RepeatHasher {
    /// The `hash` digest of `zeros` zero octets followed by `unit` repeated to `total`
    /// octets (the last repetition cut short), or `None` to leave it to wasm. `unit` holds
    /// the passphrase: the implementation must not keep or show it.
    fn digest_of_repetition(
        &self,
        hash: HashAlgorithm,
        zeros: usize,
        unit: &[u8],
        total: usize,
    ) -> Option<Zeroizing<Vec<u8>>>;
}

/// One hashing an iterated S2K takes: `zeros` zero octets, then `unit` (`salt ||
/// passphrase`, zeroized on drop) repeated to `total` octets, with `hash`. `Debug` shows no
/// octet of `unit`.
#[derive(PartialEq, Eq)]
pub struct S2kHashing {
    /// The hash.
    pub hash: HashAlgorithm,
    /// The zero octets first (the round of a key longer than the digest).
    pub zeros: usize,
    /// `salt || passphrase`.
    pub unit: Zeroizing<Vec<u8>>,
    /// The octets of repeated `unit` hashed after the zeros.
    pub total: usize,
}

impl std::fmt::Debug for S2kHashing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S2kHashing")
            .field("hash", &self.hash)
            .field("zeros", &self.zeros)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

/// Digests computed beforehand (by an asynchronous platform hash), answered by lookup; a
/// hashing it does not hold is left to wasm.
#[derive(Default)]
pub struct PrecomputedHashes {
    done: Vec<(S2kHashing, Zeroizing<Vec<u8>>)>,
}

impl PrecomputedHashes {
    /// Keeps `digest` as the answer to `hashing`.
    pub fn insert(&mut self, hashing: S2kHashing, digest: Zeroizing<Vec<u8>>) {
        self.done.push((hashing, digest));
    }
}

impl RepeatHasher for PrecomputedHashes {
    fn digest_of_repetition(
        &self,
        hash: HashAlgorithm,
        zeros: usize,
        unit: &[u8],
        total: usize,
    ) -> Option<Zeroizing<Vec<u8>>> {
        self.done
            .iter()
            .find(|(h, _)| {
                h.hash == hash && h.zeros == zeros && h.total == total && h.unit[..] == *unit
            })
            .map(|(_, digest)| digest.clone())
    }
}

/// The hashings [`derive_iterated`] does for a key of `key_size` octets, with `hash_alg`
/// (`None` for a hash without a digest size).
pub(crate) fn hashings_of(
    hash_alg: HashAlgorithm,
    salt: &[u8],
    coded_count: u8,
    passphrase: &[u8],
    key_size: usize,
) -> Option<Vec<S2kHashing>> {
    let digest_size = hash_alg.digest_size()?;
    let (unit, total) = RepeatedInput {
        salt,
        passphrase,
        count: decoded_count(coded_count),
    }
    .unit_and_total();
    Some(
        (0..key_size.div_ceil(digest_size))
            .map(|zeros| S2kHashing {
                hash: hash_alg,
                zeros,
                unit: unit.clone(),
                total,
            })
            .collect(),
    )
}

/// The number of octets an iterated S2K hashes for the coded count `coded`.
pub(crate) fn decoded_count(coded: u8) -> usize {
    (16 + usize::from(coded & 15)) << (usize::from(coded >> 4) + 6)
}

/// Derives `key_size` bytes from `passphrase` with iterated+salted S2K, or `None` when
/// `hash_alg` is not one this module implements (SHA-1 and the SHA-2 family); the caller then
/// uses rPGP's derivation.
///
/// Per the RFC the stream `salt || passphrase` is repeated until `count` octets are hashed,
/// but always at least once in full; a key longer than the digest takes one more hash per
/// digest, each preceded by one more zero octet.
pub(crate) fn derive_iterated(
    hash_alg: HashAlgorithm,
    salt: &[u8],
    coded_count: u8,
    passphrase: &[u8],
    key_size: usize,
    platform: Option<&dyn RepeatHasher>,
) -> Option<Zeroizing<Vec<u8>>> {
    let count = decoded_count(coded_count);
    let input = RepeatedInput {
        salt,
        passphrase,
        count,
    };
    if let Some(platform) = platform {
        if let Some(key) = input.derive_outside(platform, hash_alg, key_size) {
            return Some(key);
        }
    }
    let key = match hash_alg {
        HashAlgorithm::Sha1 => input.derive::<sha1::Sha1>(key_size),
        HashAlgorithm::Sha224 => input.derive::<sha2::Sha224>(key_size),
        HashAlgorithm::Sha256 => input
            .derive_sha256(key_size)
            .unwrap_or_else(|| input.derive::<sha2::Sha256>(key_size)),
        HashAlgorithm::Sha384 => input.derive::<sha2::Sha384>(key_size),
        HashAlgorithm::Sha512 => input.derive::<sha2::Sha512>(key_size),
        _ => return None,
    };
    Some(key)
}

/// What one iterated S2K hashes: `salt || passphrase` repeated to `count` octets.
struct RepeatedInput<'a> {
    salt: &'a [u8],
    passphrase: &'a [u8],
    count: usize,
}

impl RepeatedInput<'_> {
    /// `salt || passphrase`, and how many octets of it repeated are hashed: the count, but
    /// always at least one full unit.
    fn unit_and_total(&self) -> (Zeroizing<Vec<u8>>, usize) {
        let mut unit = Zeroizing::new(Vec::with_capacity(self.salt.len() + self.passphrase.len()));
        unit.extend_from_slice(self.salt);
        unit.extend_from_slice(self.passphrase);
        let total = self.count.max(unit.len());
        (unit, total)
    }

    /// Every round by `platform`; `None` when it declines one or answers a digest of the
    /// wrong size.
    fn derive_outside(
        &self,
        platform: &dyn RepeatHasher,
        hash_alg: HashAlgorithm,
        key_size: usize,
    ) -> Option<Zeroizing<Vec<u8>>> {
        let digest_size = hash_alg.digest_size()?;
        let (unit, total) = self.unit_and_total();
        let mut key = Zeroizing::new(vec![0u8; key_size]);
        for (round, out) in key.chunks_mut(digest_size).enumerate() {
            let digest = platform.digest_of_repetition(hash_alg, round, &unit, total)?;
            if digest.len() != digest_size {
                return None;
            }
            out.copy_from_slice(&digest[..out.len()]);
        }
        Some(key)
    }

    /// SHA-256 (OpenPGP.js's S2K hash) with each distinct block's schedule computed once;
    /// `None` for a passphrase too long for that method.
    fn derive_sha256(&self, key_size: usize) -> Option<Zeroizing<Vec<u8>>> {
        let (unit, total) = self.unit_and_total();
        let mut key = Zeroizing::new(vec![0u8; key_size]);
        for (round, out) in key.chunks_mut(32).enumerate() {
            // Round r starts with r zero octets (RFC 9580 §3.7.1.1).
            let digest = Zeroizing::new(sha256_of_repetition(round, &unit, total)?);
            out.copy_from_slice(&digest[..out.len()]);
        }
        Some(key)
    }

    fn derive<D: Digest>(&self, key_size: usize) -> Zeroizing<Vec<u8>> {
        let unit = self.salt.len() + self.passphrase.len();
        // At least one full `salt || passphrase`, even when the count is smaller.
        let total = self.count.max(unit);
        // Whole units only, so that every update starts on a salt.
        let units = (CHUNK_BYTES / unit.max(1)).max(1);
        let mut chunk = Zeroizing::new(Vec::with_capacity(units * unit));
        for _ in 0..units {
            chunk.extend_from_slice(self.salt);
            chunk.extend_from_slice(self.passphrase);
        }
        let digest_size = <D as Digest>::output_size();
        let mut key = Zeroizing::new(vec![0u8; key_size]);
        for (round, out) in key.chunks_mut(digest_size).enumerate() {
            let mut hasher = D::new();
            // Round r starts with r zero octets (RFC 9580 §3.7.1.1).
            for _ in 0..round {
                hasher.update([0u8]);
            }
            let mut left = total;
            while left > 0 {
                let n = left.min(chunk.len());
                hasher.update(&chunk[..n]);
                left -= n;
            }
            let digest = Zeroizing::new(hasher.finalize());
            out.copy_from_slice(&digest[..out.len()]);
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgp::types::StringToKey;

    fn rpgp(
        hash_alg: HashAlgorithm,
        salt: [u8; 8],
        count: u8,
        pass: &[u8],
        size: usize,
    ) -> Vec<u8> {
        let s2k = StringToKey::IteratedAndSalted {
            hash_alg,
            salt,
            count,
        };
        s2k.derive_key(pass, size)
            .expect("rPGP derives")
            .as_ref()
            .to_vec()
    }

    #[test]
    fn matches_rpgp_for_every_hash_count_salt_passphrase_and_key_size() {
        let hashes = [
            HashAlgorithm::Sha1,
            HashAlgorithm::Sha224,
            HashAlgorithm::Sha256,
            HashAlgorithm::Sha384,
            HashAlgorithm::Sha512,
        ];
        let long = "a passphrase longer than one 64-byte hash block, with ünïcode, ".repeat(3);
        let passphrases: [&[u8]; 5] = [b"", b"x", b"correct horse", long.as_bytes(), &[0xff; 2000]];
        // 0: 1024 octets (less than one chunk); 96, 97: several chunks, the last one partial.
        let counts = [0u8, 1, 96, 97];
        let salts = [[0u8; 8], [0x93, 0x21, 0x35, 0xa8, 0x7c, 0x72, 0x41, 0x3f]];
        for hash_alg in hashes {
            for pass in passphrases {
                for count in counts {
                    for salt in salts {
                        // AES-128, AES-192, AES-256 (two SHA-1 hashes), and 64 bytes (two
                        // SHA-256 hashes, four SHA-1 hashes).
                        for size in [16, 24, 32, 64] {
                            assert_eq!(
                                derive_iterated(hash_alg, &salt, count, pass, size, None)
                                    .expect("supported")
                                    .as_slice(),
                                rpgp(hash_alg, salt, count, pass, size).as_slice(),
                                "{hash_alg:?} count {count} pass {} bytes size {size}",
                                pass.len()
                            );
                        }
                    }
                }
            }
        }
    }

    /// A hasher outside: the whole stream laid out and hashed at once.
    struct Naive {
        declines: bool,
    }

    impl RepeatHasher for Naive {
        fn digest_of_repetition(
            &self,
            hash: HashAlgorithm,
            zeros: usize,
            unit: &[u8],
            total: usize,
        ) -> Option<Zeroizing<Vec<u8>>> {
            if self.declines {
                return None;
            }
            let mut stream = vec![0u8; zeros];
            stream.extend(unit.iter().cycle().take(total));
            let digest = match hash {
                HashAlgorithm::Sha1 => sha1::Sha1::digest(&stream).to_vec(),
                HashAlgorithm::Sha256 => sha2::Sha256::digest(&stream).to_vec(),
                HashAlgorithm::Sha512 => sha2::Sha512::digest(&stream).to_vec(),
                _ => return None,
            };
            Some(Zeroizing::new(digest))
        }
    }

    #[test]
    fn a_hasher_outside_gives_what_rpgp_gives_and_may_decline() {
        let salt = [0x93, 0x21, 0x35, 0xa8, 0x7c, 0x72, 0x41, 0x3f];
        for declines in [false, true] {
            let outside = Naive { declines };
            for hash_alg in [
                HashAlgorithm::Sha1,
                HashAlgorithm::Sha256,
                HashAlgorithm::Sha512,
            ] {
                for count in [0u8, 96, 97] {
                    for size in [16, 32, 64] {
                        let got =
                            derive_iterated(hash_alg, &salt, count, b"pass", size, Some(&outside))
                                .expect("supported");
                        let expected = rpgp(hash_alg, salt, count, b"pass", size);
                        assert_eq!(
                            got.as_slice(),
                            expected.as_slice(),
                            "{hash_alg:?} {count} {size}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_count_below_one_salt_and_passphrase_still_hashes_them_whole() {
        // 2000 + 8 octets > 1024 (count byte 0): the whole unit is hashed once.
        let pass = [7u8; 2000];
        let ours =
            derive_iterated(HashAlgorithm::Sha256, &[1; 8], 0, &pass, 32, None).expect("sha256");
        let mut whole = sha2::Sha256::new();
        whole.update([1u8; 8]);
        whole.update(pass);
        assert_eq!(ours.as_slice(), whole.finalize().as_slice());
    }

    #[test]
    fn openpgp_js_and_gnupg_counts_match_rpgp() {
        let pass = b"bench-passphrase";
        let salt = [0x0d, 0x64, 0xa4, 0x2b, 0x14, 0x95, 0x5c, 0x24];
        // OpenPGP.js: SHA-256, AES-256, count byte 224; GnuPG: SHA-1, AES-128, up to 255.
        for (hash_alg, count, size) in [
            (HashAlgorithm::Sha256, 224, 32),
            (HashAlgorithm::Sha1, 255, 16),
            (HashAlgorithm::Sha256, 255, 32),
        ] {
            assert_eq!(
                derive_iterated(hash_alg, &salt, count, pass, size, None)
                    .expect("supported")
                    .as_slice(),
                rpgp(hash_alg, salt, count, pass, size).as_slice(),
                "{hash_alg:?} count {count}"
            );
        }
    }

    #[test]
    fn a_passphrase_over_4_kib_takes_the_general_sha256_path() {
        let pass = vec![b'p'; 5000];
        assert_eq!(
            derive_iterated(HashAlgorithm::Sha256, &[9; 8], 96, &pass, 32, None)
                .expect("sha256")
                .as_slice(),
            rpgp(HashAlgorithm::Sha256, [9; 8], 96, &pass, 32).as_slice()
        );
    }

    #[test]
    fn decoded_counts_follow_the_rfc() {
        assert_eq!(decoded_count(0), 1024);
        assert_eq!(decoded_count(96), 65_536);
        assert_eq!(decoded_count(224), 16_777_216);
        assert_eq!(decoded_count(255), 65_011_712);
    }

    #[test]
    fn other_hashes_are_left_to_rpgp() {
        assert!(derive_iterated(HashAlgorithm::Md5, &[0; 8], 96, b"p", 16, None).is_none());
        assert!(derive_iterated(HashAlgorithm::Ripemd160, &[0; 8], 96, b"p", 16, None).is_none());
    }
}
