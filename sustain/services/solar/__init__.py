"""Solar services: estimates, weather years, readings, rooftop advice."""
