"""chinhquyen.criteria (under construction)."""
