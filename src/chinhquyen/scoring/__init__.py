"""chinhquyen.scoring (under construction)."""
