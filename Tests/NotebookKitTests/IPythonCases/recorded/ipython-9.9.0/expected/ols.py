"""doc"""
>>> a
  b
