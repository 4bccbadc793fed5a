a
  b
c
