//! A key's algorithm described the ways the server and GnuPG describe it.

use pgp::crypto::ecc_curve::ECCCurve;
use pgp::crypto::public_key::PublicKeyAlgorithm;
use pgp::ser::Serialize;
use pgp::types::PublicParams;

use super::key_info::ServerKeyType;

/// Name, server type, size and curve of one key packet's algorithm.
pub(crate) struct Algorithm {
    pub name: String,
    pub server_type: ServerKeyType,
    pub bits: u32,
    pub curve: Option<String>,
}

impl Algorithm {
    pub(crate) fn of(params: &PublicParams, algorithm: PublicKeyAlgorithm) -> Self {
        let curve = curve_of(params);
        let bits = match (params, &curve) {
            (_, Some(c)) => curve_bits(c),
            (PublicParams::RSA(_) | PublicParams::DSA(_) | PublicParams::Elgamal(_), None) => {
                first_mpi_bits(params)
            }
            _ => 0,
        };
        Algorithm {
            name: format!("{algorithm:?}"),
            server_type: server_type(algorithm),
            bits,
            curve,
        }
    }
}

fn server_type(algorithm: PublicKeyAlgorithm) -> ServerKeyType {
    use PublicKeyAlgorithm as A;
    match algorithm {
        A::RSA | A::RSAEncrypt | A::RSASign => ServerKeyType::Rsa,
        A::ElgamalEncrypt | A::Elgamal => ServerKeyType::Elgamal,
        A::DSA => ServerKeyType::Dsa,
        A::ECDH | A::X25519 | A::X448 => ServerKeyType::Ecc,
        A::ECDSA => ServerKeyType::Ecdsa,
        A::DiffieHellman => ServerKeyType::Dh,
        A::EdDSALegacy | A::Ed25519 | A::Ed448 => ServerKeyType::EdDsa,
        _ => ServerKeyType::Unknown,
    }
}

/// The curve name as GnuPG prints it in `--with-colons` field 17.
fn curve_of(params: &PublicParams) -> Option<String> {
    let curve = match params {
        PublicParams::ECDSA(p) => p.curve(),
        PublicParams::ECDH(p) => p.curve(),
        PublicParams::EdDSALegacy(p) => p.curve(),
        PublicParams::Ed25519(_) => return Some("ed25519".into()),
        PublicParams::X25519(_) => return Some("cv25519".into()),
        PublicParams::Ed448(_) => return Some("ed448".into()),
        PublicParams::X448(_) => return Some("cv448".into()),
        _ => return None,
    };
    Some(
        match curve {
            ECCCurve::Ed25519Legacy => "ed25519",
            ECCCurve::Curve25519Legacy => "cv25519",
            ECCCurve::P256 => "nistp256",
            ECCCurve::P384 => "nistp384",
            ECCCurve::P521 => "nistp521",
            ECCCurve::BrainpoolP256r1 => "brainpoolP256r1",
            ECCCurve::BrainpoolP384r1 => "brainpoolP384r1",
            ECCCurve::BrainpoolP512r1 => "brainpoolP512r1",
            ECCCurve::Secp256k1 => "secp256k1",
            ECCCurve::Unknown(oid) => return Some(oid.to_string()),
        }
        .into(),
    )
}

/// The server computes ECC sizes from the curve, with 256 for the 25519 curves
/// (GnuPG says 255 for those).
fn curve_bits(curve: &str) -> u32 {
    match curve {
        "ed25519" | "cv25519" | "nistp256" | "brainpoolP256r1" | "secp256k1" => 256,
        "nistp384" | "brainpoolP384r1" => 384,
        "brainpoolP512r1" => 512,
        "nistp521" => 521,
        "ed448" | "cv448" => 448,
        _ => 0,
    }
}

/// RSA (n), DSA and ElGamal (p) start with the MPI whose size is the key size; an MPI
/// is written as a two-byte big-endian bit count and then the bytes.
fn first_mpi_bits(params: &PublicParams) -> u32 {
    match params.to_bytes() {
        Ok(bytes) if bytes.len() >= 2 => u32::from(u16::from_be_bytes([bytes[0], bytes[1]])),
        _ => 0,
    }
}
