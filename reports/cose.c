// SPDX-License-Identifier: MIT
/*
 * COSE_Sign1 (RFC 9052 §4.2, §4.4; RFC 9053 §2.1, §2.2) with OpenSSL 3.0,
 * as research/reports.md §1.1, §3, §7.2 and §7.4 decide.  Every CBOR byte
 * is written with reports/cbor.h and every byte read goes through
 * cbor_validate() first, so the walk below only meets deterministic,
 * well-formed items whose lengths fit the message.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cbor.h"
#include "cose.h"

/* What messages about a message (not a file) are prefixed with. */
#define WHO "COSE_Sign1"
/* A PEM key is a few hundred bytes; anything this large is not one. */
#define KEY_FILE_MAX (64u << 10)
#define ED25519_SIG_SIZE 64
#define P384_SCALAR 48
#define ES384_SIG_SIZE (2 * P384_SCALAR)
/* The longest content type cose_parse1() can hand back. */
#define CTYPE_MAX (sizeof(((struct cose_sign1 *)0)->ctype_buf) - 1)
/* Room for the tag, the heads, the protected header and the signature. */
#define MESSAGE_OVERHEAD 512

/* ---- keys ---- */

/*
 * Reads the whole of @path into a new buffer; @st is fstat() of the very
 * descriptor read, so the mode checked is the file's that was read.  The
 * caller wipes and frees the buffer.
 */
static int read_key_file(const char *path, uint8_t **out, size_t *len,
			 struct stat *st, struct diag *d)
{
	uint8_t *buf = NULL;
	size_t n = 0;
	int fd, err = 0;
	const char *what = NULL;

	/* O_NONBLOCK: a FIFO must not hang the open; fstat refuses it. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		diag_set(d, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st)) {
		err = errno;
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		what = "not a regular file";
		goto out;
	}
	buf = malloc(KEY_FILE_MAX + 1);
	if (!buf) {
		err = ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, KEY_FILE_MAX + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > KEY_FILE_MAX) {
			what = "larger than 64 KiB: not a PEM key";
			goto out;
		}
	}
	close(fd);
	*out = buf;
	*len = n;
	return 0;
out:
	close(fd);
	if (buf) {
		OPENSSL_cleanse(buf, n);
		free(buf);
	}
	if (what)
		diag_set(d, path, 0, "%s", what);
	else
		diag_set(d, path, 0, "cannot read: %s", strerror(err));
	return -1;
}

/* Never prompts: an encrypted key is refused, and remembered as such. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	*(bool *)u = true;
	return -1;
}

/*
 * Accepts @pkey for @k when it is Ed25519 or EC on P-384 and computes the
 * kid; takes ownership of @pkey either way.
 */
static int key_take(const char *path, EVP_PKEY *pkey, struct cose_key *k,
		    struct diag *d)
{
	unsigned char *der = NULL;
	char group[80];
	size_t glen = 0;
	int n;

	if (EVP_PKEY_is_a(pkey, "ED25519")) {
		k->ed25519 = true;
	} else if (EVP_PKEY_is_a(pkey, "EC")) {
		if (!EVP_PKEY_get_group_name(pkey, group, sizeof(group),
					     &glen))
			strcpy(group, "without a named curve");
		if (strcmp(group, "secp384r1")) {
			diag_set(d, path, 0,
				 "EC key on %s: certify signs with Ed25519 or EC P-384 (secp384r1) keys only",
				 group);
			goto fail;
		}
	} else {
		const char *type = EVP_PKEY_get0_type_name(pkey);

		diag_set(d, path, 0,
			 "%s key: certify signs with Ed25519 or EC P-384 (secp384r1) keys only",
			 type ? type : "unknown");
		goto fail;
	}
	n = i2d_PUBKEY(pkey, &der);
	if (n <= 0 || cose_sha256(der, (size_t)n, k->kid)) {
		diag_set(d, path, 0, "cannot encode the public key");
		OPENSSL_free(der);
		goto fail;
	}
	OPENSSL_free(der);
	k->pkey = pkey;
	return 0;
fail:
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	memset(k, 0, sizeof(*k));
	return -1;
}

static int key_load(const char *path, bool private, struct cose_key *k,
		    bool *loose, struct diag *d)
{
	bool encrypted = false;
	EVP_PKEY *pkey = NULL;
	struct stat st;
	uint8_t *buf;
	size_t len;
	BIO *bio;

	memset(k, 0, sizeof(*k));
	if (loose)
		*loose = false;
	if (read_key_file(path, &buf, &len, &st, d))
		return -1;
	bio = BIO_new_mem_buf(buf, (int)len);
	if (bio) {
		if (private)
			pkey = PEM_read_bio_PrivateKey(bio, NULL,
						       no_passphrase,
						       &encrypted);
		else
			pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase,
						   &encrypted);
		BIO_free(bio);
	}
	/* Whatever the file held, it may have been a secret. */
	OPENSSL_cleanse(buf, len);
	free(buf);
	ERR_clear_error();
	if (!pkey) {
		if (!bio)
			diag_set(d, path, 0, "out of memory");
		else if (encrypted)
			diag_set(d, path, 0,
				 "the key is encrypted: certify reads unencrypted PEM keys only");
		else if (private)
			diag_set(d, path, 0,
				 "no PEM private key (\"PRIVATE KEY\" or \"EC PRIVATE KEY\")");
		else
			diag_set(d, path, 0,
				 "no PEM public key (\"PUBLIC KEY\")");
		return -1;
	}
	if (key_take(path, pkey, k, d))
		return -1;
	k->private = private;
	if (loose)
		*loose = (st.st_mode & 077) != 0;
	return 0;
}

int cose_key_load_private(const char *path, struct cose_key *k, bool *loose,
			  struct diag *d)
{
	return key_load(path, true, k, loose, d);
}

int cose_key_load_public(const char *path, struct cose_key *k,
			 struct diag *d)
{
	return key_load(path, false, k, NULL, d);
}

void cose_key_release(struct cose_key *k)
{
	EVP_PKEY_free(k->pkey);
	memset(k, 0, sizeof(*k));
}

/* ---- algorithms ---- */

static const struct {
	int alg;
	const char *name;
	bool ed25519;
} algs[] = {
	{ COSE_ALG_EDDSA, "EdDSA", true },
	{ COSE_ALG_ED25519, "Ed25519", true },
	{ COSE_ALG_ES384, "ES384", false },
	{ COSE_ALG_ESP384, "ESP384", false },
};

const char *cose_alg_name(int alg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algs); i++)
		if (algs[i].alg == alg)
			return algs[i].name;
	return NULL;
}

int cose_alg_parse(const char *s, int *alg)
{
	char num[8];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(algs); i++) {
		snprintf(num, sizeof(num), "%d", algs[i].alg);
		if (!strcmp(s, num) || !strcasecmp(s, algs[i].name)) {
			*alg = algs[i].alg;
			return 0;
		}
	}
	return -1;
}

bool cose_alg_fits(int alg, const struct cose_key *k)
{
	size_t i;

	if (!k->pkey)
		return false;
	for (i = 0; i < ARRAY_SIZE(algs); i++)
		if (algs[i].alg == alg)
			return algs[i].ed25519 == k->ed25519;
	return false;
}

static const char *key_kind(const struct cose_key *k)
{
	return k->ed25519 ? "an Ed25519 key" : "a P-384 key";
}

/* Unknown algorithm or one for the other key type: @d says which. */
static bool alg_usable(int alg, const struct cose_key *k, struct diag *d)
{
	const char *name = cose_alg_name(alg);

	if (!name) {
		diag_set(d, WHO, 0,
			 "unknown algorithm %d (certify knows EdDSA -8, Ed25519 -19, ES384 -35, ESP384 -51)",
			 alg);
		return false;
	}
	if (!cose_alg_fits(alg, k)) {
		diag_set(d, WHO, 0, "algorithm %s does not fit %s", name,
			 key_kind(k));
		return false;
	}
	return true;
}

/* ---- signatures ---- */

int cose_tbs1(const uint8_t *protected, size_t plen, const uint8_t *payload,
	      size_t len, struct strbuf *out)
{
	cbor_put_array(out, 4);
	cbor_put_tstr(out, "Signature1");
	cbor_put_bstr(out, protected ? (const void *)protected : "", plen);
	cbor_put_bstr(out, "", 0);
	cbor_put_bstr(out, payload ? (const void *)payload : "", len);
	return strbuf_failed(out) ? -1 : 0;
}

/* An ECDSA-Sig-Value (DER) as COSE's I2OSP(r, 48) || I2OSP(s, 48). */
static int ecdsa_der_to_raw(const uint8_t *der, size_t len,
			    uint8_t raw[ES384_SIG_SIZE])
{
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig;
	int ok;

	sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	if (!sig)
		return -1;
	ECDSA_SIG_get0(sig, &r, &s);
	ok = p == der + len &&
	     BN_bn2binpad(r, raw, P384_SCALAR) == P384_SCALAR &&
	     BN_bn2binpad(s, raw + P384_SCALAR, P384_SCALAR) == P384_SCALAR;
	ECDSA_SIG_free(sig);
	return ok ? 0 : -1;
}

/* The reverse: 96 raw bytes as DER, which the caller OPENSSL_free()s. */
static int ecdsa_raw_to_der(const uint8_t raw[ES384_SIG_SIZE],
			    unsigned char **der, size_t *len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, P384_SCALAR, NULL);
	BIGNUM *s = BN_bin2bn(raw + P384_SCALAR, P384_SCALAR, NULL);
	int n;

	if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(sig);
		return -1;
	}
	/* r and s belong to sig now. */
	*der = NULL;
	n = i2d_ECDSA_SIG(sig, der);
	ECDSA_SIG_free(sig);
	if (n <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

int cose_sign_tbs(const struct cose_key *k, int alg, const uint8_t *tbs,
		  size_t len, struct strbuf *sig, struct diag *d)
{
	uint8_t buf[256], raw[ES384_SIG_SIZE];
	size_t n = 0;
	EVP_MD_CTX *ctx;
	int ok;

	if (!k->pkey || !k->private) {
		diag_set(d, WHO, 0, "signing needs a private key");
		return -1;
	}
	if (!alg_usable(alg, k, d))
		return -1;
	ctx = EVP_MD_CTX_new();
	/* Ed25519 is pure EdDSA, one-shot, no digest; ES384 hashes with
	 * SHA-384 and yields DER. */
	ok = ctx &&
	     EVP_DigestSignInit(ctx, NULL, k->ed25519 ? NULL : EVP_sha384(),
				NULL, (EVP_PKEY *)k->pkey) == 1 &&
	     EVP_DigestSign(ctx, NULL, &n, tbs, len) == 1 &&
	     n <= sizeof(buf) &&
	     EVP_DigestSign(ctx, buf, &n, tbs, len) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	if (ok && k->ed25519) {
		ok = n == ED25519_SIG_SIZE;
		if (ok)
			strbuf_add(sig, buf, n);
	} else if (ok) {
		ok = !ecdsa_der_to_raw(buf, n, raw);
		if (ok)
			strbuf_add(sig, raw, sizeof(raw));
	}
	if (!ok) {
		diag_set(d, WHO, 0, "signing with %s failed",
			 cose_alg_name(alg));
		return -1;
	}
	if (strbuf_failed(sig)) {
		diag_set(d, WHO, 0, "out of memory");
		return -1;
	}
	return 0;
}

int cose_verify_tbs(const struct cose_key *k, int alg, const uint8_t *tbs,
		    size_t len, const uint8_t *sig, size_t siglen,
		    struct diag *d)
{
	unsigned char *der = NULL;
	size_t derlen = 0;
	EVP_MD_CTX *ctx;
	int rc;

	if (!k->pkey) {
		diag_set(d, WHO, 0, "no key to verify with");
		return -1;
	}
	if (!alg_usable(alg, k, d))
		return 1;
	if (k->ed25519 && siglen != ED25519_SIG_SIZE) {
		diag_set(d, WHO, 0,
			 "%s signature of %zu bytes (an Ed25519 signature is %u)",
			 cose_alg_name(alg), siglen, ED25519_SIG_SIZE);
		return 1;
	}
	if (!k->ed25519) {
		if (siglen != ES384_SIG_SIZE) {
			diag_set(d, WHO, 0,
				 "%s signature of %zu bytes (r || s is %u)",
				 cose_alg_name(alg), siglen, ES384_SIG_SIZE);
			return 1;
		}
		if (ecdsa_raw_to_der(sig, &der, &derlen)) {
			diag_set(d, WHO, 0, "out of memory");
			return -1;
		}
	}
	ctx = EVP_MD_CTX_new();
	if (!ctx ||
	    EVP_DigestVerifyInit(ctx, NULL, k->ed25519 ? NULL : EVP_sha384(),
				 NULL, (EVP_PKEY *)k->pkey) != 1) {
		EVP_MD_CTX_free(ctx);
		OPENSSL_free(der);
		ERR_clear_error();
		diag_set(d, WHO, 0, "cannot set up %s verification",
			 cose_alg_name(alg));
		return -1;
	}
	rc = EVP_DigestVerify(ctx, der ? der : sig, der ? derlen : siglen,
			      tbs, len);
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
	ERR_clear_error();
	if (rc != 1) {
		diag_set(d, WHO, 0, "the %s signature does not verify",
			 cose_alg_name(alg));
		return 1;
	}
	return 0;
}

/* ---- messages ---- */

int cose_sign1(const struct cose_key *k, int alg, const char *content_type,
	       const uint8_t *payload, size_t len, struct strbuf *out,
	       struct diag *d)
{
	struct strbuf prot = STRBUF_INIT, tbs = STRBUF_INIT;
	struct strbuf sig = STRBUF_INIT;
	struct cbor_fault err;
	int rc = -1;

	if (!k->pkey || !k->private) {
		diag_set(d, WHO, 0, "signing needs a private key");
		return -1;
	}
	if (!alg_usable(alg, k, d))
		return -1;
	if (content_type && strlen(content_type) > CTYPE_MAX) {
		diag_set(d, WHO, 0, "content type longer than %zu bytes",
			 CTYPE_MAX);
		return -1;
	}
	if (len > COSE_MAX_MESSAGE - MESSAGE_OVERHEAD) {
		diag_set(d, WHO, 0,
			 "payload of %zu bytes too large (a message is at most %u bytes)",
			 len, COSE_MAX_MESSAGE);
		return -1;
	}

	/* {1: alg, 3: content type, 4: kid}: keys in bytewise order. */
	cbor_put_map(&prot, content_type ? 3 : 2);
	cbor_put_uint(&prot, 1);
	cbor_put_int(&prot, alg);
	if (content_type) {
		cbor_put_uint(&prot, 3);
		cbor_put_tstr(&prot, content_type);
	}
	cbor_put_uint(&prot, 4);
	cbor_put_bstr(&prot, k->kid, sizeof(k->kid));
	if (strbuf_failed(&prot)) {
		diag_set(d, WHO, 0, "out of memory");
		goto out;
	}
	/* What cose_parse1() will demand of it. */
	if (cbor_validate((const uint8_t *)prot.buf, prot.len, CBOR_NO_TAGS,
			  &err)) {
		diag_set(d, WHO, 0, "content type is not UTF-8");
		goto out;
	}
	if (cose_tbs1((const uint8_t *)prot.buf, prot.len, payload, len,
		      &tbs)) {
		diag_set(d, WHO, 0, "out of memory");
		goto out;
	}
	if (cose_sign_tbs(k, alg, (const uint8_t *)tbs.buf, tbs.len, &sig, d))
		goto out;

	cbor_put_tag(out, 18);
	cbor_put_array(out, 4);
	cbor_put_bstr(out, prot.buf, prot.len);
	cbor_put_map(out, 0);
	cbor_put_bstr(out, payload ? (const void *)payload : "", len);
	cbor_put_bstr(out, sig.buf, sig.len);
	if (strbuf_failed(out)) {
		diag_set(d, WHO, 0, "out of memory");
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&prot);
	strbuf_release(&tbs);
	strbuf_release(&sig);
	return rc;
}

/* A read position in bytes cbor_validate() accepted. */
struct cursor {
	const uint8_t *p;
	size_t len;
	size_t pos;
};

static int next_head(struct cursor *c, unsigned int *major, uint64_t *arg)
{
	size_t hs;

	if (c->pos >= c->len ||
	    cbor_head(c->p + c->pos, c->len - c->pos, major, arg, &hs))
		return -1;
	c->pos += hs;
	return 0;
}

/* The contents of a string whose head was just read. */
static const uint8_t *take(struct cursor *c, uint64_t n)
{
	const uint8_t *s = c->p + c->pos;

	if (n > c->len - c->pos)
		return NULL;
	c->pos += (size_t)n;
	return s;
}

static void unknown_label(struct diag *d, unsigned int major, uint64_t arg,
			  const uint8_t *text)
{
	char shown[40];
	size_t i, n;

	switch (major) {
	case 0:
		diag_set(d, WHO, 0, "unknown header label %" PRIu64, arg);
		break;
	case 1:
		if (arg < UINT64_MAX)
			diag_set(d, WHO, 0, "unknown header label -%" PRIu64,
				 arg + 1);
		else
			diag_set(d, WHO, 0,
				 "unknown header label -18446744073709551616");
		break;
	case 3:
		n = arg < sizeof(shown) - 4 ? (size_t)arg : sizeof(shown) - 4;
		for (i = 0; i < n; i++)
			shown[i] = text[i] >= 0x20 && text[i] < 0x7f ?
				   (char)text[i] : '?';
		strcpy(shown + n, n < arg ? "..." : "");
		diag_set(d, WHO, 0, "unknown header label \"%s\"", shown);
		break;
	default:
		diag_set(d, WHO, 0,
			 "header label of CBOR major type %u (labels are integers or text)",
			 major);
		break;
	}
}

/* The protected header: {1: int alg, ? 3: tstr, ? 4: bstr .size 32}. */
static int parse_protected(struct cose_sign1 *m, struct diag *d)
{
	struct cursor c = { m->protected, m->protected_len, 0 };
	struct cbor_fault err;
	unsigned int major;
	uint64_t n, i, label, arg;
	const uint8_t *s;
	bool has_alg = false;

	if (!m->protected_len) {
		diag_set(d, WHO, 0,
			 "protected header is empty (alg (1) is required)");
		return -1;
	}
	/* Its own item: the outer validation saw only a byte string. */
	if (cbor_validate(m->protected, m->protected_len, CBOR_NO_TAGS,
			  &err)) {
		diag_set(d, WHO, 0,
			 "protected header is not deterministic CBOR: %s at byte %zu",
			 err.what, err.offset);
		return -1;
	}
	if (next_head(&c, &major, &n) || major != 5) {
		diag_set(d, WHO, 0, "protected header is not a map");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (next_head(&c, &major, &label))
			goto malformed;
		s = NULL;
		if (major == 3 && !(s = take(&c, label)))
			goto malformed;
		if (major != 0) {
			unknown_label(d, major, label, s);
			return -1;
		}
		if (next_head(&c, &major, &arg))
			goto malformed;
		switch (label) {
		case 1:
			if ((major != 0 && major != 1) || arg > INT_MAX) {
				diag_set(d, WHO, 0,
					 "alg (1) must be an integer algorithm identifier");
				return -1;
			}
			m->alg = major == 0 ? (int)arg : -1 - (int)arg;
			has_alg = true;
			break;
		case 2:
			diag_set(d, WHO, 0,
				 "crit (2) is present: certify understands no critical header parameters");
			return -1;
		case 3:
			if (major != 3) {
				diag_set(d, WHO, 0,
					 "content type (3) must be a text string");
				return -1;
			}
			if (arg > CTYPE_MAX) {
				diag_set(d, WHO, 0,
					 "content type (3) longer than %zu bytes",
					 CTYPE_MAX);
				return -1;
			}
			if (!(s = take(&c, arg)))
				goto malformed;
			if (memchr(s, 0, (size_t)arg)) {
				diag_set(d, WHO, 0,
					 "content type (3) holds a NUL character");
				return -1;
			}
			memcpy(m->ctype_buf, s, (size_t)arg);
			m->ctype_buf[arg] = '\0';
			m->content_type = m->ctype_buf;
			break;
		case 4:
			if (major != 2 || arg != COSE_KID_SIZE) {
				diag_set(d, WHO, 0,
					 "kid (4) must be a byte string of %u bytes (SHA-256 of the key)",
					 COSE_KID_SIZE);
				return -1;
			}
			if (!(s = take(&c, arg)))
				goto malformed;
			memcpy(m->kid, s, COSE_KID_SIZE);
			m->has_kid = true;
			break;
		default:
			unknown_label(d, 0, label, NULL);
			return -1;
		}
	}
	if (!has_alg) {
		diag_set(d, WHO, 0, "protected header has no alg (1)");
		return -1;
	}
	if (c.pos != c.len)
		goto malformed;
	return 0;
malformed:
	/* cbor_validate() accepted these bytes: not reached. */
	diag_set(d, WHO, 0, "protected header is malformed");
	return -1;
}

int cose_parse1(const uint8_t *msg, size_t len, struct cose_sign1 *m,
		struct diag *d)
{
	struct cursor c = { msg, len, 0 };
	struct cbor_fault err;
	unsigned int major;
	uint64_t arg;

	memset(m, 0, sizeof(*m));
	if (len > COSE_MAX_MESSAGE) {
		diag_set(d, WHO, 0, "message of %zu bytes (at most %u)", len,
			 COSE_MAX_MESSAGE);
		return -1;
	}
	if (!len || msg[0] != 0xd2) {
		diag_set(d, WHO, 0, "not a tagged COSE_Sign1 (tag 18)");
		return -1;
	}
	if (cbor_validate(msg, len, CBOR_TOP_TAG_18, &err)) {
		diag_set(d, WHO, 0, "not deterministic CBOR: %s at byte %zu",
			 err.what, err.offset);
		return -1;
	}
	c.pos = 1;
	if (next_head(&c, &major, &arg) || major != 4) {
		diag_set(d, WHO, 0, "tag 18 must hold an array");
		return -1;
	}
	if (arg != 4) {
		diag_set(d, WHO, 0,
			 "COSE_Sign1 is an array of 4 elements, not %" PRIu64,
			 arg);
		return -1;
	}

	if (next_head(&c, &major, &arg) || major != 2) {
		diag_set(d, WHO, 0, "protected header must be a byte string");
		return -1;
	}
	m->protected_len = (size_t)arg;
	if (!(m->protected = take(&c, arg)))
		goto malformed;
	if (parse_protected(m, d))
		return -1;

	if (next_head(&c, &major, &arg) || major != 5 || arg != 0) {
		diag_set(d, WHO, 0, "unprotected header must be empty");
		return -1;
	}

	if (c.pos < len && msg[c.pos] == 0xf6) {
		diag_set(d, WHO, 0, "detached payload (nil) not supported");
		return -1;
	}
	if (next_head(&c, &major, &arg) || major != 2) {
		diag_set(d, WHO, 0, "payload must be a byte string");
		return -1;
	}
	m->payload_len = (size_t)arg;
	if (!(m->payload = take(&c, arg)))
		goto malformed;

	if (next_head(&c, &major, &arg) || major != 2) {
		diag_set(d, WHO, 0, "signature must be a byte string");
		return -1;
	}
	m->signature_len = (size_t)arg;
	if (!(m->signature = take(&c, arg)) || c.pos != len)
		goto malformed;
	return 0;
malformed:
	/* cbor_validate() accepted these bytes: not reached. */
	diag_set(d, WHO, 0, "malformed message");
	return -1;
}

static void hex(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int cose_verify1(const uint8_t *msg, size_t len, const struct cose_key *k,
		 struct cose_sign1 *m, struct diag *d)
{
	struct strbuf tbs = STRBUF_INIT;
	struct cose_sign1 local;
	char kid[2 * COSE_KID_SIZE + 1];
	int rc;

	if (!m)
		m = &local;
	if (!k->pkey) {
		diag_set(d, WHO, 0, "no key to verify with");
		return -1;
	}
	if (cose_parse1(msg, len, m, d))
		return 1;
	if (!alg_usable(m->alg, k, d))
		return 1;
	if (m->has_kid && memcmp(m->kid, k->kid, COSE_KID_SIZE)) {
		hex(kid, m->kid, COSE_KID_SIZE);
		diag_set(d, WHO, 0, "signed by another key (kid %s)", kid);
		return 1;
	}
	if (cose_tbs1(m->protected, m->protected_len, m->payload,
		      m->payload_len, &tbs)) {
		strbuf_release(&tbs);
		diag_set(d, WHO, 0, "out of memory");
		return -1;
	}
	rc = cose_verify_tbs(k, m->alg, (const uint8_t *)tbs.buf, tbs.len,
			     m->signature, m->signature_len, d);
	strbuf_release(&tbs);
	return rc;
}

int cose_sha256(const void *p, size_t len, uint8_t out[32])
{
	unsigned int n = 0;

	return EVP_Digest(p, len, out, &n, EVP_sha256(), NULL) == 1 &&
	       n == 32 ? 0 : -1;
}
