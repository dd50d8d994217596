"""Pure-Python domain: dataclasses, span logic, agreement maths. Imports nothing else of the app."""
