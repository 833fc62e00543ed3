"""Great-circle distances, to find the warehouse nearest to a customer."""

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance between two points given in degrees."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi, dlambda = phi2 - phi1, radians(lon2 - lon1)
    a = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


def nearest_first(
    origin: tuple[float, float] | None,
    places: dict[int, tuple[float | None, float | None]],
) -> list[int]:
    """Ids of `places` (id -> latitude, longitude) by distance from `origin`, nearest first.

    Places without coordinates, or every place when the origin has none, come after
    the located ones in id order, so the result is always deterministic.
    """

    def key(pk: int) -> tuple[float, int]:
        lat, lon = places[pk]
        if origin is None or lat is None or lon is None:
            return (float("inf"), pk)
        return (great_circle_km(origin[0], origin[1], lat, lon), pk)

    return sorted(places, key=key)
