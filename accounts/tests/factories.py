import functools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import User

DEFAULT_PASSWORD = "Meister-Werkstatt-2026"


@functools.cache
def _hashed(password: str) -> str:
    # Argon2 is slow on purpose; hashing each password once keeps many-user tests fast while every
    # login still checks a real Argon2 hash.
    return make_password(password)


class UserFactory(factory.django.DjangoModelFactory):
    """An activated account with a verified address; `password` is DEFAULT_PASSWORD unless given."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.de")
    salutation = User.Salutation.FRAU
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        if extracted is False:
            obj.set_unusable_password()
        else:
            obj.password = _hashed(extracted or DEFAULT_PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=extracted is not False, primary=True)
