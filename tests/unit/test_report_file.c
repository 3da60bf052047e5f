// SPDX-License-Identifier: MIT
/*
 * certify/cli/report_file.c: reading a signed report for verify, show and
 * diff (README "Signed reports"): a COSE_Sign1 whose payload is a report;
 * with a key, the signature is checked and the report says it was;
 * without one it is read but marked unverified.  0 read, 1 not a valid
 * report, -1 unreadable.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "testlib.h"
#include "certify/cli/check_run.h"
#include "certify/cli/report_file.h"
#include "certify/strbuf.h"

/* An Ed25519 key pair, through PEM files as `openssl genpkey` writes. */
static void make_keys(struct cose_key *priv, struct cose_key *pub)
{
	char spath[] = "/tmp/certify-rf-XXXXXX", ppath[] = "/tmp/certify-rf-XXXXXX";
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	int sfd = mkstemp(spath), pfd = mkstemp(ppath);
	FILE *sf = fdopen(sfd, "w"), *pf = fdopen(pfd, "w");
	bool loose;
	struct diag d;

	assert_non_null(k);
	assert_non_null(sf);
	assert_non_null(pf);
	assert_int_equal(PEM_write_PrivateKey(sf, k, NULL, NULL, 0, NULL, NULL),
			 1);
	assert_int_equal(PEM_write_PUBKEY(pf, k), 1);
	fclose(sf);
	fclose(pf);
	chmod(spath, 0600);
	if (cose_key_load_private(spath, priv, &loose, &d) ||
	    cose_key_load_public(ppath, pub, &d))
		fail_msg("%s", d.msg);
	unlink(spath);
	unlink(ppath);
	EVP_PKEY_free(k);
}

static void write_file(char path[32], const void *p, size_t len)
{
	int fd;

	strcpy(path, "/tmp/certify-rf-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, len), (ssize_t)len);
	close(fd);
}

/* A signed report of the embedded TDX example. */
static void signed_report(const struct cose_key *k, struct strbuf *msg)
{
	struct check_spec s = { .platform = "tdx", .vmm = "none",
				.kvm = "mainline", .host_cpu = -1 };
	struct strbuf payload = STRBUF_INIT;
	struct input config;
	struct report rep;
	struct ruleset rs;
	struct diag d;

	if (input_load(&config, "embedded:tdx-example", &d))
		fail_msg("%s", d.msg);
	s.config = &config;
	report_init(&rep);
	if (check_run(&s, &rep, &rs, &d) || report_encode(&rep, &payload) ||
	    cose_sign1(k, COSE_ALG_EDDSA, REPORT_CONTENT_TYPE,
		       (const uint8_t *)strbuf_str(&payload), payload.len, msg,
		       &d))
		fail_msg("%s", d.msg);
	strbuf_release(&payload);
	report_release(&rep);
	ruleset_release(&rs);
	input_release(&config);
}

static void test_read(void **state)
{
	struct cose_key priv = { 0 }, pub = { 0 }, other = { 0 }, opub = { 0 };
	struct strbuf msg = STRBUF_INIT, junk = STRBUF_INIT;
	struct cose_sign1 m;
	struct input file;
	struct report rep;
	struct diag d;
	char path[32], bad[32];

	(void)state;
	make_keys(&priv, &pub);
	make_keys(&other, &opub);
	signed_report(&priv, &msg);
	write_file(path, strbuf_str(&msg), msg.len);

	/* Without a key: read, not verified, signer's kid kept. */
	assert_int_equal(report_file_read(path, NULL, &file, &m, &rep, &d), 0);
	assert_string_equal(rep.res.platform, "tdx");
	assert_true(rep.sig.present);
	assert_false(rep.sig.verified);
	assert_int_equal(rep.sig.alg, COSE_ALG_EDDSA);
	assert_memory_equal(rep.sig.kid, pub.kid, sizeof(pub.kid));
	report_release(&rep);
	input_release(&file);

	/* With the signer's key: verified. */
	assert_int_equal(report_file_read(path, &pub, &file, &m, &rep, &d), 0);
	assert_true(rep.sig.verified);
	report_release(&rep);
	input_release(&file);

	/* Another key: not a valid report. */
	assert_int_equal(report_file_read(path, &opub, &file, &m, &rep, &d), 1);
	report_release(&rep);
	input_release(&file);
	unlink(path);

	/* A signed message whose payload is not a report. */
	assert_int_equal(cose_sign1(&priv, COSE_ALG_EDDSA, NULL,
				    (const uint8_t *)"\xa0", 1, &junk, &d), 0);
	write_file(bad, strbuf_str(&junk), junk.len);
	assert_int_equal(report_file_read(bad, NULL, &file, &m, &rep, &d), 1);
	report_release(&rep);
	input_release(&file);
	unlink(bad);

	/* Not COSE at all. */
	write_file(bad, "hello", 5);
	assert_int_equal(report_file_read(bad, &pub, &file, &m, &rep, &d), 1);
	report_release(&rep);
	input_release(&file);
	unlink(bad);

	/* Unreadable. */
	assert_int_equal(report_file_read("/nonexistent/r.cose", NULL, &file,
					  &m, &rep, &d), -1);
	assert_non_null(strstr(d.msg, "/nonexistent/r.cose"));
	report_release(&rep);
	input_release(&file);

	strbuf_release(&msg);
	strbuf_release(&junk);
	cose_key_release(&priv);
	cose_key_release(&pub);
	cose_key_release(&other);
	cose_key_release(&opub);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
