"""
>>> inside
"""
outside
