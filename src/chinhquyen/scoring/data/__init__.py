"""Data shipped with chinhquyen.scoring: survey scales, survey definitions and example records."""
