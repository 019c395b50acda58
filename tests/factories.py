"""factory_boy factories for the whole suite. Organisation numbers are valid by construction."""

from __future__ import annotations

import factory
from django.utils import timezone

from nokkel.accounts.models import Account, AccountStatus, Contact, Segment, TeamMembership
from nokkel.core.orgnr import org_number_check_digit
from nokkel.users.models import Role, User


def valid_org_number(n: int) -> str:
    """A valid organisation number, distinct for each n (each n owns a block of ten)."""
    for base in range(20_000_000 + n * 10, 20_000_000 + n * 10 + 10):
        first_eight = f"{base:08d}"
        check = org_number_check_digit(first_eight)
        if check is not None:
            return f"{first_eight}{check}"
    raise AssertionError("unreachable: one in eleven prefixes has no check digit")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@carrier.example")
    role = Role.KAM
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Segment {n}")


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    name = factory.Sequence(lambda n: f"Nettbutikk {n} AS")
    org_number = factory.Sequence(valid_org_number)
    customer_number = factory.Sequence(lambda n: f"K{100000 + n}")
    status = AccountStatus.CUSTOMER
    segment = factory.SubFactory(SegmentFactory)
    kam = factory.SubFactory(UserFactory)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    name = factory.Faker("name", locale="no_NO")
    title = "Logistikksjef"
    email = factory.Sequence(lambda n: f"contact{n}@shop.example")
    phone = "+4791234567"
    buying_role = "decision_maker"


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory, role=Role.TEAM_MEMBER)
    role = "operations"
    started_on = factory.LazyFunction(timezone.localdate)
