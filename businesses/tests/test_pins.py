from businesses.pins import PIN_ALPHABET, pin_display, pin_generate, pin_hash, pin_looks_like, pin_normalize


def test_generated_pins_have_eight_characters_without_look_alikes():
    for _ in range(200):
        pin = pin_generate()
        assert len(pin) == 8
        assert set(pin) <= set(PIN_ALPHABET)
        assert not set(pin) & set("0O1IL")


def test_pin_is_shown_grouped_and_accepted_in_any_case_with_spaces_and_dashes():
    assert pin_display("abcdefgh") == "ABCD-EFGH"
    assert pin_normalize(" abcd - efgh ") == "ABCDEFGH"
    assert pin_looks_like("abcd efgh")
    assert not pin_looks_like("ABCD-EFG0")
    assert not pin_looks_like("ABCD-EFG")


def test_the_stored_hash_is_keyed_and_never_the_pin(settings):
    digest = pin_hash("abcd-efgh")
    assert digest == pin_hash("ABCDEFGH")
    assert "ABCDEFGH" not in digest
    settings.PIN_HASH_KEY = "another key"
    assert pin_hash("ABCDEFGH") != digest
