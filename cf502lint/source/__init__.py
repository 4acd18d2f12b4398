"""Reading source files into located value trees."""
