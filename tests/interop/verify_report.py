#!/usr/bin/python3
# An independent verifier of certify reports, written from the standards
# (RFC 9052 COSE_Sign1, RFC 8949 §4.2.1 deterministic CBOR) and
# reports/certify-report.cddl with Debian's python3-cbor2 and
# python3-cryptography, sharing no code with certify.
#
# usage: verify_report.py REPORT PUBKEY.pem
# exit: 0 valid, 1 invalid (the reason on stderr), 2 usage.
import hashlib
import sys

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import \
    encode_dss_signature

ED_ALGS = (-8, -19)       # EdDSA, Ed25519 (RFC 9053, RFC 9864)
EC_ALGS = (-35, -51)      # ES384, ESP384
PROFILE = 'tag:certify.invalid,2026:certify-report/1'


class Invalid(Exception):
    pass


def canonical(obj):
    """RFC 8949 §4.2.1 encoding: cbor2 writes shortest heads and keeps
    dict order, so sort every map's keys by their encoded bytes."""
    if isinstance(obj, dict):
        items = sorted(((cbor2.dumps(k), k, v) for k, v in obj.items()),
                       key=lambda t: t[0])
        return {k: canonical(v) for _, k, v in items}
    if isinstance(obj, list):
        return [canonical(v) for v in obj]
    return obj


def deterministic(data, what):
    """The bytes must be the one deterministic encoding of their value."""
    value = cbor2.loads(data)
    if cbor2.dumps(canonical(value)) != data:
        raise Invalid('%s is not deterministic CBOR' % what)
    return value


def verify(report, pem):
    top = cbor2.loads(report)
    if not isinstance(top, cbor2.CBORTag) or top.tag != 18:
        raise Invalid('not a tagged COSE_Sign1 (tag 18)')
    msg = top.value
    if not isinstance(msg, list) or len(msg) != 4:
        raise Invalid('COSE_Sign1 is not an array of four')
    protected, unprotected, payload, sig = msg
    if cbor2.dumps(top) != report:
        raise Invalid('the message is not deterministic CBOR')
    if not isinstance(protected, bytes) or not isinstance(payload, bytes) \
            or not isinstance(sig, bytes):
        raise Invalid('protected, payload and signature must be bstr')
    if unprotected != {}:
        raise Invalid('the unprotected header must be empty')
    hdr = deterministic(protected, 'the protected header')
    if not isinstance(hdr, dict) or set(hdr) - {1, 3, 4} or 1 not in hdr:
        raise Invalid('protected header labels: %r' % sorted(hdr))
    alg = hdr[1]

    key = serialization.load_pem_public_key(pem)
    spki = key.public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.SubjectPublicKeyInfo)
    if 4 in hdr and hdr[4] != hashlib.sha256(spki).digest():
        raise Invalid('kid is not SHA-256 of this key\'s SPKI')

    # RFC 9052 §4.4: Sig_structure over the protected bytes as received.
    tbs = cbor2.dumps(['Signature1', protected, b'', payload])
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            if alg not in ED_ALGS:
                raise Invalid('algorithm %d does not fit an Ed25519 key'
                              % alg)
            key.verify(sig, tbs)
        elif isinstance(key, ec.EllipticCurvePublicKey) and \
                key.curve.name == 'secp384r1':
            if alg not in EC_ALGS:
                raise Invalid('algorithm %d does not fit a P-384 key' % alg)
            if len(sig) != 96:
                raise Invalid('ES384 signature is not 96 bytes')
            der = encode_dss_signature(int.from_bytes(sig[:48], 'big'),
                                       int.from_bytes(sig[48:], 'big'))
            key.verify(der, tbs, ec.ECDSA(hashes.SHA384()))
        else:
            raise Invalid('the key is neither Ed25519 nor P-384')
    except InvalidSignature:
        raise Invalid('bad signature')

    # The payload: deterministic, and a certify report of format 1.
    claims = deterministic(payload, 'the payload')
    if claims.get(265) != PROFILE:
        raise Invalid('eat_profile is not certify\'s')
    body = claims.get(-70000)
    if not isinstance(body, dict) or body.get(0) != 1:
        raise Invalid('not a format 1 report body')
    if body.get(2) not in ('tdx', 'snp', 'kvm'):
        raise Invalid('unknown platform')
    for inp in body.get(5, []):
        if hashlib.sha256(inp[3]).digest() != inp[2]:
            raise Invalid('input %s: SHA-256 does not match' % inp[1])
    return body


def main():
    if len(sys.argv) != 3:
        print('usage: verify_report.py REPORT PUBKEY.pem', file=sys.stderr)
        return 2
    with open(sys.argv[1], 'rb') as f:
        report = f.read()
    with open(sys.argv[2], 'rb') as f:
        pem = f.read()
    try:
        body = verify(report, pem)
    except Invalid as e:
        print('invalid: %s' % e, file=sys.stderr)
        return 1
    except Exception as e:      # undecodable: not a valid report either
        print('invalid: %s: %s' % (type(e).__name__, e), file=sys.stderr)
        return 1
    print('valid: %s %s, outcome %s' % (body[2], body[3][0], body[6]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
