"""The viewer's open tasks: the header's bell, as a query and as a live count."""
