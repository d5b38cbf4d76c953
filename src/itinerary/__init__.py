"""itinerary: plan an official visit from the terminal."""

__version__ = "0.1.0"
