"""Encryption with key rotation, the keyed hash, demo keys and masking."""

import json
import pickle
import stat

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from fugong.common.pii import crypto, keys, masking
from fugong.common.pii.values import PersonalValue


def _new_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def field_keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = [_new_key()]
    settings.FIELD_HASH_KEY = "test-hash-key"
    yield settings
    crypto.clear_cache()


# --- encryption ------------------------------------------------------------------------------


def test_round_trip_and_random_tokens(field_keys):
    first, second = crypto.encrypt("张三 13812345678"), crypto.encrypt("张三 13812345678")
    assert first != second  # randomised: equal values give different tokens
    assert crypto.decrypt(first) == crypto.decrypt(second) == "张三 13812345678"
    assert crypto.is_token(first)
    assert not crypto.is_token("11010519491231002X")


def test_a_token_of_the_old_key_decrypts_after_rotation(field_keys):
    old = field_keys.FIELD_ENCRYPTION_KEYS[0]
    token = crypto.encrypt("11010519491231002X")
    new = _new_key()
    field_keys.FIELD_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(token) == "11010519491231002X"

    written = crypto.encrypt("13812345678")  # new writes use the newest key only
    field_keys.FIELD_ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(written) == "13812345678"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_reencrypt_moves_a_token_to_the_newest_key(field_keys):
    old = field_keys.FIELD_ENCRYPTION_KEYS[0]
    token = crypto.encrypt("13812345678")
    new = _new_key()
    field_keys.FIELD_ENCRYPTION_KEYS = [new, old]
    rotated = crypto.reencrypt(token)
    field_keys.FIELD_ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(rotated) == "13812345678"


def test_unknown_key_or_garbage_is_a_clear_error(field_keys):
    token = crypto.encrypt("x")
    field_keys.FIELD_ENCRYPTION_KEYS = [_new_key()]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("not a token")


def test_missing_keys_are_refused(field_keys):
    field_keys.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
    field_keys.FIELD_HASH_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        crypto.keyed_hash("mobile", "13812345678")


# --- keyed hash --------------------------------------------------------------------------------


def test_keyed_hash_is_stable_and_separates_kinds_and_keys(field_keys):
    digest = crypto.keyed_hash("mobile", "13812345678")
    assert digest == crypto.keyed_hash("mobile", "13812345678")
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert digest != crypto.keyed_hash("identity", "13812345678")
    field_keys.FIELD_HASH_KEY = "another-key"
    assert digest != crypto.keyed_hash("mobile", "13812345678")


def test_keyed_hash_refuses_an_ambiguous_kind(field_keys):
    with pytest.raises(ValueError):
        crypto.keyed_hash("mobile:x", "1")


# --- demo keys --------------------------------------------------------------------------------


def test_demo_keys_creates_a_private_file_once(tmp_path):
    path = tmp_path / "var" / "nested" / "keys.json"
    encryption_keys, hash_key = keys.demo_keys(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(encryption_keys) == 1 and hash_key
    Fernet(encryption_keys[0])  # a usable key
    assert keys.demo_keys(path) == (encryption_keys, hash_key)
    assert json.loads(path.read_text()) == {
        "encryption_keys": encryption_keys,
        "hash_key": hash_key,
    }
    assert [p.name for p in path.parent.iterdir()] == ["keys.json"]  # no temporary left


def test_demo_keys_refuses_a_broken_file(tmp_path):
    path = tmp_path / "keys.json"
    path.write_text('{"encryption_keys": ["not-a-key"], "hash_key": "x"}')
    with pytest.raises(ImproperlyConfigured):
        keys.demo_keys(path)
    path.write_text("{")
    with pytest.raises(ImproperlyConfigured):
        keys.demo_keys(path)


# --- masking ------------------------------------------------------------------------------------


def test_masks():
    assert masking.mask_identity_number("410802199001011234") == "4108**********1234"
    assert masking.mask_mobile("13812345678") == "138****5678"
    assert masking.mask_mobile("+86 138-1234-5678") == "138****5678"
    assert masking.mask_name("张三丰") == "张**"
    assert masking.mask_name("张三") == "张*"
    assert masking.mask("identity", "11010519491231002X") == "1101**********002X"
    assert masking.mask("unknown", "secret") == "s****t"


@pytest.mark.parametrize("masker", [masking.mask_identity_number, masking.mask_mobile])
@pytest.mark.parametrize("value", [None, "", "1", "1234", "12345678", "1381234567"])
def test_short_values_never_show_in_clear(masker, value):
    masked = masker(value)
    assert set(masked) <= {"*"} and len(masked) == len(value or "")


def test_short_names_and_texts():
    assert masking.mask_name("") == ""
    assert masking.mask_name(None) == ""
    assert masking.mask_name("张") == "*"
    assert masking.mask_text("ab") == "**"


def test_personal_value_prints_masked_and_keeps_the_full_value():
    value = PersonalValue("13812345678", "mobile")
    assert str(value) == value.masked == "138****5678"
    assert f"{value}" == "138****5678" and json.dumps(value) == '"138****5678"'
    assert "13812345678" not in repr(value)
    assert value.full == "13812345678" and value.kind == "mobile"
    assert masking.mask_mobile(value) == "138****5678"  # masking a masked value is stable
    copy = pickle.loads(pickle.dumps(value))  # noqa: S301 - our own bytes
    assert (copy.full, copy.kind, str(copy)) == ("13812345678", "mobile", "138****5678")
