//! The RSA private-key operation `c^d mod n` (decrypting, signing) with 32-bit limbs, for
//! wasm32.
//!
//! The `rsa` crate's big integers have 64-bit limbs, and wasm32 has no 64x64 -> 128-bit
//! product: each limb product there is a `__multi3` call. Here the limbs are 32 bits, so every
//! limb product is one native `i64.mul`. The operation is the textbook one, made constant time:
//!
//! - **base blinding**: `c' = c r^e mod n` for a fresh random `r`, unblinded by `r^-1` (modulo
//!   each prime, computed by a constant-time binary inversion);
//! - **CRT**: `c'^dp mod p` and `c'^dq mod q` with `dp = d mod (p-1)`, `dq = d mod (q-1)`,
//!   recombined by Garner's formula `m = mq + q ((mp - mq) qinv mod p)`;
//! - **Montgomery multiplication** with `u64` products of `u32` limbs: for the
//!   exponentiations, 28-bit limbs accumulated in lazy `u64` columns (no carry per product;
//!   moduli up to 3552 bits), otherwise (and for conversions) 32-bit limbs (CIOS, and a
//!   dedicated squaring); results brought below the modulus by masked subtractions;
//! - **fixed-window exponentiation** (5-bit windows, the same sequence of squarings and
//!   multiplications for every exponent of a given size), each table entry chosen by reading
//!   all 32 entries and keeping one by masks;
//! - a **fault check**: the result is returned only if `m^e mod n == c`.
//!
//! Running time and memory accesses depend on the sizes of the key and of the public
//! exponent `e`, not on secret values, with two documented exceptions of key setup
//! ([`CrtKey::new`]): which of the two primes is the larger, and the validity checks that
//! refuse a key. Secret intermediates are wiped when dropped.
//!
//! The same arithmetic makes RSA keys' primes: [`rsa_primes`] (a sieve, then Miller-Rabin
//! rounds whose exponentiations are this crate's).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod arith;
mod mont;
mod mont28;
mod prime;
#[cfg(test)]
mod test_support;
mod window;

use core::fmt;

use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroizing;

pub use prime::{random_prime, rsa_primes, PRIME_BITS, ROUNDS};

use arith::Limbs;
use mont::MontModulus;

/// The largest modulus accepted, in bits.
pub const MAX_MODULUS_BITS: usize = 8192;

/// How many random blinding factors are drawn before giving up (each is refused only if it
/// is not below `n` or shares a factor with it, so only a broken random generator gets there).
const BLINDING_ATTEMPTS: usize = 64;

/// An RSA private key in CRT form, ready for [`CrtKey::private_op`].
///
/// Its `Debug` output shows the modulus size only; the secret parts are wiped when the key is
/// dropped.
#[derive(Clone)]
pub struct CrtKey {
    /// The modulus (public).
    n: MontModulus,
    /// The public exponent, significant limbs only.
    e: Vec<u32>,
    /// The larger prime.
    p: MontModulus,
    /// The smaller prime.
    q: MontModulus,
    /// `d mod (p - 1)`, as many limbs as `p`.
    dp: Limbs,
    /// `d mod (q - 1)`, as many limbs as `q`.
    dq: Limbs,
    /// `q^-1 mod p` in Montgomery form modulo `p`.
    qinv_mont: Limbs,
    /// The size of the modulus in bits.
    bits: usize,
}

impl fmt::Debug for CrtKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CrtKey")
            .field("modulus_bits", &self.bits)
            .finish_non_exhaustive()
    }
}

impl CrtKey {
    /// The key of modulus `n`, public exponent `e`, private exponent `d` and primes `p` and
    /// `q` (in either order), all big-endian unsigned integers (leading zero octets allowed).
    ///
    /// `None` when the parts are not those of an RSA key: `n` even, above
    /// [`MAX_MODULUS_BITS`] bits or not `p q`; `p` or `q` even, below 3 or equal; `e` even,
    /// below 3 or not below `n`; `d` zero or not below `n`; `q` not invertible modulo `p`; `e
    /// d != 1` modulo `p - 1` or modulo `q - 1`. The primality of `p` and `q` is not tested;
    /// with a composite one, [`CrtKey::private_op`] fails its fault check and returns `None`.
    ///
    /// `dp`, `dq` and `qinv` are computed in constant time. The setup's running time still
    /// depends on secret data in two places only: whether `p` or `q` is the larger (the
    /// operands are swapped so that `p > q`), and the early returns of a refused key.
    pub fn new(n: &[u8], e: &[u8], d: &[u8], p: &[u8], q: &[u8]) -> Option<CrtKey> {
        // Sizes first (public), from the modulus.
        let n_bytes = strip_zeros(n);
        if n_bytes.is_empty() || n_bytes.len() > MAX_MODULUS_BITS / 8 {
            return None;
        }
        let n_limbs = n_bytes.len().div_ceil(4);
        let n_vec = arith::from_be_bytes(n_bytes, n_limbs)?;
        let bits = arith::bit_len(&n_vec);
        if bits > MAX_MODULUS_BITS {
            return None;
        }
        let n = MontModulus::new(&n_vec)?;

        let e = arith::from_be_bytes(e, n_limbs)?;
        let e_len = arith::significant_limbs(&e);
        if e_len == 0
            || e[0] & 1 == 0
            || (e_len == 1 && e[0] < 3)
            || !bool::from(arith::ct_lt(&e, &n_vec))
        {
            return None;
        }
        let e = e[..e_len].to_vec();

        let d = arith::from_be_bytes(d, n_limbs)?;
        if bool::from(arith::ct_eq(&d, &arith::zeroed(n_limbs)))
            || !bool::from(arith::ct_lt(&d, &n_vec))
        {
            return None;
        }

        // The primes, padded to a common length, the larger one first.
        let mut p = arith::from_be_bytes(p, n_limbs)?;
        let mut q = arith::from_be_bytes(q, n_limbs)?;
        if bool::from(arith::ct_lt(&p, &q)) {
            core::mem::swap(&mut p, &mut q);
        }
        let mut three = vec![0u32; n_limbs];
        three[0] = 3;
        if p[0] & q[0] & 1 == 0
            || bool::from(arith::ct_lt(&q, &three))
            || bool::from(arith::ct_eq(&p, &q))
        {
            return None;
        }
        let p_len = arith::significant_limbs(&p);
        let q_len = arith::significant_limbs(&q);
        let p = arith::resized(&p, p_len);
        let q = arith::resized(&q, q_len);

        // n = p q.
        let pq = arith::mul(&p, &q);
        if pq.len() < n_limbs
            || !bool::from(arith::ct_eq(&pq[..n_limbs], &n_vec))
            || pq[n_limbs..].iter().any(|&w| w != 0)
        {
            return None;
        }

        let dp = exponent_mod(&d, &p, &e)?;
        let dq = exponent_mod(&d, &q, &e)?;

        let p = MontModulus::new(&p)?;
        let q_mod = MontModulus::new(&q)?;
        // q < p, so q is already reduced modulo p.
        let qinv = arith::inv_odd(&arith::resized(&q, p_len), p.modulus())?;
        let qinv_mont = p.to_mont(&qinv);
        let dp = arith::resized(&dp, p_len);
        let dq = arith::resized(&dq, q_len);

        Some(CrtKey {
            n,
            e,
            p,
            q: q_mod,
            dp,
            dq,
            qinv_mont,
            bits,
        })
    }

    /// The size of the modulus in octets: the length of the input and of the output of
    /// [`CrtKey::private_op`].
    pub fn modulus_len(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// The size of the modulus in bits.
    pub fn modulus_bits(&self) -> usize {
        self.bits
    }

    /// `c^d mod n`, exactly [`CrtKey::modulus_len`] big-endian octets, for `c` of exactly that
    /// length (leading zeros included). `None` when `c` has another length or is not below
    /// `n`, when the random generator gives no usable blinding factor, or when the result
    /// fails the fault check `result^e mod n == c`.
    pub fn private_op<R: RngCore + CryptoRng + ?Sized>(
        &self,
        c: &[u8],
        rng: &mut R,
    ) -> Option<Zeroizing<Vec<u8>>> {
        let len = self.modulus_len();
        if c.len() != len {
            return None;
        }
        let n_limbs = self.n.len();
        let c = arith::from_be_bytes(c, n_limbs)?;
        if !bool::from(arith::ct_lt(&c, self.n.modulus())) {
            return None;
        }

        // Blinding: c r^e mod n, and r^-1 modulo each prime.
        let (r, rinv_p, rinv_q) = self.blinding_factor(rng)?;
        let r_e = self.n.pow_public(&self.n.to_mont(&r), &self.e);
        let blinded = self.n.mul_out(&r_e, &c);

        // The two half-size exponentiations, each unblinded by r^-1 on the way out of
        // Montgomery form.
        let mp = {
            let x = self.p.reduce_to_mont(&blinded);
            let y = self.p.pow_secret(&x, &self.dp, 32 * self.p.len());
            self.p.mul_out(&y, &rinv_p)
        };
        let mq = {
            let x = self.q.reduce_to_mont(&blinded);
            let y = self.q.pow_secret(&x, &self.dq, 32 * self.q.len());
            self.q.mul_out(&y, &rinv_q)
        };

        // Garner: m = mq + q h, h = (mp - mq) qinv mod p (mq < q < p).
        let p_len = self.p.len();
        let mut diff = Zeroizing::new(mp.to_vec());
        let borrow = arith::sub_assign(&mut diff, &arith::resized(&mq, p_len));
        let mask = arith::mask_of(borrow);
        let p_masked: Limbs = Zeroizing::new(self.p.modulus().iter().map(|&w| w & mask).collect());
        arith::add_assign(&mut diff, &p_masked);
        let h = self.p.mul_out(&self.qinv_mont, &diff);
        let mut m = arith::mul(self.q.modulus(), &h);
        arith::add_assign(&mut m, &mq);
        let m = arith::resized(&m, n_limbs);

        // Fault check: m^e == c (mod n).
        let check = self
            .n
            .out_of_mont(&self.n.pow_public(&self.n.to_mont(&m), &self.e));
        if !bool::from(arith::ct_eq(&check, &c)) {
            return None;
        }

        let mut out = Zeroizing::new(vec![0u8; len]);
        arith::to_be_bytes(&m, &mut out);
        Some(out)
    }

    /// A random `r` in `[1, n)` with `r^-1 mod p` and `r^-1 mod q`.
    fn blinding_factor<R: RngCore + CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
    ) -> Option<(Limbs, Limbs, Limbs)> {
        let n_limbs = self.n.len();
        let top_bits = self.bits - 32 * (n_limbs - 1);
        let top_mask = if top_bits == 32 {
            u32::MAX
        } else {
            (1u32 << top_bits) - 1
        };
        let zero = arith::zeroed(n_limbs);
        for _ in 0..BLINDING_ATTEMPTS {
            let mut r = arith::zeroed(n_limbs);
            for w in r.iter_mut() {
                *w = rng.next_u32();
            }
            r[n_limbs - 1] &= top_mask;
            // Rejection sampling on r alone, independent of the secrets.
            if !bool::from(arith::ct_lt(&r, self.n.modulus()))
                || bool::from(arith::ct_eq(&r, &zero))
            {
                continue;
            }
            let rp = self.p.out_of_mont(&self.p.reduce_to_mont(&r));
            let rq = self.q.out_of_mont(&self.q.reduce_to_mont(&r));
            // Not invertible only if r is a multiple of p or q (probability about 2^-bits/2).
            if let (Some(rinv_p), Some(rinv_q)) = (
                arith::inv_odd(&rp, self.p.modulus()),
                arith::inv_odd(&rq, self.q.modulus()),
            ) {
                return Some((r, rinv_p, rinv_q));
            }
        }
        None
    }
}

/// `d mod (m - 1)` for an odd prime `m`, checked against `e`: `None` unless `e d = 1` modulo
/// `m - 1`. Constant time for given sizes (but for the verdict).
fn exponent_mod(d: &[u32], m: &[u32], e: &[u32]) -> Option<Limbs> {
    let mut m1 = Zeroizing::new(m.to_vec());
    m1[0] &= !1;
    let dm = arith::reduce(d, &m1);
    let ed = arith::mul(e, &dm);
    let check = arith::reduce(&ed, &m1);
    let mut one = vec![0u32; m.len()];
    one[0] = 1;
    if bool::from(arith::ct_eq(&check, &one)) {
        Some(dm)
    } else {
        None
    }
}

/// `bytes` without its leading zero octets.
fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}
