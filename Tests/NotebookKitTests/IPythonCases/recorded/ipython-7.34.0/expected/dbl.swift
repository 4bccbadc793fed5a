a
    
	b
