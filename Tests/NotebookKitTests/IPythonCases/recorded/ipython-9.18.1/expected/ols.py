"""doc"""
a
  b
