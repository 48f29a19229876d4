"""chinhquyen.calendar (under construction)."""
