// SPDX-License-Identifier: MIT
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"
#include "certify/atomic_file.h"

static char dir[] = "/tmp/certify-atomic-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static unsigned int files_in(const char *path)
{
	unsigned int n = 0;
	struct dirent *de;
	DIR *d = opendir(path);

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	assert_true(fd >= 0);
	n = read(fd, buf, cap - 1);
	assert_true(n >= 0);
	buf[n] = '\0';
	close(fd);
}

static void test_write_and_replace(void **state)
{
	char path[256], buf[64];
	struct diag d;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.cfg", dir);
	assert_int_equal(atomic_write(path, "first\n", 6, &d), 0);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "first\n");
	assert_int_equal(atomic_write(path, "second\n", 7, &d), 0);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "second\n");
	/* No temporary file is left beside it. */
	assert_int_equal(files_in(dir), 1);
}

static void test_failure_leaves_nothing(void **state)
{
	char path[256];
	struct diag d;

	(void)state;
	snprintf(path, sizeof(path), "%s/missing/out.cfg", dir);
	assert_int_equal(atomic_write(path, "x", 1, &d), -1);
	assert_non_null(strstr(d.msg, "missing/out.cfg: cannot create a "
				      "temporary file: No such file or "
				      "directory"));
	/* Renaming onto a directory fails after the write: cleaned up. */
	snprintf(path, sizeof(path), "%s/adir", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(atomic_write(path, "x", 1, &d), -1);
	assert_non_null(strstr(d.msg, "cannot rename into place"));
	assert_int_equal(files_in(dir), 2);
}

static void test_stdout(void **state)
{
	char path[256], buf[64];
	struct diag d;
	int fd, saved;

	(void)state;
	snprintf(path, sizeof(path), "%s/stdout.txt", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fd, STDOUT_FILENO);
	assert_int_equal(atomic_write("-", "to stdout", 9, &d), 0);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "to stdout");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_and_replace),
		cmocka_unit_test(test_failure_leaves_nothing),
		cmocka_unit_test(test_stdout),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
