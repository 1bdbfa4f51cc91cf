"""Khmer number formats as CLDR has them (Babel's `km`: 9,000.5), not Django's (9.000,5): amounts in
messages, on the agreement page and in the screening report then read alike. Dates keep Django's Khmer
formats (its DATE_FORMAT "j ខែ F ឆ្នាំ Y" with Khmer month names)."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
