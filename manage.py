#!/usr/bin/env python
"""Django's command-line utility; `fugong` (the console script) does the same."""

from fugong.cli import main

if __name__ == "__main__":
    main()
