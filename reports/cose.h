/* SPDX-License-Identifier: MIT */
/*
 * COSE_Sign1 (RFC 9052 §4.2, tagged: CBOR tag 18) with OpenSSL 3.0, as
 * research/reports.md §1.1, §3 and §7.2 decide:
 *
 *   18([ bstr .cbor {1: alg, 3: content type, 4: kid},   protected
 *        {},                                             unprotected
 *        bstr payload,
 *        bstr signature ])
 *
 * alg: EdDSA (-8, the default) or Ed25519 (-19) with an Ed25519 key, ES384
 * (-35) or ESP384 (-51) with a P-384 key (signature r || s, 96 bytes).
 * kid: SHA-256 of the public key's DER SubjectPublicKeyInfo, a hint only:
 * the verifier is given the key.  Ed25519 signatures are deterministic, so
 * a report signed twice is the same bytes; ECDSA on OpenSSL 3.0 is not.
 *
 * Key material follows libfido2's discipline: keys live in EVP_PKEY only,
 * raw secrets are never copied out, and buffers that held them are wiped.
 */
#ifndef CERTIFY_COSE_H
#define CERTIFY_COSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "certify/diag.h"
#include "certify/strbuf.h"

#define COSE_ALG_EDDSA (-8)
#define COSE_ALG_ED25519 (-19)
#define COSE_ALG_ES384 (-35)
#define COSE_ALG_ESP384 (-51)

#define COSE_KID_SIZE 32
/* The largest message cose_verify1() reads. */
#define COSE_MAX_MESSAGE (64u << 20)

struct cose_key {
	void *pkey;		/* EVP_PKEY */
	bool ed25519;		/* else EC P-384 */
	bool private;
	uint8_t kid[COSE_KID_SIZE];
};

/*
 * Reads a PEM private key (PKCS#8 "PRIVATE KEY" or "EC PRIVATE KEY", as
 * `openssl genpkey` writes) for Ed25519 or P-384.  @loose is set when the
 * file is readable by group or others (the caller warns).  -1 with @d set
 * ("file: what is wrong") on any error.
 */
int cose_key_load_private(const char *path, struct cose_key *k, bool *loose,
			  struct diag *d);
/* Reads a PEM public key ("PUBLIC KEY", SubjectPublicKeyInfo). */
int cose_key_load_public(const char *path, struct cose_key *k,
			 struct diag *d);
void cose_key_release(struct cose_key *k);

/* The algorithm's name ("EdDSA", "Ed25519", "ES384", "ESP384") or NULL. */
const char *cose_alg_name(int alg);
/* Parses "-8", "EdDSA", "-19", "Ed25519", "-35", "ES384", "-51",
 * "ESP384"; -1 if none. */
int cose_alg_parse(const char *s, int *alg);
/* True when @alg is for @k's key type. */
bool cose_alg_fits(int alg, const struct cose_key *k);

/*
 * Appends the tagged COSE_Sign1 of @payload to @out, signed with @k (a
 * private key) under @alg, with @content_type in the protected header
 * (NULL: none; at most 127 bytes of UTF-8).  Returns 0, or -1 with @d set.
 */
int cose_sign1(const struct cose_key *k, int alg, const char *content_type,
	       const uint8_t *payload, size_t len, struct strbuf *out,
	       struct diag *d);

/* A COSE_Sign1 message taken apart (pointers into the message). */
struct cose_sign1 {
	int alg;
	const char *content_type;	/* NUL-terminated copy, or NULL */
	uint8_t kid[COSE_KID_SIZE];
	bool has_kid;
	const uint8_t *protected;	/* the bstr's contents as received */
	size_t protected_len;
	const uint8_t *payload;
	size_t payload_len;
	const uint8_t *signature;
	size_t signature_len;
	char ctype_buf[128];
};

/*
 * Takes a message apart after strict checks: within COSE_MAX_MESSAGE,
 * deterministic CBOR throughout (reports/cbor.h), tag 18, four elements,
 * a protected map with alg (1) and only known labels (1, 3, 4; crit (2)
 * is refused: certify understands no extension), an empty unprotected
 * map, an embedded payload.  Does not check the signature.  Returns 0, or
 * -1 with @d saying what is wrong ("COSE_Sign1: what", since no file name
 * is known here; cose_sign1() and cose_verify1() phrase theirs alike).
 */
int cose_parse1(const uint8_t *msg, size_t len, struct cose_sign1 *m,
		struct diag *d);

/*
 * Parses @msg and checks its signature with the public key @k: the
 * algorithm must fit the key (no curve or key-type substitution), the
 * signature is checked over Sig_structure built from the protected bytes
 * as received.  A kid in the message that is not @k's makes it invalid.
 * @m (may be NULL) receives the parts.  Returns 0 valid, 1 invalid (@d
 * says why: any cose_parse1() refusal is a 1 too), -1 on an internal
 * error.
 */
int cose_verify1(const uint8_t *msg, size_t len, const struct cose_key *k,
		 struct cose_sign1 *m, struct diag *d);

/*
 * The pieces cose_sign1() and cose_verify1() are built from, exposed for
 * the known-answer tests: the cose-wg vectors carry an unprotected kid (and
 * eddsa-sig-01 an integer content type), which cose_parse1() refuses, so
 * tests/unit/test_cose.c checks their ToBeSigned bytes and signatures with
 * these directly.
 *
 * cose_tbs1() appends ToBeSigned, the encoded Sig_structure
 * ["Signature1", @protected (the bstr's contents), h'' (no external_aad),
 * @payload] (RFC 9052 §4.4); -1 only when @out has failed.
 */
int cose_tbs1(const uint8_t *protected, size_t plen, const uint8_t *payload,
	      size_t len, struct strbuf *out);
/* Appends the signature of @tbs under @alg (Ed25519: 64 bytes; ES384 and
 * ESP384: r || s, 96 bytes).  Returns 0, or -1 with @d set. */
int cose_sign_tbs(const struct cose_key *k, int alg, const uint8_t *tbs,
		  size_t len, struct strbuf *sig, struct diag *d);
/* Checks @sig over @tbs: 0 valid, 1 invalid (@d says why), -1 internal
 * error. */
int cose_verify_tbs(const struct cose_key *k, int alg, const uint8_t *tbs,
		    size_t len, const uint8_t *sig, size_t siglen,
		    struct diag *d);

/* SHA-256 of @p; returns 0 or -1. */
int cose_sha256(const void *p, size_t len, uint8_t out[32]);

#endif
