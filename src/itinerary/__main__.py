"""``python -m itinerary``."""

from itinerary.cli import main

if __name__ == "__main__":
    main(prog_name="itinerary")
