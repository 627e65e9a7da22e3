"""The Persian message catalog, one module per feature: every user-visible string of Refah, and nothing else.

The bottom floor of the house: it imports nothing of Refah. Keys are ``<FEATURE>_<WHAT>``; templates use
``str.format`` named placeholders. A test formats every template and checks that no Persian literal appears
anywhere else in the code.
"""
