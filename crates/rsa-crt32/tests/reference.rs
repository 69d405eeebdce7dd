//! `CrtKey::private_op` against the `rsa` crate and plain `BigUint::modpow`.
//!
//! The PEM keys in `tests/keys/` are test keys generated once with `openssl genpkey` (RSA-3072,
//! RSA-4096 and RSA-8192 with e = 65537, RSA-2048 with e = 3); the others are generated here from
//! seeded random generators.

use num_bigint_dig::{BigUint, ModInverse, RandBigInt, RandPrime};
use rand::{rngs::StdRng, CryptoRng, RngCore, SeedableRng};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{Pkcs1v15Encrypt, Pkcs1v15Sign, RsaPrivateKey};
use rsa_crt32::CrtKey;

/// `x` big-endian on exactly `len` octets.
fn be(x: &BigUint, len: usize) -> Vec<u8> {
    let bytes = x.to_bytes_be();
    assert!(bytes.len() <= len);
    let mut out = vec![0u8; len - bytes.len()];
    out.extend_from_slice(&bytes);
    out
}

fn crt_key(key: &RsaPrivateKey) -> CrtKey {
    let [p, q] = key.primes() else {
        panic!("two primes")
    };
    CrtKey::new(
        &key.n().to_bytes_be(),
        &key.e().to_bytes_be(),
        &key.d().to_bytes_be(),
        &p.to_bytes_be(),
        &q.to_bytes_be(),
    )
    .expect("a valid key")
}

fn pem_key(name: &str) -> RsaPrivateKey {
    let path = format!("{}/tests/keys/{name}.pem", env!("CARGO_MANIFEST_DIR"));
    RsaPrivateKey::from_pkcs8_pem(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `count` random ciphertexts below n, each compared with `c^d mod n`; also c = 0, 1, 2 and
/// n - 1. Returns the number of cases.
fn compare_random(key: &RsaPrivateKey, crt: &CrtKey, rng: &mut StdRng, count: usize) -> usize {
    let (n, d) = (key.n(), key.d());
    let len = crt.modulus_len();
    assert_eq!(len, key.size());
    assert_eq!(crt.modulus_bits(), n.bits());
    let mut cases: Vec<BigUint> = (0..count).map(|_| rng.gen_biguint_below(n)).collect();
    cases.extend([0u32, 1, 2].map(BigUint::from));
    cases.push(n - 1u32);
    for c in &cases {
        let got = crt.private_op(&be(c, len), rng).expect("a result");
        assert_eq!(*got, be(&c.modpow(d, n), len), "c = {c}");
    }
    cases.len()
}

#[test]
fn generated_keys_match_modpow() {
    let mut rng = StdRng::seed_from_u64(0x5eed);
    for (bits, keys, ops) in [(1024, 3, 40), (2048, 2, 25)] {
        for _ in 0..keys {
            let key = RsaPrivateKey::new(&mut rng, bits).unwrap();
            compare_random(&key, &crt_key(&key), &mut rng, ops);
        }
    }
}

#[test]
fn fixed_keys_match_modpow_and_rsa() {
    let mut rng = StdRng::seed_from_u64(7);
    for (name, ops) in [("rsa2048-e3", 20), ("rsa3072", 15), ("rsa4096", 10)] {
        let key = pem_key(name);
        let crt = crt_key(&key);
        compare_random(&key, &crt, &mut rng, ops);

        // A PKCS #1 v1.5 encryption by the `rsa` crate, decrypted here.
        let message = b"a session key, say";
        let c = key
            .to_public_key()
            .encrypt(&mut rng, Pkcs1v15Encrypt, message)
            .unwrap();
        let em = crt.private_op(&c, &mut rng).unwrap();
        assert_eq!(&em[..2], &[0, 2]);
        assert!(em.ends_with(message));
        assert_eq!(em[em.len() - message.len() - 1], 0);
        assert_eq!(key.decrypt(Pkcs1v15Encrypt, &c).unwrap(), message.to_vec());

        // A PKCS #1 v1.5 signature by the `rsa` crate, made here from the encoded message.
        let digest = [0xa5u8; 32];
        let signature = key.sign(Pkcs1v15Sign::new_unprefixed(), &digest).unwrap();
        let mut em = vec![0xffu8; crt.modulus_len()];
        em[0] = 0;
        em[1] = 1;
        let sep = em.len() - digest.len() - 1;
        em[sep] = 0;
        em[sep + 1..].copy_from_slice(&digest);
        assert_eq!(*crt.private_op(&em, &mut rng).unwrap(), signature);
    }
}

/// A key from two given primes (and e), with d = e^-1 mod lcm(p - 1, q - 1).
fn key_from_primes(p: &BigUint, q: &BigUint, e: u32) -> Option<RsaPrivateKey> {
    RsaPrivateKey::from_p_q(p.clone(), q.clone(), BigUint::from(e)).ok()
}

#[test]
fn odd_sizes_and_unbalanced_primes() {
    let mut rng = StdRng::seed_from_u64(11);
    // Prime sizes (bits): equal and not multiples of 32, then more and more unbalanced.
    for (p_bits, q_bits, e) in [
        (500, 524, 65537),
        (511, 489, 3),
        (384, 640, 65537),
        (160, 864, 17),
        (64, 960, 65537),
        (33, 991, 65537),
    ] {
        let key = loop {
            let p: BigUint = rng.gen_prime(p_bits);
            let q: BigUint = rng.gen_prime(q_bits);
            if let Some(key) = key_from_primes(&p, &q, e) {
                break key;
            }
        };
        let crt = crt_key(&key);
        compare_random(&key, &crt, &mut rng, 20);
        // The primes in the other order: the same key.
        let [p, q] = key.primes() else { panic!() };
        let swapped = CrtKey::new(
            &key.n().to_bytes_be(),
            &key.e().to_bytes_be(),
            &key.d().to_bytes_be(),
            &q.to_bytes_be(),
            &p.to_bytes_be(),
        )
        .unwrap();
        compare_random(&key, &swapped, &mut rng, 5);
    }
}

#[test]
fn edge_cases() {
    let mut rng = StdRng::seed_from_u64(13);
    let key = pem_key("rsa3072");
    let crt = crt_key(&key);
    let n = key.n();
    let len = crt.modulus_len();
    assert_eq!(len, 384);
    assert_eq!(crt.modulus_bits(), 3072);
    // c = n, n + 1, all ones: not below n.
    for c in [n.clone(), n + 1u32] {
        assert!(crt.private_op(&be(&c, len), &mut rng).is_none());
    }
    assert!(crt.private_op(&vec![0xff; len], &mut rng).is_none());
    // Wrong lengths, even when the value would fit.
    for l in [0, 1, len - 1, len + 1] {
        assert!(crt.private_op(&vec![0; l], &mut rng).is_none());
    }
    // c = 0 and 1 are their own images.
    for c in [0u32, 1] {
        let got = crt.private_op(&be(&BigUint::from(c), len), &mut rng);
        assert_eq!(*got.unwrap(), be(&BigUint::from(c), len));
    }
}

#[test]
fn new_refuses_bad_input() {
    let mut rng = StdRng::seed_from_u64(17);
    let key = RsaPrivateKey::new(&mut rng, 1024).unwrap();
    let [p, q] = key.primes() else { panic!() };
    let (n, e, d) = (key.n(), key.e(), key.d());
    let b = |x: &BigUint| x.to_bytes_be();
    let ok = |n: &BigUint, e: &BigUint, d: &BigUint, p: &BigUint, q: &BigUint| {
        CrtKey::new(&b(n), &b(e), &b(d), &b(p), &b(q)).is_some()
    };
    assert!(ok(n, e, d, p, q));
    // Leading zero octets are fine.
    let mut padded = vec![0u8; 3];
    padded.extend(b(n));
    assert!(CrtKey::new(&padded, &b(e), &b(d), &b(p), &b(q)).is_some());

    let one = BigUint::from(1u32);
    let two = BigUint::from(2u32);
    let other: BigUint = rng.gen_prime(512);
    let cases: Vec<(&str, [BigUint; 5])> = vec![
        (
            "n != p q",
            [n + &two, e.clone(), d.clone(), p.clone(), q.clone()],
        ),
        (
            "another q",
            [n.clone(), e.clone(), d.clone(), p.clone(), other.clone()],
        ),
        (
            "n = p q, wrong d",
            [p * &other, e.clone(), d.clone(), p.clone(), other.clone()],
        ),
        (
            "even n",
            [n * &two, e.clone(), d.clone(), p * &two, q.clone()],
        ),
        (
            "zero n",
            [
                BigUint::from(0u32),
                e.clone(),
                d.clone(),
                p.clone(),
                q.clone(),
            ],
        ),
        (
            "p = 1",
            [n.clone(), e.clone(), d.clone(), one.clone(), n.clone()],
        ),
        ("p = q", [p * p, e.clone(), d.clone(), p.clone(), p.clone()]),
        (
            "even e",
            [n.clone(), e + &one, d.clone(), p.clone(), q.clone()],
        ),
        (
            "e = 1",
            [n.clone(), one.clone(), d.clone(), p.clone(), q.clone()],
        ),
        (
            "e = n",
            [n.clone(), n.clone(), d.clone(), p.clone(), q.clone()],
        ),
        (
            "d = 0",
            [
                n.clone(),
                e.clone(),
                BigUint::from(0u32),
                p.clone(),
                q.clone(),
            ],
        ),
        (
            "d = n",
            [n.clone(), e.clone(), n.clone(), p.clone(), q.clone()],
        ),
        (
            "d + 2",
            [n.clone(), e.clone(), d + &two, p.clone(), q.clone()],
        ),
        (
            "wrong e",
            [
                n.clone(),
                BigUint::from(3u32),
                d.clone(),
                p.clone(),
                q.clone(),
            ],
        ),
    ];
    for (what, [n, e, d, p, q]) in &cases {
        assert!(!ok(n, e, d, p, q), "{what}");
    }
    // Empty and oversized inputs.
    assert!(CrtKey::new(&[], &b(e), &b(d), &b(p), &b(q)).is_none());
    assert!(CrtKey::new(&b(n), &[], &b(d), &b(p), &b(q)).is_none());
    assert!(CrtKey::new(&b(n), &b(e), &b(d), &[], &b(q)).is_none());
    let huge = vec![0xffu8; 8192 / 8 + 1];
    assert!(CrtKey::new(&huge, &b(e), &b(d), &b(p), &b(q)).is_none());
    // A p longer than n.
    let mut long_p = vec![1u8];
    long_p.extend(vec![0u8; b(n).len()]);
    assert!(CrtKey::new(&b(n), &b(e), &b(d), &long_p, &b(q)).is_none());
}

#[test]
fn largest_modulus_is_accepted() {
    let mut rng = StdRng::seed_from_u64(19);
    let key = pem_key("rsa8192");
    let crt = crt_key(&key);
    assert_eq!(crt.modulus_bits(), 8192);
    compare_random(&key, &crt, &mut rng, 2);
}

#[test]
fn composite_factor_fails_the_fault_check() {
    // n = p q with p = p1 p2 composite and d = e^-1 mod lcm(p - 1, q - 1): the setup checks
    // (n = p q, e d = 1 mod p - 1 and mod q - 1, q invertible mod p) pass, the results are
    // wrong and the fault check catches them.
    let mut rng = StdRng::seed_from_u64(23);
    let e = BigUint::from(65537u32);
    let (n, d, p, q) = loop {
        let p: BigUint = rng.gen_prime(256) * rng.gen_prime(256);
        let q: BigUint = rng.gen_prime(512);
        let (p1, q1) = (&p - 1u32, &q - 1u32);
        let lcm = &p1 * &q1 / num_integer_gcd(&p1, &q1);
        if let Some(d) = (&e).mod_inverse(&lcm).and_then(|d| d.to_biguint()) {
            break (&p * &q, d, p, q);
        }
    };
    let crt = CrtKey::new(
        &n.to_bytes_be(),
        &e.to_bytes_be(),
        &d.to_bytes_be(),
        &p.to_bytes_be(),
        &q.to_bytes_be(),
    )
    .expect("accepted: primality is not tested");
    let len = crt.modulus_len();
    let mut refused = 0;
    for _ in 0..10 {
        let c = rng.gen_biguint_below(&n);
        if crt.private_op(&be(&c, len), &mut rng).is_none() {
            refused += 1;
        }
    }
    assert_eq!(refused, 10);
}

fn num_integer_gcd(a: &BigUint, b: &BigUint) -> BigUint {
    let (mut a, mut b) = (a.clone(), b.clone());
    while b != BigUint::from(0u32) {
        let r = &a % &b;
        a = b;
        b = r;
    }
    a
}

/// A "random" generator that gives only zeros.
struct Zeros;

impl RngCore for Zeros {
    fn next_u32(&mut self) -> u32 {
        0
    }
    fn next_u64(&mut self) -> u64 {
        0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        dest.fill(0);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        dest.fill(0);
        Ok(())
    }
}

impl CryptoRng for Zeros {}

#[test]
fn broken_random_generator_gives_none() {
    let key = pem_key("rsa2048-e3");
    let crt = crt_key(&key);
    assert!(crt
        .private_op(&vec![0; crt.modulus_len()], &mut Zeros)
        .is_none());
}

#[test]
fn debug_shows_no_secret() {
    let key = pem_key("rsa2048-e3");
    let crt = crt_key(&key);
    assert_eq!(format!("{crt:?}"), "CrtKey { modulus_bits: 2048, .. }");
    assert_eq!(format!("{:?}", crt.clone()), format!("{crt:?}"));
}
