"""Generated documents: PDF vouchers and letters with Persian shaping, XLSX lists."""
