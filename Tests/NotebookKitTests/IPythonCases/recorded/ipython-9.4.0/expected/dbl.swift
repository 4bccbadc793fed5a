a

	b
