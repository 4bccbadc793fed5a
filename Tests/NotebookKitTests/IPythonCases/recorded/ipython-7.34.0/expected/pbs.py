"""
>>> inside
"""
>>> outside
