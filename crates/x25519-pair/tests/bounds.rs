//! The worst-case magnitudes of the ladder's double-precision arithmetic (`src/field.rs`),
//! computed exactly with integers. Every `f64` operation there is exact only if each
//! partial sum of a product stays below 2^53 units of its limb and the rounding constant
//! of each carry is valid; this test follows the ladder's operations on per-limb bounds
//! until they stop growing, and asserts both conditions at every step.
//!
//! A bound is in units of its limb: limb k holds m * 2^W[k] with |m| <= bound[k].

const W: [u32; 13] = [0, 22, 43, 64, 85, 107, 128, 149, 170, 192, 213, 234, 255];
const LIMIT: u128 = 1 << 53;

type Bounds = [u128; 12];

fn width(k: usize) -> u32 {
    W[k + 1] - W[k]
}

/// The bounds of `mul(f, g)`'s 12 sums before the carry, asserting each one's partial
/// sums (products are added in limb order of f) stay below 2^53.
fn product(f: &Bounds, g: &Bounds, what: &str) -> Bounds {
    let mut h = [0u128; 12];
    for (k, sum) in h.iter_mut().enumerate() {
        for i in 0..12 {
            let term = if i <= k {
                let j = k - i;
                // A product of limbs i and j is a multiple of 2^(W[i] + W[j]) >= 2^W[k].
                let shift = W[i] + W[j] - W[k];
                (f[i] * g[j]) << shift
            } else {
                // Limb j = k - i + 12: the product carries 2^255, folded as 19 * 2^-255.
                let j = k + 12 - i;
                let shift = W[i] + W[j] - 255 - W[k];
                (19 * f[i] * g[j]) << shift
            };
            *sum += term;
            assert!(
                *sum < LIMIT,
                "{what}: limb {k} reaches 2^{:.2}",
                (*sum as f64).log2()
            );
        }
    }
    h
}

/// The bounds after `carry`, in its order, asserting the rounding constant of each step is
/// valid (|h| < 2^(51 + width)) and every limb stays below 2^53.
fn carry(h: &Bounds, what: &str) -> Bounds {
    let mut h = *h;
    let mut one = |k: usize| {
        assert!(h[k] < 1 << (51 + width(k)), "{what}: carry of limb {k}");
        let c = (h[k] + (1 << (width(k) - 1))) >> width(k);
        h[k] = 1 << (width(k) - 1);
        if k == 11 {
            h[0] += 19 * c;
        } else {
            h[k + 1] += c;
        }
        assert!(
            h.iter().all(|&b| b < LIMIT),
            "{what}: after carrying limb {k}"
        );
    };
    for k in 0..3 {
        one(k);
        one(k + 3);
        one(k + 6);
        one(k + 9);
    }
    one(3);
    one(6);
    one(9);
    one(0);
    h
}

fn add(a: &Bounds, b: &Bounds) -> Bounds {
    std::array::from_fn(|k| a[k] + b[k])
}

fn max(a: &Bounds, b: &Bounds) -> Bounds {
    std::array::from_fn(|k| a[k].max(b[k]))
}

#[test]
fn every_operation_of_the_ladder_is_exact_in_double_precision() {
    // A decoded point: limbs below 2^width, then carried.
    let x1 = carry(&std::array::from_fn(|k| (1 << width(k)) - 1), "decode");
    let mut one = [0u128; 12];
    one[0] = 1;
    // R bounds every carried ladder variable (x2, z2, x3, z3): grow it to a fixed point.
    let mut r = max(&x1, &one);
    let mut stable = false;
    for _ in 0..10 {
        let s = add(&r, &r); // A = x2 + z2, B = x2 - z2, C, D
        let aa = carry(&product(&s, &s, "AA, BB"), "AA, BB");
        let da = carry(&product(&s, &s, "DA, CB"), "DA, CB");
        let x3 = carry(
            &product(&add(&da, &da), &add(&da, &da), "(DA +- CB)^2"),
            "x3",
        );
        let z3 = carry(&product(&x3, &x1, "x1 * (DA - CB)^2"), "z3");
        let x2 = carry(&product(&aa, &aa, "AA * BB"), "x2");
        let e = add(&aa, &aa); // AA - BB
        let a24e = carry(
            &std::array::from_fn(|k| aa[k] + 121_665 * e[k]),
            "AA + a24 E",
        );
        let z2 = carry(&product(&e, &a24e, "E * (AA + a24 E)"), "z2");
        let next = max(&max(&r, &x2), &max(&max(&z2, &x3), &z3));
        if next == r {
            stable = true;
            break;
        }
        r = next;
    }
    assert!(stable, "the ladder's bounds keep growing");
    // The inversion and the last product: squares and products of carried variables.
    let inverse = carry(&product(&r, &r, "inversion"), "inversion");
    assert_eq!(max(&inverse, &r), r);
    // The encoding turns limbs into i64 with the 1.5 * 2^52 trick: |m| < 2^51.
    assert!(r.iter().all(|&b| b < 1 << 51));
}

#[test]
fn the_check_fires_two_bits_past_the_worst_case() {
    // The worst partial sum of the ladder is 2^50.96 (the square of DA + CB, whose limbs are
    // up to twice a carried one): two bits of margin. Limbs eight times a carried one
    // (2^54.96) must trip the check, or the test above proves nothing.
    let x1 = carry(&std::array::from_fn(|k| (1 << width(k)) - 1), "decode");
    let four: Bounds = std::array::from_fn(|k| x1[k] * 4);
    product(&four, &four, "four times");
    let eight: Bounds = std::array::from_fn(|k| x1[k] * 8);
    let overflow = std::panic::catch_unwind(|| product(&eight, &eight, "eight times"));
    assert!(overflow.is_err());
}
