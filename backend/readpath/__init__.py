"""The compiled read path: query operations answered by one SQL statement per root field."""
