// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* mkostemp() creates 0600; the target gets what open(2) would give it. */
static mode_t current_umask(void)
{
	mode_t mask = umask(022);

	umask(mask);
	return mask;
}

static char *dir_of(const char *path)
{
	char *copy = strdup(path), *dir;

	if (!copy)
		return NULL;
	dir = strdup(dirname(copy));
	free(copy);
	return dir;
}

int atomic_write(const char *path, const void *data, size_t len,
		 struct diag *d)
{
	char *dir = NULL, *tmp = NULL;
	int fd = -1, dfd, ret = -1;
	size_t tmplen;

	if (strcmp(path, "-") == 0) {
		if (write_all(STDOUT_FILENO, data, len)) {
			diag_set(d, "<stdout>", 0, "cannot write: %s",
				 strerror(errno));
			return -1;
		}
		return 0;
	}
	dir = dir_of(path);
	tmplen = strlen(path) + sizeof(".tmp-XXXXXX");
	tmp = malloc(tmplen);
	if (!dir || !tmp) {
		diag_set(d, path, 0, "out of memory");
		goto out;
	}
	snprintf(tmp, tmplen, "%s.tmp-XXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		diag_set(d, path, 0, "cannot create a temporary file: %s",
			 strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0666 & ~current_umask()) || write_all(fd, data, len) || fsync(fd)) {
		diag_set(d, path, 0, "cannot write: %s", strerror(errno));
		goto fail;
	}
	if (close(fd)) {
		fd = -1;
		diag_set(d, path, 0, "cannot write: %s", strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path)) {
		diag_set(d, path, 0, "cannot rename into place: %s",
			 strerror(errno));
		goto fail;
	}
	/* Make the rename itself durable. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	ret = 0;
	goto out;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(dir);
	free(tmp);
	return ret;
}
