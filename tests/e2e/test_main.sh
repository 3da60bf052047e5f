#!/bin/sh
# certify/cli/main.c: the subcommand table, help, version, exit codes.
. tests/e2e/lib.sh

run 2 "$CERTIFY"
err_has "usage:"
run 0 "$CERTIFY" --help
out_has "certify host [-o FILE]"
out_has "certify cpuid show DUMP"
out_has "exit status: 0 certified, 1 not certified, 2 usage error, 3 bad input, 4 environment"
run 0 "$CERTIFY" --version
out_has "certify 0."
run 2 "$CERTIFY" frobnicate
err_has "certify: unknown command 'frobnicate'"
done_ok
