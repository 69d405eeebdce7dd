//! `x25519_pair` against RFC 7748's test vectors and against `x25519-dalek`, lane by lane.

use x25519_pair::x25519_pair;

fn hex32(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

fn dalek(k: &[u8; 32], u: &[u8; 32]) -> [u8; 32] {
    x25519_dalek::x25519(*k, *u)
}

/// splitmix64: reproducible inputs without a random-number dependency.
struct Inputs(u64);

impl Inputs {
    fn word(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn bytes(&mut self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for chunk in out.chunks_mut(8) {
            chunk.copy_from_slice(&self.word().to_le_bytes());
        }
        out
    }

    /// A u-coordinate, one in two of an edge kind: bit 255 set, from p - 20 to 2^255 - 1,
    /// small, or with runs of all-one and all-zero bytes (limb extremes).
    fn point(&mut self, case: u64) -> [u8; 32] {
        let mut u = self.bytes();
        match case % 8 {
            1 => u[31] |= 0x80,
            2 => {
                let top = u[31] & 0x80;
                let below = u[0] % 40;
                u = [0xff; 32];
                u[31] = 0x7f | top;
                u[0] = 0xff - below;
            }
            3 => {
                let (low, top) = (u[0] % 5, u[31] & 0x80);
                u = [0; 32];
                u[0] = low;
                u[31] = top;
            }
            4 => {
                for byte in u.iter_mut() {
                    *byte = match *byte & 3 {
                        0 => 0xff,
                        1 => 0,
                        _ => *byte,
                    };
                }
            }
            _ => {}
        }
        u
    }
}

#[test]
fn rfc7748_section_5_2_vectors_in_either_lane() {
    let k1 = hex32("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
    let u1 = hex32("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
    let r1 = hex32("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    let k2 = hex32("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d");
    let u2 = hex32("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493");
    let r2 = hex32("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    let nine = hex32("0900000000000000000000000000000000000000000000000000000000000000");
    assert_eq!(x25519_pair(&k1, [&u1, &nine]), [r1, dalek(&k1, &nine)]);
    assert_eq!(x25519_pair(&k2, [&nine, &u2]), [dalek(&k2, &nine), r2]);
}

#[test]
fn rfc7748_iterated_vector_1000_times() {
    // k = u = 9; then k, u = X25519(k, u), k. Lane 1 runs X25519(k, k) alongside.
    let mut k = hex32("0900000000000000000000000000000000000000000000000000000000000000");
    let mut u = k;
    for i in 1..=1000 {
        let [r, other] = x25519_pair(&k, [&u, &k]);
        assert_eq!(other, dalek(&k, &k), "lane 1 at iteration {i}");
        u = k;
        k = r;
        if i == 1 {
            assert_eq!(
                k,
                hex32("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")
            );
        }
    }
    assert_eq!(
        k,
        hex32("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51")
    );
}

#[test]
fn random_and_edge_inputs_match_x25519_dalek_in_both_lanes() {
    let mut inputs = Inputs(0x5eed_2026);
    let mut mismatches = Vec::new();
    for case in 0..6000u64 {
        let k = match case % 16 {
            5 => [0xff; 32],
            6 => [0; 32],
            _ => inputs.bytes(),
        };
        let u0 = inputs.point(case);
        let u1 = inputs.point(case / 8 + 3);
        let got = x25519_pair(&k, [&u0, &u1]);
        if got != [dalek(&k, &u0), dalek(&k, &u1)] {
            mismatches.push(case);
        }
    }
    assert!(mismatches.is_empty(), "cases {mismatches:?}");
}

#[test]
fn points_of_small_order_give_zero_as_dalek_does() {
    // u = 0, 1, p - 1, p, p + 1 and the two points of order 8 (RFC 7748 section 6.1).
    let p_minus_1 = hex32("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    let p = hex32("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    let p_plus_1 = hex32("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    let zero = [0u8; 32];
    let mut one = [0u8; 32];
    one[0] = 1;
    let order8a = hex32("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
    let order8b = hex32("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157");
    let k = hex32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    for u in [zero, one, p_minus_1, p, p_plus_1, order8a, order8b] {
        let [a, b] = x25519_pair(&k, [&u, &order8b]);
        assert_eq!(a, dalek(&k, &u));
        assert_eq!(b, [0u8; 32]);
    }
}

#[test]
fn many_pairs_share_inversions_and_match_dalek() {
    use x25519_pair::{x25519_pairs, BLOCK};
    let mut inputs = Inputs(0xb10c);
    let order8 = hex32("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
    let zero = [0u8; 32];
    for count in [0, 1, 2, BLOCK, BLOCK + 1, 2 * BLOCK + 37] {
        let k = inputs.bytes();
        let mut points: Vec<[u8; 32]> = (0..2 * count as u64).map(|i| inputs.point(i)).collect();
        // Points of small order in some lanes: they give zero and must not spoil the
        // shared inversion of the other ladders of their block.
        for at in [3, 2 * count / 3, (2 * count).saturating_sub(1)] {
            if at < points.len() {
                points[at] = if at % 2 == 0 { order8 } else { zero };
            }
        }
        let pairs: Vec<[&[u8; 32]; 2]> = points.chunks(2).map(|p| [&p[0], &p[1]]).collect();
        let got = x25519_pairs(&k, &pairs);
        assert_eq!(got.len(), count);
        for (i, (got, pair)) in got.iter().zip(&pairs).enumerate() {
            assert_eq!(got, &pair.map(|u| dalek(&k, u)), "{count} pairs: pair {i}");
        }
    }
}
