#!/usr/bin/env bash
# Generates the GnuPG test keys in tests/vectors/keys/gnupg/ (<name>.pub.asc and <name>.sec.asc).
#
# What it proves: nothing by itself; it makes keys the way GnuPG 2.2 makes them (RSA, 25519,
# NIST curves, DSA/ElGamal, expired, revoked, expired subkey, several user ids), so that
# crate/tests/key_info_gnupg.rs can check passbolt_core::pgp::key_info against what GnuPG says
# about the very same keys.
#
# Unattended and offline: a throwaway GNUPGHOME, --batch, --pinentry-mode loopback, empty
# passphrase (the secret keys are NOT protected), and --faked-system-time with a frozen clock
# ("<epoch>!") so every creation and expiry date is fixed. Key material still changes on each
# run (fingerprints differ), which the test does not mind: it compares against gpg itself.
#
# Usage: tests/vectors/keys/generate-gnupg.sh   (needs gpg 2.2+; takes a few seconds)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="$here/gnupg"
gpg_bin=${GPG:-gpg}

# Fixed clocks (UTC).
t_main=1768471200    # 2026-01-15T10:00:00Z: creation time of the ordinary keys
t_past=1579082400    # 2020-01-15T10:00:00Z: creation time of the expired key / expired subkey

home=$(mktemp -d)
chmod 700 "$home"
cleanup() {
  local status=$?
  # gpg's messages go to a log; show it when something failed.
  if [ "$status" -ne 0 ] && [ -s "$home/gpg.log" ]; then
    echo "generate-gnupg.sh failed; gpg said:" >&2
    cat "$home/gpg.log" >&2
  fi
  GNUPGHOME="$home" gpgconf --kill all >/dev/null 2>&1 || true
  rm -rf "$home"
}
trap cleanup EXIT
export GNUPGHOME="$home"
# Keep the output independent of the caller's locale and of any gpg.conf.
export LC_ALL=C.UTF-8

# gpg_at EPOCH ARGS...: run gpg unattended with the clock frozen at EPOCH.
gpg_at() {
  local t=$1
  shift
  "$gpg_bin" --batch --quiet --no-tty --utf8-strings --pinentry-mode loopback --passphrase '' \
    --faked-system-time "${t}!" "$@" 2>>"$home/gpg.log"
}

# fpr_of UID: fingerprint of the (unique) key holding exactly that user id.
fpr_of() {
  "$gpg_bin" --batch --with-colons --fixed-list-mode --list-keys "=$1" 2>>"$home/gpg.log" |
    awk -F: '$1 == "fpr" { print $10; exit }'
}

# new_key NAME EPOCH ALGO USAGE EXPIRE: make a primary key for "<NAME> <NAME@keys.example>".
# Prints its fingerprint.
new_key() {
  local name=$1 t=$2 algo=$3 usage=$4 expire=$5
  local uid="Test ${name} <${name}@keys.example>"
  gpg_at "$t" --quick-gen-key "$uid" "$algo" "$usage" "$expire"
  fpr_of "$uid"
}

# export_key NAME FPR: write gnupg/NAME.pub.asc and gnupg/NAME.sec.asc.
export_key() {
  local name=$1 fpr=$2
  "$gpg_bin" --batch --armor --export "$fpr" >"$out/$name.pub.asc"
  "$gpg_bin" --batch --pinentry-mode loopback --passphrase '' --armor \
    --export-secret-keys "$fpr" >"$out/$name.sec.asc"
  printf '  %-22s %s\n' "$name" "$fpr"
}

# A fresh, complete output directory every run (stale keys would not match this script).
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
echo "writing keys to $out"

# 1. RSA: sign/cert primary + RSA encryption subkey (what `gpg --full-gen-key` makes).
for bits in 2048 3072 4096; do
  name="rsa$bits"
  fpr=$(new_key "$name" "$t_main" "rsa$bits" sign,cert never)
  gpg_at "$t_main" --quick-add-key "$fpr" "rsa$bits" encr never
  export_key "$name" "$fpr"
done

# 2. Ed25519 primary + Curve25519 (legacy ECDH) encryption subkey, GnuPG 2.2's default.
fpr=$(new_key ed25519 "$t_main" ed25519 sign,cert never)
gpg_at "$t_main" --quick-add-key "$fpr" cv25519 encr never
export_key ed25519 "$fpr"

# 3. NIST curves: ECDSA primary + ECDH subkey. nistp384 also gets an expiry date (10 years,
#    not reached) so a non-empty, non-expired `expires` is covered.
for curve in nistp256 nistp384 nistp521; do
  expire=never
  [ "$curve" = nistp384 ] && expire=10y
  fpr=$(new_key "$curve" "$t_main" "$curve" sign,cert "$expire")
  gpg_at "$t_main" --quick-add-key "$fpr" "$curve" encr "$expire"
  export_key "$curve" "$fpr"
done

# 4. DSA primary + ElGamal subkey (the server's DSA and ELGAMAL types).
fpr=$(new_key dsa-elgamal "$t_main" dsa2048 sign,cert never)
gpg_at "$t_main" --quick-add-key "$fpr" elg2048 encr never
export_key dsa-elgamal "$fpr"

# 5. Expired: made on 2020-01-15 with a 1-year expiry (primary and subkey), so long expired.
fpr=$(new_key expired "$t_past" ed25519 sign,cert 1y)
gpg_at "$t_past" --quick-add-key "$fpr" cv25519 encr 1y
export_key expired "$fpr"

# 6. Revoked: import the revocation certificate gpg wrote at generation time. Its armor
#    line starts with ':' so that it cannot be imported by accident; remove that.
fpr=$(new_key revoked "$t_main" ed25519 sign,cert never)
gpg_at "$t_main" --quick-add-key "$fpr" cv25519 encr never
sed 's/^://' "$GNUPGHOME/openpgp-revocs.d/$fpr.rev" >"$home/revoked.rev"
gpg_at "$((t_main + 60))" --import "$home/revoked.rev"
export_key revoked "$fpr"

# 7. Expired encryption subkey: primary (2020, never expires) + cv25519 subkey that
#    expired in 2021.
fpr=$(new_key expired-subkey "$t_past" ed25519 sign,cert never)
gpg_at "$t_past" --quick-add-key "$fpr" cv25519 encr 1y
export_key expired-subkey "$fpr"

# 8. Rotated subkeys: an expired encryption subkey (2020 + 1 year), a current one (2026), and
#    separate signing and authentication subkeys: several subkeys in order, and the `a` flag.
fpr=$(new_key rotated-subkeys "$t_past" ed25519 cert never)
gpg_at "$t_past" --quick-add-key "$fpr" cv25519 encr 1y
gpg_at "$t_main" --quick-add-key "$fpr" cv25519 encr never
gpg_at "$t_main" --quick-add-key "$fpr" ed25519 sign never
gpg_at "$t_main" --quick-add-key "$fpr" ed25519 auth never
export_key rotated-subkeys "$fpr"

# 9. Two user ids, the second one made primary afterwards (each step a minute later, so the
#    newest self-signatures are unambiguous). The user ids carry non-ASCII text and a ':',
#    which gpg's colon listing escapes as \x3a.
first="Zoë First (original) <first@keys.example>"
second="Second Identity (role: primary) <second@keys.example>"
gpg_at "$t_main" --quick-gen-key "$first" rsa3072 sign,cert never
fpr=$(fpr_of "$first")
gpg_at "$t_main" --quick-add-key "$fpr" rsa3072 encr never
gpg_at "$((t_main + 60))" --quick-add-uid "$fpr" "$second"
gpg_at "$((t_main + 120))" --quick-set-primary-uid "$fpr" "$second"
export_key two-uids "$fpr"

echo "done in $(($(date +%s) - start)) s"
