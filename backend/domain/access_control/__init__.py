"""Permissions as data: the code catalogue, what each role holds, separation of duties."""
