#!/usr/bin/env bash
# Generates GnuPG interoperability vectors in tests/vectors/messages/gnupg/: keys
# (keys/*.asc + keys/keys.json), encrypted messages, signed messages and detached signatures,
# described by gnupg/manifest.json (format: ../README.md).
#
# What it proves: nothing by itself. It makes messages with an implementation we did not write
# (GnuPG 2.2, what the Passbolt server runs), so that our decrypt/verify code can be tested
# against them natively and in wasm. Every vector is decrypted/verified again by GnuPG right
# after it is written, in a separate GNUPGHOME that holds all public keys but only the one
# secret key named in the entry, with passphrase caching off (so the recorded passphrase is what
# unlocks it); `cross-check.mjs` then replays everything with OpenPGP.js.
#
# Unattended and offline: throwaway GNUPGHOMEs, --batch, --pinentry-mode loopback, and
# --faked-system-time with a frozen clock (keys 2026-01-15T10:00:00Z, messages 2026-01-20T12:00Z).
# Key material, salts and session keys are random, so file contents change on every run. The
# binary plaintexts are a fixed AES-256-CTR keystream (the same bytes as the OpenPGP.js ones).
#
# GnuPG 2.2 cannot write AEAD (no --force-aead / --aead-algo before 2.3) and cannot encrypt with
# a chosen session key (--override-session-key only applies to decryption): see ../README.md.
#
# Usage: bash tests/vectors/messages/generate-gnupg.sh   (needs gpg 2.2+, jq, openssl; ~30 s)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="$here/gnupg"
gpg_bin=${GPG:-gpg}
producer="gnupg $("$gpg_bin" --version | awk 'NR == 1 { print $3 }')"

t_key=1768471200 # 2026-01-15T10:00:00Z
t_msg=1768910400 # 2026-01-20T12:00:00Z

work=$(mktemp -d)
chmod 700 "$work"
homes=()
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -s "$work/gpg.log" ]; then
    echo "generate-gnupg.sh failed; last gpg messages:" >&2
    tail -n 30 "$work/gpg.log" >&2
  fi
  for h in "${homes[@]}"; do GNUPGHOME="$h" gpgconf --kill all >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8

# new_home NAME: a fresh GNUPGHOME whose agent caches no passphrase. Prints its path.
new_home() {
  local h="$work/home-$1"
  mkdir -p "$h"
  chmod 700 "$h"
  printf 'default-cache-ttl 0\nmax-cache-ttl 0\nallow-loopback-pinentry\n' >"$h/gpg-agent.conf"
  homes+=("$h")
  printf '%s' "$h"
}

main_home=$(new_home main)
homes=("$main_home")

# g HOME EPOCH ARGS...: gpg, unattended, clock frozen at EPOCH.
g() {
  local h=$1 t=$2
  shift 2
  GNUPGHOME="$h" "$gpg_bin" --batch --no-tty --utf8-strings --pinentry-mode loopback \
    --trust-model always --faked-system-time "${t}!" "$@" 2>>"$work/gpg.log"
}

rm -rf "$out"
mkdir -p "$out/keys" "$out/data"
start=$(date +%s)
echo "writing $producer vectors to $out"

# ---------------------------------------------------------------------------------------------
# Keys: NAME -> passphrase, fingerprint

declare -A PASS FPR ALGO_DESC
PASS[rsa2048]='gnupg rsa2048 passphrase'
PASS[rsa3072]='gnupg rsa3072 passphrase'
PASS[ed25519]='gnupg ed25519 Pässphräse €'
PASS[nistp256]='gnupg nistp256 passphrase'
ALGO_DESC[rsa2048]='v4, RSA 2048 sign+certify primary + RSA 2048 encryption subkey'
ALGO_DESC[rsa3072]='v4, RSA 3072 sign+certify primary + RSA 3072 encryption subkey'
ALGO_DESC[ed25519]='v4, EdDSA legacy Ed25519 primary + ECDH cv25519 subkey (GnuPG 2.2 default); non-ASCII passphrase'
ALGO_DESC[nistp256]='v4, ECDSA P-256 primary + ECDH P-256 subkey'
KEY_NAMES=(rsa2048 rsa3072 ed25519 nistp256)

make_key() {
  local name=$1 primary=$2 sub=$3
  local uid="Test ${name} <${name}@gnupg-messages.example>"
  g "$main_home" "$t_key" --passphrase "${PASS[$name]}" --quick-gen-key "$uid" "$primary" sign,cert never
  local fpr
  fpr=$(GNUPGHOME="$main_home" "$gpg_bin" --batch --with-colons --list-keys "=$uid" 2>>"$work/gpg.log" |
    awk -F: '$1 == "fpr" { print $10; exit }')
  g "$main_home" "$t_key" --passphrase "${PASS[$name]}" --quick-add-key "$fpr" "$sub" encr never
  FPR[$name]=$fpr
  g "$main_home" "$t_key" --armor --export "$fpr" >"$out/keys/$name.pub.asc"
  g "$main_home" "$t_key" --passphrase "${PASS[$name]}" --armor --export-secret-keys "$fpr" >"$out/keys/$name.sec.asc"
  printf '  key %-9s %s\n' "$name" "$fpr"
}
make_key rsa2048 rsa2048 rsa2048
make_key rsa3072 rsa3072 rsa3072
make_key ed25519 ed25519 cv25519
make_key nistp256 nistp256 nistp256

# keys.json, with what `gpg --list-packets` says about the secret-key protection.
: >"$work/keys.jsonl"
for name in "${KEY_NAMES[@]}"; do
  lp=$(GNUPGHOME="$main_home" "$gpg_bin" --batch --list-packets "$out/keys/$name.sec.asc" 2>/dev/null)
  s2k_line=$(printf '%s\n' "$lp" | grep -m1 'iter+salt S2K' | sed 's/^[[:space:]]*//')
  count_line=$(printf '%s\n' "$lp" | grep -m1 'protect count' | sed 's/^[[:space:]]*//')
  count_byte=$(printf '%s\n' "$count_line" | sed -n 's/.*(\([0-9]*\)).*/\1/p')
  jq -n --arg name "$name" --arg pass "${PASS[$name]}" --arg fpr "${FPR[$name]}" --arg s2k "iterated-$count_byte" \
    --arg lp "$s2k_line; $count_line" --arg desc "${ALGO_DESC[$name]}" \
    '{name: $name, file: "keys/\($name).sec.asc", public_file: "keys/\($name).pub.asc", passphrase: $pass,
      s2k: $s2k, s2k_list_packets: $lp, fingerprint: $fpr, key_version: 4, description: $desc,
      notes: "gpg-agent calibrates the S2K count on each machine (about 100 ms), so the count byte can differ between runs"}' \
    >>"$work/keys.jsonl"
done
jq -s . "$work/keys.jsonl" >"$out/keys/keys.json"

# Check homes: every public key + exactly one secret key; one more home with no secret key.
declare -A CHECK_HOME
nokey_home=$(new_home nokey)
for name in "${KEY_NAMES[@]}"; do
  g "$nokey_home" "$t_key" --import "$out/keys/$name.pub.asc"
done
for name in "${KEY_NAMES[@]}"; do
  h=$(new_home "check-$name")
  for other in "${KEY_NAMES[@]}"; do g "$h" "$t_key" --import "$out/keys/$other.pub.asc"; done
  g "$h" "$t_key" --import "$out/keys/$name.sec.asc"
  CHECK_HOME[$name]=$h
done

# ---------------------------------------------------------------------------------------------
# Plaintexts

fixed_bytes() { # N: N bytes of AES-256-CTR keystream, key = SHA-256("passbolt-core message vectors"), IV 0
  local key
  key=$(printf '%s' 'passbolt-core message vectors' | openssl dgst -sha256 -r | cut -d' ' -f1)
  head -c "$1" /dev/zero | openssl enc -aes-256-ctr -K "$key" -iv 00000000000000000000000000000000 -nosalt
}
fixed_bytes 1024 >"$work/bin1k"
fixed_bytes 102400 >"$out/data/binary-100k.bin"
JSON_V4='{"password":"gpg-Tr0ub4dor&3 \"quoted\" \\ back","description":"Passbolt v4 secret made by GnuPG"}'
JSON_V5='{"object_type":"PASSBOLT_SECRET_DATA","password":"gpg correct horse","description":"Passbolt v5 secret: ünïcödé 🔐","custom_fields":[]}'
counter=0

# ---------------------------------------------------------------------------------------------
# Messages

: >"$work/messages.jsonl"
: >"$work/signatures.jsonl"

# status_field STATUSFILE KEYWORD N: the Nth word after "[GNUPG:] KEYWORD".
status_field() { awk -v k="$2" -v n="$3" '$1 == "[GNUPG:]" && $2 == k { print $(n + 2); exit }' "$1"; }

# Vector options, set before calling `vector` (reset afterwards):
#   V_NAME, V_TO (key names), V_SIGNER, V_COMP (none|zip|zlib|bzip2), V_PLAIN (file),
#   V_TEXT (the text, or empty when binary), V_PASSWORD (symmetric), V_EXTRA (more gpg args),
#   V_DECRYPT (list: key:<name> | password | session_key), V_NOTES, V_PLAIN_FILE (data/... to
#   reference instead of inline hex)
reset_vector() {
  V_NAME='' V_TO=() V_SIGNER='' V_COMP=none V_PLAIN='' V_TEXT='' V_PASSWORD='' V_EXTRA=()
  V_DECRYPT=() V_NOTES='' V_PLAIN_FILE=''
}
reset_vector

text_plain() { # TEXT: use TEXT as the plaintext
  V_TEXT=$1
  V_PLAIN="$work/plain-$V_NAME"
  printf '%s' "$1" >"$V_PLAIN"
}
next_secret() { counter=$((counter + 1)); text_plain "Passbolt secret #$counter (GnuPG)"; }

vector() {
  local file="$V_NAME.asc" args=(--armor --compress-algo "$V_COMP" -o "$out/$V_NAME.asc")
  local r
  for r in "${V_TO[@]}"; do args+=(-r "${FPR[$r]}"); done
  if [ "${#V_TO[@]}" -gt 0 ]; then args+=(--encrypt); fi
  if [ -n "$V_PASSWORD" ]; then args+=(--symmetric); fi
  if [ -n "$V_SIGNER" ]; then args+=(--sign -u "${FPR[$V_SIGNER]}"); fi
  # One loopback passphrase serves both the signing key and --symmetric, so a signed
  # symmetric message uses the signer's passphrase as its password.
  local pass="${V_PASSWORD:-}"
  if [ -n "$V_SIGNER" ]; then
    if [ -n "$V_PASSWORD" ] && [ "$V_PASSWORD" != "${PASS[$V_SIGNER]}" ]; then
      echo "$V_NAME: signed+symmetric needs password == signer passphrase" >&2
      exit 1
    fi
    pass=${PASS[$V_SIGNER]}
  fi
  [ -n "$pass" ] && args+=(--passphrase "$pass")
  g "$main_home" "$t_msg" "${V_EXTRA[@]}" "${args[@]}" "$V_PLAIN"

  # What is in it (outer packets only: no secret key in this home).
  local outer recipients enc
  outer=$(GNUPGHOME="$nokey_home" "$gpg_bin" --batch --list-packets "$out/$file" 2>/dev/null || true)
  recipients=$(printf '%s\n' "$outer" | grep -c -e ':pubkey enc packet:' -e ':symkey enc packet:' || true)
  if printf '%s\n' "$outer" | grep -q 'mdc_method: 2'; then enc=seipdv1; else enc=unknown; fi
  local packets
  packets=$(printf '%s\n' "$outer" | sed -n \
    -e 's/^:pubkey enc packet: version \([0-9]*\), algo \([0-9]*\),.*/PKESKv\1(pk algo \2)/p' \
    -e 's/^:symkey enc packet: version \([0-9]*\), cipher \([0-9]*\), aead [0-9]*, *s2k \([0-9]*\), hash \([0-9]*\).*/SKESKv\1(cipher \2, s2k mode \3, hash \4)/p' \
    -e 's/^:encrypted data packet:.*/SEIPDv1/p' | paste -sd' ')

  local plaintext_json
  if [ -n "$V_TEXT" ]; then
    plaintext_json=$(jq -n --arg t "$V_TEXT" '{plaintext: $t}')
  elif [ -n "$V_PLAIN_FILE" ]; then
    plaintext_json=$(jq -n --arg f "$V_PLAIN_FILE" --arg h "$(sha256sum "$V_PLAIN" | cut -d' ' -f1)" '{plaintext_file: $f, plaintext_sha256: $h}')
  else
    plaintext_json=$(jq -n --arg h "$(od -An -v -tx1 "$V_PLAIN" | tr -d ' \n')" '{plaintext_hex: $h}')
  fi

  local session_key='' how
  for how in "${V_DECRYPT[@]}"; do
    local h="$nokey_home" dargs=() decrypt_with entry_name="$V_NAME"
    [ "${#V_DECRYPT[@]}" -gt 1 ] && entry_name="${V_NAME}__${how#key:}"
    case $how in
      key:*)
        local k=${how#key:}
        h=${CHECK_HOME[$k]}
        dargs=(--passphrase "${PASS[$k]}")
        decrypt_with=$(jq -n --arg f "keys/$k.sec.asc" --arg p "${PASS[$k]}" '{key: $f, passphrase: $p}')
        ;;
      password)
        dargs=(--passphrase "$V_PASSWORD")
        decrypt_with=$(jq -n --arg p "$V_PASSWORD" '{password: $p}')
        ;;
      session_key)
        [ -n "$session_key" ] || { echo "$V_NAME: session key not known yet" >&2; exit 1; }
        dargs=(--override-session-key "$session_key")
        decrypt_with=$(jq -n --arg s "$session_key" '{session_key: $s}')
        ;;
    esac
    # Self-check: decrypt (and verify) in the check home, compare the plaintext.
    rm -f "$work/dec" "$work/status"
    g "$h" "$t_msg" "${dargs[@]}" --show-session-key --status-file "$work/status" -o "$work/dec" -d "$out/$file"
    cmp -s "$work/dec" "$V_PLAIN" || { echo "$entry_name: plaintext mismatch" >&2; exit 1; }
    grep -q '^\[GNUPG:\] DECRYPTION_OKAY' "$work/status" || { echo "$entry_name: no DECRYPTION_OKAY" >&2; exit 1; }
    local sk
    sk=$(status_field "$work/status" SESSION_KEY 1)
    [ -z "$session_key" ] && session_key=$sk
    [ "$sk" = "$session_key" ] || { echo "$entry_name: session key $sk != $session_key" >&2; exit 1; }
    if [ -n "$V_SIGNER" ]; then
      local primary
      primary=$(status_field "$work/status" VALIDSIG 10)
      [ "$primary" = "${FPR[$V_SIGNER]}" ] || { echo "$entry_name: VALIDSIG $primary" >&2; exit 1; }
    elif grep -q '^\[GNUPG:\] \(GOOD\|BAD\|VALID\)SIG' "$work/status"; then
      echo "$entry_name: unexpected signature" >&2
      exit 1
    fi
    # Compression and literal format, from the decrypted packet dump.
    local inner comp lit
    inner=$(g "$h" "$t_msg" "${dargs[@]}" --list-packets "$out/$file")
    comp=$(printf '%s\n' "$inner" | sed -n 's/^:compressed packet: algo=\([0-9]*\).*/\1/p' | head -1)
    case ${comp:-0} in 0) comp=none ;; 1) comp=zip ;; 2) comp=zlib ;; 3) comp=bzip2 ;; esac
    [ "$comp" = "$V_COMP" ] || { echo "$entry_name: compression $comp != $V_COMP" >&2; exit 1; }
    lit=$(printf '%s\n' "$inner" | sed -n 's/^[[:space:]]*mode \([a-z0-9]\) .*/\1/p' | head -1)

    jq -n --arg name "$entry_name" --arg producer "$producer" --arg msg "$file" \
      --argjson dw "$decrypt_with" --argjson pt "$plaintext_json" --arg lit "$lit" --arg sk "$session_key" \
      --arg signed_by "${V_SIGNER:+keys/$V_SIGNER.pub.asc}" --arg sfpr "${V_SIGNER:+${FPR[$V_SIGNER]}}" \
      --arg comp "$V_COMP" --arg enc "$enc" --argjson rc "$recipients" --arg packets "$packets" --arg notes "$V_NOTES" \
      '{name: $name, producer: $producer, message: $msg, decrypt_with: $dw} + $pt +
       {literal_format: (if $lit == "b" then "binary" elif $lit == "t" then "text" elif $lit == "u" then "utf8" else $lit end),
        session_key: $sk, session_key_aead: null,
        signed_by: (if $signed_by == "" then null else $signed_by end),
        signer_fingerprint: (if $sfpr == "" then null else $sfpr end),
        compression: $comp, encryption: $enc, recipients: $rc, packets: $packets,
        cross_checked: null, notes: $notes}' >>"$work/messages.jsonl"
  done
  reset_vector
}

# 1. Every key shape, unsigned (uncompressed) and signed by another key (zlib, GnuPG's usual).
for k in "${KEY_NAMES[@]}"; do
  V_NAME="gpg_${k}" V_TO=("$k") V_DECRYPT=("key:$k") V_NOTES="to $k, no signature, --compress-algo none"
  next_secret
  vector
  signer=ed25519
  [ "$k" = ed25519 ] && signer=rsa3072
  V_NAME="gpg_${k}_signed_zlib" V_TO=("$k") V_SIGNER=$signer V_COMP=zlib V_DECRYPT=("key:$k")
  V_NOTES="to $k, signed by $signer, zlib"
  next_secret
  vector
done

# 2. Compression: every algorithm gpg can write, signed, to the ed25519 key; bzip2 unsigned to RSA.
for c in none zip bzip2; do
  V_NAME="gpg_ed25519_signed_$c" V_TO=(ed25519) V_SIGNER=rsa2048 V_COMP=$c V_DECRYPT=(key:ed25519)
  V_NOTES="--compress-algo $c, signed by rsa2048"
  next_secret
  vector
done
V_NAME=gpg_rsa2048_bzip2 V_TO=(rsa2048) V_COMP=bzip2 V_DECRYPT=(key:rsa2048) V_NOTES='bzip2, unsigned'
next_secret
vector
V_NAME=gpg_nistp256_signed_zip V_TO=(nistp256) V_SIGNER=nistp256 V_COMP=zip V_DECRYPT=(key:nistp256)
V_NOTES='zip, signed by the recipient key itself (ECDSA P-256)'
next_secret
vector

# 3. Other ciphers (recipient preferences overridden with --cipher-algo).
for c in AES128 AES192; do
  V_NAME="gpg_rsa3072_$(printf '%s' "$c" | tr 'A-Z' 'a-z')" V_TO=(rsa3072) V_SIGNER=ed25519 V_COMP=zlib V_DECRYPT=(key:rsa3072)
  V_EXTRA=(--cipher-algo "$c") V_NOTES="--cipher-algo $c (session key algorithm id in session_key), signed by ed25519"
  next_secret
  vector
done
V_NAME=gpg_ed25519_sha512 V_TO=(ed25519) V_SIGNER=rsa3072 V_DECRYPT=(key:ed25519) V_EXTRA=(--digest-algo SHA512)
V_NOTES='signature made with --digest-algo SHA512'
next_secret
vector

# 4. Passbolt-shaped plaintexts, text literal mode, binary data.
V_NAME=gpg_ed25519_signed_json_v4 V_TO=(ed25519) V_SIGNER=nistp256 V_COMP=zlib V_DECRYPT=(key:ed25519)
V_NOTES='Passbolt v4 secret {password, description}'
text_plain "$JSON_V4"
vector
V_NAME=gpg_rsa3072_signed_json_v5_textmode V_TO=(rsa3072) V_SIGNER=ed25519 V_DECRYPT=(key:rsa3072) V_EXTRA=(--textmode)
V_NOTES='Passbolt v5 secret, non-ASCII; --textmode: literal format t and a text-mode (0x01) signature'
text_plain "$JSON_V5"
vector
V_NAME=gpg_nistp256_signed_binary_1k V_TO=(nistp256) V_SIGNER=rsa2048 V_PLAIN="$work/bin1k" V_DECRYPT=(key:nistp256)
V_NOTES='1 KiB binary (AES-256-CTR keystream, same bytes as the OpenPGP.js vector), uncompressed'
vector
V_NAME=gpg_ed25519_signed_binary_100k V_TO=(ed25519) V_SIGNER=ed25519 V_COMP=zlib V_PLAIN="$out/data/binary-100k.bin"
V_PLAIN_FILE=data/binary-100k.bin V_DECRYPT=(key:ed25519)
V_NOTES='100 KiB binary in data/binary-100k.bin, zlib (incompressible data, gpg compresses anyway), partial-length packets'
vector

# 5. Three recipients, one entry per recipient.
V_NAME=gpg_multi3_signed V_TO=(rsa3072 ed25519 nistp256) V_SIGNER=rsa2048 V_COMP=zlib
V_DECRYPT=(key:rsa3072 key:ed25519 key:nistp256) V_NOTES='three PKESKs (RSA, ECDH cv25519, ECDH P-256), signed by rsa2048'
next_secret
vector

# 6. Passwords (gpg --symmetric). The S2K count is calibrated by gpg-agent unless --s2k-count.
V_NAME=gpg_password V_PASSWORD='gnupg symmetric password' V_DECRYPT=(password session_key)
V_NOTES='gpg --symmetric, AES-256, iterated+salted S2K (agent-calibrated count), uncompressed'
next_secret
vector
V_NAME=gpg_password_zlib_aes128_s2k V_PASSWORD='Pässwört €' V_COMP=zlib V_DECRYPT=(password)
V_EXTRA=(--cipher-algo AES128 --s2k-digest-algo SHA256 --s2k-count 1024)
V_NOTES='non-ASCII password, AES-128, S2K SHA-256 with the minimum count (1024, byte 0), zlib'
next_secret
vector
V_NAME=gpg_password_signed_bzip2 V_PASSWORD="${PASS[nistp256]}" V_SIGNER=nistp256 V_COMP=bzip2 V_DECRYPT=(password)
V_NOTES='symmetric + signed by nistp256 (gpg uses the one loopback passphrase for both, so the password equals that key passphrase), bzip2'
text_plain "$JSON_V4"
vector
V_NAME=gpg_password_and_key V_PASSWORD='gnupg shared password' V_TO=(rsa2048) V_DECRYPT=(password key:rsa2048 session_key)
V_NOTES='gpg --symmetric --encrypt: one SKESK + one PKESK for the same session key'
next_secret
vector

# 7. Known session key: GnuPG 2.2 cannot encrypt with a chosen one, so these entries use the
#    random session key reported by `gpg --show-session-key` (checked with --override-session-key).
V_NAME=gpg_session_key V_TO=(ed25519) V_SIGNER=rsa3072 V_COMP=zlib V_DECRYPT=(key:ed25519 session_key)
V_NOTES='decrypt with the session key from gpg --show-session-key (as the Passbolt server stores them)'
text_plain "$JSON_V5"
vector
V_NAME=gpg_session_key_aes128 V_TO=(nistp256) V_DECRYPT=(key:nistp256 session_key) V_EXTRA=(--cipher-algo AES128)
V_NOTES='AES-128 session key (7:...)'
next_secret
vector

# ---------------------------------------------------------------------------------------------
# Signatures (not encrypted). Checked with gpg --verify in the no-secret-key home.

printf 'Passbolt detached data (GnuPG)\nsecond line with ünïcödé\n' >"$out/data/detached.txt"
printf 'Passbolt detached data (GnuPG)\nsecond line with ünïcödé!\n' >"$out/data/detached-tampered.txt"

# sig_entry NAME KIND FILE DATA_FILE SIGNER VALID SIGTYPE EXPECTED_PLAINTEXT NOTES
# For inline and cleartext, the recorded plaintext is what `gpg --decrypt` outputs.
sig_entry() {
  local name=$1 kind=$2 file=$3 data=$4 signer=$5 valid=$6 sigtype=$7 plain=$8 notes=$9
  local ok=false
  rm -f "$work/dec"
  : >"$work/dec"
  if [ "$kind" = detached ]; then
    g "$nokey_home" "$t_msg" --status-file "$work/status" --verify "$out/$file" "$out/$data" && ok=true || true
  else
    g "$nokey_home" "$t_msg" --status-file "$work/status" -o "$work/dec" --yes --decrypt "$out/$file" && ok=true || true
  fi
  if $ok && [ "$(status_field "$work/status" VALIDSIG 10)" != "${FPR[$signer]}" ]; then ok=false; fi
  [ "$ok" = "$valid" ] || { echo "$name: gpg says valid=$ok, expected $valid" >&2; exit 1; }
  if [ -n "$plain" ]; then
    [ "$(cat "$work/dec")" = "$plain" ] || { echo "$name: plaintext mismatch" >&2; exit 1; }
  fi
  jq -n --arg name "$name" --arg producer "$producer" --arg kind "$kind" --arg file "$file" --arg data "$data" \
    --rawfile plain "$work/dec" --arg signer "keys/$signer.pub.asc" --arg sfpr "${FPR[$signer]}" --arg st "$sigtype" \
    --argjson valid "$valid" --arg notes "$notes" \
    '{name: $name, producer: $producer, kind: $kind, file: $file,
      data_file: (if $data == "" then null else $data end), plaintext: (if $kind == "detached" then null else $plain end),
      signer: $signer, signer_fingerprint: $sfpr, signature_type: $st, valid: $valid, cross_checked: null, notes: $notes}' \
    >>"$work/signatures.jsonl"
}

for k in ed25519 rsa3072 nistp256 rsa2048; do
  g "$main_home" "$t_msg" --passphrase "${PASS[$k]}" -u "${FPR[$k]}" --armor --detach-sign \
    -o "$out/detached_$k.sig.asc" "$out/data/detached.txt"
  sig_entry "gpg_detached_$k" detached "detached_$k.sig.asc" data/detached.txt "$k" true binary '' ''
done
sig_entry gpg_detached_ed25519_tampered detached detached_ed25519.sig.asc data/detached-tampered.txt ed25519 false binary '' \
  'the signature of gpg_detached_ed25519 over data changed by one character: must NOT verify'
sig_entry gpg_detached_rsa3072_tampered detached detached_rsa3072.sig.asc data/detached-tampered.txt rsa3072 false binary '' \
  'the signature of gpg_detached_rsa3072 over data changed by one character: must NOT verify'
g "$main_home" "$t_msg" --passphrase "${PASS[rsa3072]}" -u "${FPR[rsa3072]}" --armor --textmode --detach-sign \
  -o "$out/detached_rsa3072_text.sig.asc" "$out/data/detached.txt"
sig_entry gpg_detached_rsa3072_text detached detached_rsa3072_text.sig.asc data/detached.txt rsa3072 true text '' \
  '--textmode: text signature (0x01), data hashed with CRLF line endings'

# Inline signed: gpg --sign compresses by default (zlib here), unlike OpenPGP.js.
for spec in ed25519:zlib nistp256:none rsa2048:bzip2; do
  k=${spec%%:*} c=${spec#*:}
  counter=$((counter + 1))
  plain="Passbolt signed #$counter (GnuPG)"
  printf '%s' "$plain" | g "$main_home" "$t_msg" --passphrase "${PASS[$k]}" -u "${FPR[$k]}" --armor --compress-algo "$c" \
    --sign -o "$out/inline_$k.asc"
  sig_entry "gpg_inline_$k" inline "inline_$k.asc" '' "$k" true binary "$plain" "gpg --sign (binary literal and signature), --compress-algo $c"
done
# An inline-signed message whose literal data was changed after signing (uncompressed, so the
# text can be edited in place; re-armored without a CRC problem because gpg re-armors it).
counter=$((counter + 1))
printf 'Passbolt signed #%s tampered (GnuPG)' "$counter" |
  g "$main_home" "$t_msg" --passphrase "${PASS[rsa3072]}" -u "${FPR[rsa3072]}" --compress-algo none --sign -o "$work/inline.gpg"
# flip one byte of the literal data: "tampered" -> "Tampered"
off=$(grep -obUa 'tampered' "$work/inline.gpg" | head -1 | cut -d: -f1)
printf 'T' | dd of="$work/inline.gpg" bs=1 seek="$off" conv=notrunc status=none
g "$main_home" "$t_msg" --enarmor <"$work/inline.gpg" >"$work/inline.enarmored"
# --enarmor writes "ARMORED FILE"; relabel it as a message.
sed -e 's/PGP ARMORED FILE/PGP MESSAGE/' -e '/^Comment: /d' "$work/inline.enarmored" >"$out/inline_rsa3072_tampered.asc"
sig_entry gpg_inline_rsa3072_tampered inline inline_rsa3072_tampered.asc '' rsa3072 false binary '' \
  'one byte of the literal data changed after signing ("tampered" -> "Tampered"): must NOT verify'

# Cleartext signed (gpg --clearsign): dash-escaping, trailing whitespace inside the text.
for k in ed25519 rsa3072; do
  counter=$((counter + 1))
  printf 'Passbolt cleartext #%s (GnuPG)\n- a line starting with a dash\ntrailing spaces   \nFrom the start of a line\n' "$counter" |
    g "$main_home" "$t_msg" --passphrase "${PASS[$k]}" -u "${FPR[$k]}" --clearsign -o "$out/cleartext_$k.asc"
  sig_entry "gpg_cleartext_$k" cleartext "cleartext_$k.asc" '' "$k" true text '' \
    'gpg --clearsign; dash-escaped line, a line with trailing spaces; plaintext = what gpg --decrypt outputs'
done
sed 's/^Passbolt cleartext/Passbolt Cleartext/' "$out/cleartext_ed25519.asc" >"$out/cleartext_ed25519_tampered.asc"
if cmp -s "$out/cleartext_ed25519.asc" "$out/cleartext_ed25519_tampered.asc"; then echo 'tamper failed' >&2; exit 1; fi
sig_entry gpg_cleartext_ed25519_tampered cleartext cleartext_ed25519_tampered.asc '' ed25519 false text '' \
  'gpg_cleartext_ed25519 with one letter of the text changed: must NOT verify'

# ---------------------------------------------------------------------------------------------

jq -n --arg producer "$producer" --slurpfile m "$work/messages.jsonl" --slurpfile s "$work/signatures.jsonl" \
  '{producer: $producer, key_date: "2026-01-15T10:00:00Z", message_date: "2026-01-20T12:00:00Z",
    session_key_format: "ALGO:HEX, decimal symmetric algorithm id, upper-case hex (gpg --show-session-key)",
    messages: $m, signatures: $s}' >"$out/manifest.json"
echo "$(jq '.messages | length' "$out/manifest.json") message entries, $(jq '.signatures | length' "$out/manifest.json") signature entries; done in $(($(date +%s) - start)) s"
