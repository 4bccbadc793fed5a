a
>>> b
