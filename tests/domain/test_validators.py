"""Table-driven tests for domain.validators."""

from collections.abc import Callable

import jdatetime
import pytest

from domain.validators import (
    MAX_INPUT_LENGTH,
    AmountRead,
    InvalidCode,
    InvalidInput,
    mobile_matches,
    national_id_check_digit,
    parse_amount,
    parse_date,
    parse_jalali_date,
    parse_mobile,
    parse_national_id,
    parse_sheba,
    parse_tracking_code,
    read_amount,
    sheba_check_digits,
)

ZWNJ = "\u200c"

ALL_VALIDATORS: list[Callable[[str], object]] = [
    parse_national_id,
    parse_sheba,
    parse_mobile,
    parse_jalali_date,
    parse_amount,
    parse_tracking_code,
]


def code_of(parser: Callable[[str], object], text: str) -> InvalidCode:
    """Run the parser expecting a refusal, and return the refusal's code."""
    with pytest.raises(InvalidInput) as info:
        parser(text)
    return info.value.code


# --- shared behaviour -----------------------------------------------------------------------------


def test_invalid_code_members_are_pinned() -> None:
    assert {c.name for c in InvalidCode} == {
        "EMPTY",
        "TOO_LONG",
        "NOT_DIGITS",
        "NATIONAL_ID_LENGTH",
        "NATIONAL_ID_REPEATED",
        "NATIONAL_ID_CHECKSUM",
        "SHEBA_FORMAT",
        "SHEBA_CHECKSUM",
        "MOBILE_FORMAT",
        "DATE_FORMAT",
        "DATE_IMPOSSIBLE",
        "AMOUNT_FORMAT",
        "AMOUNT_TOO_SMALL",
        "AMOUNT_TOO_LARGE",
        "TRACKING_FORMAT",
    }
    assert all(c.value == c.name.lower() for c in InvalidCode)


def test_invalid_input_is_a_value_error_with_code() -> None:
    with pytest.raises(ValueError, match=r"^national_id_checksum$") as info:
        parse_national_id("0012345678")
    assert isinstance(info.value, InvalidInput)
    assert info.value.code is InvalidCode.NATIONAL_ID_CHECKSUM


@pytest.mark.parametrize("parser", ALL_VALIDATORS)
@pytest.mark.parametrize(
    "text",
    ["1" * 10_000, "۱" * 10_000, " " * 10_000, "a" * (MAX_INPUT_LENGTH + 1), "0012345679" + " " * 191],
)
def test_too_long_input_is_refused_first(parser: Callable[[str], object], text: str) -> None:
    assert code_of(parser, text) is InvalidCode.TOO_LONG


@pytest.mark.parametrize("parser", ALL_VALIDATORS)
@pytest.mark.parametrize("text", ["", " ", "\t\n", ZWNJ, f" {ZWNJ}{ZWNJ} ", "\u200f\u200e", "\ufeff"])
def test_empty_input(parser: Callable[[str], object], text: str) -> None:
    assert code_of(parser, text) is InvalidCode.EMPTY


def test_input_of_exactly_max_length_is_processed() -> None:
    text = "0012345679".ljust(MAX_INPUT_LENGTH)
    assert len(text) == MAX_INPUT_LENGTH
    assert parse_national_id(text) == "0012345679"


# --- national ID ----------------------------------------------------------------------------------

VALID_NATIONAL_IDS = [
    "0012345679",
    "0123456789",
    "1234567891",
    "2345678917",
    "4567891236",
    "9123456787",
    "0499370899",
    "1000000060",  # sum % 11 == 0 -> check digit 0
    "1000000011",  # sum % 11 == 1 -> check digit 1
    "1000000001",  # sum % 11 == 10 -> check digit 1
]


def test_check_digit_worked_example() -> None:
    # 0*10 + 0*9 + 1*8 + 2*7 + 3*6 + 4*5 + 5*4 + 6*3 + 7*2 = 112; 112 % 11 = 2; 11 - 2 = 9
    assert national_id_check_digit("001234567") == 9


@pytest.mark.parametrize("national_id", VALID_NATIONAL_IDS)
def test_valid_national_ids(national_id: str) -> None:
    assert parse_national_id(national_id) == national_id


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۰۰۱۲۳۴۵۶۷۹", "0012345679"),
        ("٠٠١٢٣٤٥٦٧٩", "0012345679"),
        ("۰۰12٣٤۵6۷9", "0012345679"),
        ("001-234567-9", "0012345679"),
        ("001 234 567 9", "0012345679"),
        ("001\u2013234567\u20139", "0012345679"),  # en dashes
        (f"001{ZWNJ}2345679", "0012345679"),
        ("  0012345679  ", "0012345679"),
        ("\u200e0012345679\u200f", "0012345679"),
        ("12345679", "0012345679"),  # 8 digits: leading zeros lost in a spreadsheet
        ("123456789", "0123456789"),  # 9 digits
        ("۱۲۳۴۵۶۷۹", "0012345679"),
    ],
)
def test_national_id_normalisation(raw: str, expected: str) -> None:
    assert parse_national_id(raw) == expected


@pytest.mark.parametrize(
    "wrong",
    [
        valid[:9] + str((int(valid[9]) + delta) % 10)
        for valid in VALID_NATIONAL_IDS[:5]
        for delta in range(1, 10)
    ],
)
def test_national_id_wrong_check_digit(wrong: str) -> None:
    assert code_of(parse_national_id, wrong) is InvalidCode.NATIONAL_ID_CHECKSUM


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0012345678", InvalidCode.NATIONAL_ID_CHECKSUM),
        ("۰۰۱۲۳۴۵۶۷۸", InvalidCode.NATIONAL_ID_CHECKSUM),
        ("1234567", InvalidCode.NATIONAL_ID_LENGTH),
        ("00123456790", InvalidCode.NATIONAL_ID_LENGTH),
        ("1", InvalidCode.NATIONAL_ID_LENGTH),
        ("001234567X", InvalidCode.NOT_DIGITS),
        ("abcdefghij", InvalidCode.NOT_DIGITS),
        ("001.234.567.9", InvalidCode.NOT_DIGITS),
        ("+0012345679", InvalidCode.NOT_DIGITS),
        ("००१२३४५६७९", InvalidCode.NOT_DIGITS),  # Devanagari digits are not accepted
        ("1111111111", InvalidCode.NATIONAL_ID_REPEATED),  # passes the checksum, still refused
        ("0000000000", InvalidCode.NATIONAL_ID_REPEATED),
        ("00000000", InvalidCode.NATIONAL_ID_REPEATED),  # padded to ten zeros
        ("۵۵۵۵۵۵۵۵۵۵", InvalidCode.NATIONAL_ID_REPEATED),
    ],
)
def test_invalid_national_ids(raw: str, code: InvalidCode) -> None:
    assert code_of(parse_national_id, raw) is code


# --- Sheba ----------------------------------------------------------------------------------------

VALID_SHEBA = "IR050170000000123456789012"
SWIFT_REGISTRY_EXAMPLE = "IR710570029971601460641001"


def test_sheba_check_digits_helper() -> None:
    assert sheba_check_digits(VALID_SHEBA[4:]) == VALID_SHEBA[2:4]
    assert sheba_check_digits(SWIFT_REGISTRY_EXAMPLE[4:]) == "71"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (VALID_SHEBA, VALID_SHEBA),
        (SWIFT_REGISTRY_EXAMPLE, SWIFT_REGISTRY_EXAMPLE),
        ("ir050170000000123456789012", VALID_SHEBA),
        ("Ir050170000000123456789012", VALID_SHEBA),
        ("IR05 0170 0000 0012 3456 7890 12", VALID_SHEBA),
        ("050170000000123456789012", VALID_SHEBA),  # without the IR prefix
        ("IR۰۵۰۱۷۰۰۰۰۰۰۰۱۲۳۴۵۶۷۸۹۰۱۲", VALID_SHEBA),
        ("٠٥٠١٧٠٠٠٠٠٠٠١٢٣٤٥٦٧٨٩٠١٢", VALID_SHEBA),
        ("IR05-0170-0000-0012-3456-7890-12", VALID_SHEBA),
        (f"IR05{ZWNJ}0170000000123456789012", VALID_SHEBA),
        ("\u202aIR050170000000123456789012\u202c", VALID_SHEBA),
        ("IR900120000000987654321001", "IR900120000000987654321001"),
    ],
)
def test_valid_sheba(raw: str, expected: str) -> None:
    assert parse_sheba(raw) == expected


@pytest.mark.parametrize("position", range(2, 26))
def test_sheba_single_digit_changed(position: int) -> None:
    changed = str((int(VALID_SHEBA[position]) + 1) % 10)
    wrong = VALID_SHEBA[:position] + changed + VALID_SHEBA[position + 1 :]
    assert code_of(parse_sheba, wrong) is InvalidCode.SHEBA_CHECKSUM


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("IR050170000000123456789021", InvalidCode.SHEBA_CHECKSUM),  # two digits swapped
        ("IR000000000000000000000000", InvalidCode.SHEBA_CHECKSUM),
        ("IR05017000000012345678901", InvalidCode.SHEBA_FORMAT),  # 23 digits
        ("IR0501700000001234567890123", InvalidCode.SHEBA_FORMAT),  # 25 digits
        ("DE050170000000123456789012", InvalidCode.SHEBA_FORMAT),
        ("GB82WEST12345698765432", InvalidCode.SHEBA_FORMAT),
        ("IR05017000000012345678901A", InvalidCode.SHEBA_FORMAT),
        ("IR", InvalidCode.SHEBA_FORMAT),
        ("IRIR050170000000123456789012", InvalidCode.SHEBA_FORMAT),
        ("6037991234567890", InvalidCode.SHEBA_FORMAT),  # a card number, not a Sheba
        ("شبا", InvalidCode.SHEBA_FORMAT),
    ],
)
def test_invalid_sheba(raw: str, code: InvalidCode) -> None:
    assert code_of(parse_sheba, raw) is code


# --- mobile ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "+98 912 123 4567",
        "0912-123-4567",
        "0912 123 4567",
        "(0912) 123 4567",
        "+98 (912) 123-4567",
        "+980912 123 4567",  # a trunk zero after the country code
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "۰۹۱۲123٤۵۶۷",
        f"0912{ZWNJ}1234567",
        "\u200e+989121234567\u200f",
    ],
)
def test_valid_mobiles(raw: str) -> None:
    assert parse_mobile(raw) == "09121234567"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09901234567", "09901234567"),
        ("9981234567", "09981234567"),  # 10 digits beginning 98 is a 0998 number, not a country code
        ("989981234567", "09981234567"),
        ("09350000000", "09350000000"),
    ],
)
def test_mobile_prefix_ambiguity(raw: str, expected: str) -> None:
    assert parse_mobile(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "02112345678",  # Tehran landline
        "0912123456",  # 10 digits with trunk zero
        "091212345678",  # 12 digits with trunk zero
        "912123456",
        "+9121234567",
        "+19121234567",
        "+44 912 123 4567",
        "08121234567",
        "0912123456a",
        "0912.123.4567",
        "++989121234567",
        "98+9121234567",
        "abc",
    ],
)
def test_invalid_mobiles(raw: str) -> None:
    assert code_of(parse_mobile, raw) is InvalidCode.MOBILE_FORMAT


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("09121234567", "989121234567", True),
        ("09121234567", "+989121234567", True),
        ("۰۹۱۲۱۲۳۴۵۶۷", "+98 912 123 4567", True),
        ("9121234567", "00989121234567", True),
        ("09121234567", "09121234568", False),
        ("09121234567", "", False),
        ("", "", False),
        ("garbage", "garbage", False),
        ("02112345678", "02112345678", False),
    ],
)
def test_mobile_matches(a: str, b: str, expected: bool) -> None:
    assert mobile_matches(a, b) is expected
    assert mobile_matches(b, a) is expected


# --- dates ----------------------------------------------------------------------------------------


VALID_DATES = [
    ("1403/07/15", (1403, 7, 15)),
    ("1403-7-5", (1403, 7, 5)),
    ("1403.07.15", (1403, 7, 15)),
    ("۱۴۰۳/۰۷/۱۵", (1403, 7, 15)),
    ("١٤٠٣/٠٧/١٥", (1403, 7, 15)),
    ("۱۴۰۳/7/۱۵", (1403, 7, 15)),
    ("1403 / 07 / 15", (1403, 7, 15)),
    ("۱۴۰۳٫۰۷٫۱۵", (1403, 7, 15)),  # Arabic decimal separator typed as the date separator
    ("\u200f1403/07/15\u200e", (1403, 7, 15)),
    ("1403/01/01", (1403, 1, 1)),
    ("1403/06/31", (1403, 6, 31)),
    ("1403/07/30", (1403, 7, 30)),
    ("1403/12/30", (1403, 12, 30)),  # 1403 is leap
    ("1404/12/29", (1404, 12, 29)),
    ("1399/12/30", (1399, 12, 30)),  # 1399 is leap
    ("1700/01/01", (1700, 1, 1)),  # still Jalali at the threshold
    ("2024-10-06", (1403, 7, 15)),  # Gregorian, converted
    ("2024/10/06", (1403, 7, 15)),
    ("۲۰۲۴-۱۰-۰۶", (1403, 7, 15)),
    ("2024-03-20", (1403, 1, 1)),
    ("2025-03-20", (1403, 12, 30)),
    ("2024-02-29", (1402, 12, 10)),
]


@pytest.mark.parametrize(("raw", "expected"), VALID_DATES)
def test_valid_dates(raw: str, expected: tuple[int, int, int]) -> None:
    parsed = parse_jalali_date(raw)
    assert isinstance(parsed, jdatetime.date)
    assert (parsed.year, parsed.month, parsed.day) == expected


def test_leap_years_used_in_date_tests() -> None:
    assert jdatetime.date(1403, 1, 1).isleap()
    assert not jdatetime.date(1404, 1, 1).isleap()


IMPOSSIBLE_DATES = [
    "1403/13/01",
    "1403/00/10",
    "1403/07/00",
    "1403/07/31",  # months 7..11 have 30 days
    "1403/11/31",
    "1403/01/32",
    "1403/12/31",
    "1404/12/30",  # 1404 is not leap
    "1402/12/30",
    "0000/01/01",
    "2023-02-29",
    "2024-13-01",
    "2024-04-31",
    "۱۴۰۴/۱۲/۳۰",
]


@pytest.mark.parametrize("raw", IMPOSSIBLE_DATES)
def test_impossible_dates(raw: str) -> None:
    assert code_of(parse_jalali_date, raw) is InvalidCode.DATE_IMPOSSIBLE


MALFORMED_DATES = [
    "1403/07",
    "14030715",
    "03/07/15",  # two-digit year
    "15/07/1403",  # day first
    "1403/07-15",  # mixed separators
    "1403//07/15",
    "1403/007/15",
    "1403/07/15/1",
    "1403/07/15 12:00",
    "today",
    "فردا",
    "-1403/07/15",
]


@pytest.mark.parametrize("raw", MALFORMED_DATES)
def test_malformed_dates(raw: str) -> None:
    assert code_of(parse_jalali_date, raw) is InvalidCode.DATE_FORMAT


@pytest.mark.parametrize(("raw", "expected"), VALID_DATES)
def test_parse_date_gives_the_same_day_in_gregorian(raw: str, expected: tuple[int, int, int]) -> None:
    assert parse_date(raw) == jdatetime.date(*expected).togregorian()
    assert parse_date(raw) == parse_jalali_date(raw).togregorian()


@pytest.mark.parametrize(
    ("raw", "code"),
    [(raw, InvalidCode.DATE_IMPOSSIBLE) for raw in IMPOSSIBLE_DATES]
    + [(raw, InvalidCode.DATE_FORMAT) for raw in MALFORMED_DATES]
    + [("", InvalidCode.EMPTY), ("1" * 201, InvalidCode.TOO_LONG)],
)
def test_parse_date_refuses_what_parse_jalali_date_refuses(raw: str, code: InvalidCode) -> None:
    assert code_of(parse_date, raw) is code
    assert code_of(parse_jalali_date, raw) is code


@pytest.mark.parametrize(
    "first_nine", [f"{n:09d}" for n in (0, 1, 9, 10, 1234567, 999_999_999)] + ["001234567"]
)
def test_check_digit_matches_the_definition(first_nine: str) -> None:
    s = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    assert national_id_check_digit(first_nine) == (s if s < 2 else 11 - s)


def test_check_digit_agrees_with_the_definition_on_many_inputs() -> None:
    for n in range(0, 10**9, 9_973):
        first_nine = f"{n:09d}"
        s = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
        assert national_id_check_digit(first_nine) == (s if s < 2 else 11 - s)


@pytest.mark.parametrize("bad", ["", "12345678", "1234567890", "12345678a", "۱۲۳۴۵۶۷۸۹", " 12345678"])
def test_check_digit_wants_nine_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="nine ASCII digits"):
        national_id_check_digit(bad)


# --- amounts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12500000", 12_500_000),
        ("12,500,000", 12_500_000),
        ("۱۲٬۵۰۰٬۰۰۰", 12_500_000),
        ("١٢٬٥٠٠٬٠٠٠", 12_500_000),
        ("۱۲،۵۰۰،۰۰۰", 12_500_000),
        ("12 500 000", 12_500_000),
        ("12_500_000", 12_500_000),
        ("12'500'000", 12_500_000),
        ("12, 500, 000", 12_500_000),
        (f"12{ZWNJ}500{ZWNJ}000", 12_500_000),
        ("۱۲,500٬۰۰۰", 12_500_000),  # mixed digits and separators
        ("  ۱۲۵۰۰۰۰۰  ", 12_500_000),
        ("1", 1),
        ("0012", 12),
        ("999", 999),
        ("1,000", 1_000),
        ("12 ,، 500", 12_500),  # a run of separators counts as one
    ],
)
def test_valid_amounts(raw: str, expected: int) -> None:
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "12.5",
        "۱۲٫۵",
        "12/5",
        "-5",
        "\u22125",
        "+5",
        "12,50,000",  # bad grouping may hide a missing digit
        "1,2345",
        "1234,567",
        "12,500,",
        ",500",
        "abc",
        "1e6",
        "12.50.000",  # dots group in threes or not at all
        "1234.567",
        "میلیون",  # a multiplier with no number
        "۱٫۲۳۴۵ هزار",  # 1234.5 rials
        "۱۰ تومان ریال",
        "۱۰ ریال میلیون",  # the unit comes last
        "ده میلیون",  # numbers in words are not read
    ],
)
def test_malformed_amounts(raw: str) -> None:
    assert code_of(parse_amount, raw) is InvalidCode.AMOUNT_FORMAT


@pytest.mark.parametrize(
    ("raw", "minimum", "maximum", "expected"),
    [
        ("0", 0, None, 0),
        ("1", 1, None, 1),
        ("1,000", 1_000, None, 1_000),
        ("5,000", 1, 5_000, 5_000),
        ("5000", 5_000, 5_000, 5_000),
        (str(2**63 - 1), 1, None, 2**63 - 1),
    ],
)
def test_amount_bounds_inclusive(raw: str, minimum: int, maximum: int | None, expected: int) -> None:
    assert parse_amount(raw, minimum=minimum, maximum=maximum) == expected


@pytest.mark.parametrize(
    ("raw", "minimum", "maximum", "code"),
    [
        ("0", 1, None, InvalidCode.AMOUNT_TOO_SMALL),
        ("۰", 1, None, InvalidCode.AMOUNT_TOO_SMALL),
        ("999", 1_000, None, InvalidCode.AMOUNT_TOO_SMALL),
        ("4,999", 5_000, 5_000, InvalidCode.AMOUNT_TOO_SMALL),
        ("5,001", 1, 5_000, InvalidCode.AMOUNT_TOO_LARGE),
        ("۵٬۰۰۱", 1, 5_000, InvalidCode.AMOUNT_TOO_LARGE),
        (str(2**63), 1, None, InvalidCode.AMOUNT_TOO_LARGE),  # beyond SQLite INTEGER even with no maximum
        ("9" * 150, 1, None, InvalidCode.AMOUNT_TOO_LARGE),
    ],
)
def test_amount_out_of_bounds(raw: str, minimum: int, maximum: int | None, code: InvalidCode) -> None:
    assert code_of(lambda t: parse_amount(t, minimum=minimum, maximum=maximum), raw) is code


@pytest.mark.parametrize(
    ("raw", "rials", "from_toman"),
    [
        ("۱۵۰.۰۰۰.۰۰۰", 150_000_000, False),  # dots grouping threes, as many people type
        ("12.500.000", 12_500_000, False),
        ("12.500", 12_500, False),
        ("۱۰۰ میلیون", 100_000_000, False),
        ("۲ میلیارد", 2_000_000_000, False),
        ("۱٫۵ میلیون", 1_500_000, False),
        ("1.25 میلیارد", 1_250_000_000, False),
        ("۵۰ هزار", 50_000, False),
        ("۵۰ هزار تومان", 500_000, True),
        ("٥٠٠ تومان", 5_000, True),
        ("۱۰۰ میلیون تومان", 1_000_000_000, True),
        ("12 ریال", 12, False),
        ("۱۲٬۵۰۰ ریال", 12_500, False),
        ("١٠٠ ميليون", 100_000_000, False),  # Arabic yeh, as an Arabic keyboard types it
    ],
)
def test_amounts_as_people_type_them(raw: str, rials: int, from_toman: bool) -> None:
    assert read_amount(raw) == AmountRead(rials, from_toman)
    assert parse_amount(raw) == rials


def test_a_multiplied_amount_still_meets_the_bounds() -> None:
    assert (
        code_of(lambda t: parse_amount(t, maximum=99_999_999), "۱۰۰ میلیون") is InvalidCode.AMOUNT_TOO_LARGE
    )
    assert code_of(parse_amount, "۱۰۰۰ میلیارد میلیارد") is InvalidCode.AMOUNT_FORMAT


def test_amount_default_minimum_is_one() -> None:
    assert code_of(parse_amount, "0") is InvalidCode.AMOUNT_TOO_SMALL
    assert parse_amount("1") == 1


# --- tracking codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ABCD-EFGH", "ABCD-EFGH"),
        ("abcd-efgh", "ABCD-EFGH"),
        ("abcdefgh", "ABCD-EFGH"),
        ("AbCd EfGh", "ABCD-EFGH"),
        ("2345-6789", "2345-6789"),
        ("۲۳۴۵-۶۷۸۹", "2345-6789"),
        ("٢٣٤٥٦٧٨٩", "2345-6789"),
        ("7kq2\u2013mx9d", "7KQ2-MX9D"),  # en dash
        ("  7KQ2 - MX9D  ", "7KQ2-MX9D"),
        ("\u200f7KQ2-MX9D\u200e", "7KQ2-MX9D"),
        ("7K-Q2-MX-9D", "7KQ2-MX9D"),
    ],
)
def test_valid_tracking_codes(raw: str, expected: str) -> None:
    assert parse_tracking_code(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "ABCD-EFG",  # too short
        "ABCD-EFGHJ",  # too long
        "ABCD-EFG0",  # zero is not in the alphabet
        "ABCD-EFG1",
        "ABCD-EFGO",  # letter O
        "ABCD-EFGI",
        "ABCD-EFGL",
        "abcd-efgl",
        "ABCD_EFGH",
        "ABCD.EFGH",
        "ABCD-EFG!",
        "ÀBCD-EFGH",
        "۰۱۲۳-ABCD",  # Persian zero and one map to 0 and 1, which are refused
        "تست-کد",
    ],
)
def test_invalid_tracking_codes(raw: str) -> None:
    assert code_of(parse_tracking_code, raw) is InvalidCode.TRACKING_FORMAT
