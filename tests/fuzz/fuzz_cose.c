// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for COSE_Sign1 (reports/cose.c) and the deterministic
 * CBOR validator (reports/cbor.c).  Invariants, not only "no crash":
 *   - the two tag modes of cbor_validate() agree where they must, and a
 *     refusal says where and why;
 *   - whatever cose_parse1() accepts is valid CBOR, its protected header
 *     too, and encodes back to exactly the input (deterministic CBOR has
 *     one encoding per value);
 *   - cose_verify1() never accepts an input under a key made here, and
 *     fails for the reason cose_parse1() gives;
 *   - the input signed as a payload verifies and comes back unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "reports/cbor.h"
#include "reports/cose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cose_key priv, pub;

/* The key goes through a file because that is how certify reads keys. */
static void load(EVP_PKEY *pkey, bool private, struct cose_key *k)
{
	char path[] = "/tmp/certify-fuzz-cose-XXXXXX";
	struct diag d;
	FILE *f;
	int fd, ok;

	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "w")))
		abort();
	ok = private ? PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL,
					    NULL) :
		       PEM_write_PUBKEY(f, pkey);
	if (fclose(f) || ok != 1)
		abort();
	ok = private ? cose_key_load_private(path, k, NULL, &d) :
		       cose_key_load_public(path, k, &d);
	unlink(path);
	if (ok) {
		fprintf(stderr, "%s\n", d.msg);
		abort();
	}
}

static void keys_once(void)
{
	static bool done;
	EVP_PKEY *pkey;

	if (done)
		return;
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (!pkey)
		abort();
	load(pkey, true, &priv);
	load(pkey, false, &pub);
	EVP_PKEY_free(pkey);
	done = true;
}

static void check_validate(const uint8_t *data, size_t size)
{
	struct cbor_fault e0, e18;
	int plain, tagged;

	plain = cbor_validate(data, size, CBOR_NO_TAGS, &e0);
	tagged = cbor_validate(data, size, CBOR_TOP_TAG_18, &e18);
	if (plain && (!e0.what || e0.offset > size))
		abort();
	if (tagged && (!e18.what || e18.offset > size))
		abort();
	/* Tag 18 at the top is the only difference between the modes. */
	if (!plain && tagged)
		abort();
	if (!tagged && plain && size && data[0] >> 5 != 6)
		abort();
}

/* @m encoded again must be the very bytes it was parsed from. */
static void check_reencode(const uint8_t *data, size_t size,
			   const struct cose_sign1 *m)
{
	struct strbuf b = STRBUF_INIT;
	struct cbor_fault err;

	if (cbor_validate(data, size, CBOR_TOP_TAG_18, &err) ||
	    cbor_validate(m->protected, m->protected_len, CBOR_NO_TAGS, &err))
		abort();
	cbor_put_map(&b, 1 + !!m->content_type + m->has_kid);
	cbor_put_uint(&b, 1);
	cbor_put_int(&b, m->alg);
	if (m->content_type) {
		cbor_put_uint(&b, 3);
		cbor_put_tstr(&b, m->content_type);
	}
	if (m->has_kid) {
		cbor_put_uint(&b, 4);
		cbor_put_bstr(&b, m->kid, COSE_KID_SIZE);
	}
	if (strbuf_failed(&b) || b.len != m->protected_len ||
	    memcmp(b.buf, m->protected, b.len))
		abort();
	strbuf_reset(&b);
	cbor_put_tag(&b, 18);
	cbor_put_array(&b, 4);
	cbor_put_bstr(&b, m->protected, m->protected_len);
	cbor_put_map(&b, 0);
	cbor_put_bstr(&b, m->payload, m->payload_len);
	cbor_put_bstr(&b, m->signature, m->signature_len);
	if (strbuf_failed(&b) || b.len != size || memcmp(b.buf, data, size))
		abort();
	strbuf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out = STRBUF_INIT;
	struct cose_sign1 m, v;
	struct diag d, dv;
	int parsed, rc;

	keys_once();
	check_validate(data, size);

	d.msg[0] = '\0';
	parsed = cose_parse1(data, size, &m, &d);
	if (parsed == 0)
		check_reencode(data, size, &m);
	else if (!diag_is_set(&d))
		abort();

	/* Nothing here was signed by a key made in this process. */
	rc = cose_verify1(data, size, &pub, &v, &dv);
	if (rc != 1 || !diag_is_set(&dv))
		abort();
	if (parsed && strcmp(d.msg, dv.msg))
		abort();

	/* The input as a payload: signed, it verifies and comes back. */
	if (cose_sign1(&priv, COSE_ALG_EDDSA, "application/octet-stream",
		       data, size, &out, &d) ||
	    cose_verify1((const uint8_t *)out.buf, out.len, &pub, &v, &d) ||
	    v.payload_len != size ||
	    (size && memcmp(v.payload, data, size)))
		abort();
	strbuf_release(&out);
	return 0;
}
