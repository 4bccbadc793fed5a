a
  b
	c
