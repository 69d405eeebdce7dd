//! Random primes for RSA key generation, with this crate's Montgomery arithmetic.
//!
//! The `rsa` crate's prime search runs its Miller-Rabin tests on 64-bit limbs, each limb
//! product a `__multi3` call in wasm32: seconds per RSA-3072 key. Here the tests run on
//! [`MontModulus`] (radix 2^28 for the exponentiation), the search is the usual one:
//!
//! - a random odd start of exactly `bits` bits, its two top bits set (so that the product of
//!   two such primes has exactly twice as many bits);
//! - a **sieve** over the next [`WINDOW`] odd numbers: every multiple of an odd prime below
//!   2^16 is struck out, from the start's residues (about one number in ten survives);
//! - each survivor `w` in turn: refused when `gcd(w - 1, e) != 1`, then
//!   [`ROUNDS`] **Miller-Rabin** rounds, the first to base 2 (which throws out almost every
//!   composite), the others to random bases in `[2, w - 2]`. FIPS 186-5 (appendix B.3) asks
//!   for 4 or 5 rounds at the sizes of RSA-2048 to RSA-4096 primes.
//!
//! A candidate's exponentiations are constant time (the exponent `(w - 1) / 2^s` is the
//! prime's secret when it passes); which candidate of a window is the prime, and how many
//! composites preceded it, is not hidden (as in every incremental search).

use rand_core::{CryptoRng, RngCore};
use subtle::Choice;
use zeroize::Zeroizing;

use crate::arith::{self, Limbs};
use crate::mont::MontModulus;
use crate::window::MontMul;

/// Odd offsets examined after each random start: `start + 2 k` for `k < WINDOW`.
const WINDOW: usize = 4096;

/// The sieve strikes out multiples of the odd primes below this bound.
const SIEVE_BOUND: u32 = 1 << 16;

/// Miller-Rabin rounds for a candidate: base 2, then random bases.
pub const ROUNDS: usize = 10;

/// Random starts tried before giving up (a window of an RSA prime's size holds a prime with
/// probability above 1 - 2^-10, so only a broken random generator gets this far).
const STARTS: usize = 256;

/// The smallest and largest prime sizes accepted by [`random_prime`], in bits.
pub const PRIME_BITS: core::ops::RangeInclusive<usize> = 64..=crate::MAX_MODULUS_BITS / 2;

/// A random prime `p` of exactly `bits` bits, its two top bits set, with `gcd(p - 1, e) =
/// 1`, as big-endian octets (`bits / 8` rounded up). `None` when `bits` is outside
/// [`PRIME_BITS`], `e` is even or below 3, or the random generator never gives a prime.
pub fn random_prime<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    bits: usize,
    e: u32,
) -> Option<Zeroizing<Vec<u8>>> {
    if !PRIME_BITS.contains(&bits) || e < 3 || e.is_multiple_of(2) {
        return None;
    }
    let limbs = bits.div_ceil(32);
    let small = small_odd_primes();
    let mut composite = vec![false; WINDOW];
    for _ in 0..STARTS {
        let start = random_start(rng, bits);
        sieve(&start, &small, &mut composite);
        let start_mod_e = mod_small(&start, e);
        for (k, _) in composite.iter().enumerate().filter(|(_, &c)| !c) {
            let mut w = Zeroizing::new(start.to_vec());
            arith::add_assign(&mut w, &[2 * k as u32]);
            if arith::bit_len(&w) != bits {
                break;
            }
            // gcd(w - 1, e) = gcd((w - 1) mod e, e).
            let w1_mod_e =
                ((u64::from(start_mod_e) + 2 * k as u64 + u64::from(e) - 1) % u64::from(e)) as u32;
            if gcd(w1_mod_e, e) != 1 {
                continue;
            }
            if is_probable_prime(&w, rng) {
                let mut out = Zeroizing::new(vec![0u8; bits.div_ceil(8)]);
                arith::to_be_bytes(&arith::resized(&w, limbs), &mut out);
                return Some(out);
            }
        }
    }
    None
}

/// The two primes of an RSA key of exactly `modulus_bits` bits (even) and public exponent
/// `e`: each of `modulus_bits / 2` bits from [`random_prime`], and differing in their top 100
/// bits (`|p - q| > 2^(modulus_bits / 2 - 100)`, FIPS 186-5 A.1.3). Big-endian octets, the
/// larger prime first. `None` when `modulus_bits` is odd or its half outside [`PRIME_BITS`],
/// for an unusable `e`, or when the random generator never gives a prime.
#[allow(clippy::type_complexity)]
pub fn rsa_primes<R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    modulus_bits: usize,
    e: u32,
) -> Option<(Zeroizing<Vec<u8>>, Zeroizing<Vec<u8>>)> {
    if modulus_bits % 2 == 1 {
        return None;
    }
    let half = modulus_bits / 2;
    let p = random_prime(rng, half, e)?;
    for _ in 0..STARTS {
        let q = random_prime(rng, half, e)?;
        // Big-endian octets of equal length compare as numbers.
        let p_first = p[..] >= q[..];
        let (hi, lo) = if p_first { (&p, &q) } else { (&q, &p) };
        let limbs = half.div_ceil(32);
        let mut diff = arith::from_be_bytes(hi, limbs)?;
        arith::sub_assign(&mut diff, &arith::from_be_bytes(lo, limbs)?);
        if arith::bit_len(&diff) > half.saturating_sub(100) + 1 {
            return Some(if p_first { (p, q) } else { (q, p) });
        }
    }
    None
}

/// Whether the odd `w > 3` passes [`ROUNDS`] Miller-Rabin rounds (base 2, then random bases
/// from `rng`). Each round's exponentiation is constant time; a composite may be refused
/// early.
pub(crate) fn is_probable_prime<R: RngCore + CryptoRng + ?Sized>(w: &[u32], rng: &mut R) -> bool {
    let Some(ctx) = MontModulus::new(w) else {
        return false;
    };
    let l = ctx.len();
    let w = arith::resized(w, l);
    // w - 1 = 2^s d, d odd.
    let mut w_minus_1 = w.clone();
    w_minus_1[0] &= !1;
    let s = trailing_zeros(&w_minus_1);
    let d = shifted_right(&w_minus_1, s);
    let one = ctx.to_mont(&arith::resized(&[1], l));
    let mut minus_one = w.clone();
    arith::sub_assign(&mut minus_one, &one);
    let mut t = arith::zeroed(2 * l);
    for round in 0..ROUNDS {
        let base = if round == 0 {
            arith::resized(&[2], l)
        } else {
            match random_base(rng, &w) {
                Some(base) => base,
                None => return false,
            }
        };
        let mut y = ctx.pow_secret(&ctx.to_mont(&base), &d, 32 * l);
        // Passes when y = 1 or y^(2^i) = -1 for some i < s; every square is taken.
        let mut passed: Choice = arith::ct_eq(&y, &one) | arith::ct_eq(&y, &minus_one);
        let mut square = arith::zeroed(l);
        for _ in 1..s {
            ctx.sqr(&mut square, &y, &mut t);
            core::mem::swap(&mut y, &mut square);
            passed |= arith::ct_eq(&y, &minus_one);
        }
        if !bool::from(passed) {
            return false;
        }
    }
    true
}

/// A random base in `[2, w - 2]` (as many limbs as `w`), by rejection; `None` when the
/// random generator gives none in many tries.
fn random_base<R: RngCore + CryptoRng + ?Sized>(rng: &mut R, w: &[u32]) -> Option<Limbs> {
    let l = w.len();
    let top_bits = arith::bit_len(w) - 32 * (l - 1);
    let top_mask = if top_bits == 32 {
        u32::MAX
    } else {
        (1u32 << top_bits) - 1
    };
    let two = arith::resized(&[2], l);
    let mut w_minus_2 = Zeroizing::new(w.to_vec());
    arith::sub_assign(&mut w_minus_2, &two);
    for _ in 0..STARTS {
        let mut base = arith::zeroed(l);
        for limb in base.iter_mut() {
            *limb = rng.next_u32();
        }
        base[l - 1] &= top_mask;
        if !bool::from(arith::ct_lt(&base, &two)) && !bool::from(arith::ct_lt(&w_minus_2, &base)) {
            return Some(base);
        }
    }
    None
}

/// A random odd number of exactly `bits` bits with its two top bits set.
fn random_start<R: RngCore + CryptoRng + ?Sized>(rng: &mut R, bits: usize) -> Limbs {
    let l = bits.div_ceil(32);
    let mut x = arith::zeroed(l);
    for limb in x.iter_mut() {
        *limb = rng.next_u32();
    }
    let top = (bits - 1) % 32;
    if top < 31 {
        x[l - 1] &= (1u32 << (top + 1)) - 1;
    }
    x[l - 1] |= 1 << top;
    let second = bits - 2;
    x[second / 32] |= 1 << (second % 32);
    x[0] |= 1;
    x
}

/// Marks `composite[k]` for every `k` where `start + 2 k` is a multiple of one of `small`.
fn sieve(start: &[u32], small: &[u32], composite: &mut [bool]) {
    composite.fill(false);
    for &p in small {
        let r = mod_small(start, p);
        // start + 2 k = 0 (mod p)  <=>  k = -r / 2 = (p - r) (p + 1) / 2 (mod p).
        let first = (u64::from((p - r) % p) * u64::from(p.div_ceil(2)) % u64::from(p)) as usize;
        for c in composite.iter_mut().skip(first).step_by(p as usize) {
            *c = true;
        }
    }
}

/// `x mod m` for a small non-zero `m` (Horner's rule on 32-bit limbs).
fn mod_small(x: &[u32], m: u32) -> u32 {
    x.iter().rev().fold(0u64, |r, &limb| {
        ((r << 32) | u64::from(limb)) % u64::from(m)
    }) as u32
}

/// The odd primes below [`SIEVE_BOUND`] (sieve of Eratosthenes).
fn small_odd_primes() -> Vec<u32> {
    let n = SIEVE_BOUND as usize;
    let mut is_composite = vec![false; n];
    let mut primes = Vec::with_capacity(6542);
    for i in 3..n {
        if i % 2 == 1 && !is_composite[i] {
            primes.push(i as u32);
            for c in (i * i..n).step_by(2 * i) {
                is_composite[c] = true;
            }
        }
    }
    primes
}

/// Greatest common divisor of two small numbers.
fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The number of trailing zero bits of a non-zero `x`.
fn trailing_zeros(x: &[u32]) -> usize {
    let i = x.iter().position(|&w| w != 0).unwrap_or(0);
    32 * i + x[i].trailing_zeros() as usize
}

/// `x >> shift`, as many limbs as `x`.
fn shifted_right(x: &[u32], shift: usize) -> Limbs {
    let (limbs, bits) = (shift / 32, (shift % 32) as u32);
    let mut out = arith::zeroed(x.len());
    for (i, o) in out.iter_mut().enumerate() {
        let lo = x.get(i + limbs).copied().unwrap_or(0);
        let hi = x.get(i + limbs + 1).copied().unwrap_or(0);
        *o = if bits == 0 {
            lo
        } else {
            (lo >> bits) | (hi << (32 - bits))
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint_dig::{prime::probably_prime, BigUint, RandBigInt};
    use rand::{rngs::StdRng, SeedableRng};

    use crate::test_support::digits;

    #[test]
    fn small_primes_are_the_odd_primes_below_2_16() {
        let small = small_odd_primes();
        assert_eq!(small.len(), 6541);
        assert_eq!(&small[..5], &[3, 5, 7, 11, 13]);
        assert_eq!(*small.last().unwrap(), 65521);
        for &p in small.iter().step_by(97) {
            assert!(probably_prime(&BigUint::from(p), 10));
        }
    }

    #[test]
    fn miller_rabin_agrees_with_num_bigint() {
        let mut rng = StdRng::seed_from_u64(11);
        let mut primes = 0;
        for bits in [64usize, 65, 96, 127, 160, 256, 512] {
            for _ in 0..300 {
                let w = rng.gen_biguint(bits) | BigUint::from(1u32) | (BigUint::from(1u32) << 63);
                let expected = probably_prime(&w, 20);
                primes += usize::from(expected);
                assert_eq!(is_probable_prime(&digits(&w), &mut rng), expected, "{w}");
            }
        }
        // Random odd numbers of these sizes are prime about one time in 60 to 180.
        assert!(primes > 5, "{primes}");
    }

    #[test]
    fn known_primes_pass_and_pseudoprimes_fail() {
        let mut rng = StdRng::seed_from_u64(12);
        let mersenne = |k: usize| (BigUint::from(1u32) << k) - 1u32;
        for k in [61usize, 89, 107, 127, 521, 607, 1279, 2203] {
            assert!(
                is_probable_prime(&digits(&mersenne(k)), &mut rng),
                "2^{k} - 1"
            );
        }
        // Composite Mersenne numbers, Carmichael numbers, and strong pseudoprimes to base 2
        // (which pass the first round, so only the random bases refuse them).
        let composites = [
            mersenne(67),
            mersenne(257),
            BigUint::from(561u32),
            BigUint::from(41_041u32),
            BigUint::from(2_047u32),
            BigUint::from(3_277u32),
            BigUint::from(4_033u32),
            BigUint::from(3_215_031_751u64),
            BigUint::from(3_825_123_056_546_413_051u64),
            "318665857834031151167461".parse().unwrap(),
            "3317044064679887385961981".parse().unwrap(),
        ];
        for w in composites {
            assert!(!probably_prime(&w, 20), "{w}");
            for _ in 0..20 {
                assert!(!is_probable_prime(&digits(&w), &mut rng), "{w}");
            }
        }
        // Products of two primes of the sizes this search makes.
        let p = mersenne(521);
        let q = mersenne(607);
        assert!(!is_probable_prime(&digits(&(&p * &q)), &mut rng));
    }

    #[test]
    fn random_primes_are_primes_of_the_size_asked() {
        let mut rng = StdRng::seed_from_u64(13);
        for (bits, e) in [(64usize, 3u32), (100, 65_537), (512, 65_537), (1024, 17)] {
            for _ in 0..3 {
                let octets = random_prime(&mut rng, bits, e).unwrap();
                assert_eq!(octets.len(), bits.div_ceil(8));
                let p = BigUint::from_bytes_be(&octets);
                assert_eq!(p.bits(), bits);
                assert_eq!(&p >> (bits - 2), BigUint::from(3u32));
                assert!(probably_prime(&p, 20));
                assert_ne!(&p % e, BigUint::from(1u32));
            }
        }
    }

    #[test]
    fn sieve_strikes_exactly_the_multiples_of_small_primes() {
        let mut rng = StdRng::seed_from_u64(14);
        let small = small_odd_primes();
        let start = random_start(&mut rng, 300);
        let mut composite = vec![false; WINDOW];
        sieve(&start, &small, &mut composite);
        let start = BigUint::from_slice(&start);
        for (k, &c) in composite.iter().enumerate() {
            let w = &start + 2u32 * k as u32;
            let has_small_factor = small.iter().any(|&p| (&w % p) == BigUint::from(0u32));
            assert_eq!(c, has_small_factor, "k = {k}");
        }
        let survivors = composite.iter().filter(|&&c| !c).count();
        assert!((250..600).contains(&survivors), "{survivors}");
    }

    #[test]
    fn rsa_primes_make_a_modulus_of_the_size_asked() {
        let mut rng = StdRng::seed_from_u64(15);
        for bits in [512usize, 1024, 2048] {
            let (p, q) = rsa_primes(&mut rng, bits, 65_537).unwrap();
            let (p, q) = (BigUint::from_bytes_be(&p), BigUint::from_bytes_be(&q));
            assert!(p > q);
            assert_eq!((&p * &q).bits(), bits);
            assert!((&p - &q).bits() > bits / 2 - 100);
        }
    }

    #[test]
    fn refuses_bad_parameters_and_a_broken_generator() {
        let mut rng = StdRng::seed_from_u64(16);
        assert!(random_prime(&mut rng, 63, 65_537).is_none());
        assert!(random_prime(&mut rng, 4097, 65_537).is_none());
        assert!(random_prime(&mut rng, 128, 2).is_none());
        assert!(random_prime(&mut rng, 128, 1).is_none());
        assert!(rsa_primes(&mut rng, 1025, 65_537).is_none());
        assert!(rsa_primes(&mut rng, 126, 65_537).is_none());
        // A generator stuck at zero: every start is 2^(bits-1) + 2^(bits-2) + 1 and every
        // random base 0, so every survivor of base 2 is refused for want of a base.
        struct Zero;
        impl RngCore for Zero {
            fn next_u32(&mut self) -> u32 {
                0
            }
            fn next_u64(&mut self) -> u64 {
                0
            }
            fn fill_bytes(&mut self, dest: &mut [u8]) {
                dest.fill(0);
            }
            fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
                dest.fill(0);
                Ok(())
            }
        }
        impl CryptoRng for Zero {}
        assert!(random_prime(&mut Zero, 128, 65_537).is_none());
    }

    #[test]
    fn shifts_and_trailing_zeros() {
        let x = [0u32, 0x8000_0000, 0x1];
        assert_eq!(trailing_zeros(&x), 63);
        assert_eq!(shifted_right(&x, 63).to_vec(), vec![3, 0, 0]);
        assert_eq!(shifted_right(&x, 0).to_vec(), x.to_vec());
        assert_eq!(shifted_right(&x, 32).to_vec(), vec![0x8000_0000, 1, 0]);
        assert_eq!(
            BigUint::from(mod_small(&x, 7)),
            BigUint::from_slice(&x) % 7u32
        );
        assert_eq!(gcd(12, 18), 6);
        assert_eq!(gcd(65_537, 65_536), 1);
    }
}
