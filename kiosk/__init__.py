"""Hall Kiosk: the domain and infrastructure of the service hall's queue, booking and request system."""
