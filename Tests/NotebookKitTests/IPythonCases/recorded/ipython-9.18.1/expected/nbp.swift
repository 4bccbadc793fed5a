a
 b
