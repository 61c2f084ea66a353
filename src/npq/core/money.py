"""Money is integer pence. Percentages are Decimals and are rounded once, here."""

from decimal import ROUND_HALF_UP, Decimal

Pence = int


def pence_from_pounds(pounds: str | Decimal | int) -> Pence:
    """Convert an amount in pounds ("1985.00") to whole pence, refusing fractions of a penny."""
    value = Decimal(str(pounds)) * 100
    if value != value.to_integral_value():
        raise ValueError(f"{pounds} is not a whole number of pence")
    return int(value)


def percent_of(amount: Pence, percent: Decimal | int, divisor: int = 1) -> Pence:
    """``amount * percent / 100 / divisor`` rounded half-up to the penny, once."""
    exact = Decimal(amount) * Decimal(percent) / Decimal(100) / Decimal(divisor)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_pounds(amount: Pence) -> str:
    """Render pence as pounds for people: 198500 -> "£1,985.00", -500 -> "-£5.00"."""
    sign = "-" if amount < 0 else ""
    pounds, pence = divmod(abs(amount), 100)
    return f"{sign}£{pounds:,}.{pence:02d}"
