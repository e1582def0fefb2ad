"""Demo data for `fugong load_demo`: the people, places and projects of the seed report."""
