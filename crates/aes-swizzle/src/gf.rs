//! Field arithmetic, all `const fn`: the tables of `tables` are computed from it at compile
//! time, so no table in this crate is typed in by hand.
//!
//! Three representations of a byte occur:
//! - AES's field GF(2^8) = GF(2)\[x\] / (x^8 + x^4 + x^3 + x + 1), bit k the coefficient of x^k;
//! - the tower field GF(16)\[t\] / (t^2 + t + λ), GF(16) = GF(2)\[z\] / (z^4 + z + 1), packed as
//!   `h << 4 | l` for `h t + l`;
//! - the *nibble form* in which the S-box core works: `i << 4 | k` with `i = λ h`, `k = l`.
//!
//! `phi` is a field isomorphism from AES's field to the tower field (x goes to a root of AES's
//! polynomial in the tower field); every map between the representations is GF(2)-linear.

/// `a * x` in AES's field.
pub(crate) const fn xtime(a: u8) -> u8 {
    (a << 1) ^ (0x1b & 0u8.wrapping_sub(a >> 7))
}

/// The product in AES's field.
pub(crate) const fn mul(a: u8, b: u8) -> u8 {
    let (mut a, mut r, mut bit) = (a, 0u8, 0);
    while bit < 8 {
        r ^= a & 0u8.wrapping_sub((b >> bit) & 1);
        a = xtime(a);
        bit += 1;
    }
    r
}

/// The product in GF(16) (4-bit values).
pub(crate) const fn mul16(a: u8, b: u8) -> u8 {
    let (mut a, mut r, mut bit) = (a, 0u8, 0);
    while bit < 4 {
        r ^= a & 0u8.wrapping_sub((b >> bit) & 1);
        a <<= 1;
        a ^= 0x13 & 0u8.wrapping_sub(a >> 4);
        bit += 1;
    }
    r
}

/// The inverse in GF(16), `a^14` (0 for 0).
pub(crate) const fn inv16(a: u8) -> u8 {
    let (mut r, mut n) = (1u8, 0);
    while n < 14 {
        r = mul16(r, a);
        n += 1;
    }
    r
}

/// The smallest λ for which t^2 + t + λ has no root in GF(16), i.e. is irreducible.
pub(crate) const LAMBDA: u8 = {
    let mut lambda = 1;
    'candidates: loop {
        let mut r = 0;
        while r < 16 {
            if mul16(r, r) ^ r == lambda {
                lambda += 1;
                continue 'candidates;
            }
            r += 1;
        }
        break lambda;
    }
};

/// `c = 1 / λ`: the high nibble of the nibble form is `h / c`.
pub(crate) const C: u8 = inv16(LAMBDA);

/// The product in the tower field: (a t + b)(c t + d) = (ac + ad + bc) t + (ac λ + bd).
pub(crate) const fn tower_mul(x: u8, y: u8) -> u8 {
    let (a, b, c, d) = (x >> 4, x & 15, y >> 4, y & 15);
    let ac = mul16(a, c);
    let high = ac ^ mul16(a, d) ^ mul16(b, c);
    let low = mul16(ac, LAMBDA) ^ mul16(b, d);
    high << 4 | low
}

/// `PHI_BASIS[k] = β^k`, β the first root in the tower field of x^8 + x^4 + x^3 + x + 1.
const PHI_BASIS: [u8; 8] = {
    let mut beta = 2u8;
    loop {
        let mut powers = [1u8; 9];
        let mut k = 1;
        while k < 9 {
            powers[k] = tower_mul(powers[k - 1], beta);
            k += 1;
        }
        if powers[8] ^ powers[4] ^ powers[3] ^ powers[1] ^ powers[0] == 0 {
            let mut basis = [0u8; 8];
            let mut k = 0;
            while k < 8 {
                basis[k] = powers[k];
                k += 1;
            }
            break basis;
        }
        beta += 1;
    }
};

/// The isomorphism from AES's field to the tower field.
pub(crate) const fn phi(x: u8) -> u8 {
    let (mut r, mut bit) = (0u8, 0);
    while bit < 8 {
        r ^= PHI_BASIS[bit] & 0u8.wrapping_sub((x >> bit) & 1);
        bit += 1;
    }
    r
}

/// The inverse of [`phi`], as a table.
const PHI_INVERSE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut x = 0;
    while x < 256 {
        table[phi(x as u8) as usize] = x as u8;
        x += 1;
    }
    table
};

/// The inverse of [`phi`].
pub(crate) const fn phi_inverse(y: u8) -> u8 {
    PHI_INVERSE[y as usize]
}

/// The nibble form of a byte of AES's field.
pub(crate) const fn to_nibbles(x: u8) -> u8 {
    let y = phi(x);
    mul16(LAMBDA, y >> 4) << 4 | (y & 15)
}

/// The byte of AES's field whose nibble form is `y` (the inverse of [`to_nibbles`]).
pub(crate) const fn from_nibbles(y: u8) -> u8 {
    phi_inverse(mul16(C, y >> 4) << 4 | (y & 15))
}

/// The linear part of the S-box's affine map (FIPS-197 eq. 5.1 without the constant 0x63).
pub(crate) const fn affine(x: u8) -> u8 {
    x ^ x.rotate_left(1) ^ x.rotate_left(2) ^ x.rotate_left(3) ^ x.rotate_left(4)
}

/// The inverse of [`affine`].
pub(crate) const fn affine_inverse(x: u8) -> u8 {
    x.rotate_left(1) ^ x.rotate_left(3) ^ x.rotate_left(6)
}

/// The multiplicative inverse in AES's field (0 for 0), the slow way: only for checking the
/// tables.
#[cfg(test)]
pub(crate) const fn inverse(x: u8) -> u8 {
    // x^254 by square and multiply.
    let (mut r, mut base, mut e) = (1u8, x, 254u8);
    while e != 0 {
        if e & 1 == 1 {
            r = mul(r, base);
        }
        base = mul(base, base);
        e >>= 1;
    }
    r
}
