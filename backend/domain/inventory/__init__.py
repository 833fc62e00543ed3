"""The stock ledger and what adds to it: goods in, production, lots and their status."""
