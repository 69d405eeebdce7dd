//! SHA-256 of a repeated byte string, the input of an iterated S2K, with the message schedule
//! of each distinct block computed once.
//!
//! `salt || passphrase` repeated over 16 or 62 MiB is made of few distinct 64-byte blocks:
//! a unit of L bytes comes back to the same block alignment every L / gcd(L, 64) blocks (3
//! blocks for an 8-byte salt and a 16-byte passphrase). The message schedule (the 64 words
//! each block expands to, plus the round constants) depends only on the block, so it is
//! computed once per distinct block and each block then costs the 64 rounds alone (in wasm,
//! where no SHA instructions help while OpenPGP.js hashes natively, a key unlock took 10-15%
//! less time than with the `sha2` crate fed in big chunks).
//!
//! A crate of its own so that unoptimised (test) builds still compile it optimised, as they
//! do the other hashing crates (see the workspace's dev profile): unoptimised, these rounds
//! run fifty times slower and every key unlock in the test suites would take seconds.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use zeroize::{Zeroize, Zeroizing};

/// Above this many distinct blocks (a unit of over 4 KiB), the schedules are not kept (1 MiB)
/// and the caller hashes the general way.
const MAX_PERIOD_BLOCKS: usize = 4096;

/// SHA-256 of `zeros` zero octets followed by the first `len` octets of `unit` repeated, or
/// `None` when `unit` is empty or too long for this method.
pub fn sha256_of_repetition(zeros: usize, unit: &[u8], len: usize) -> Option<[u8; 32]> {
    let l = unit.len();
    if l == 0 {
        return None;
    }
    let period = l / gcd(l, 64);
    if period > MAX_PERIOD_BLOCKS {
        return None;
    }
    let total = zeros.checked_add(len)?;
    let byte_at = |i: usize| if i < zeros { 0 } else { unit[(i - zeros) % l] };
    let block_at = |k: usize| -> Zeroizing<[u8; 64]> {
        let mut block = Zeroizing::new([0u8; 64]);
        for (j, b) in block.iter_mut().enumerate() {
            *b = byte_at(64 * k + j);
        }
        block
    };
    let mut state = H0;
    let full_blocks = total / 64;
    // Blocks that hold a zero prefix octet are hashed alone; the rest repeat with `period`.
    let first_periodic = zeros.div_ceil(64).min(full_blocks);
    for k in 0..first_periodic {
        compress(&mut state, &Zeroizing::new(schedule(&block_at(k))));
    }
    let distinct = period.min(full_blocks - first_periodic);
    let schedules: Zeroizing<Vec<[u32; 64]>> = Zeroizing::new(
        (first_periodic..first_periodic + distinct)
            .map(|k| schedule(&block_at(k)))
            .collect(),
    );
    let mut next = 0;
    for _ in first_periodic..full_blocks {
        compress(&mut state, &schedules[next]);
        next += 1;
        if next == distinct {
            next = 0;
        }
    }
    // The last partial block, the 0x80 octet, zeros and the length in bits (FIPS 180-4 §5.1.1).
    let mut tail = Zeroizing::new([0u8; 128]);
    let rest = total - 64 * full_blocks;
    for (j, b) in tail[..rest].iter_mut().enumerate() {
        *b = byte_at(64 * full_blocks + j);
    }
    tail[rest] = 0x80;
    let tail_len = if rest + 9 > 64 { 128 } else { 64 };
    let bits = (total as u64).checked_mul(8)?;
    tail[tail_len - 8..tail_len].copy_from_slice(&bits.to_be_bytes());
    for block in tail[..tail_len].chunks_exact(64) {
        let mut one = Zeroizing::new([0u8; 64]);
        one.copy_from_slice(block);
        compress(&mut state, &Zeroizing::new(schedule(&one)));
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    state.zeroize();
    Some(out)
}

fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The 64 schedule words of one block, each already added to its round constant.
fn schedule(block: &[u8; 64]) -> [u32; 64] {
    let mut w = [0u32; 64];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    for t in 16..64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16]
            .wrapping_add(s0)
            .wrapping_add(w[t - 7])
            .wrapping_add(s1);
    }
    for (word, k) in w.iter_mut().zip(K) {
        *word = word.wrapping_add(k);
    }
    w
}

/// The 64 rounds of SHA-256 over a block given by its schedule.
fn compress(state: &mut [u32; 8], wk: &[u32; 64]) {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for &wk in wk {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h.wrapping_add(s1).wrapping_add(ch).wrapping_add(wk);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
}

/// The initial hash value (FIPS 180-4 §5.3.3).
const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// The round constants (FIPS 180-4 §4.2.2).
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn reference(zeros: usize, unit: &[u8], len: usize) -> [u8; 32] {
        let mut stream = vec![0u8; zeros];
        stream.extend(unit.iter().cycle().take(len));
        Sha256::digest(&stream).into()
    }

    #[test]
    fn matches_sha2_over_the_written_out_stream() {
        let bytes: Vec<u8> = (0u8..=255).cycle().take(300).collect();
        for unit_len in [1, 7, 8, 24, 31, 55, 56, 63, 64, 65, 100, 128, 200, 300] {
            let unit = &bytes[..unit_len];
            for zeros in [0, 1, 2, 3, 63, 64, 65] {
                for len in [
                    0, 1, 54, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 1024, 4099, 65_536,
                ] {
                    assert_eq!(
                        sha256_of_repetition(zeros, unit, len),
                        Some(reference(zeros, unit, len)),
                        "unit {unit_len} zeros {zeros} len {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_empty_or_very_long_unit_is_left_to_the_caller() {
        assert_eq!(sha256_of_repetition(0, b"", 100), None);
        assert_eq!(sha256_of_repetition(0, &[1; 4097], 100_000), None);
        // 4096 + 64 bytes: gcd 64, 65 distinct blocks only.
        let unit = vec![5u8; 4160];
        assert_eq!(
            sha256_of_repetition(0, &unit, 100_000),
            Some(reference(0, &unit, 100_000))
        );
    }
}
