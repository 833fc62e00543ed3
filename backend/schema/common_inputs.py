"""Inputs several areas share."""

import strawberry


@strawberry.input
class SignatureInput:
    password: str = strawberry.field(
        description="The signer's password, checked again at signing time."
    )
    meaning: str
