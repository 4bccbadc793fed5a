[nav] In [2]: a
b
