"""``python -m itinerary``."""

from itinerary.cli import app

if __name__ == "__main__":
    app(prog_name="itinerary")
