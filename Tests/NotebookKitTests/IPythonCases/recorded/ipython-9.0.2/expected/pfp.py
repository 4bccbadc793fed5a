rb"""
a
"""
b
