//! The malformed-input table of `tests/vectors/malformed` (see its README for the generators).

/// Where a case's input comes from.
pub enum Source {
    /// A file of the table, decoded as UTF-8 with invalid bytes replaced.
    File(&'static [u8]),
    /// `bytes` printable ASCII characters from xorshift32(`seed`).
    Noise { bytes: usize, seed: u32 },
    /// Base64-alphabet noise in lines, inside public-key BEGIN/END lines.
    ArmoredNoise {
        chars: usize,
        line_length: usize,
        seed: u32,
    },
}

/// One case: its name, input and the error code it must give.
pub struct Row {
    pub name: &'static str,
    pub source: Source,
    pub expect: &'static str,
}

impl Row {
    /// The input text of the case.
    pub fn input(&self) -> String {
        match self.source {
            Source::File(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Source::Noise { bytes, seed } => {
                let mut rng = XorShift32(seed);
                (0..bytes)
                    .map(|_| char::from(0x20 + (rng.next() % 95) as u8))
                    .collect()
            }
            Source::ArmoredNoise {
                chars,
                line_length,
                seed,
            } => {
                const ALPHABET: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let mut rng = XorShift32(seed);
                let body: Vec<u8> = (0..chars)
                    .map(|_| ALPHABET[(rng.next() % 64) as usize])
                    .collect();
                let lines: Vec<&str> = body
                    .chunks(line_length)
                    .map(|line| std::str::from_utf8(line).expect("base64 alphabet is ASCII"))
                    .collect();
                format!(
                    "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n{}\n-----END PGP PUBLIC KEY BLOCK-----",
                    lines.join("\n")
                )
            }
        }
    }
}

struct XorShift32(u32);

impl XorShift32 {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xorshift32_matches_the_documented_check_values() {
        let mut rng = XorShift32(1);
        assert_eq!(
            [rng.next(), rng.next(), rng.next()],
            [270369, 67634689, 2647435461]
        );
    }
}
