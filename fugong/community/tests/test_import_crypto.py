import base64
import os

import pytest
from cryptography.fernet import Fernet

from fugong.common.pii.crypto import clear_cache, decrypt, encrypt
from fugong.community.importing.crypto import encrypt_many

TEXTS = ["", "1", "13912345678", "41080219800101001X", "a" * 15, "b" * 16, "c" * 17, "王小明" * 9]


def test_tokens_are_fernet_tokens_of_the_newest_key(settings):
    new = Fernet.generate_key().decode()
    old = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = [new, *(old if isinstance(old, list) else [old])]
    clear_cache()
    try:
        tokens = encrypt_many(TEXTS * 3)
        assert [decrypt(t) for t in tokens] == TEXTS * 3
        assert [Fernet(new).decrypt(t.encode()).decode() for t in tokens] == TEXTS * 3
        assert len(set(tokens)) == len(tokens)  # a random IV each: equal texts differ
        ivs = {base64.urlsafe_b64decode(t)[9:25] for t in tokens}
        assert len(ivs) == len(tokens)
        # As long as the library's own, for the same text.
        assert [len(t) for t in tokens[: len(TEXTS)]] == [len(encrypt(t)) for t in TEXTS]
    finally:
        clear_cache()


def test_a_token_is_authenticated():
    token = bytearray(base64.urlsafe_b64decode(encrypt_many(["13912345678"])[0]))
    token[30] ^= 1
    with pytest.raises(ValueError):
        decrypt(base64.urlsafe_b64encode(bytes(token)).decode())


def test_nothing_to_encrypt():
    assert encrypt_many([]) == []


def test_many_random_values_round_trip():
    texts = [os.urandom(n).hex()[:n] for n in range(0, 70)]
    assert [decrypt(t) for t in encrypt_many(texts)] == texts
