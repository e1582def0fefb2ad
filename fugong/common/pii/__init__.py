"""Personal data under PIPL: validate, normalise, encrypt, hash, mask and display it.

Modules stay small and import nothing heavy at package level, because settings.py imports
`pii.keys` while Django is still starting.
"""
