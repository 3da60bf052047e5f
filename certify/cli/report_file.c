// SPDX-License-Identifier: MIT
#include <string.h>

#include "report_file.h"

int report_file_read(const char *path, const struct cose_key *key,
		     struct input *file, struct cose_sign1 *msg,
		     struct report *rep, struct diag *d)
{
	const uint8_t *p;
	int ret;

	memset(file, 0, sizeof(*file));
	report_init(rep);
	if (input_load(file, path, d))
		return -1;
	p = (const uint8_t *)file->data;
	if (key) {
		ret = cose_verify1(p, file->len, key, msg, d);
		if (ret < 0)
			return -1;
		if (ret)
			return 1;
	} else if (cose_parse1(p, file->len, msg, d)) {
		return 1;
	}
	if (report_decode(msg->payload, msg->payload_len, rep, d))
		return 1;
	rep->sig.present = true;
	rep->sig.verified = key != NULL;
	rep->sig.alg = msg->alg;
	if (msg->has_kid)
		memcpy(rep->sig.kid, msg->kid, sizeof(rep->sig.kid));
	return 0;
}
