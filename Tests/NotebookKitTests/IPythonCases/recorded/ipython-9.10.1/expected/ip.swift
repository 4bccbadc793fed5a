a
b
  c
