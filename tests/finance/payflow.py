"""Finance staff for service tests, and paying a statement the way the controls require."""

from npq.core.roles import Role
from npq.finance import payments
from npq.finance.models import Statement
from npq.people.models import User


def staff(role: Role, n: int = 1) -> User:
    email = f"{role.value}{n}@dfe.example"
    found = User.objects.filter(email=email).first()
    return found or User.objects.create_user(email, None, full_name=f"{role.label} {n}", role=role)


def officer() -> User:
    return staff(Role.FINANCE_OFFICER)


def approver(n: int = 1) -> User:
    return staff(Role.FINANCE_APPROVER, n)


def authorise_and_pay(statement: Statement) -> Statement:
    """An approver authorises a payable statement; it is then marked paid on its payment date."""
    statement = payments.authorise_payment(approver(), statement)
    return payments.mark_paid(approver(), statement, today=statement.payment_date)
