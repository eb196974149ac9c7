"""The resident kiosk: home and the flows a resident walks through (ticket, booking, check-in, request,
check by code, rating), with the slip and the end screens."""
