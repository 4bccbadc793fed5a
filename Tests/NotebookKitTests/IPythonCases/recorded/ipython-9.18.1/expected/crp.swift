a
b

 c
